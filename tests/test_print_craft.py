"""Print craft, read back from the PDFs: leaflet side counts and how full each side is, the help
box on page 1, URLs that break only where a reader expects, tri-fold panels, card alignment.

Positions come from pypdf's text visitor (independently of how packgen drew the text).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import Project, load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document

MM = 72 / 25.4


@dataclass(frozen=True)
class Run:
    """A piece of text drawn on a page, at (x, y) in points from the bottom-left."""

    text: str
    x: float
    y: float


@functools.cache
def text_runs(pdf: Path) -> list[list[Run]]:
    """Every non-blank text run of every page, with its position (read once per file)."""
    pages = []
    for page in pypdf.PdfReader(pdf).pages:
        runs: list[Run] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, runs: list[Run] = runs) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Run(text, x, y))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def side_fill(runs: list[Run], page_width: float, columns: int) -> float:
    """How full a side's text area is: per column, from the highest text under the page's head to
    the lowest text above the footer, over the height from that top to the footer; averaged.

    The footer is the lowest line on the page; the head (title bands) is whatever lies above the
    first column's top on page 1 — here simply the highest run that is not full width is taken as
    the columns' top, so bands count as outside the text area."""
    footer = min(r.y for r in runs)
    body = [r for r in runs if r.y > footer + 3 * MM]
    top = max(r.y for r in body)
    fills = []
    for column in range(columns):
        left, right = page_width * column / columns, page_width * (column + 1) / columns
        inside = [r for r in body if left <= r.x < right]
        lowest = min((r.y for r in inside), default=top)
        fills.append((top - lowest) / (top - footer))
    return sum(fills) / len(fills)


def write_catalogue(folder: Path, items: int, words: int, services: int, layout: str = "leaflet-a4") -> Project:
    vocabulary = ["keep", "calm", "talk", "to", "someone", "you", "trust", "about", "what", "is", "happening", "online", "and", "do", "not", "pay", "the", "people", "threatening", "you", "because", "paying", "rarely", "makes", "it", "stop"]

    def prose(count: int, seed: int) -> str:
        return " ".join(vocabulary[(i * 7 + seed) % len(vocabulary)] for i in range(count)) + "."

    data = {
        "version": 1,
        "pack": {"title": "Test pack", "publisher": "Test Publisher", "language": "en-GB",
                 "reviewed": dt.date.today().isoformat()},
        "audiences": [{"id": "everyone", "label": "Everyone"}],
        "services": [{"id": f"svc-{n}", "name": f"Helpline {n}", "summary": "Free, confidential help.",
                      "who_for": "Anyone who needs it.", "phone": f"0800 100 {n:03d}",
                      "url": f"https://example.org/services/helpline-number-{n}/", "audiences": ["everyone"]}
                     for n in range(services)],
        "advice": [{"id": f"item-{n}", "title": f"Advice heading {n}", "body": prose(words, n),
                    "points": [prose(12, n + k) for k in range(2)], "audiences": ["everyone"]}
                   for n in range(items)],
        "documents": [{"id": "doc", "audience": "everyone", "layout": layout, "title": "A leaflet for testing",
                       "tagline": "Nobody is to blame but the blackmailer."}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "resources.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_project(path)


def render(plan: DocumentPlan, folder: Path) -> Path:
    pdf = folder / plan.filename
    pdf.write_bytes(render_document(plan))
    return pdf


@pytest.fixture(scope="module")
def bundled_plans() -> dict[str, DocumentPlan]:
    project = load_project(bundled_catalogue())
    return {plan.id: plan for plan in plan_documents(project.catalogue, project.layouts)}


@pytest.fixture(scope="module")
def leaflets(bundled_plans: dict[str, DocumentPlan], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DocumentPlan, Path]]:
    """Every bundled leaflet, and generated leaflets from about half a side to nearly four."""
    import dataclasses

    folder = tmp_path_factory.mktemp("leaflets")
    found = {doc_id: (plan, render(plan, folder)) for doc_id, plan in bundled_plans.items()
             if plan.layout.kind == "leaflet"}
    layouts = load_project(bundled_catalogue()).layouts
    for layout_id in ("leaflet-a4-large-print", "leaflet-a4-dyslexia"):  # the bundled content in them
        for doc_id in ("parents-leaflet", "professionals-leaflet"):
            plan = dataclasses.replace(bundled_plans[doc_id], id=f"{doc_id}--{layout_id}", layout=layouts[layout_id])
            found[plan.id] = (plan, render(plan, folder))
    for items, words, services in ((2, 40, 1), (4, 90, 3), (7, 110, 4), (10, 120, 6), (14, 120, 8)):
        project = write_catalogue(folder / f"gen-{items}", items, words, services)
        plan = plan_documents(project.catalogue, project.layouts)[0]
        found[f"generated-{items}-items"] = (plan, render(plan, folder / f"gen-{items}"))
    return found


def test_leaflets_take_1_2_or_4_sides_each_at_least_half_full(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    counts = {}
    for doc_id, (plan, pdf) in leaflets.items():
        pages = text_runs(pdf)
        counts[doc_id] = len(pages)
        allowed = plan.layout.sides or [1, 2, 4]
        assert len(pages) in allowed and len(pages) in (1, 2, 4, 6, 8, 10, 12), f"{doc_id}: {len(pages)} sides"
        width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
        if len(pages) > 1:
            fills = [side_fill(runs, width, plan.layout.columns) for runs in pages]
            assert min(fills) >= 0.5, f"{doc_id}: sides filled {[round(f, 2) for f in fills]}"
    assert {1, 2, 4} <= set(counts.values()), counts  # the generated sizes reach every side count
    assert counts["parents-leaflet--leaflet-a4-large-print"] > 4  # large print takes more pages, not smaller type


def test_large_print_and_dyslexia_layouts_keep_their_type(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    """Large print: every piece of text (footers and captions too) at 18 pt or more; dyslexia: body at
    12 pt or more, nothing in italics, and a cream page."""
    for doc_id, (plan, pdf) in leaflets.items():
        if "--" not in doc_id:
            continue
        sizes: list[float] = []
        fonts: set[str] = set()
        for page in pypdf.PdfReader(pdf).pages:
            def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
                if text.strip():
                    sizes.append(size * (tm[3] or 1) * (cm[3] or 1))
                    fonts.add(str(font.get("/BaseFont", "")) if font else "")
            page.extract_text(visitor_text=visit)
        assert not [f for f in fonts if "Italic" in f or "Oblique" in f], fonts
        if plan.layout.id == "leaflet-a4-large-print":
            assert min(sizes) >= 17.9, (doc_id, min(sizes))
        else:
            assert plan.layout.theme.background.lower() != "#ffffff"


def test_page_one_of_every_leaflet_shows_the_first_phone_number(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    for doc_id, (plan, pdf) in leaflets.items():
        first = next(s for s in plan.services if s.phone)
        page_one = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
        assert first.phone in page_one, doc_id
        assert "Get help now" in page_one, doc_id
        if any(s.phone == "999" for s in plan.services):
            assert "999" in page_one.split("Get help now", 1)[1][:400], doc_id


def test_the_help_box_on_page_one_is_the_models(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    """What page 1 shows under "Get help now" is the model's box, entry by entry, in its order,
    in every leaflet layout (the renderer draws the node; it does not choose again)."""
    from packgen.model import document_model
    from packgen.verify.tagged import squash

    for doc_id, (plan, pdf) in leaflets.items():
        box = document_model(plan).help_box
        assert box is not None, doc_id
        page_one = squash(pypdf.PdfReader(pdf).pages[0].extract_text())
        after = page_one.split(squash(box.heading), 1)[1]
        for entry in box.entries:  # name, then number (then hours), in the model's order
            for text in (entry.name, entry.contact.link.text, *([entry.contact.note] if entry.contact.note else [])):
                assert squash(text) in after, (doc_id, text)
                after = after.split(squash(text), 1)[1]


# --- wallet cards: fronts and backs line up for a long-edge flip ---------------------------------

RASTER_DPI = 150
PX_MM = 25.4 / RASTER_DPI


def _runs(profile: list[float], threshold: float) -> list[tuple[int, int]]:
    """(first, last) index of each run of values above ``threshold``."""
    runs, start = [], None
    for index, value in enumerate(profile + [0.0]):
        if value > threshold and start is None:
            start = index
        elif value <= threshold and start is not None:
            runs.append((start, index - 1))
            start = None
    return runs


def card_boxes(image: Any) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in mm of each card's colour (its bands and their bleed), found
    from the raster: coloured (saturated) pixels; columns of cards; in each, the rows mostly
    coloured (bands, strips), split into cards where a short run of all-white rows (the middle of
    a gutter) separates them."""
    from PIL import Image

    saturation = image.convert("HSV").getchannel("S")
    mask = saturation.point(lambda s: 255 if s > 80 else 0)
    width, height = mask.size
    columns = list(mask.resize((width, 1), Image.BOX).tobytes())  # mode L: one byte a pixel
    boxes = []
    for left, right in _runs([c / 255 for c in columns], 0.15):
        rows = [r / 255 for r in mask.crop((left, 0, right + 1, height)).resize((1, height), Image.BOX).tobytes()]
        bands = _runs(rows, 0.55)  # white words on a band still leave over half of a row coloured
        cards, current = [], [bands[0]]
        for previous, band in zip(bands, bands[1:]):
            gap = rows[previous[1] + 1:band[0]]
            if len(gap) * PX_MM < 2 and min(gap) == 0:  # the white middle of a gutter
                cards.append(current)
                current = []
            current.append(band)
        cards.append(current)
        for card in cards:
            boxes.append((left * PX_MM, card[0][0] * PX_MM, (right + 1) * PX_MM, (card[-1][1] + 1) * PX_MM))
    return boxes


def test_card_backs_line_up_with_their_fronts_within_half_a_millimetre(bundled_plans: dict[str, DocumentPlan],
                                                                       tmp_path: Path) -> None:
    import pypdfium2

    plan = next(p for p in bundled_plans.values() if p.layout.kind == "cards")
    pdf = render(plan, tmp_path)
    document = pypdfium2.PdfDocument(str(pdf))
    front, back = (card_boxes(document[i].render(scale=RASTER_DPI / 72).to_pil()) for i in (0, 1))
    sheet_mm = float(document[0].get_width()) / MM
    assert len(front) == len(back) == 8
    for left, top, right, bottom in front:  # a long-edge flip mirrors x about the sheet's centre line
        mirrored = (sheet_mm - right, top, sheet_mm - left, bottom)
        nearest = min(back, key=lambda box: max(abs(a - b) for a, b in zip(box, mirrored)))
        assert max(abs(a - b) for a, b in zip(nearest, mirrored)) <= 0.5, (mirrored, nearest)
    widths = {round(right - left) for left, _, right, _ in front}
    heights = {round(bottom - top) for _, top, _, bottom in front}
    assert widths == {90} and heights == {60}  # 85 x 55 mm and 2.5 mm of colour past every cut


# --- printed addresses break only where a reader expects ----------------------------------------


def address_pattern(printed: str) -> re.Pattern[str]:
    """``printed`` as extracted, allowing a line break only after "/" or before "?", "&", "." or "-"."""
    pattern = ""
    for index, char in enumerate(printed):
        if index and (printed[index - 1] == "/" or char in "?&.-"):
            pattern += r"(?:[ \t]*\n[ \t]*)?"
        pattern += re.escape(char)
    return re.compile(r"(?<![\w./-])" + pattern + r"(?![\w/])")  # whole: not part of a longer address


@pytest.fixture(scope="module")
def bundled_pdfs(bundled_plans: dict[str, DocumentPlan], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bundled")
    return {doc_id: render(plan, folder) for doc_id, plan in bundled_plans.items()}


def test_every_printed_address_extracts_whole(bundled_plans: dict[str, DocumentPlan],
                                              bundled_pdfs: dict[str, Path]) -> None:
    for doc_id, plan in bundled_plans.items():
        pages = [page.extract_text() for page in pypdf.PdfReader(bundled_pdfs[doc_id]).pages]
        text = "\n".join(pages)
        for service in plan.services:
            if not (service.url and service.printed_url):
                continue
            found = address_pattern(service.printed_url).findall(text)
            assert found, f"{doc_id}: {service.printed_url} is not printed whole"
            if plan.layout.kind == "cards":  # every card's back prints an address for each of its codes
                assert len(address_pattern(service.printed_url).findall(pages[1])) == 8, service.printed_url


def test_a_long_address_breaks_only_at_its_separators() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from packgen.render.fonts import register_fonts
    from packgen.render.urls import UrlParagraph

    printed = "childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/report-remove"
    style = ParagraphStyle("url", fontName=register_fonts().main.faces.regular, fontSize=9, leading=11)
    for width_mm in (25, 40, 60):
        paragraph = UrlParagraph("https://www." + printed + "/", printed, style)
        paragraph.wrap(width_mm * MM, 1e6)
        lines = ["".join(getattr(word, "text", word) for word in line.words) if hasattr(line, "words")
                 else "".join(line[1]) for line in paragraph.blPara.lines]
        assert "".join(lines) == printed
        assert len(lines) > 1
        for before, after in zip(lines, lines[1:]):
            assert before.endswith("/") or after[0] in "?&.-", (before, after)


# --- tri-fold: six panels, advice items whole ------------------------------------------------------

OUTSIDE_PANELS_MM = (0.0, 97.0, 197.0, 297.0)  # inside flap, back panel, cover
INSIDE_PANELS_MM = (0.0, 100.0, 200.0, 297.0)  # inside 1, 2, 3


def panel_of(page: int, x: float) -> int:
    """0-5: inside flap, back, cover (outside); inside 1, 2, 3."""
    edges = OUTSIDE_PANELS_MM if page == 0 else INSIDE_PANELS_MM
    x_mm = x / MM
    return page * 3 + next(i for i in range(3) if edges[i] <= x_mm < edges[i + 1])


def _run_panels(runs: list[list[Run]], fragment: str) -> set[int]:
    squashed = "".join(fragment.split())
    return {panel_of(page, run.x) for page, page_runs in enumerate(runs) for run in page_runs
            if squashed in "".join(run.text.split())}


def test_trifold_fills_six_panels_and_keeps_each_item_whole(bundled_plans: dict[str, DocumentPlan],
                                                           bundled_pdfs: dict[str, Path]) -> None:
    from packgen.plan.documents import paragraphs

    for doc_id, plan in bundled_plans.items():
        if plan.layout.kind != "trifold":
            continue
        runs = text_runs(bundled_pdfs[doc_id])
        assert len(runs) == 2
        filled = {panel_of(page, run.x) for page, page_runs in enumerate(runs) for run in page_runs}
        assert filled == set(range(6)), f"{doc_id}: panels with text {sorted(filled)}"
        for advice in plan.advice:
            last = (advice.points or paragraphs(advice.body))[-1]
            first_panels = _run_panels(runs, advice.title[:18])
            last_panels = _run_panels(runs, " ".join(last.replace("**", "").split()[-3:]))
            assert len(first_panels) == 1 and first_panels == last_panels, (advice.title, first_panels, last_panels)
        names = {s.name: _run_panels(runs, s.name[:15]) for s in plan.services}
        assert all(1 in panels for panels in names.values()), names  # the back panel carries the services


def test_trifold_services_too_long_for_the_back_panel_name_the_cause(tmp_path: Path) -> None:
    from packgen.render.fit import DocumentTooLong

    project = write_catalogue(tmp_path, 6, 60, 5, layout="trifold-a4")
    plan = plan_documents(project.catalogue, project.layouts)[0]
    wordy = tuple(s.model_copy(update={"who_for": "Anyone who needs it. " * 12}) for s in plan.services)
    import dataclasses
    with pytest.raises(DocumentTooLong) as raised:
        render_document(dataclasses.replace(plan, services=wordy))
    message = str(raised.value)
    assert "back panel" in message and "Helpline 4" in message and "who_for" in message, message
    assert "remove advice items" not in message


# --- headings and bands ----------------------------------------------------------------------------


def test_no_heading_ends_a_column_without_two_lines_after_it(leaflets: dict[str, tuple[DocumentPlan, Path]]) -> None:
    """Every advice title on a leaflet has at least two lines of text under it in its column."""
    for doc_id, (plan, pdf) in leaflets.items():
        pages = text_runs(pdf)
        width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
        for advice in plan.advice:
            start = "".join(advice.title.split())[:16]
            for runs in pages:
                footer = min(r.y for r in runs)
                for run in runs:
                    if not "".join(run.text.split()).startswith(start):
                        continue
                    column = int(run.x // (width / plan.layout.columns))
                    below = {round(r.y) for r in runs if r.y < run.y - 1 and r.y > footer + 3 * MM
                             and int(r.x // (width / plan.layout.columns)) == column}
                    assert len(below) >= 2, f"{doc_id}: {advice.title!r} ends a column"


def test_titles_and_key_messages_never_end_on_a_single_word(bundled_plans: dict[str, DocumentPlan],
                                                            bundled_pdfs: dict[str, Path]) -> None:
    for doc_id, plan in bundled_plans.items():
        lines = [" ".join(line.split()) for line in pypdf.PdfReader(bundled_pdfs[doc_id]).pages[0].extract_text().splitlines()]
        for phrase in filter(None, [plan.title, plan.tagline]):
            last_word = phrase.split()[-1]
            assert last_word not in lines, f"{doc_id}: {phrase!r} ends on a line of its own"


# --- A5 booklets ------------------------------------------------------------------------------------


def test_saddle_stitch_order_puts_the_covers_outside_and_the_middle_spread_inside() -> None:
    from packgen.render.booklet import saddle_stitch_order

    assert saddle_stitch_order(4) == [(4, 1), (2, 3)]
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    with pytest.raises(ValueError):
        saddle_stitch_order(6)


def test_booklet_builds_reading_order_and_imposed_sheets(tmp_path: Path) -> None:
    from packs import build

    write_catalogue(tmp_path / "pack", 10, 120, 6, layout="booklet-a5")
    result = build(tmp_path / "pack" / "resources.yaml", tmp_path / "out")
    assert result.exit_code == 0, result.output
    reading, imposed = tmp_path / "out" / "doc.pdf", tmp_path / "out" / "doc-imposed.pdf"
    pages = pypdf.PdfReader(reading).pages
    assert len(pages) % 4 == 0 and len(pages) >= 4
    assert {(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in pages} == {(148, 210)}
    sheets = pypdf.PdfReader(imposed).pages
    assert len(sheets) == len(pages) // 2
    assert {(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in sheets} == {(297, 210)}
    total = len(pages)
    for side, runs in enumerate(text_runs(imposed)):  # each half of each side shows the right page's footer
        sheet, back = divmod(side, 2)
        left, right = (2 * sheet + 2, total - 2 * sheet - 1) if back else (total - 2 * sheet, 2 * sheet + 1)
        half = 297 * MM / 2
        for number, inside in ((left, lambda x: x < half), (right, lambda x: x >= half)):
            labels = [r.text for r in runs if inside(r.x) and "Page" in r.text]
            assert any(label.strip().endswith(f"Page {number}") for label in labels), (side, number, labels)
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "doc-imposed.pdf" in manifest
    from packs import verify

    checked = verify(tmp_path / "pack" / "resources.yaml", tmp_path / "out")
    assert checked.exit_code == 0, checked.output  # the imposed file's structure is checked too
    untagged = pypdf.PdfWriter()
    for sheet in pypdf.PdfReader(imposed).pages:
        untagged.add_page(sheet)  # the sheets without the catalog's structure tree
    untagged.write(imposed)
    checked = verify(tmp_path / "pack" / "resources.yaml", tmp_path / "out")
    assert checked.exit_code != 0 and "doc-imposed.pdf: not a tagged PDF" in checked.output, checked.output
