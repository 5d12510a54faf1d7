"""Placeholders ({childline.phone}) and contact links in running text: the two pure functions.

The validation messages themselves are golden files (tests/goldens/placeholder-*.yaml); the
whole-pack behaviour (a new number reaches every PDF) is in test_build.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.contact_links import Span, contact_spans, sms_target, tel_target
from packgen.catalogue.models import Service
from packgen.catalogue.placeholders import (
    PlaceholderError,
    contact_patterns,
    field_values,
    literal_contacts,
    parse,
    placeholders,
    resolve_text,
    text_problems,
)
from packgen.catalogue.project import load_project

CHILDLINE = Service(id="childline", name="Childline", summary="Free help.", phone="0800 1111",
                    hours="24 hours a day", url="https://www.childline.org.uk/", display_url="childline.org.uk",
                    audiences=["young-people"])
SHOUT = Service(id="shout", name="Shout", summary="Text support.", sms="85258", sms_text="SHOUT",
                url="https://giveusashout.org/", audiences=["adults"])
PHISHING = Service(id="report-phishing", name="SERS", summary="Forward scam emails.",
                   email="report@phishing.gov.uk", audiences=["adults"])
POLICE = Service(id="police-emergency", name="Police", summary="Emergencies.", phone="999", audiences=["adults"])
SERVICES = {s.id: s for s in (CHILDLINE, SHOUT, PHISHING, POLICE)}


# --- placeholders -------------------------------------------------------------------------------

def test_every_field_resolves() -> None:
    text = ("{childline.name} on {childline.phone} ({childline.hours}), {childline.url}, {childline.display_url}; "
            "text {shout.sms_text} to {shout.sms}; {report-phishing.email}")
    assert resolve_text(text, SERVICES) == (
        "Childline on 0800 1111 (24 hours a day), https://www.childline.org.uk/, childline.org.uk; "
        "text SHOUT to 85258; report@phishing.gov.uk")


def test_a_display_url_left_out_is_the_printed_form() -> None:
    assert resolve_text("{shout.display_url}", SERVICES) == "giveusashout.org"


def test_double_braces_print_one_and_text_without_braces_is_untouched() -> None:
    assert resolve_text("{{not a placeholder}} and {childline.phone}", SERVICES) == "{not a placeholder} and 0800 1111"
    plain = "No braces at all."
    assert resolve_text(plain, SERVICES) is plain


@pytest.mark.parametrize(("text", "offset", "words"), [
    ("Call {chidline.phone}", 5, "unknown service 'chidline'"),
    ("Call {childline.fone}", 5, "unknown field 'fone'"),
    ("Mail {childline.email}", 5, "service 'childline' has no email"),
    ("Call {childline.phone now", 5, "unclosed {"),
    ("Call {childline.phone and {police-emergency.phone}", 5, "unclosed {"),
    ("A {b} c", 2, "{b} is not a placeholder"),
])
def test_each_problem_has_its_offset_and_plain_words(text: str, offset: int, words: str) -> None:
    values = {sid: field_values(s) for sid, s in SERVICES.items()}
    problems = text_problems(text, values)
    assert len(problems) == 1
    assert problems[0][0] == offset and words in problems[0][1]
    with pytest.raises(PlaceholderError):
        resolve_text(text, SERVICES)


def test_parse_keeps_the_order_and_the_positions() -> None:
    pieces, problems = parse("a {childline.phone} b {shout.sms}")
    assert problems == []
    assert [p if isinstance(p, str) else p.token for p in pieces] == ["a ", "{childline.phone}", " b ", "{shout.sms}"]
    assert [(p.start, p.end) for p in placeholders("a {childline.phone}")] == [(2, 19)]


def test_literal_numbers_emails_and_addresses_are_found_once_each() -> None:
    patterns = contact_patterns({sid: field_values(s) for sid, s in SERVICES.items()})
    text = ("Call 0800 1111 or 08001111, see https://www.childline.org.uk/ or childline.org.uk, "
            "email REPORT@phishing.gov.uk, text 85258, or call 999. Not 99 or 9999 or 0800 11112.")
    found = [(lit.found, lit.token) for lit in literal_contacts(text, patterns)]
    assert found == [("0800 1111", "{childline.phone}"), ("08001111", "{childline.phone}"),
                     ("https://www.childline.org.uk/", "{childline.url}"),
                     ("childline.org.uk", "{childline.display_url}"),
                     ("REPORT@phishing.gov.uk", "{report-phishing.email}"), ("85258", "{shout.sms}"),
                     ("999", "{police-emergency.phone}")]
    assert literal_contacts("Call {childline.phone} or {police-emergency.phone}.", patterns) == []


def test_the_bundled_catalogue_resolves_in_every_plan() -> None:
    from packgen.plan.documents import plan_documents

    project = load_project(bundled_catalogue(), today=dt.date(2026, 12, 2))
    for plan in plan_documents(project.catalogue, project.layouts):
        texts = [plan.title, plan.tagline or ""] + [t for a in plan.advice for t in (a.title, a.short or "", a.body,
                                                                                      *a.points)]
        assert not [t for t in texts if "{" in t or "}" in t], plan.id
        assert plan.unresolved is not None and plan.unresolved.id == plan.id


# --- contact links --------------------------------------------------------------------------------

def test_tel_and_sms_targets() -> None:
    assert tel_target("0800 1111") == "tel:+448001111"
    assert tel_target("0345 6000 459") == "tel:+443456000459"
    assert tel_target("999") == "tel:999"
    assert tel_target("116 123") == "tel:116123"
    assert tel_target("+44 20 7946 0000") == "tel:+442079460000"
    assert sms_target("85258", "SHOUT") == "sms:85258?body=SHOUT"
    assert sms_target("7726") == "sms:7726"
    assert sms_target("85258", "SHOUT me") == "sms:85258"  # only a plain word goes in the link


def test_running_text_becomes_plain_runs_and_links() -> None:
    text = "Call 0800 1111 or 999, text SHOUT to 85258, see childline.org.uk or email report@phishing.gov.uk."
    spans = contact_spans(text, SERVICES.values())
    assert "".join(s.text for s in spans) == text
    assert [(s.text, s.href, s.kind) for s in spans if s.href] == [
        ("0800 1111", "tel:+448001111", "tel"), ("999", "tel:999", "tel"),
        ("85258", "sms:85258?body=SHOUT", "sms"), ("childline.org.uk", "https://www.childline.org.uk/", "web"),
        ("report@phishing.gov.uk", "mailto:report@phishing.gov.uk", "mailto")]
    assert spans[0] == Span("Call ")


def test_only_the_services_given_are_linked() -> None:
    assert contact_spans("Call 0800 1111.", [POLICE]) == [Span("Call 0800 1111.")]
    assert contact_spans("", SERVICES.values()) == [Span("")]


def test_a_number_inside_a_longer_number_is_not_a_link() -> None:
    spans = contact_spans("Ref 99912 and 1999 and 0800 11119.", SERVICES.values())
    assert [s for s in spans if s.href] == []


# --- org profiles -------------------------------------------------------------------------------

def _org_pack(tmp_path, contacts: list[str]):  # type: ignore[no-untyped-def]
    import shutil

    import yaml

    shutil.copy(bundled_catalogue(), tmp_path / "resources.yaml")
    org = {"name": "Hillside Academy", "contacts": contacts}
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")
    return tmp_path / "resources.yaml", tmp_path / "org.yaml"


def test_org_contacts_may_use_placeholders_and_plans_resolve_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from packgen.plan.documents import plan_documents

    catalogue, org = _org_pack(tmp_path, ["Mrs A Patel, DSL - Room 14", "Out of hours: Childline {childline.phone}"])
    project = load_project(catalogue, org, today=dt.date(2026, 12, 2))
    plan = next(p for p in plan_documents(project.catalogue, project.layouts, org=project.org)
                if p.id == "adults-poster")
    assert plan.org is not None and plan.org.contacts[1] == "Out of hours: Childline 0800 1111"
    assert ("childline", "phone") in plan.uses


def test_a_bad_placeholder_in_org_yaml_is_an_error_at_its_line_and_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from packgen.errors import ValidationFailed

    catalogue, org = _org_pack(tmp_path, ["Childline: {chidline.phone}"])
    with pytest.raises(ValidationFailed) as failed:
        load_project(catalogue, org, today=dt.date(2026, 12, 2))
    (problem,) = failed.value.errors
    assert (problem.file, problem.line, problem.column) == ("org.yaml", 3, 15)  # - 'Childline: {
    assert "unknown service 'chidline'" in problem.message


def test_a_number_typed_into_org_yaml_is_a_warning_naming_the_placeholder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    catalogue, org = _org_pack(tmp_path, ["Police: 101 (999 in an emergency)"])
    project = load_project(catalogue, org, today=dt.date(2026, 12, 2))
    found = [(p.file, p.line, p.column, p.message.split(";")[1].strip()) for p in project.warnings
             if p.file == "org.yaml"]
    assert found == [("org.yaml", 3, 12, "write {police-non-emergency.phone} instead, so the text follows the "
                      "service when its phone changes"),
                     ("org.yaml", 3, 17, "write {police-emergency.phone} instead, so the text follows the service "
                      "when its phone changes")]



def test_one_linker_reused_for_many_texts_gives_what_a_fresh_one_gives() -> None:
    """A document prepares one ContactLinker for all its texts: nothing of one text may leak into the
    next (contact_spans makes a fresh linker for every call)."""
    import random

    from packgen.catalogue import contact_links

    services = list(SERVICES.values())
    pieces = ["Call 0800 1111", "08001111", "0800  1111", "CHILDLINE.ORG.UK", "www.childline.org.uk/", "https://",
              "ſ", "K", "é", " ", ", ", "or text ", "85258", "SHOUT", "help@", ".", "/", "the police on 101"]
    rng = random.Random(14)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 7))) for _ in range(500)]
    linker = contact_links.ContactLinker(services)
    assert sum(any(span.href for span in linker(text)) for text in texts) > 100
    for text in texts:
        assert linker(text) == contact_links.contact_spans(text, services), repr(text)
