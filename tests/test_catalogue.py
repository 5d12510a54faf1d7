"""The bundled UK catalogue (facts carried exactly, house rules kept) and the selection rule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.models import Catalogue, Document, Service
from packgen.catalogue.placeholders import resolve_text
from packgen.catalogue.project import Project, load_project
from packgen.plan.documents import plan_documents, select_advice, select_services

TODAY = dt.date(2026, 12, 2)
UK_PHONE = re.compile(r"^(0\d{3,4} ?\d{3,4}( ?\d{3,4})?|999|101|116 123)$")
UNDER_18_AUDIENCES = {"young-people", "parents", "professionals"}


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(bundled_catalogue(), today=TODAY)


@pytest.fixture(scope="module")
def catalogue(project: Project) -> Catalogue:
    return project.catalogue


def service(catalogue: Catalogue, service_id: str) -> Service:
    return next(s for s in catalogue.services if s.id == service_id)


def advice_texts(catalogue: Catalogue) -> list[str]:
    return [text for a in catalogue.advice for text in (a.title, a.short or "", a.body, *a.points)]


def all_texts(catalogue: Catalogue) -> list[str]:
    texts = [catalogue.pack.title, catalogue.pack.publisher, *advice_texts(catalogue)]
    texts += [a.label for a in catalogue.audiences] + [a.description or "" for a in catalogue.audiences]
    texts += [t for s in catalogue.services for t in (s.name, s.summary, s.who_for or "")]
    texts += [t for d in catalogue.documents for t in (d.title, d.tagline or "")]
    return texts


# --- it validates ----------------------------------------------------------------------------

def test_the_bundled_catalogue_is_clean(project: Project) -> None:
    # Its only warning: no link was ever checked from here (no network), so none carries a date.
    assert [p.message for p in project.warnings] == [
        "no service has a `checked:` date yet (11 with a link); before printing, run `packgen links --stamp` "
        "to check the links and date them"]
    assert project.catalogue_path == bundled_catalogue().resolve()
    assert (len(project.catalogue.audiences), len(project.catalogue.services),
            len(project.catalogue.advice), len(project.catalogue.documents)) == (4, 16, 33, 10)


def test_every_document_has_advice_and_a_service(project: Project) -> None:
    for plan in plan_documents(project.catalogue, project.layouts):
        assert plan.advice, plan.id
        assert plan.services, plan.id


# --- facts carried exactly ---------------------------------------------------------------------

def test_every_url_is_https(catalogue: Catalogue) -> None:
    urls = [s.url for s in catalogue.services if s.url]
    assert len(urls) == 11  # the NSPCC Helpline, report-phishing, scam-texts and the police have none
    for url in urls:
        assert url.startswith("https://"), url


def test_every_phone_number_is_in_uk_style(catalogue: Catalogue) -> None:
    phones = {s.id: s.phone for s in catalogue.services if s.phone}
    assert phones == {"childline": "0800 1111", "revenge-porn-helpline": "0345 6000 459",
                      "report-fraud": "0300 123 2040", "police-emergency": "999", "police-non-emergency": "101",
                      "samaritans": "116 123", "nspcc-helpline": "0808 800 5000", "stop-it-now": "0808 1000 900"}
    for phone in phones.values():
        assert UK_PHONE.match(phone), phone


@pytest.mark.parametrize(("service_id", "name", "field", "value"), [
    ("report-fraud", "Report Fraud", "url", "https://www.reportfraud.police.uk"),
    ("report-fraud", "Report Fraud", "phone", "0300 123 2040"),
    ("childline", "Childline", "phone", "0800 1111"),
    ("childline", "Childline", "url", "https://www.childline.org.uk/"),
    ("ceop", "CEOP Safety Centre", "url", "https://www.ceop.police.uk/Safety-Centre/"),
    ("take-it-down", "Take It Down", "url", "https://takeitdown.ncmec.org/"),
    ("report-phishing", "Suspicious Email Reporting Service", "email", "report@phishing.gov.uk"),
    ("revenge-porn-helpline", "Revenge Porn Helpline", "phone", "0345 6000 459"),
    ("police-emergency", "Police \u2013 emergency", "phone", "999"),
    ("police-non-emergency", "Police \u2013 non-emergency", "phone", "101"),
    # Added after the content review of 2026-12-02 (shared/CONTENT-REVIEW.md), each from the
    # service's own pages: hours, emails, text numbers and the crisis lines.
    ("childline", "Childline", "hours", "24 hours a day"),
    ("revenge-porn-helpline", "Revenge Porn Helpline", "hours", "Mon\u2013Fri 10am\u20134pm"),
    ("revenge-porn-helpline", "Revenge Porn Helpline", "email", "help@revengepornhelpline.org.uk"),
    ("report-fraud", "Report Fraud", "hours", "Mon\u2013Fri 8am\u20138pm"),
    ("samaritans", "Samaritans", "phone", "116 123"),
    ("samaritans", "Samaritans", "hours", "24 hours a day"),
    ("samaritans", "Samaritans", "url", "https://www.samaritans.org/"),
    ("shout", "Shout", "sms", "85258"),
    ("shout", "Shout", "sms_text", "SHOUT"),
    ("shout", "Shout", "hours", "24 hours a day"),
    ("shout", "Shout", "url", "https://giveusashout.org/"),
    ("nspcc-helpline", "NSPCC Helpline", "phone", "0808 800 5000"),
    ("nspcc-helpline", "NSPCC Helpline", "email", "help@nspcc.org.uk"),
    ("nspcc-helpline", "NSPCC Helpline", "hours", "Mon\u2013Fri 8am\u201310pm, weekends 9am\u20136pm"),
    ("stop-it-now", "Stop It Now", "phone", "0808 1000 900"),
    ("stop-it-now", "Stop It Now", "url", "https://www.stopitnow.org.uk/helpline/"),
    ("stopncii", "StopNCII.org", "url", "https://stopncii.org/"),
    ("scam-texts", "Scam texts: 7726", "sms", "7726"),
    ("report-remove", "Report Remove", "url",
     "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/report-remove/"),
    ("ukcis-guidance", "Sharing nudes and semi-nudes: advice for education settings working with children and young "
     "people", "url", "https://www.gov.uk/government/publications/sharing-nudes-and-semi-nudes-advice-for-education-"
     "settings-working-with-children-and-young-people"),
])
def test_facts_are_carried_exactly(catalogue: Catalogue, service_id: str, name: str, field: str, value: str) -> None:
    found = service(catalogue, service_id)
    assert found.name == name
    assert getattr(found, field) == value


def test_report_phishing_is_an_email_only_service(catalogue: Catalogue) -> None:
    phishing = service(catalogue, "report-phishing")
    assert (phishing.url, phishing.phone, phishing.email) == (None, None, "report@phishing.gov.uk")


def test_no_action_fraud_address_anywhere(catalogue: Catalogue) -> None:
    """Action Fraud became Report Fraud on 4 December 2025: its old address must not be printed."""
    for s in catalogue.services:
        for value in (s.url, s.display_url, s.email):
            assert "actionfraud" not in (value or "").lower(), s.id
    assert "actionfraud" not in bundled_catalogue().read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("figure", ["10,731", "26,718", "91%"])
def test_figures_appear_in_the_advice(catalogue: Catalogue, figure: str) -> None:
    assert any(figure in text for text in advice_texts(catalogue))


def test_printed_urls_are_the_urls_themselves(catalogue: Catalogue) -> None:
    """What is printed under a QR code must be the address the code holds, shortened only."""
    for s in catalogue.services:
        if s.url:
            rest = s.url.removeprefix("https://").rstrip("/")
            assert s.printed_url in (rest, rest.removeprefix("www.")), s.id
            if s.display_url:
                assert s.display_url == rest.removeprefix("www."), s.id


# --- house rules -----------------------------------------------------------------------------

def test_every_audience_has_a_document(catalogue: Catalogue) -> None:
    with_documents = {d.audience for d in catalogue.documents}
    assert with_documents == {a.id for a in catalogue.audiences}


def test_adult_only_services_stay_with_adults(project: Project) -> None:
    """Under-18s go to CEOP, Childline and Report Remove, not Report Fraud or the Revenge Porn Helpline."""
    adult_only = {"report-fraud", "revenge-porn-helpline"}
    for service_id in adult_only:
        assert service(project.catalogue, service_id).audiences == ["adults"]
    for plan in plan_documents(project.catalogue, project.layouts):
        if plan.audience.id in UNDER_18_AUDIENCES:
            assert not adult_only & {s.id for s in plan.services}, plan.id


def test_every_advice_item_has_a_short_line_that_fits(catalogue: Catalogue) -> None:
    services = {s.id: s for s in catalogue.services}
    for advice in catalogue.advice:
        assert advice.short, advice.id
        assert len(resolve_text(advice.short, services)) <= 90, advice.id  # as printed


def test_text_is_plain_ascii_quotes_and_bold_only(catalogue: Catalogue) -> None:
    for text in all_texts(catalogue):
        assert not set(text) & set("\u2018\u2019\u201c\u201d"), text
        assert "<" not in text and ">" not in text, text
        assert text.count("**") % 2 == 0, text


# --- the selection rule ----------------------------------------------------------------------

def make_catalogue(advice: list[dict[str, Any]], services: list[dict[str, Any]] | None = None) -> Catalogue:
    return Catalogue.model_validate({
        "version": 1,
        "pack": {"title": "T", "publisher": "P", "reviewed": "2026-11-01"},
        "audiences": [{"id": "teens", "label": "Teens"}, {"id": "adults", "label": "Adults"}],
        "services": services or [],
        "advice": advice,
    })


def item(advice_id: str, audiences: list[str], priority: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": advice_id, "title": advice_id, "body": "Body.", "audiences": audiences}
    if priority is not None:
        data["priority"] = priority
    return data


def document(**fields: Any) -> Document:
    return Document.model_validate({"id": "doc", "audience": "teens", "layout": "poster-a4", "title": "T", **fields})


SELECTION = [
    item("late", ["teens"]),                  # default priority 100
    item("second-a", ["teens"], 50),
    item("adults-only", ["adults"], 1),
    item("first", ["teens", "adults"], 10),
    item("second-b", ["teens"], 50),
    item("zero", ["teens"], 0),
]


def ids(items: tuple[Any, ...]) -> list[str]:
    return [i.id for i in items]


def test_selection_orders_by_priority_then_file_order() -> None:
    catalogue = make_catalogue(SELECTION)
    assert ids(select_advice(catalogue, document())) == ["zero", "first", "second-a", "second-b", "late"]


def test_selection_is_by_audience() -> None:
    catalogue = make_catalogue(SELECTION)
    assert ids(select_advice(catalogue, document(audience="adults"))) == ["adults-only", "first"]


def test_an_explicit_advice_list_is_honoured_in_its_own_order() -> None:
    catalogue = make_catalogue(SELECTION)
    chosen = select_advice(catalogue, document(advice=["late", "adults-only", "zero"]))
    assert ids(chosen) == ["late", "adults-only", "zero"]


def test_an_explicit_empty_list_selects_nothing() -> None:
    catalogue = make_catalogue(SELECTION)
    assert select_advice(catalogue, document(advice=[])) == ()
    assert select_services(catalogue, document(services=[])) == ()


def test_services_are_selected_by_audience_in_file_order_or_explicitly() -> None:
    services = [
        {"id": "b-line", "name": "B", "summary": "S.", "phone": "101", "audiences": ["teens", "adults"]},
        {"id": "adult-line", "name": "A", "summary": "S.", "phone": "999", "audiences": ["adults"]},
        {"id": "a-line", "name": "C", "summary": "S.", "url": "https://a.example.org/", "audiences": ["teens"]},
    ]
    catalogue = make_catalogue(SELECTION, services)
    assert ids(select_services(catalogue, document())) == ["b-line", "a-line"]
    assert ids(select_services(catalogue, document(services=["adult-line", "b-line"]))) == ["adult-line", "b-line"]


def test_the_bundled_leaflets_follow_the_rule(project: Project) -> None:
    """Leaflets list no advice, so they hold every item for their audience, by priority then file order."""
    catalogue = project.catalogue
    for plan in plan_documents(catalogue, project.layouts, layout="leaflet-a4"):
        mine = [(a.priority, index, a.id) for index, a in enumerate(catalogue.advice) if plan.audience.id in a.audiences]
        assert ids(plan.advice) == [advice_id for _, _, advice_id in sorted(mine)]
        assert ids(plan.services) == [s.id for s in catalogue.services if plan.audience.id in s.audiences]


def test_the_bundled_explicit_lists_are_honoured(project: Project) -> None:
    catalogue = project.catalogue
    plans = {plan.id: plan for plan in plan_documents(catalogue, project.layouts)}
    for doc in catalogue.documents:
        if doc.advice is not None:
            assert ids(plans[doc.id].advice) == doc.advice
        if doc.services is not None:
            assert ids(plans[doc.id].services) == doc.services


def test_print_variant_matches_the_poster(catalogue: Catalogue) -> None:
    """The bleed variant of the young people's poster must carry exactly the same content."""
    docs = {d.id: d for d in catalogue.documents}
    poster, printed = docs["young-people-poster"], docs["young-people-poster-print"]
    assert (printed.advice, printed.services, printed.title, printed.tagline) == \
           (poster.advice, poster.services, poster.title, poster.tagline)


# --- the content review of 2026-12-02 (issue 10) ------------------------------------------------

def test_the_publisher_line_is_a_real_one(catalogue: Catalogue) -> None:
    assert "packgen" not in catalogue.pack.publisher.lower()


def test_young_people_posters_and_cards_carry_999_and_the_crisis_line(project: Project) -> None:
    young = [p for p in plan_documents(project.catalogue, project.layouts) if p.audience.id == "young-people"]
    assert len(young) == 4
    for plan in young:
        assert "police-emergency" in {s.id for s in plan.services}, plan.id
        danger = next(a for a in plan.advice if a.id == "yp-in-danger")
        assert danger.title == "In danger now? Call 999"
        assert "Childline any time on 0800 1111" in (danger.short or "")
        assert "Feeling like hurting yourself?" in (danger.short or "")


def test_evidence_comes_before_blocking_for_young_people(catalogue: Catalogue) -> None:
    proof = next(a for a in catalogue.advice if a.id == "yp-keep-proof")
    short = proof.short or ""
    assert short.index("Screenshot") < short.index("Don't delete the chat") < short.index("block")
    assert "no nudes in shot" in short
    for document in catalogue.documents:
        if document.audience == "young-people":
            assert "yp-keep-proof" in (document.advice or []), document.id


def test_services_closed_evenings_or_weekends_say_so(catalogue: Catalogue) -> None:
    """Every helpline with a phone or text number that is not 999/101 prints its hours."""
    for s in catalogue.services:
        if (s.phone or s.sms) and s.id not in ("police-emergency", "police-non-emergency", "stop-it-now",
                                               "scam-texts"):
            assert s.hours, s.id


def test_unconfirmed_addresses_are_not_printed(catalogue: Catalogue) -> None:
    """The review could not confirm these on the services' own pages: the services are named only."""
    text = bundled_catalogue().read_text(encoding="utf-8")
    for address in ("internetmatters.org/report-issue", "a-parents-guide-to-privacy-settings",
                    "saferinternet.org.uk/online-issue/sextortion"):
        assert address not in text
    assert any("Internet Matters" in t for t in advice_texts(catalogue))


def test_text_uses_placeholders_for_every_number(catalogue: Catalogue) -> None:
    """No phone number, email or address is typed into a text: they all come from `services:`."""
    raw = [t for a in catalogue.advice for t in (a.title, a.short or "", a.body, *a.points)]
    for number in ("0800 1111", "0345 6000 459", "0300 123 2040", "116 123", "85258", "7726",
                   "report@phishing.gov.uk", "reportfraud.police.uk"):
        assert not [t for t in raw if number in t], number
    assert sum("{childline.phone}" in t for t in raw) >= 5
