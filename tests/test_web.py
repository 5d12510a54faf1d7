"""The web and text versions of every document (packgen.web), read back as a reader gets them.

The HTML is parsed (structure, links, escaping, lang/dir, inline logo); the text is read line by
line (72 columns, whole URLs on their own lines, spelled-out contacts, no markdown). Both are
compared with the document model they come from, so they cannot drift from the PDF.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from test_gallery import PageOutline
from test_org_render import ORGS, plans_for, write_pack

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.contact_links import tel_target
from packgen.catalogue.project import load_project
from packgen.i18n.direction import text_direction
from packgen.model.nodes import Contact, Link, Paragraph, Text, plain
from packgen.model.texts import expected_texts
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.web.page import render_page
from packgen.web.text import WIDTH, render_text
from packgen.web.view import web_view


def bundled_plans() -> list[DocumentPlan]:
    project = load_project(bundled_catalogue())
    return plan_documents(project.catalogue, project.layouts)


PLANS = {plan.id: plan for plan in bundled_plans()}


def squash(text: str) -> str:
    return " ".join(text.split())


def visible_text(page: str) -> str:
    """The page's text as a reader sees it: tags and the style sheet dropped, entities decoded."""
    from html import unescape

    body = page.split("<body>", 1)[1]
    inline = re.sub(r"</?(strong|a|bdi|span)\b[^>]*>", "", body)
    return squash(unescape(re.sub(r"<[^>]+>", " ", inline)))


# --- the web page --------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", sorted(PLANS))
def test_every_document_has_a_semantic_self_contained_page(doc_id: str) -> None:
    view = web_view(PLANS[doc_id])
    page = render_page(view)
    outline = PageOutline(page)
    assert outline.attrs("html") == [{"lang": "en-GB", "dir": "ltr"}]
    assert [text for tag, text in outline.headings if tag == "h1"] == [view.document.title]
    assert not outline.attrs("script") and not outline.attrs("link") and not outline.attrs("iframe")
    assert "url(" not in page and "@import" not in page
    # Every text the document model says is on the page, in full.
    text = visible_text(page)
    for expected in expected_texts(view.document):
        assert squash(expected) in text, expected
    # Every service is there in full, whatever the kind: its summary and its web address.
    for service in PLANS[doc_id].services:
        assert squash(service.summary) in text
        hrefs = [href for href, _ in outline.links]
        if service.url:
            assert service.url in hrefs
        if service.phone:
            assert tel_target(service.phone) in hrefs
        if service.email:
            assert f"mailto:{service.email}" in hrefs
    for href, _ in outline.links:
        assert re.match(r"^(https://|tel:\+?[0-9]+$|mailto:|sms:)", href), href


def test_posters_and_cards_carry_what_they_show_plus_every_service_in_full() -> None:
    poster, cards = web_view(PLANS["young-people-poster"]), web_view(PLANS["young-people-cards"])
    poster_page = visible_text(render_page(poster))
    for advice in PLANS["young-people-poster"].advice:  # the poster's short lines, not the full bodies
        assert squash(advice.title) in poster_page and squash(advice.short or "") in poster_page
        assert squash(advice.body.split("\n")[0]) not in poster_page
    cards_page = PageOutline(render_page(cards))
    assert cards_page.attrs("ul")[0] == {"class": "messages"}
    assert [tag for tag, _ in cards_page.headings] == ["h1", "h2"] + ["h3"] * len(PLANS["young-people-cards"].services)
    assert all(entry.summary and entry.who_for for entry in cards.document.services.entries)


def test_the_leaflet_shows_exactly_the_model_the_pdf_is_drawn_from() -> None:
    from packgen.model import document_model

    plan = PLANS["parents-leaflet"]
    assert web_view(plan).document == document_model(plan)


def test_org_name_logo_and_colours_are_on_the_page(tmp_path: Path) -> None:
    plan = plans_for(write_pack(tmp_path, ORGS["crest"]))["leaflet"]
    view = web_view(plan)
    page = render_page(view)
    outline = PageOutline(page)
    (image,) = outline.attrs("img")
    assert image["alt"] == "Hillside Academy logo"
    assert (image["src"] or "").startswith("data:image/png;base64,")
    import base64

    assert base64.b64decode((image["src"] or "").split(",", 1)[1]) == (tmp_path / "images/crest.png").read_bytes()
    assert "--primary:#14532d" in page and "--accent:#9d174d" in page
    assert "Hillside Academy" in visible_text(page).split(view.document.title)[0]
    assert "Mrs A Patel, Designated Safeguarding Lead - Room 14" in visible_text(page)
    assert render_page(view, logo_src="cid:logo").count('src="cid:logo"') == 1


def test_theme_colours_that_fail_contrast_are_darkened(tmp_path: Path) -> None:
    from packgen.catalogue.contrast import contrast_ratio

    plan = PLANS["adults-poster"]
    theme = plan.layout.theme.model_copy(update={"primary": "#8fb3ff", "accent": "#ffcc00"})
    view = web_view(dataclasses.replace(plan, layout=plan.layout.model_copy(update={"theme": theme})))
    assert contrast_ratio(view.primary, "#ffffff") >= 4.5 and contrast_ratio(view.accent, "#ffffff") >= 4.5


def hostile(plan: DocumentPlan) -> DocumentPlan:
    service = plan.services[0].model_copy(update={"name": '<script>alert(1)</script>', "summary": 'a "b" & <i>c</i>'})
    advice = plan.advice[0].model_copy(update={"title": "<h1>x</h1>", "body": "<img src=x onerror=alert(1)>"})
    return dataclasses.replace(plan, title='</title><script>x</script>', tagline="<b>tag</b>",
                               services=(service, *plan.services[1:]), advice=(advice, *plan.advice[1:]))


def test_every_value_is_escaped() -> None:
    page = render_page(web_view(hostile(PLANS["parents-leaflet"])))
    assert "<script" not in page and "<img" not in page and "<i>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;/title&gt;&lt;script&gt;x" in page
    assert PageOutline(page).headings[0] == ("h1", "</title><script>x</script>")


def test_right_to_left_documents_set_dir_and_isolate_numbers_and_addresses() -> None:
    plan = PLANS["adults-poster"]
    page = render_page(web_view(dataclasses.replace(plan, pack=plan.pack.model_copy(update={"language": "ar"}))))
    assert '<html lang="ar" dir="rtl">' in page
    links = re.findall(r"<a [^>]*>(.*?)</a>", page)
    assert links and all(inner.startswith('<bdi dir="ltr">') and inner.endswith("</bdi>") for inner in links)


@pytest.mark.parametrize(("language", "direction"), [("en-GB", "ltr"), ("ar", "rtl"), ("he-IL", "rtl"),
                                                     ("fa", "rtl"), ("ur-PK", "rtl"), ("az-Arab", "rtl"),
                                                     ("ur-Latn", "ltr"), ("cy", "ltr"), ("pl-PL", "ltr")])
def test_text_direction(language: str, direction: str) -> None:
    assert text_direction(language) == direction


# --- the text version ----------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", sorted(PLANS))
def test_text_wraps_at_72_columns_with_every_url_whole_on_its_own_line(doc_id: str) -> None:
    plan = PLANS[doc_id]
    text = render_text(web_view(plan))
    lines = text.splitlines()
    assert text.endswith("\n") and not text.endswith("\n\n")
    for line in lines:
        assert len(line) <= WIDTH or re.fullmatch(r"https://\S+", line), line
        assert line == line.rstrip()
    for service in plan.services:
        if service.url:
            assert service.url in lines  # whole, alone on its line
        if service.phone:
            assert f"Phone: {service.phone}" + (f" ({service.hours})" if service.hours else "") in lines
        if service.email:
            assert f"Email: {service.email}" in lines
    assert not re.search(r"[*#_`]|^\s*[-+>] |\[.*\]\(", text, re.MULTILINE)
    joined = squash(text)
    for expected in expected_texts(web_view(plan).document):
        assert squash(expected) in joined, expected


def test_hours_are_spelled_out_beside_the_number_and_links_in_text_get_their_url() -> None:
    view = web_view(PLANS["parents-leaflet"])
    entry = view.document.services.entries[0]
    assert entry.phone is not None
    entry = dataclasses.replace(entry, phone=Contact(entry.phone.link, "24 hours a day, every day"))
    section = dataclasses.replace(view.document.sections[0], blocks=(Paragraph((
        Text("See "), Link("web", "https://www.childline.org.uk/info-advice/", "Childline's advice", "x"),
        Text(" for more.")),),))
    document = dataclasses.replace(view.document, sections=(section,),
                                   services=dataclasses.replace(view.document.services, entries=(entry,)))
    view = dataclasses.replace(view, document=document)
    lines = render_text(view).splitlines()
    assert "Phone: 0800 1111 (24 hours a day, every day)" in lines
    assert lines[lines.index("See Childline's advice for more.") + 1] == "https://www.childline.org.uk/info-advice/"
    assert '<span class="note">24 hours a day, every day</span>' in render_page(view)


def test_text_carries_the_org(tmp_path: Path) -> None:
    plan = plans_for(write_pack(tmp_path, ORGS["crest"]))["poster"]
    text = render_text(web_view(plan))
    assert text.splitlines()[2] == "Hillside Academy"
    assert "In school, talk to\nMrs A Patel, Designated Safeguarding Lead - Room 14" in text
    assert plain(web_view(plan).document.key_message or ()) in text


# --- in the build --------------------------------------------------------------------------------


def test_the_build_writes_hashes_and_rebuilds_both_versions_like_the_pdf(tmp_path: Path) -> None:
    import hashlib
    import json

    from packs import build, copy_bundled_catalogue, read_yaml, statuses, write_yaml

    catalogue = copy_bundled_catalogue(tmp_path / "pack")
    data = read_yaml(catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] in ("adults-poster", "parents-trifold")]
    write_yaml(catalogue, data)
    output = tmp_path / "pack" / "output"
    assert build(catalogue, output, "--jobs", "1").exit_code == 0

    def recorded() -> dict[str, dict[str, dict[str, object]]]:
        manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
        return {e["id"]: {o["kind"]: o for o in e["outputs"]} for e in manifest["documents"]}

    for doc_id, outputs in recorded().items():
        for kind, suffix in (("html", ".html"), ("text", ".txt")):
            data_bytes = (output / f"{doc_id}{suffix}").read_bytes()
            assert outputs[kind]["file"] == f"{doc_id}{suffix}"
            assert outputs[kind]["sha256"] == hashlib.sha256(data_bytes).hexdigest()
    assert set(statuses(build(catalogue, output, "--jobs", "1"), {"adults-poster", "parents-trifold"}).values()) == {
        "unchanged"}
    # A service's summary is not on the poster's PDF but is on its web and text versions: rebuilt.
    data = read_yaml(catalogue)
    service = next(s for s in data["services"] if s["id"] == "revenge-porn-helpline")
    service["summary"] = "Support for adults, changed."
    write_yaml(catalogue, data)
    result = build(catalogue, output, "--jobs", "1")
    assert statuses(result, {"adults-poster", "parents-trifold"}) == {"adults-poster": "built",
                                                                     "parents-trifold": "unchanged"}
    assert "Support for adults, changed." in (output / "adults-poster.txt").read_text(encoding="utf-8")
    assert "Support for adults, changed." in (output / "adults-poster.html").read_text(encoding="utf-8")
    # A web page edited by hand is put back.
    (output / "parents-trifold.html").write_text("edited", encoding="utf-8")
    result = build(catalogue, output, "--jobs", "1")
    assert statuses(result, {"parents-trifold"}) == {"parents-trifold": "built"}
    assert (output / "parents-trifold.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_text_version_never_splits_a_phone_number_over_two_lines() -> None:
    """Wherever a paragraph's words fall, "0808 800 5000" stays on one line with ordinary spaces."""
    from packgen.model.nodes import Link, Text
    from packgen.web.text import paragraph

    number = Link("tel", "tel:08088005000", "0808 800 5000", "Call the NSPCC Helpline on 0808 800 5000")
    for lead in range(40, 80):
        text = paragraph((Text("x" * lead + " call "), number, Text(" or email help@nspcc.org.uk.")))
        assert "0808 800 5000" in text.splitlines()[0] or "0808 800 5000" in text.splitlines()[1], text
        assert "\u00a0" not in text and all(len(line) <= WIDTH for line in text.splitlines() if " " in line)


def test_the_text_versions_remembered_wrapping_is_the_wrapping() -> None:
    """A batch wraps the same texts for every school, so ``wrap`` remembers its results: each is the
    function's own (other indents and first-line prefixes included), and the memory is bounded."""
    from packgen.web.text import wrap

    nbsp = "\u00a0"
    texts = ["", "one", "a " * 80, f"Call 0800{nbsp}1111 {'word ' * 20}", "https://" + "x" * 100 + " and more",
             "tabs\tand\nnew lines  and\u2003em spaces " * 4, "x y " * 30]
    for text in texts:
        for indent, first in (("", None), ("  ", "• "), ("    ", None)):
            expected = wrap.__wrapped__(text, indent, first)
            assert wrap(text, indent, first) == expected and wrap(text, indent, first) == expected
    assert wrap("a " * 40, "  ") != wrap("a " * 40)  # the indent is part of what is remembered
    assert wrap.cache_info().maxsize == 4096


def test_the_web_pages_remembered_isolation_is_the_isolation() -> None:
    """``isolated`` (escaping, and phone numbers and addresses put in left-to-right isolates) is
    remembered across documents; each result is the function's own, and the memory is bounded."""
    from packgen.web.page import isolated

    texts = ["", "plain words", "Call 0800 1111 or text 85258", "<b>&amp; \"quoted\"</b> at www.example.org.",
             "اتصل على 0800 1111 أو https://www.childline.org.uk/ الآن", "mail help@example.org, or ceop.police.uk"]
    for text in texts:
        expected = isolated.__wrapped__(text)
        assert isolated(text) == expected and isolated(text) == expected
    assert '<bdi dir="ltr">0800 1111</bdi>' in isolated(texts[2]) and "&lt;b&gt;" in isolated(texts[3])
    assert isolated.cache_info().maxsize == 4096
