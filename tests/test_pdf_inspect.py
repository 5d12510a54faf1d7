"""Tests for packgen.verify.pdf_inspect, on small PDFs built here with ReportLab."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from packgen.render.fonts import register_fonts
from packgen.render.qr import draw_qr
from packgen.verify import pdf_inspect

REPO_ROOT = Path(__file__).resolve().parent.parent


def build_two_page_pdf(path: Path) -> Path:
    """Page 1: A4, Atkinson text, two codes, two links, trim/bleed boxes. Page 2: A5 landscape,
    Helvetica text, no codes, no links."""
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4, initialFontName="Atkinson", invariant=1)
    canvas.setTrimBox((10, 10, A4[0] - 10, A4[1] - 10))
    canvas.setBleedBox((1, 1, A4[0] - 1, A4[1] - 1))
    canvas.setFont("Atkinson", 12)
    canvas.drawString(72, 780, "Page one:   well-")
    canvas.drawString(72, 765, "known    text")
    draw_qr(canvas, "https://example.org/one", 30 * mm, 150 * mm, 25 * mm)
    draw_qr(canvas, "tel:+441234567890", 100 * mm, 150 * mm, 25 * mm, "Q")
    canvas.showPage()
    canvas.setTrimBox(None)  # ReportLab keeps boxes for all subsequent pages otherwise
    canvas.setBleedBox(None)
    canvas.setPageSize(landscape(A5))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 300, "Page two")
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_page_pdf(tmp_path_factory.mktemp("inspect") / "two.pdf")


def test_decode_qr_codes_per_page(two_page_pdf: Path) -> None:
    pages = pdf_inspect.decode_qr_codes(two_page_pdf)
    assert len(pages) == 2
    assert sorted(pages[0]) == ["https://example.org/one", "tel:+441234567890"]
    assert pages[1] == []


def test_scan_reports_format_level_and_position_in_points(two_page_pdf: Path) -> None:
    codes = {code.text: code for code in pdf_inspect.scan_qr_codes(two_page_pdf)[0]}
    tel = codes["tel:+441234567890"]
    assert (tel.format, tel.ec_level) == ("QR Code", "Q")
    expected = (100 * mm, 150 * mm, 125 * mm, 175 * mm)
    assert tel.bounds == pytest.approx(expected, abs=1 * mm)


def test_micro_qr_is_found_and_reported_as_such(tmp_path: Path) -> None:
    import segno

    image = tmp_path / "micro.png"
    segno.make("hi", micro=True).save(str(image), scale=10, border=4)
    pdf = tmp_path / "micro.pdf"
    canvas = Canvas(str(pdf), invariant=1)
    canvas.drawImage(str(image), 100, 400, 60 * mm, 60 * mm)
    canvas.showPage()
    canvas.save()
    (codes,) = pdf_inspect.scan_qr_codes(pdf)
    assert [(c.text, c.format) for c in codes] == [("hi", "Micro QR Code")]


def test_extract_text_normalises_whitespace(two_page_pdf: Path) -> None:
    assert pdf_inspect.extract_text(two_page_pdf) == ["Page one: well-known text", "Page two"]


def test_scan_pages_reads_codes_and_text_in_one_pass(two_page_pdf: Path) -> None:
    pages = pdf_inspect.scan_pages(two_page_pdf)
    assert [page.text for page in pages] == ["Page one: well-known text", "Page two"]
    assert [[code.text for code in page.codes] for page in pages] == pdf_inspect.decode_qr_codes(two_page_pdf)
    assert [page.blank_glyphs for page in pages] == [0, 0]


def test_scan_pages_counts_glyphs_the_font_lacks(tmp_path: Path) -> None:
    """A character the font has no glyph for is drawn as .notdef, a blank box on paper; pdfium
    leaves it out of the text, so it is counted instead (pypdf reads it back as U+0000)."""
    register_fonts()
    pdf = tmp_path / "notdef.pdf"
    canvas = Canvas(str(pdf), pagesize=A5, invariant=1)
    canvas.setFont("Atkinson", 12)
    canvas.drawString(72, 300, "Call \u4e00\u0d9a now")  # CJK and Sinhala: not in Atkinson Hyperlegible
    canvas.showPage()
    canvas.drawString(72, 300, "All drawn")
    canvas.save()

    pages = pdf_inspect.scan_pages(pdf)

    assert [page.blank_glyphs for page in pages] == [2, 0]
    assert pages[0].text == "Call now"
    assert pdf_inspect.extract_text(pdf)[0] == "Call \x00\x00 now"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("  a \n\t b  ", "a b"),
        ("well-\nknown", "well-known"),
        ("a -\nb", "a - b"),
        ("soft\u00adhyphen\ufffe", "softhyphen"),
        ("e\u0301", "é"),
        ("keep\x00zero", "keep\x00zero"),
    ],
)
def test_normalise_text(raw: str, normalised: str) -> None:
    assert pdf_inspect.normalise_text(raw) == normalised


def test_link_uris_per_page(two_page_pdf: Path) -> None:
    assert pdf_inspect.link_uris(two_page_pdf) == [
        ["https://example.org/one", "tel:+441234567890"],
        [],
    ]
    (first, _), _ = pdf_inspect.link_annotations(two_page_pdf)
    assert first.rect == pytest.approx((30 * mm, 150 * mm, 55 * mm, 175 * mm))


def test_page_sizes_and_boxes(two_page_pdf: Path) -> None:
    assert pdf_inspect.page_sizes_mm(two_page_pdf) == [
        pytest.approx((210, 297), abs=0.01),
        pytest.approx((210, 148), abs=0.01),
    ]
    first, second = pdf_inspect.boxes(two_page_pdf)
    assert first.media == pytest.approx((0, 0, *A4))
    assert first.trim == pytest.approx((10, 10, A4[0] - 10, A4[1] - 10))
    assert first.bleed == pytest.approx((1, 1, A4[0] - 1, A4[1] - 1))
    assert second.trim is None and second.bleed is None


def test_fonts_flag_unembedded_helvetica(two_page_pdf: Path) -> None:
    assert pdf_inspect.embedded_fonts(two_page_pdf) == {"AtkinsonHyperlegible-Regular"}
    assert pdf_inspect.unembedded_fonts(two_page_pdf) == {"Helvetica"}


def test_inspection_never_imports_reportlab(two_page_pdf: Path) -> None:
    code = (
        "import sys\n"
        "from packgen.verify import pdf_inspect as p\n"
        f"path = {str(two_page_pdf)!r}\n"
        "assert p.decode_qr_codes(path)[0]\n"
        "p.extract_text(path); p.link_uris(path); p.page_sizes_mm(path); p.boxes(path)\n"
        "assert p.embedded_fonts(path)\n"
        "assert 'reportlab' not in sys.modules, 'reportlab imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
