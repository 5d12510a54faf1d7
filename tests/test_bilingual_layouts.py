"""Bilingual cards and tri-folds (issue 16): one language on each side of a card; a tri-fold's every
panel Welsh above English. Built from the fixture Welsh (tests/translation_fixtures.py, NOT a reviewed
translation): verify passes, each language's text is on its own side or half and tagged with its
language, the pdfua checker finds nothing, both languages share one type size, and content too long
fails with a named error.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner, Result
from pdfua import validate
from translation_fixtures import BILINGUAL_DOCUMENTS, CATALOGUE, WELSH, fill_po

from packgen.cli import main
from packgen.model import document_model, expected_texts
from packgen.plan.documents import DocumentPlan
from packgen.render.cards import SAFE
from packgen.render.imposition import CARD_HEIGHT, CARD_WIDTH, back_position, card_positions
from packgen.render.page import sheet_for
from packgen.verify.pdf_inspect import extract_text, normalise_text, scan_qr_codes
from packgen.verify.tagged import StructNode, read_tagged, structure_problems

POINTS_PER_MM = 72 / 25.4
TRIFOLD = """\
  - id: trifold-bi
    audience: young-people
    layout: trifold-a4
    title: "Someone threatening to share your nudes?"
    tagline: "It's not your fault. Don't pay. Get help."
    languages: [cy, en-GB]
"""
# Two more advice items, so a tri-fold has enough to fill its four advice panels (the cards keep two).
MORE_ADVICE = """\
  - id: keep-proof
    title: "Keep the evidence"
    short: "Screenshot their profile and messages. Don't delete the chat."
    body: |
      Take screenshots of their profile, their username and the messages they sent. Don't delete the chat.

      Never screenshot or send on the picture itself. The people helping you will deal with that part.
    audiences: [young-people]
    priority: 3
  - id: tell-someone
    title: "Tell someone you trust"
    short: "Tell an adult you trust, or call Childline on {childline.phone}."
    body: |
      You don't have to sort this out alone. Tell an adult you trust, like a parent, carer or teacher.

      Or talk to Childline for free on {childline.phone}, any time of the day or night.
    audiences: [young-people]
    priority: 4
"""

# TEST FIXTURE Welsh for the tri-fold and the two items above (not a reviewed translation).
TRIFOLD_WELSH = {
    "document/trifold-bi/title": WELSH["document/poster-bi/title"],
    "document/trifold-bi/tagline": WELSH["document/poster-bi/tagline"],
    "advice/keep-proof/title": "Cadw'r dystiolaeth",
    "advice/keep-proof/short": "Tynna sgrinluniau o'u proffil a'u negeseuon. Paid â dileu'r sgwrs.",
    "advice/keep-proof/body": ("Tynna sgrinluniau o'u proffil, eu henw defnyddiwr a'r negeseuon a anfonon nhw. "
                               "Paid â dileu'r sgwrs.\n\nPaid byth â thynnu sgrinlun o'r llun ei hun na'i anfon "
                               "ymlaen. Bydd y bobl sy'n dy helpu di yn delio â'r rhan honno."),
    "advice/tell-someone/title": "Dweud wrth rywun rwyt ti'n ymddiried ynddo",
    "advice/tell-someone/short": "Dweud wrth oedolyn rwyt ti'n ymddiried ynddo, neu ffonio Childline ar "
                                 "{childline.phone}.",
    "advice/tell-someone/body": ("Does dim rhaid i ti ddatrys hyn ar dy ben dy hun. Dweud wrth oedolyn rwyt ti'n "
                                 "ymddiried ynddo, fel rhiant, gofalwr neu athro.\n\nNeu siarad â Childline am "
                                 "ddim ar {childline.phone}, unrhyw adeg o'r dydd neu'r nos."),
}


def bilingual_catalogue() -> str:
    """The fixture catalogue with two more advice items, the bilingual documents and a tri-fold; the
    card set keeps the fixture's two advice items."""
    catalogue = CATALOGUE.replace("\ndocuments:\n", "\n" + MORE_ADVICE + "\ndocuments:\n")
    cards = "  - id: cards-bi\n    audience: young-people\n    layout: cards-a4\n"
    documents = BILINGUAL_DOCUMENTS.replace(cards, cards + "    advice: [not-your-fault, dont-pay]\n")
    assert catalogue != CATALOGUE and documents != BILINGUAL_DOCUMENTS
    return catalogue + documents + TRIFOLD


def run(*args: str) -> Result:
    return CliRunner(env={"NO_COLOR": "1"}).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture pack with a bilingual card set and tri-fold (Welsh first), built; (catalogue, output)."""
    folder = tmp_path_factory.mktemp("bilingual")
    catalogue = folder / "resources.yaml"
    catalogue.write_text(bilingual_catalogue(), encoding="utf-8")
    assert run("translations", "update", "-c", str(catalogue)).exit_code == 0
    fill_po(folder / "translations" / "cy.po", {**WELSH, **TRIFOLD_WELSH})
    output = folder / "output"
    result = run("build", "-c", str(catalogue), "-o", str(output), "--only", "cards-bi", "--only", "trifold-bi")
    assert result.exit_code == 0, result.output
    return catalogue, output


def plans(catalogue: Path, *ids: str) -> list[DocumentPlan]:
    from packgen.catalogue.project import load_project
    from packgen.plan.documents import plan_documents
    from packgen.translation.translate import localise_plans

    project = load_project(catalogue)
    planned = plan_documents(project.catalogue, project.layouts, only=list(ids))
    return list(localise_plans(planned, project.catalogue, project.layouts, project.folder).plans)


def squash(text: str) -> str:
    return "".join(normalise_text(text).split())


def pdfua_findings(pdf: Path) -> list[str]:
    report = validate(str(pdf))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    return found + [f"{o.rule_id} skipped: {o.skipped_reason}" for o in report.outcomes if o.skipped]


def font_sizes(pdf: Path, page_index: int, words: str) -> set[float]:
    """The sizes (pt, rounded to 0.1) of the characters of ``words`` where they are drawn on the page."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text_page = document[page_index].get_textpage()
        everything = text_page.get_text_range()
        start = everything.find(words)
        assert start >= 0, (words, everything[:200])
        return {round(pypdfium2.raw.FPDFText_GetFontSize(text_page, i), 1)
                for i in range(start, start + len(words)) if not everything[i].isspace()}
    finally:
        document.close()


def language_parts(pdf: Path, first: str = "cy", second: str = "en-GB") -> tuple[str, str]:
    """The tagged text of the Document (in the PDF's language, ``first``) outside its Part, and of
    the Part (``second``, with its own /Lang)."""
    tree = read_tagged(pdf)
    assert tree.root is not None and tree.lang == first
    document = tree.root.kids[0] if tree.root.role != "Document" else tree.root
    parts = [kid for kid in document.kids if kid.role == "Part"]
    assert [part.lang for part in parts] == [second]
    outside = StructNode("Document", [kid for kid in document.kids if kid.role != "Part"])
    return tree.text_of(outside), tree.text_of(parts[0])


# --- cards: one language on each side ---------------------------------------------------------

def test_bilingual_cards_put_welsh_on_the_fronts_and_english_on_the_backs(built: tuple[Path, Path]) -> None:
    catalogue, output = built
    pdf = output / "cards-bi.pdf"
    welsh, english = (plan for plan in [plans(catalogue, "cards-bi")[0]] for plan in (plan, plan.companion))
    assert english is not None
    pages = [squash(page) for page in extract_text(pdf)]
    assert len(pages) == 2                                  # one sheet: fronts, then backs
    for text in expected_texts(document_model(welsh)):      # the whole Welsh card on the fronts
        assert squash(text) in pages[0], text
    for text in expected_texts(document_model(english)):    # the whole English card on the backs
        assert squash(text) in pages[1], text
    assert squash("It's not your fault") not in pages[0] and squash("Nid dy fai di yw e") not in pages[1]
    assert pages[0].count(squash("Nid dy fai di yw e.")) == 8   # on all eight cards (the key message)
    assert squash("Dwyt ti ddim mewn trwbl") in pages[0]        # the shorts fit here, in both languages
    assert squash("You are not in trouble") in pages[1]
    verified = run("verify", str(output), "-c", str(catalogue))
    assert re.search(r"cards-bi +16 QR codes, +12 texts, +\d+ tags  ok", verified.output), verified.output


def test_bilingual_cards_are_tagged_once_per_language_and_pass_pdfua(built: tuple[Path, Path]) -> None:
    catalogue, output = built
    pdf = output / "cards-bi.pdf"
    welsh_plan = plans(catalogue, "cards-bi")[0]
    assert welsh_plan.companion is not None
    welsh, english = language_parts(pdf)
    assert "Nid dy fai di yw e" in welsh and "It's not your fault" not in welsh
    assert "It's not your fault" in english and "Nid dy fai di yw e" not in english
    assert english.count("Paying rarely stops it") == 1    # one card read, the other seven are artifacts
    assert welsh.count("Anaml y mae talu") == 1
    expected = expected_texts(document_model(welsh_plan)) + expected_texts(document_model(welsh_plan.companion))
    assert structure_problems(pdf, expected) == []
    assert pdfua_findings(pdf) == []


def test_both_sides_of_a_card_share_one_type_size(built: tuple[Path, Path]) -> None:
    pdf = built[1] / "cards-bi.pdf"
    for welsh, english in (("Nid dy fai di yw e", "It's not your fault"),     # advice titles
                           ("Dwyt ti ddim mewn trwbl", "You are not in trouble"),   # shorts
                           ("Yn cael dy flacmelio", "Being blackmailed")):       # titles
        sizes = font_sizes(pdf, 0, welsh)
        assert len(sizes) == 1 and sizes == font_sizes(pdf, 1, english), (welsh, english)


def test_the_back_of_every_card_is_behind_its_front(built: tuple[Path, Path]) -> None:
    """Each card's codes: one per card, inside the card's safe area on both pages, the back's
    behind its front (mirrored for a long-edge flip)."""
    catalogue, output = built
    plan = plans(catalogue, "cards-bi")[0]
    sheet = sheet_for(plan.layout)
    fronts = card_positions(sheet)
    codes = scan_qr_codes(output / "cards-bi.pdf")
    safe = SAFE - 0.5 * POINTS_PER_MM

    def card_of(code: object, positions: list[tuple[float, float]]) -> int:
        left, bottom, right, top = code.bounds  # type: ignore[attr-defined]
        inside = [i for i, (x, y) in enumerate(positions) if x + safe <= left and right <= x + CARD_WIDTH - safe
                  and y + safe <= bottom and top <= y + CARD_HEIGHT - safe]
        assert len(inside) == 1, code
        return inside[0]

    assert Counter(card_of(c, fronts) for c in codes[0]) == {i: 1 for i in range(8)}
    backs = [back_position(sheet, front) for front in fronts]
    assert Counter(card_of(c, backs) for c in codes[1]) == {i: 1 for i in range(8)}
    assert backs[0][0] > fronts[0][0] and backs[0][1] == fronts[0][1]   # the left front is backed on the right


def test_a_bilingual_card_too_full_fails_naming_the_side(built: tuple[Path, Path]) -> None:
    from packgen.render import render_document
    from packgen.render.bilingual_cards import BilingualCardTooFull

    plan = plans(built[0], "cards-bi")[0]
    assert plan.companion is not None
    long = "It's not your fault, and you are not alone. " * 6
    too_full = dataclasses.replace(plan, companion=dataclasses.replace(plan.companion, tagline=long))
    with pytest.raises(BilingualCardTooFull, match=r"document cards-bi: a bilingual card has one side per language, "
                       r"and the English \(en-GB\) side .* \d+ mm too tall .* \(8 pt\); .* make one card set per "
                       r"language \(languages: \[cy\] and languages: \[en-GB\]\)"):
        render_document(too_full)


# --- tri-folds: every panel Welsh above English -------------------------------------------------

def half_texts(pdf: Path) -> tuple[str, str]:
    """The text of the sheet's upper halves (both sides) and of its lower halves, squashed."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        upper, lower = [], []
        for page in document:
            width, height = page.get_size()
            text_page = page.get_textpage()
            upper.append(text_page.get_text_bounded(0, height / 2, width, height))
            lower.append(text_page.get_text_bounded(0, 0, width, height / 2))
        return squash(" ".join(upper)), squash(" ".join(lower))
    finally:
        document.close()


def height_in_half(pdf: Path, page_index: int, words: str) -> float:
    """How far above its half's bottom edge the baseline of ``words`` is, in points."""
    import ctypes

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[page_index]
        text_page = page.get_textpage()
        start = text_page.get_text_range().find(words)
        assert start >= 0, words
        x, y = ctypes.c_double(), ctypes.c_double()
        assert pypdfium2.raw.FPDFText_GetCharOrigin(text_page, start, ctypes.byref(x), ctypes.byref(y))
        return float(y.value % (page.get_height() / 2))
    finally:
        document.close()


def test_a_bilingual_trifold_stacks_welsh_above_english_on_every_panel(built: tuple[Path, Path]) -> None:
    catalogue, output = built
    pdf = output / "trifold-bi.pdf"
    welsh, english = (plan for plan in [plans(catalogue, "trifold-bi")[0]] for plan in (plan, plan.companion))
    assert english is not None
    assert len(extract_text(pdf)) == 2                     # one sheet, two sides, as a one-language tri-fold
    upper, lower = half_texts(pdf)
    for text in expected_texts(document_model(welsh)):     # the whole Welsh leaflet in the upper halves
        assert squash(text) in upper, text
    for text in expected_texts(document_model(english)):   # the whole English one in the lower halves
        assert squash(text) in lower, text
    for text in ("It's not your fault", "Where to get help", "Get help now", "Keep the evidence"):
        assert squash(text) not in upper, text
    for text in ("Nid dy fai di yw e", "Ble i gael help", "Cael help nawr", "Cadw'r dystiolaeth"):
        assert squash(text) not in lower, text
    for page, welsh_words, english_words in ((0, "Cael help nawr", "Get help now"),         # the cover's help box
                                             (0, "Ble i gael help", "Where to get help"),   # the back panel
                                             (1, "Paid â thalu", "Don't pay")):            # an inside panel
        assert height_in_half(pdf, page, welsh_words) == pytest.approx(height_in_half(pdf, page, english_words),
                                                                       abs=0.5), welsh_words   # the halves line up
    verified = run("verify", str(output), "-c", str(catalogue))
    assert re.search(r"trifold-bi +2 QR codes, +\d+ texts, +\d+ tags  ok", verified.output), verified.output


def test_a_bilingual_trifold_is_tagged_per_language_and_passes_pdfua(built: tuple[Path, Path]) -> None:
    catalogue, output = built
    pdf = output / "trifold-bi.pdf"
    plan = plans(catalogue, "trifold-bi")[0]
    assert plan.companion is not None
    welsh, english = language_parts(pdf)
    assert "Cadw'r dystiolaeth" in welsh and "Keep the evidence" not in welsh
    assert "Keep the evidence" in english and "Cadw'r dystiolaeth" not in english
    expected = expected_texts(document_model(plan)) + expected_texts(document_model(plan.companion))
    assert structure_problems(pdf, expected) == []
    assert pdfua_findings(pdf) == []


def test_both_languages_of_a_trifold_share_one_type_size(built: tuple[Path, Path]) -> None:
    pdf = built[1] / "trifold-bi.pdf"
    for page, welsh, english in ((0, "Dwyt ti ddim mewn trwbl", "You are not in trouble"),   # advice text
                                 (0, "Rhywun yn bygwth", "Someone threatening"),             # cover titles
                                 (1, "Cadw'r dystiolaeth", "Keep the evidence")):            # advice titles
        sizes = font_sizes(pdf, page, welsh)
        assert len(sizes) == 1 and sizes == font_sizes(pdf, page, english), (welsh, english)
    assert min(font_sizes(pdf, 0, "Dwyt ti ddim mewn trwbl")) >= 12   # never under the tri-fold's 12 pt


def test_a_bilingual_trifold_too_long_fails_naming_the_half_and_panel(built: tuple[Path, Path]) -> None:
    from packgen.render import render_document
    from packgen.render.bilingual_trifold import BilingualTrifoldTooLong

    plan = plans(built[0], "trifold-bi")[0]
    assert plan.companion is not None
    long = "It's not your fault, and you are not alone. " * 10
    too_long = dataclasses.replace(plan, companion=dataclasses.replace(plan.companion, tagline=long))
    with pytest.raises(BilingualTrifoldTooLong, match=r"document trifold-bi: a bilingual tri-fold gives each language "
                       r"half of every panel, and in the English \(en-GB\) half the cover's title, key message and "
                       r"help box do not fit on the cover panel \(\d+ mm too tall at the minimum type size, 12 pt\); "
                       r"use a bilingual leaflet"):
        render_document(too_long)


def test_english_first_puts_english_on_the_fronts_and_the_top_halves(built: tuple[Path, Path], tmp_path: Path) -> None:
    """``languages: [en-GB, cy]``: the order is the document's setting, not the layout's."""
    from packgen.render import render_document

    for document in ("cards-bi", "trifold-bi"):
        welsh_first = plans(built[0], document)[0]
        assert welsh_first.companion is not None
        english_first = dataclasses.replace(welsh_first.companion,
                                            companion=dataclasses.replace(welsh_first, companion=None))
        pdf = tmp_path / f"{document}.pdf"
        pdf.write_bytes(render_document(english_first))
        english, welsh = language_parts(pdf, first="en-GB", second="cy")
        assert "It's not your fault" in english and "Nid dy fai di yw e" not in english
        assert "Nid dy fai di yw e" in welsh and "It's not your fault" not in welsh
        first_page = squash(extract_text(pdf)[0])
        if document == "cards-bi":
            assert squash("It's not your fault") in first_page and squash("Nid dy fai di yw e") not in first_page
        else:
            upper, lower = half_texts(pdf)
            assert squash("Where to get help") in upper and squash("Ble i gael help") in lower


def test_a_bilingual_trifold_with_bleed_is_refused_clearly(built: tuple[Path, Path]) -> None:
    from packgen.render import render_document
    from packgen.render.bilingual import BilingualRefused

    plan = plans(built[0], "trifold-bi")[0]
    assert plan.companion is not None
    bled = plan.layout.model_copy(update={"bleed_mm": 3.0})
    with pytest.raises(BilingualRefused, match=r"document trifold-bi: a bilingual tri-fold with bleed \(trifold-a4\) "
                       r"is not laid out yet; use a layout without bleed"):
        render_document(dataclasses.replace(plan, layout=bled,
                                            companion=dataclasses.replace(plan.companion, layout=bled)))
