"""Tagged PDFs (issue 14): every bundled document and every kind with an org profile passes the
PyPI ``pdfua`` checker with no findings and packgen's own structure checks; the structure tree of
one document per kind matches its golden (``pdfinfo -struct-text``); the checks fail when the
tagging is broken; reading order, repeats, links, outline and reproducibility hold.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from packs import plans_for
from pdfua import validate
from pypdf import PdfReader
from test_org_render import ORGS, write_pack
from test_org_render import plans_for as org_plans_for

from packgen.catalogue.bundled import bundled_catalogue
from packgen.model import document_model, expected_texts
from packgen.model.nodes import Paragraph, plain
from packgen.model.texts import help_box_texts
from packgen.plan.documents import DocumentPlan
from packgen.render import render_document
from packgen.render.tagging import tagging_disabled
from packgen.verify.tagged import read_tagged, squash, structure_problems

GOLDENS = Path(__file__).parent / "goldens" / "structure"
GOLDEN_IDS = ["young-people-poster", "parents-leaflet", "parents-trifold", "young-people-cards"]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DocumentPlan, Path]]:
    folder = tmp_path_factory.mktemp("tagged")
    done = {}
    for plan_id, plan in plans_for(bundled_catalogue()).items():
        pdf = folder / plan.filename
        pdf.write_bytes(render_document(plan))
        done[plan_id] = (plan, pdf)
    return done


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DocumentPlan, Path]]:
    """Every kind for the org with a logo (Figure) and three contacts."""
    folder = write_pack(tmp_path_factory.mktemp("branded"), ORGS["crest"])
    done = {}
    for plan_id, plan in org_plans_for(folder).items():
        pdf = folder / plan.filename
        pdf.write_bytes(render_document(plan))
        done[plan_id] = (plan, pdf)
    return done


def pdfua_findings(pdf: Path) -> list[str]:
    report = validate(str(pdf))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    return found + [f"{o.rule_id} skipped: {o.skipped_reason}" for o in report.outcomes if o.skipped]


def test_every_bundled_document_passes_pdfua_and_the_structure_checks(bundled: dict) -> None:
    assert len(bundled) >= 9
    for plan_id, (plan, pdf) in bundled.items():
        assert pdfua_findings(pdf) == [], plan_id
        assert structure_problems(pdf, expected_texts(document_model(plan))) == [], plan_id


def test_every_kind_with_an_org_passes_pdfua_and_the_structure_checks(branded: dict) -> None:
    assert set(branded) == {"poster", "leaflet", "trifold", "cards"}
    for plan_id, (plan, pdf) in branded.items():
        assert pdfua_findings(pdf) == [], plan_id
        assert structure_problems(pdf, expected_texts(document_model(plan))) == [], plan_id
        tree = read_tagged(pdf)
        assert tree.root is not None
        figures = [node.alt for node in tree.root.walk() if node.role == "Figure"]
        assert "Hillside Academy logo" in figures, plan_id
        assert "QR code: Childline, childline.org.uk" in figures, plan_id


@pytest.mark.parametrize("plan_id", GOLDEN_IDS)
def test_structure_tree_matches_its_golden(bundled: dict, plan_id: str, update_goldens: bool) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed; `make test` installs it as root")
    _, pdf = bundled[plan_id]
    tree = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    golden = GOLDENS / f"{plan_id}.txt"
    if update_goldens:
        golden.write_text(tree, encoding="utf-8")
    assert tree == golden.read_text(encoding="utf-8")


def test_an_untagged_pdf_fails_the_checks(bundled: dict) -> None:
    plan, _ = bundled["parents-leaflet"]
    with tagging_disabled():
        untagged = render_document(plan)
    assert b"StructTreeRoot" not in untagged
    path = Path(bundled["parents-leaflet"][1]).with_name("untagged.pdf")
    path.write_bytes(untagged)
    assert structure_problems(path, []) == ["not a tagged PDF: no structure tree"]
    assert pdfua_findings(path)


def _broken(source: Path, target: Path, change: object) -> Path:
    with pikepdf.open(source) as pdf:
        change(pdf)  # type: ignore[operator]
        pdf.save(target)
    return target


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            walk(node.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_the_checks_find_broken_tagging(bundled: dict, tmp_path: Path) -> None:
    plan, pdf = bundled["parents-leaflet"]
    expected = expected_texts(document_model(plan))

    def no_description(doc: pikepdf.Pdf) -> None:
        del doc.pages[-1].Annots[0].Contents

    def skipped_heading(doc: pikepdf.Pdf) -> None:
        next(e for e in _elements(doc) if e.S == "/H2").S = pikepdf.Name("/H3")

    def title_untagged(doc: pikepdf.Pdf) -> None:
        del next(e for e in _elements(doc) if e.S == "/H1").K

    def link_outside_tree(doc: pikepdf.Pdf) -> None:
        link = next(e for e in _elements(doc) if e.S == "/Link")
        link.K = pikepdf.Array([kid for kid in (link.K if isinstance(link.K, pikepdf.Array) else [link.K])
                                if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR")])

    def no_lang(doc: pikepdf.Pdf) -> None:
        del doc.Root.Lang

    def mcid_twice(doc: pikepdf.Pdf) -> None:
        elements = _elements(doc)
        title = next(e for e in elements if e.S == "/H1")
        paragraph = next(e for e in elements if e.S == "/P" and e.Pg.objgen == title.Pg.objgen)
        paragraph.K = pikepdf.Array([paragraph.K, title.K])

    cases = {no_description: "has no description", skipped_heading: "heading level skips from H1 to H3",
             title_untagged: "text not in the structure tree: 'Sextortion: what parents",
             link_outside_tree: "is in no Link element", no_lang: "no document language",
             mcid_twice: "is in 2 elements"}
    for change, problem in cases.items():
        broken = _broken(pdf, tmp_path / f"{change.__name__}.pdf", change)
        problems = structure_problems(broken, expected)
        assert any(problem in p for p in problems), (change.__name__, problems)
    figure_pdf = bundled["young-people-poster"][1]

    def no_alt(doc: pikepdf.Pdf) -> None:
        del next(e for e in _elements(doc) if e.S == "/Figure").Alt

    assert "a Figure has no alternate text" in structure_problems(_broken(figure_pdf, tmp_path / "alt.pdf", no_alt), [])


def test_reading_order_follows_the_model_not_the_drawing(bundled: dict) -> None:
    """The tri-fold draws the services (back cover) before the advice; the tree reads advice first."""
    plan, pdf = bundled["parents-trifold"]
    model = document_model(plan)
    tree = read_tagged(pdf)
    assert tree.root is not None
    h2 = [tree.text_of(node) for node in tree.root.walk() if node.role == "H2"]
    assert model.help_box is not None  # drawn on the cover, read after the key message
    assert h2 == [model.help_box.heading] + [section.heading for section in model.sections] + \
        [model.services.heading]  # type: ignore[union-attr]
    h1 = [tree.text_of(node) for node in tree.root.walk() if node.role == "H1"]
    assert h1 == [model.title]


def test_split_paragraphs_are_one_element_with_words_separated(bundled: dict) -> None:
    plan, pdf = bundled["parents-leaflet"]
    tree = read_tagged(pdf)
    assert tree.root is not None
    paragraphs = {tree.text_of(node) for node in tree.root.walk() if node.role == "P"}
    wanted = [plain(block.spans) for section in document_model(plan).sections for block in section.blocks
              if isinstance(block, Paragraph)]
    assert [text for text in wanted if text not in paragraphs] == []  # whole, with spaces at line breaks
    pages = [{page for page, _ in node.content} for node in tree.root.walk() if node.role == "P"]
    assert any(len(on) > 1 for on in pages), "no paragraph of the leaflet runs over a page break"


def test_cards_tag_one_card_and_the_repeats_are_artifacts(bundled: dict) -> None:
    plan, pdf = bundled["young-people-cards"]
    tree = read_tagged(pdf)
    assert tree.root is not None
    title = squash(plan.title)
    assert squash(tree.text_of(tree.root)).count(title) == 1
    assert squash(tree.artifact_text[0]).count(title) == 7  # eight cards a sheet: one tagged, seven repeats
    headings = [tree.text_of(node) for node in tree.root.walk() if node.role == "H2"]
    assert len(headings) == len(set(headings))


def test_every_printed_contact_is_a_described_link(bundled: dict) -> None:
    for plan_id in ("parents-leaflet", "young-people-poster", "young-people-cards"):
        plan, pdf = bundled[plan_id]
        model = document_model(plan)
        links = {(link.uri, link.contents) for link in read_tagged(pdf).links}
        assert model.services is not None
        for entry in model.services.entries:
            for contact in (entry.phone, entry.sms, entry.email, entry.web):
                if contact is not None:
                    assert (contact.link.target, contact.link.description) in links, (plan_id, contact)
        assert ("tel:+448001111", "Call Childline on 0800 1111") in links


def test_multi_page_documents_have_an_outline_of_their_sections(bundled: dict) -> None:
    plan, pdf = bundled["parents-leaflet"]
    model = document_model(plan)
    titles = [item.title for item in PdfReader(pdf).outline]
    assert titles == [section.heading for section in model.sections] + [model.services.heading]  # type: ignore[union-attr]
    assert PdfReader(bundled["young-people-poster"][1]).outline == []


def test_tagged_renders_are_byte_identical(bundled: dict) -> None:
    for plan_id in ("parents-trifold", "young-people-cards"):
        plan, pdf = bundled[plan_id]
        assert render_document(plan) == pdf.read_bytes(), plan_id


def test_a_link_in_running_text_is_a_described_link_in_its_paragraph(tmp_path: Path) -> None:
    """Contact links inside a paragraph (issue 10's spans): the paragraph keeps its text, the
    annotation gets a Link element and the span's description."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Frame

    from packgen.model.nodes import Document, Link, Section, Text
    from packgen.render.blocks import spans
    from packgen.render.fonts import register_fonts
    from packgen.render.page import link_descriptions
    from packgen.render.tagging import TaggedCanvas, tag

    call = Link("tel", "tel:08001111", "0800 1111", "Call Childline on 0800 1111")
    paragraph = Paragraph((Text("If you are worried, call Childline on "), call, Text(", any time.")))
    model = Document(id="d", kind="leaflet", language="en-GB", title="Title", audience="Everyone", identity=None,
                     key_message=None, sections=(Section("s", "Heading", (paragraph,)),), contacts=None,
                     services=None, footer="")
    target = io.BytesIO()
    font = register_fonts().main.faces.regular
    canvas = TaggedCanvas(target, model=model, describe=link_descriptions(model), initialFontName=font,
                          lang="en-GB", invariant=1)
    canvas.setTitle("Title")
    style = ParagraphStyle("p", fontName=font, fontSize=11, leading=14)
    flowables = [tag(spans((Text("Title"),), style), model, "title"),
                 tag(spans((Text("Heading"),), style), model.sections[0], "heading"),
                 tag(spans(paragraph.spans, style), paragraph)]
    Frame(50, 50, 150, 700).addFromList(flowables, canvas)
    canvas.save()
    pdf = tmp_path / "inline.pdf"
    pdf.write_bytes(target.getvalue())
    assert pdfua_findings(pdf) == []
    assert structure_problems(pdf, ["Title", "Heading", plain(paragraph.spans)]) == []
    tree = read_tagged(pdf)
    assert tree.root is not None
    assert [(link.uri, link.contents) for link in tree.links] == [("tel:08001111", "Call Childline on 0800 1111")]
    p = next(node for node in tree.root.walk() if node.role == "P")
    assert tree.text_of(p) == "If you are worried, call Childline on 0800 1111, any time."
    assert [kid.role for kid in p.kids] == ["Link"]


def test_asides_untagged_links_and_code_inserted_by_others_stay_well_formed(tmp_path: Path) -> None:
    """A box a layout adds of its own (tagged as an aside of the document), a link drawn by a
    flowable nobody tagged (its text an artifact, the link still in the tree, described), and a
    background another module puts first in the page's content while the page is drawn."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Frame
    from reportlab.platypus import Paragraph as RLParagraph

    from packgen.model.nodes import Document, Text
    from packgen.render.blocks import link, spans
    from packgen.render.fonts import register_fonts
    from packgen.render.tagging import TaggedCanvas, tag

    model = Document(id="d", kind="leaflet", language="en-GB", title="Title", audience="Everyone", identity=None,
                     key_message=None, sections=(), contacts=None, services=None, footer="")
    target = io.BytesIO()
    font = register_fonts().main.faces.regular
    canvas = TaggedCanvas(target, model=model, describe={"tel:999": "Call the police on 999"},
                          initialFontName=font, lang="en-GB", invariant=1)
    canvas.setTitle("Title")
    style = ParagraphStyle("p", fontName=font, fontSize=11, leading=14)
    Frame(50, 600, 300, 200).addFromList([tag(spans((Text("Title"),), style), model, "title")], canvas)
    canvas._code.insert(0, "/Artifact BMC q 1 1 0.9 rg 0 0 10 10 re f Q EMC")  # a page colour, put first
    Frame(50, 300, 300, 300).addFromList([
        tag(spans((Text("Get help now"),), style), model, ("help", 0), role="H2"),
        tag(link("tel:08001111", "0800 1111", style), model, ("help", 1), role="Link",
            description="Call Childline on 0800 1111"),
        RLParagraph('<a href="tel:999">999</a>', style),  # untagged
    ], canvas)
    canvas.save()
    pdf = tmp_path / "aside.pdf"
    pdf.write_bytes(target.getvalue())
    assert pdfua_findings(pdf) == []
    assert structure_problems(pdf, ["Title", "Get help now", "0800 1111"]) == []
    tree = read_tagged(pdf)
    assert tree.root is not None
    roles = [node.role for node in tree.root.walk()]
    assert roles == ["StructTreeRoot", "Document", "H1", "Sect", "H2", "P", "Link", "Link"]
    assert sorted(link.contents for link in tree.links) == ["Call Childline on 0800 1111", "Call the police on 999"]
    assert "999" in tree.artifact_text[0]


def _help_sect(tree: object, heading: str) -> object:
    """The Sect whose first element is the help box's H2."""
    root = tree.root  # type: ignore[attr-defined]
    return next(node for node in root.walk() if node.role == "Sect" and node.kids and node.kids[0].role == "H2"
                and squash(tree.text_of(node.kids[0])) == squash(heading))  # type: ignore[attr-defined]


def test_the_help_box_numbers_are_described_links_read_after_the_key_message(bundled: dict) -> None:
    """Leaflets and tri-folds: the "Get help now" box is in the tree (not an artifact), right after
    the key message and before the advice; each number is a Link holding its annotation, whose
    description the model gives; the box's texts are the model's, and all on page 1."""
    for plan_id in ("parents-leaflet", "professionals-leaflet", "parents-trifold"):
        plan, pdf = bundled[plan_id]
        box = document_model(plan).help_box
        assert box is not None and box.entries, plan_id
        tree = read_tagged(pdf)
        assert tree.root is not None
        sect = _help_sect(tree, box.heading)
        top = tree.root.kids[0].kids  # Document's children
        first_advice = next(i for i, node in enumerate(top) if node.role == "Sect" and node is not sect)
        assert top.index(sect) < first_advice, plan_id  # type: ignore[arg-type]
        assert [node.role for node in top[:top.index(sect)]][-2:] in (["H1", "P"], ["P", "P"]), plan_id  # type: ignore[arg-type]
        links_by_ref = {link.ref: link for link in tree.links}
        found = []
        for node in sect.walk():  # type: ignore[attr-defined]
            if node.role == "Link":  # one annotation: the number on one line, never "0808 800 | 5000"
                assert len(node.annotations) == 1, (plan_id, tree.text_of(node))
                link = links_by_ref[node.annotations[0]]
                found.append((squash(tree.text_of(node)), link.uri, link.contents, link.page))
        expected = [(squash(e.contact.link.text), e.contact.link.target, e.contact.link.description, 0)
                    for e in box.entries]
        assert found == expected, plan_id
        assert squash(tree.text_of(sect)) == squash("".join(help_box_texts(box))), plan_id  # nothing else
        assert {page for node in sect.walk() for page, _ in node.content} == {0}, plan_id  # type: ignore[attr-defined]
        assert not any(squash(box.heading) in squash(text) for text in tree.artifact_text), plan_id


def test_the_help_box_shows_the_first_numbers_and_999_last() -> None:
    """The model's rule (the renderer draws what it says): phones in the document's order, at
    most three, 999 last; without any phone, the first web addresses."""
    from packgen.catalogue.contact_links import tel_target
    from packgen.catalogue.models import Service
    from packgen.i18n.words import words_for
    from packgen.model.build import help_box

    def service(n: str, phone: str | None = None, **extra: object) -> Service:
        return Service.model_validate({"id": n, "name": f"S {n}", "summary": "Help.", "url": f"https://example.org/{n}",
                                       "phone": phone, "audiences": ["everyone"], **extra})

    words = words_for("en-GB")
    box = help_box((service("a", "0800 1111"), service("b"), service("999", "999"), service("c", "116 123"),
                    service("d", "0808 800 5000")), words)
    assert box is not None
    assert [(e.name, e.contact.link.target, e.contact.link.description) for e in box.entries] == [
        ("S a", tel_target("0800 1111"), "Call S a on 0800 1111"), ("S c", tel_target("116 123"), "Call S c on 116 123"),
        ("S 999", tel_target("999"), "Call S 999 on 999")]
    web = help_box((service("x"), service("y")), words)
    assert web is not None and [e.contact.link.kind for e in web.entries] == ["web", "web"]
    assert help_box((), words) is None


def test_the_imposed_booklet_is_tagged_in_reading_order(tmp_path: Path) -> None:
    """The booklet's imposed sheets (two A5 pages a side, saddle-stitch order) carry the same
    structure tree as the reading-order file, its MCIDs renumbered on each side: pdfua finds
    nothing, every text is tagged, the headings read in the same order, every link is described
    and sits on the half of the sheet its page went to."""
    from test_print_craft import write_catalogue

    from packgen.plan.documents import plan_documents
    from packgen.render.booklet import impose, saddle_stitch_order

    project = write_catalogue(tmp_path / "pack", 10, 120, 6, layout="booklet-a5")
    plan = plan_documents(project.catalogue, project.layouts)[0]
    reading = tmp_path / "doc.pdf"
    reading.write_bytes(render_document(plan))
    imposed = tmp_path / "doc-imposed.pdf"
    imposed.write_bytes(impose(reading.read_bytes()))
    assert len(PdfReader(imposed).pages) == len(PdfReader(reading).pages) // 2
    expected = expected_texts(document_model(plan))
    for pdf in (reading, imposed):
        assert pdfua_findings(pdf) == [], pdf.name
        assert structure_problems(pdf, expected) == [], pdf.name
    before, after = read_tagged(reading), read_tagged(imposed)
    assert before.root is not None and after.root is not None

    def outline(tree: object) -> list[tuple[str, str]]:
        return [(node.role, squash(tree.text_of(node))) for node in tree.root.walk()  # type: ignore[attr-defined]
                if node.role in ("H1", "H2", "H3", "P", "Link", "Figure")]

    assert outline(after) == outline(before)
    assert [node.role for node in after.root.walk() if node.role.startswith("H")][:3] == ["H1", "H2", "H2"]
    assert squash(after.text_of(after.root)) == squash(before.text_of(before.root))
    sides = saddle_stitch_order(len(PdfReader(reading).pages))
    half = float(PdfReader(imposed).pages[0].mediabox.width) / 2
    reader = PdfReader(imposed)
    links = sorted((link.uri, link.contents) for link in after.links)
    assert links == sorted((link.uri, link.contents) for link in before.links) and links
    def side_of(page: int) -> tuple[int, bool]:  # (sheet side, on its right half) of a page from 1
        side = next(s for s, pair in enumerate(sides) if page in pair)
        return side, sides[side].index(page) == 1

    placed = sorted((link.uri, link.contents, *side_of(link.page + 1)) for link in before.links)
    rects = {link.ref: [float(v) for v in reader.get_object(link.ref[0])["/Rect"]] for link in after.links}  # type: ignore[index]
    assert sorted((link.uri, link.contents, link.page, rects[link.ref][0] >= half) for link in after.links) == placed
    assert all(rect[2] <= half or rect[0] >= half for rect in rects.values())  # none across the fold
    if shutil.which("pdfinfo") is not None:
        def struct(pdf: Path) -> list[str]:
            text = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True,
                                  check=True).stdout
            return [line for line in text.splitlines() if "Object " not in line]

        assert struct(imposed) == struct(reading)


def test_a_section_in_another_language_says_so(tmp_path: Path) -> None:
    """A bilingual document's Welsh section carries /Lang cy; the document keeps its own."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Frame

    from packgen.model.nodes import Document, Section, Text
    from packgen.render.blocks import advice_in_full, spans
    from packgen.render.fonts import register_fonts
    from packgen.render.styles import make_styles
    from packgen.render.tagging import TaggedCanvas, tag

    welsh = Section("cy", "Peidiwch â thalu", (Paragraph((Text("Nid eich bai chi yw e."),)),), lang="cy")
    model = Document(id="d", kind="leaflet", language="en-GB", title="Title", audience="Everyone", identity=None,
                     key_message=None, sections=(welsh,), contacts=None, services=None, footer="")
    target = io.BytesIO()
    fonts = register_fonts()
    canvas = TaggedCanvas(target, model=model, describe={}, initialFontName=fonts.main.faces.regular,
                          lang="en-GB", invariant=1)
    canvas.setTitle("Title")
    plan = next(iter(plans_for(bundled_catalogue()).values()))
    styles = make_styles(plan.layout, fonts, 12)
    title = tag(spans((Text("Title"),), ParagraphStyle("t", fontName=fonts.main.faces.bold)), model, "title")
    Frame(50, 50, 300, 700).addFromList([title, *advice_in_full(welsh, styles)], canvas)
    canvas.save()
    pdf = tmp_path / "welsh.pdf"
    pdf.write_bytes(target.getvalue())
    assert pdfua_findings(pdf) == []
    tree = read_tagged(pdf)
    assert tree.root is not None and tree.lang == "en-GB"
    assert [(node.role, node.lang) for node in tree.root.walk() if node.lang] == [("Sect", "cy")]
    assert structure_problems(pdf, ["Title", "Peidiwch â thalu", "Nid eich bai chi yw e."]) == []
