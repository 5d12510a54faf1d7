"""Translations: PO files for translators, the stale-translation guard, Welsh documents (issue 16).

The Welsh is a TEST FIXTURE (tests/translation_fixtures.py), not a reviewed translation.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from translation_fixtures import BILINGUAL_DOCUMENTS, CATALOGUE, URDU, URDU_DOCUMENT, WELSH, fill_po

from packgen.cli import main
from packgen.verify.pdf_inspect import extract_text
from packgen.verify.tagged import read_tagged


def run(*args: str) -> Result:
    return CliRunner(env={"NO_COLOR": "1"}).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A folder with the fixture catalogue; its Welsh not yet translated."""
    catalogue = tmp_path / "resources.yaml"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    return catalogue


@pytest.fixture
def welsh_pack(pack: Path) -> Path:
    """The fixture catalogue with translations/cy.po filled in from the fixture Welsh and signed off."""
    assert run("translations", "update", "-c", str(pack)).exit_code == 0
    fill_po(pack.parent / "translations" / "cy.po", WELSH)
    return pack


def structure_languages(pdf: Path) -> list[tuple[str, str | None]]:
    """The tagged PDF's top elements: the Document, and each Part under it, with their /Lang."""
    from pypdf import PdfReader

    document = PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()
    parts = [kid.get_object() for kid in document["/K"] if kid.get_object().get("/S") == "/Part"]
    return [(document["/S"], document.get("/Lang")), *[(part["/S"], part.get("/Lang")) for part in parts]]


def entries(po: Path) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(po))}


def edit(catalogue: Path, old: str, new: str) -> None:
    text = catalogue.read_text(encoding="utf-8")
    assert old in text
    catalogue.write_text(text.replace(old, new), encoding="utf-8")


# --- the model --------------------------------------------------------------------------------

@pytest.mark.parametrize(("languages", "message"), [
    ("[cy_GB]", "not a BCP 47 language tag (found 'cy_GB'"),
    ("[cy, en-GB, pl]", "too many entries"),
    ("[cy, CY]", "a bilingual document needs two different languages"),
])
def test_document_languages_are_validated(pack: Path, languages: str, message: str) -> None:
    edit(pack, "    languages: [cy]", f"    languages: {languages}")
    result = run("validate", "-c", str(pack))
    assert result.exit_code == 1
    assert re.search(r"resources\.yaml:\d+:\d+: documents\[1\]", result.output)
    assert message in result.output


# --- update and status ------------------------------------------------------------------------

def test_update_writes_every_string_the_welsh_document_shows(pack: Path) -> None:
    result = run("translations", "update", "-c", str(pack))
    assert result.exit_code == 0, result.output
    po = pack.parent / "translations" / "cy.po"
    found = entries(po)
    assert found["advice/dont-pay/short"].msgid == "Paying rarely stops it. Block them and keep the evidence."
    assert "Young people (13-17)" in found["advice/dont-pay/short"].comment
    assert "Shown in: poster-cy" in found["advice/dont-pay/short"].comment
    assert found["words/get_help"].msgid == "Get help"          # the layouts' own words too
    assert found["words/months/11"].msgid == "November"
    assert "advice/dont-pay/body" not in found                  # a poster shows the short line only
    assert all(e.msgstr == "" for e in found.values())
    assert polib.pofile(str(po)).metadata["Language"] == "cy"


def test_status_counts_and_holds_back_until_translated(pack: Path) -> None:
    run("translations", "update", "-c", str(pack))
    result = run("translations", "status", "-c", str(pack))
    assert result.exit_code == 1
    assert "Welsh (cy)  translations/cy.po: 0 translated, 0 stale, 45 missing; not signed off" in result.output
    assert "holds back: poster-cy" in result.output
    fill_po(pack.parent / "translations" / "cy.po", WELSH)
    result = run("translations", "status", "-c", str(pack))
    assert result.exit_code == 0, result.output
    assert "45 translated, 0 stale, 0 missing; reviewed by Test Reviewer (fixture) on 2026-11-20" in result.output


def test_unused_strings_become_obsolete_and_new_ones_empty(welsh_pack: Path) -> None:
    edit(welsh_pack, "    short: \"You are not in trouble. The person threatening you is.\"\n", "")
    result = run("translations", "update", "-c", str(welsh_pack))
    assert "1 new, 0 changed in the source (now fuzzy), 1 no longer used" in result.output
    found = entries(welsh_pack.parent / "translations" / "cy.po")
    assert found["advice/not-your-fault/short"].obsolete
    assert found["advice/not-your-fault/body"].msgstr == ""     # the poster shows the body now


# --- the guard ---------------------------------------------------------------------------------

def test_a_changed_english_sentence_holds_the_welsh_back_until_the_translation_follows(
        welsh_pack: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert run("build", "-c", str(welsh_pack), "-o", str(output)).exit_code == 0
    welsh_before = (output / "poster-cy.pdf").read_bytes()
    edit(welsh_pack, "Paying rarely stops it. Block them and keep the evidence.",
         "Paying never stops it. Block them and keep the evidence.")

    # Stale at once, before anyone runs `translations update`: the PO's msgid is not the English now.
    status = run("translations", "status", "-c", str(welsh_pack))
    assert status.exit_code == 1
    assert "44 translated, 1 stale, 0 missing" in status.output
    assert re.search(r"translations/cy\.po:\d+: stale: advice/dont-pay/short", status.output)

    result = run("build", "-c", str(welsh_pack), "-o", str(output))
    assert result.exit_code == 1
    assert re.search(r"poster-cy: not built:\n  translations/cy\.po:\d+: advice/dont-pay/short: stale", result.output)
    assert re.search(r"poster-en .* built: advice dont-pay short changed", result.output)   # English still builds
    assert (output / "poster-cy.pdf").read_bytes() == welsh_before    # the old Welsh PDF is left alone
    # and the gallery lists it in Welsh, as out of date, never under the English title
    index = (output / "index.html").read_text(encoding="utf-8")
    card = index[index.index('aria-labelledby="doc-poster-cy"'):]
    card = card[:card.index("</article>")]
    assert '<h3 id="doc-poster-cy" lang="cy">Rhywun yn bygwth rhannu dy luniau noeth?</h3>' in card
    assert "Out of date" in card and "threatening" not in card

    # update: fuzzy, with the English it was translated from for the translator.
    run("translations", "update", "-c", str(welsh_pack))
    entry = entries(welsh_pack.parent / "translations" / "cy.po")["advice/dont-pay/short"]
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "Paying rarely stops it. Block them and keep the evidence."
    assert entry.msgid == "Paying never stops it. Block them and keep the evidence."
    # the reviewer's sign-off was for the old English: withdrawn until someone reviews again
    status = run("translations", "status", "-c", str(welsh_pack))
    assert ("not signed off by a reviewer (signed off by Test Reviewer (fixture), 2026-11-20 before the source "
            "changed)") in status.output
    assert run("build", "-c", str(welsh_pack), "-o", str(output)).exit_code == 1   # fuzzy is still stale

    fill_po(welsh_pack.parent / "translations" / "cy.po",
            {"advice/dont-pay/short": "Dydy talu byth yn ei atal. Blocia nhw a chadw'r dystiolaeth."})
    result = run("build", "-c", str(welsh_pack), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert "Dydy talu byth yn ei atal" in "".join(extract_text(output / "poster-cy.pdf"))


def test_a_missing_po_file_names_the_command_to_run(pack: Path, tmp_path: Path) -> None:
    result = run("build", "-c", str(pack), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "translations/cy.po:1:1: no translations for cy yet; run `packgen translations update cy`" in result.output
    assert (tmp_path / "out" / "poster-en.pdf").is_file()
    assert not (tmp_path / "out" / "poster-cy.pdf").exists()


# --- a Welsh document ---------------------------------------------------------------------------

def test_a_welsh_poster_is_all_welsh_and_tagged_cy(welsh_pack: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = run("build", "-c", str(welsh_pack), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert run("verify", str(output), "-c", str(welsh_pack)).exit_code == 0
    pdf = output / "poster-cy.pdf"
    text = " ".join(extract_text(pdf))
    for welsh in ("Rhywun yn bygwth rhannu", "Paid â thalu. Paid ag ateb.", "Cael help", "Gwiriwyd Tachwedd 2026",
                  "Pobl ifanc (13-17)"):
        assert welsh in text
    for english in ("Get help", "Checked", "November", "Don't pay", "Young people", "threatening"):
        assert english not in text
    assert b"/Lang (cy)" in pdf.read_bytes()


ORG = """\
name: Hillside School
contacts_heading: "In school, talk to"
contacts:
  - "Mrs A Patel, Designated Safeguarding Lead - Room 14"
footer: "Hillside School safeguarding team"
"""
# TEST FIXTURE: the org's own Welsh, as a school would give it in org.yaml. Not a reviewed translation.
ORG_WELSH = """\
translations:
  cy:
    name: Ysgol Hillside
    contacts_heading: "Yn yr ysgol, siarada â"
    contacts:
      - "Mrs A Patel, Arweinydd Diogelu Dynodedig - Ystafell 14"
    footer: "Tîm diogelu Ysgol Hillside"
"""


def test_the_org_block_of_a_welsh_document_is_welsh_or_the_document_is_refused(welsh_pack: Path,
                                                                             tmp_path: Path) -> None:
    org = welsh_pack.parent / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    output = tmp_path / "output"
    refused = run("build", "-c", str(welsh_pack), "-o", str(output))
    assert refused.exit_code == 1 and (output / "poster-en.pdf").exists() and not (output / "poster-cy.pdf").exists()
    for line in ("org.yaml:2: contacts_heading: the org's heading of its local contacts has no Welsh (cy) version; "
                 "add it under `translations: cy: contacts_heading:`",
                 "org.yaml:3: contacts: the org's list of local contacts has no Welsh (cy) version",
                 "org.yaml:5: footer: the org's footer has no Welsh (cy) version"):
        assert line in refused.output
    status = run("translations", "status", "-c", str(welsh_pack))
    assert status.exit_code == 1 and "org.yaml:3: contacts:" in status.output and "holds back: poster-cy" in status.output

    org.write_text(ORG + ORG_WELSH, encoding="utf-8")
    assert run("translations", "status", "-c", str(welsh_pack)).exit_code == 0
    built = run("build", "-c", str(welsh_pack), "-o", str(output))
    assert built.exit_code == 0, built.output
    assert run("verify", str(output), "-c", str(welsh_pack)).exit_code == 0
    welsh = " ".join(extract_text(output / "poster-cy.pdf"))
    web = (output / "poster-cy.html").read_text(encoding="utf-8") + (output / "poster-cy.txt").read_text(encoding="utf-8")
    for text in (welsh, web):
        assert "Yn yr ysgol, siarada â" in text and "Arweinydd Diogelu Dynodedig - Ystafell 14" in text
        assert "Ysgol Hillside" in text and "Tîm diogelu Ysgol Hillside" in text
        for english in ("In school, talk to", "Designated Safeguarding Lead", "Room 14", "safeguarding team",
                        "Hillside School", "Locally, contact"):
            assert english not in text
    english = " ".join(extract_text(output / "poster-en.pdf"))
    assert "In school, talk to" in english and "Designated Safeguarding Lead" in english
    assert "Hillside School safeguarding team" in english and "Ystafell" not in english


def test_the_default_contacts_heading_is_a_translated_word(welsh_pack: Path, tmp_path: Path) -> None:
    po = entries(welsh_pack.parent / "translations" / "cy.po")
    heading = po["words/contacts_heading"]
    assert heading.msgid == "Locally, contact" and heading.msgstr == "Yn lleol, cysyllta â"
    assert "school's or organisation's own people" in heading.comment
    for key in ("text_word_to", "text_number", "sms_description", "text_description"):
        assert po[f"words/{key}"].msgstr   # every word a layout prints is in the PO file
    (welsh_pack.parent / "org.yaml").write_text(
        "name: Hillside School\ncontacts: [\"Mrs A Patel - 01234 567890\"]\n"
        "translations: {cy: {contacts: [\"Mrs A Patel - 01234 567890\"]}}\n", encoding="utf-8")
    output = tmp_path / "output"
    assert run("build", "-c", str(welsh_pack), "-o", str(output)).exit_code == 0
    assert "Yn lleol, cysyllta â" in " ".join(extract_text(output / "poster-cy.pdf"))
    assert "Locally, contact" not in " ".join(extract_text(output / "poster-cy.pdf"))
    assert "Locally, contact" in " ".join(extract_text(output / "poster-en.pdf"))


# --- validate -----------------------------------------------------------------------------------

def test_validate_names_a_po_syntax_error_by_line(welsh_pack: Path) -> None:
    po = welsh_pack.parent / "translations" / "cy.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith('msgstr "Paid â thalu'))
    lines[number - 1] = 'msgstr "Paid â thalu. "Paid" ag ateb."'   # an unescaped quote
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", "-c", str(welsh_pack))
    assert result.exit_code == 1
    assert f"translations/cy.po:{number}:1: not a valid PO file: syntax error" in result.output
    # and the build refuses the Welsh with the same place, while the English builds
    built = run("build", "-c", str(welsh_pack), "-o", str(welsh_pack.parent / "out"))
    assert built.exit_code == 1
    assert f"poster-cy: not built:\n  translations/cy.po:{number}:1: not a valid PO file" in built.output
    assert (welsh_pack.parent / "out" / "poster-en.pdf").is_file()


def test_validate_flags_placeholders_that_differ_and_a_bad_language_header(welsh_pack: Path, tmp_path: Path) -> None:
    po_file = welsh_pack.parent / "translations" / "cy.po"
    po = polib.pofile(str(po_file))
    next(e for e in po if e.msgctxt == "words/page").msgstr = "Tudalen {rhif}"
    po.metadata["Language"] = "Welsh"
    po.save(str(po_file))
    result = run("validate", "-c", str(welsh_pack))
    assert result.exit_code == 1
    assert re.search(r"translations/cy\.po:\d+:1: words/page: the translation's placeholders \(\{rhif\}\) "
                     r"differ from the source's \(\{number\}\)", result.output)
    assert re.search(r"translations/cy\.po:\d+:1: Language: the Language header 'Welsh' is not a BCP 47", result.output)
    status = run("translations", "status", "-c", str(welsh_pack))
    assert "1 wrong" in status.output and status.exit_code == 1


def test_validate_accepts_good_po_files(welsh_pack: Path) -> None:
    result = run("validate", "-c", str(welsh_pack))
    assert result.exit_code == 0, result.output


# --- scripts ---------------------------------------------------------------------------------------

def test_the_bundled_fonts_draw_latin_and_cyrillic_languages() -> None:
    from packgen.render.fonts import missing_characters, register_fonts

    register_fonts()
    welsh, polish, romanian = "ŵŷŴŶẁẃẅỳ Dŷn ni", "ąęłńśźżĄĘŁŃŚŹŻ", "ăâîșțȘȚ"
    portuguese_spanish, ukrainian = "ãõçÃÕÇ ñ¿¡ áéíóú", "Українська мова: їєґІЇЄҐ"
    assert missing_characters(welsh + polish + romanian + portuguese_spanish + ukrainian) == []
    assert missing_characters("اردو") != []   # which is why an Urdu PDF is refused, not drawn


@pytest.mark.parametrize(("tag", "refused"), [
    ("cy", False), ("pl", False), ("ro", False), ("uk", False), ("pt-BR", False), ("sr-Latn", False),
    ("ur", True), ("ar", True), ("bn", True), ("pa", True), ("pa-Arab", True), ("he", True),
])
def test_pdf_layouts_refuse_scripts_that_need_shaping(tag: str, refused: bool) -> None:
    from packgen.i18n.tags import pdf_refusal

    assert (pdf_refusal(tag) is not None) == refused


@pytest.fixture
def urdu_pack(pack: Path) -> Path:
    """The fixture catalogue with an Urdu poster and its fixture translation (and the Welsh)."""
    pack.write_text(CATALOGUE + URDU_DOCUMENT, encoding="utf-8")
    assert run("translations", "update", "-c", str(pack)).exit_code == 0
    fill_po(pack.parent / "translations" / "cy.po", WELSH)
    fill_po(pack.parent / "translations" / "ur.po", URDU)
    return pack


def test_an_urdu_pdf_is_refused_clearly_and_the_rest_build(urdu_pack: Path, tmp_path: Path) -> None:
    assert run("translations", "status", "-c", str(urdu_pack)).exit_code == 0   # fully translated
    result = run("build", "-c", str(urdu_pack), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output   # web and text only is a success, with a note
    assert "error" not in result.output
    assert re.search(r"poster-ur +young-people +poster-a4 +- +- +\d+ kB  built: new document \(web and text only\)",
                     result.output)
    assert ("poster-ur: web page and text version only (poster-ur.html, poster-ur.txt), no PDF:\n"
            "  Urdu (ur) is written in Arabic script, which needs right-to-left text") in result.output
    assert "no PDF is made, so no reader gets broken letters; use its web and text versions" in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["poster-cy.pdf", "poster-en.pdf"]
    page = (tmp_path / "out" / "poster-ur.html").read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl">' in page
    # in running text the number is a link (issue 10), still isolated left to right, described in Urdu
    assert 'چائلڈ لائن: <a href="tel:+448001111" aria-label="Childline کو 0800 1111 پر کال کریں">' in page
    assert "فون: \u20660800 1111\u2069" in (tmp_path / "out" / "poster-ur.txt").read_text(encoding="utf-8")


def test_a_web_only_document_is_a_first_class_output(urdu_pack: Path, tmp_path: Path) -> None:
    """Recorded in the manifest with its files, rebuilt only when needed, listed in the gallery with
    a note on why there is no PDF, verified, and removed (only if unchanged) when it leaves."""
    import json

    out = tmp_path / "out"
    assert run("build", "-c", str(urdu_pack), "-o", str(out)).exit_code == 0
    manifest = {d["id"]: d for d in json.loads((out / "manifest.json").read_text())["documents"]}
    urdu = manifest["poster-ur"]
    assert "file" not in urdu   # format 1's PDF fields describe a PDF, and there is none
    assert [(o["kind"], o["file"]) for o in urdu["outputs"]] == [("html", "poster-ur.html"), ("text", "poster-ur.txt")]
    assert all(o["sha256"] for o in urdu["outputs"])

    again = run("build", "-c", str(urdu_pack), "-o", str(out))
    assert again.exit_code == 0 and "poster-ur                    young-people   poster-a4" in again.output
    assert "0 built, 3 unchanged" in again.output
    forced = run("build", "-c", str(urdu_pack), "-o", str(out), "--force", "--only", "poster-ur")
    assert forced.exit_code == 0 and "built: --force (web and text only)" in forced.output
    assert (out / "poster-cy.pdf").exists()   # --only leaves the others alone

    index = (out / "index.html").read_text(encoding="utf-8")
    card = index[index.index('aria-labelledby="doc-poster-ur"'):]
    card = card[:card.index("</article>")]
    assert '<h3 id="doc-poster-ur" lang="ur" dir="rtl">' in card
    assert 'href="poster-ur.html"' in card and 'href="poster-ur.txt"' in card and ".pdf" not in card
    assert "No printable PDF yet: packgen cannot draw Urdu (ur) letters correctly in a PDF" in card
    assert not (out / "previews" / "poster-ur.png").exists()

    verified = run("verify", str(out), "-c", str(urdu_pack))
    assert verified.exit_code == 0, verified.output
    assert re.search(r"poster-ur +0 QR codes, +\d+ texts, +0 tags  ok \(web page and text version", verified.output)
    text = (out / "poster-ur.txt").read_text(encoding="utf-8")
    (out / "poster-ur.txt").write_text(text.replace("\u20660800 1111\u2069", "0800 1111"), encoding="utf-8")
    broken = run("verify", str(out), "-c", str(urdu_pack))
    assert broken.exit_code == 1 and "poster-ur.txt: 0800 1111 is not isolated left to right" in broken.output
    assert run("build", "-c", str(urdu_pack), "-o", str(out)).output.count("plain text changed since it was built") == 1

    (out / "poster-ur.html").write_text("mine now", encoding="utf-8")   # someone edits the page
    edit(urdu_pack, URDU_DOCUMENT, "")
    removed = run("build", "-c", str(urdu_pack), "-o", str(out))
    assert removed.exit_code == 0
    assert "removed poster-ur.txt from" in removed.output and "kept " in removed.output
    assert not (out / "poster-ur.txt").exists() and (out / "poster-ur.html").read_text() == "mine now"
    assert "poster-ur" not in (out / "manifest.json").read_text() and "poster-ur" not in (out / "index.html").read_text()


def test_the_urdu_web_and_text_versions_are_right_to_left_with_numbers_kept_whole(urdu_pack: Path) -> None:
    from packgen.catalogue.project import load_project
    from packgen.plan.documents import plan_documents
    from packgen.translation.translate import localise_plans
    from packgen.web.page import render_page
    from packgen.web.text import render_text
    from packgen.web.view import web_view

    project = load_project(urdu_pack)
    plans = plan_documents(project.catalogue, project.layouts, only=["poster-ur"])
    ready = localise_plans(plans, project.catalogue, project.layouts, project.folder, pdf=False)
    assert not ready.refused
    (plan,) = ready.plans
    view = web_view(plan)
    page, text = render_page(view), render_text(view)

    assert '<html lang="ur" dir="rtl">' in page
    assert "کوئی آپ کی برہنہ تصاویر" in page and "مدد کہاں سے حاصل کریں" in page
    link = '<a href="tel:+448001111" aria-label="Childline کو 0800 1111 پر کال کریں"><bdi dir="ltr">0800 1111</bdi></a>'
    assert f"چائلڈ لائن: {link}" in page                                  # inside running text, described in Urdu
    assert page.count(link) >= 2                                           # and among the services
    for english in ("Get help", "Where to get help", "Phone", "Checked", "November", "Don't pay", "Young people"):
        assert english not in page and english not in text

    assert "چائلڈ لائن: \u20660800 1111\u2069" in text
    assert "فون: \u20660800 1111\u2069" in text
    assert "\nhttps://www.childline.org.uk/\n" in text                    # a web address alone stays bare
    assert "جانچ کی تاریخ نومبر 2026" in text


# --- bilingual documents ------------------------------------------------------------------------

@pytest.fixture
def bilingual_pack(pack: Path) -> Path:
    """The fixture catalogue with a Welsh/English poster, leaflet and card set, Welsh first."""
    pack.write_text(CATALOGUE + BILINGUAL_DOCUMENTS, encoding="utf-8")
    assert run("translations", "update", "-c", str(pack)).exit_code == 0
    fill_po(pack.parent / "translations" / "cy.po", WELSH)
    return pack


def test_bilingual_poster_leaflet_and_cards_build_and_verify_with_welsh_first(bilingual_pack: Path,
                                                                             tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = run("build", "-c", str(bilingual_pack), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert re.search(r"poster-bi .* poster-a3 +1 ", result.output)      # both languages stacked on one page
    assert re.search(r"leaflet-bi .* leaflet-a4 +2 ", result.output)    # facing pages: Welsh, then English
    assert re.search(r"cards-bi .* cards-a4 +2 ", result.output)        # Welsh fronts, English backs
    verified = run("verify", str(output), "-c", str(bilingual_pack))    # each language's texts and QR codes
    assert verified.exit_code == 0, verified.output
    assert re.search(r"poster-bi +2 QR codes, +18 texts, +\d+ tags  ok", verified.output)
    for doc in ("poster-bi", "leaflet-bi", "cards-bi"):
        pdf = output / f"{doc}.pdf"
        assert read_tagged(pdf).lang == "cy"
        assert structure_languages(pdf) == [("/Document", None), ("/Part", "en-GB")]   # a screen reader switches
        text = " ".join(extract_text(pdf))
        assert text.index("Nid dy fai di yw e") < text.index("It's not your fault")   # Welsh first
    leaflet = extract_text(output / "leaflet-bi.pdf")
    assert "Ble i gael help" in leaflet[0] and "Where to get help" not in leaflet[0]   # never mixed on a page
    assert "Where to get help" in leaflet[1] and "Ble i gael help" not in leaflet[1]


def test_english_first_when_listed_first_and_a_bilingual_trifold_too_short_fails_clearly(bilingual_pack: Path,
                                                                                         tmp_path: Path) -> None:
    edit(bilingual_pack, "  - id: poster-bi\n    audience: young-people\n    layout: poster-a3\n"
         "    title: \"Someone threatening to share your nudes?\"\n"
         "    tagline: \"It's not your fault. Don't pay. Get help.\"\n    languages: [cy, en-GB]",
         "  - id: poster-bi\n    audience: young-people\n    layout: poster-a3\n"
         "    title: \"Someone threatening to share your nudes?\"\n"
         "    tagline: \"It's not your fault. Don't pay. Get help.\"\n    languages: [en-GB, cy]")
    edit(bilingual_pack, "    layout: leaflet-a4", "    layout: trifold-a4")
    run("translations", "update", "-c", str(bilingual_pack))
    fill_po(bilingual_pack.parent / "translations" / "cy.po", WELSH)
    result = run("build", "-c", str(bilingual_pack), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert ("document leaflet-bi: a bilingual tri-fold gives each language half of every panel, and in the "
            "Welsh (cy) half there is too little advice to fill the four advice panels; add advice items") in result.output
    poster = tmp_path / "out" / "poster-bi.pdf"
    assert read_tagged(poster).lang == "en-GB"
    text = " ".join(extract_text(poster))
    assert text.index("It's not your fault") < text.index("Nid dy fai di yw e")


def test_a_changed_translation_rebuilds_the_documents_that_show_it(bilingual_pack: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert run("build", "-c", str(bilingual_pack), "-o", str(output)).exit_code == 0
    fill_po(bilingual_pack.parent / "translations" / "cy.po", {"words/get_help": "Cael cymorth"})
    result = run("build", "-c", str(bilingual_pack), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert re.search(r"poster-cy .* built: translated printed words changed", result.output)
    assert re.search(r"poster-en .* unchanged", result.output)
    assert "Cael cymorth" in " ".join(extract_text(output / "poster-bi.pdf"))
    edit(bilingual_pack, "Paying rarely stops it. Block them and keep the evidence.",
         "Paying rarely stops it. Block them and keep all the evidence.")
    fill_po(bilingual_pack.parent / "translations" / "cy.po", {})   # nothing: the Welsh is stale now
    result = run("build", "-c", str(bilingual_pack), "-o", str(output))
    assert result.exit_code == 1
    assert "poster-bi: not built" in result.output and "poster-cy: not built" in result.output
    assert re.search(r"poster-en .* built: advice dont-pay short changed", result.output)


def test_a_bilingual_web_page_and_text_carry_both_languages_apart(bilingual_pack: Path) -> None:
    from packgen.catalogue.project import load_project
    from packgen.plan.documents import plan_documents
    from packgen.translation.translate import localise_plans
    from packgen.web.page import render_page
    from packgen.web.text import render_text
    from packgen.web.view import web_view

    project = load_project(bilingual_pack)
    plans = plan_documents(project.catalogue, project.layouts, only=["poster-bi"])
    (plan,) = localise_plans(plans, project.catalogue, project.layouts, project.folder).plans
    page, text = render_page(web_view(plan)), render_text(web_view(plan))
    assert page.count("<main") == 1 and '<html lang="cy" dir="ltr">' in page
    welsh, english = page.split('<div lang="en-GB" dir="ltr">')
    assert "Ble i gael help" in welsh and "Where to get help" not in welsh
    assert "Where to get help" in english and "Ble i gael help" not in english
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert text.index("Ble i gael help") < text.index("Where to get help")


def test_the_pdf_renderer_itself_refuses_a_script_it_cannot_shape(urdu_pack: Path) -> None:
    from packgen.catalogue.project import load_project
    from packgen.errors import UserError
    from packgen.plan.documents import plan_documents
    from packgen.render import render_pdf
    from packgen.translation.translate import localise_plans

    project = load_project(urdu_pack)
    plans = plan_documents(project.catalogue, project.layouts, only=["poster-ur"])
    (plan,) = localise_plans(plans, project.catalogue, project.layouts, project.folder, pdf=False).plans
    with pytest.raises(UserError, match=r"document poster-ur: Urdu \(ur\) is written in Arabic script"):
        render_pdf(plan)


def test_update_refuses_a_broken_po_file_cleanly_and_leaves_it_alone(welsh_pack: Path) -> None:
    po = welsh_pack.parent / "translations" / "cy.po"
    broken = po.read_text(encoding="utf-8").replace('msgstr "Cael help"', 'msgstr "Cael "help" "')
    po.write_text(broken, encoding="utf-8")
    result = run("translations", "update", "-c", str(welsh_pack))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(r"cy\.po:\d+:1: not a valid PO file: syntax error", result.output)
    assert po.read_text(encoding="utf-8") == broken


def test_a_web_only_document_is_zipped_and_emailed_as_its_web_and_text_versions(urdu_pack: Path, tmp_path: Path) -> None:
    import email
    import zipfile
    from email import policy

    table = tmp_path / "orgs.csv"
    table.write_text("id,name\nhillside,Hillside School\n", encoding="utf-8")
    result = run("batch", str(table), "-c", str(urdu_pack), "-o", str(tmp_path / "packs"), "--zip")
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(tmp_path / "packs" / "hillside.zip").namelist()
    assert names == ["hillside/poster-cy.pdf", "hillside/poster-en.pdf", "hillside/poster-ur.html",
                     "hillside/poster-ur.txt"]

    drafted = run("email", "poster-ur", "-c", str(urdu_pack))
    assert drafted.exit_code == 0, drafted.output
    assert "poster-ur has no PDF to attach" in drafted.output
    message = email.message_from_bytes((urdu_pack.parent / "output" / "poster-ur.eml").read_bytes(),
                                       policy=policy.default)
    assert [part.get_content_type() for part in message.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert 'poster-ur.html' in (urdu_pack.parent / "output" / "index.html").read_text(encoding="utf-8")


def test_a_batch_row_gives_the_org_welsh_in_columns_or_its_welsh_documents_are_refused(welsh_pack: Path,
                                                                                     tmp_path: Path) -> None:
    table = tmp_path / "orgs.csv"
    table.write_text("id,name,contacts_heading,contact_1,contact_2\n"
                     "hill,Hillside School,In school talk to,Mrs A Patel - Room 14,Police: 101\n", encoding="utf-8")
    refused = run("batch", str(table), "-c", str(welsh_pack), "-o", str(tmp_path / "packs"))
    assert refused.exit_code == 1
    assert ("orgs.csv row 2 (id hill): poster-cy: not built:\n"
            "  the org's heading of its local contacts has no Welsh (cy) version; add the column contacts_heading_cy\n"
            "  the org's list of local contacts has no Welsh (cy) version; add the columns contact_1_cy ... "
            "contact_2_cy") in refused.output
    assert (tmp_path / "packs" / "hill" / "poster-en.pdf").exists()

    table.write_text("id,name,contacts_heading,contact_1,contact_2,Contacts heading cy,Contact 1 cy,contact_2_cy\n"
                     "hill,Hillside School,In school talk to,Mrs A Patel - Room 14,Police: 101,"
                     "Yn yr ysgol,Mrs A Patel - Ystafell 14,Heddlu: 101\n", encoding="utf-8")
    built = run("batch", str(table), "-c", str(welsh_pack), "-o", str(tmp_path / "packs"))
    assert built.exit_code == 0, built.output
    welsh = " ".join(extract_text(tmp_path / "packs" / "hill" / "poster-cy.pdf"))
    assert "Yn yr ysgol" in welsh and "Ystafell 14" in welsh and "Heddlu: 101" in welsh
    assert "Room 14" not in welsh and "talk to" not in welsh and "Police" not in welsh


def test_validate_checks_the_org_profiles_translations(welsh_pack: Path) -> None:
    org = welsh_pack.parent / "org.yaml"
    org.write_text('name: X\ncontacts: ["a b"]\ntranslations:\n  cymraeg:\n    contacts: ["c"]\n', encoding="utf-8")
    result = run("validate", "-c", str(welsh_pack))
    assert result.exit_code == 1
    assert "org.yaml:3:1: translations: 'cymraeg' is not a BCP 47 language tag" in result.output
    org.write_text('name: X\ncontacts: ["a b"]\ntranslations:\n  cy:\n    contacts: ["c {childline.phon}"]\n',
                   encoding="utf-8")
    result = run("validate", "-c", str(welsh_pack))
    assert result.exit_code == 1
    assert "org.yaml:5:19: translations.cy.contacts[0]: unknown field 'phon' in {childline.phon}" in result.output
