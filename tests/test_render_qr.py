"""Tests for packgen.render.qr: matrices, vector drawing, links and the Flowable, decoded back."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from qr_reference import NotAQrCode, decode_matrix
from reportlab.lib.colors import black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.render.fonts import register_fonts
from packgen.render.qr import (
    ERROR_CORRECTION_LEVELS,
    QrFlowable,
    _cached_path,
    _cached_runs,
    clear_caches,
    draw_qr,
    module_count,
    module_size_mm,
    qr_matrix,
    quiet_zone,
    version_of,
)
from packgen.verify import pdf_inspect


def long_url(index: int) -> str:
    """A distinct 98-character URL (version 6 at level M)."""
    base = f"https://www.example.org/get-help/sextortion/{index:02d}/?utm_source=poster&ref="
    return base + "x" * (98 - len(base))


LONG_URL = long_url(0)


def new_canvas(path: Path) -> Canvas:
    """A canvas whose page-start font is embedded Atkinson (a bare Canvas references Helvetica)."""
    register_fonts()
    return Canvas(str(path), pagesize=A4, initialFontName="Atkinson", invariant=1)


def test_long_url_fixture_is_98_chars() -> None:
    assert len(LONG_URL) == 98 and len({long_url(i) for i in range(20)}) == 20


def test_qr_matrix_is_cached_and_has_no_quiet_zone() -> None:
    matrix = qr_matrix(LONG_URL, "M")
    assert qr_matrix(LONG_URL, "M") is matrix
    assert qr_matrix(LONG_URL, "m") is matrix
    assert len(matrix) == 41 and all(len(row) == 41 for row in matrix)
    # Without a quiet zone the finder pattern starts in the very corner.
    assert matrix[0][:8] == (True,) * 7 + (False,)
    assert all(isinstance(module, bool) for module in matrix[0])


@pytest.mark.parametrize("url", ["a", "1", "https://a.b", "tel:1"])
def test_never_micro_qr(url: str) -> None:
    assert module_count(url, "L") >= 21


def test_segno_make_would_have_made_micro_qr() -> None:
    """Control: the trap qr_matrix avoids by using make_qr."""
    assert segno.make("tel:1").is_micro
    assert module_count("tel:1") == 21


@pytest.mark.parametrize(
    ("level", "url"),
    [("L", "https://example.org"), ("M", "https://example.org"), ("Q", "https://example.org/h")],
)
def test_error_correction_is_not_boosted(level: str, url: str) -> None:
    boosted = segno.make_qr(url, error=level)
    assert boosted.error != level  # segno's default would silently raise the level: the trap
    decoded = decode_matrix(qr_matrix(url, level))
    assert (decoded.text, decoded.level) == (url, level)
    assert decoded.version == boosted.version  # the level could have been raised for free, and was not


def bundled_urls() -> list[str]:
    project = load_project(bundled_catalogue())
    return sorted({service.url for service in project.catalogue.services if service.url})


@pytest.mark.parametrize("level", ERROR_CORRECTION_LEVELS)
def test_every_code_decodes_to_the_exact_url_at_the_smallest_version(level: str) -> None:
    """zxing-cpp's matrices, read by a second, independent decoder (tests/qr_reference.py).

    The version must be the one segno (the previous encoder, a third implementation) picks:
    the smallest that holds the URL at that level. Masks may differ: both are valid.
    """
    urls = bundled_urls() + [LONG_URL, "tel:1", "https://example.org/" + "a" * 200]
    assert len(urls) >= 8
    for url in urls:
        matrix = qr_matrix(url, level)
        decoded = decode_matrix(matrix)
        expected = segno.make_qr(url, error=level, boost_error=False)
        assert (decoded.text, decoded.level, decoded.version) == (url, level, expected.version), url
        assert version_of(len(matrix)) == expected.version and not expected.is_micro


def test_reference_decoder_reads_segno_codes_and_refuses_damage() -> None:
    """The second decoder is itself checked against an independent encoder, and can fail."""
    for url, level in [("https://example.org/x", "L"), (LONG_URL, "M"), ("HTTPS://A.ORG/1", "Q"),
                       ("https://example.org/" + "a" * 200, "H")]:
        code = segno.make_qr(url, error=level, boost_error=False)
        matrix = [[bool(m) for m in row] for row in code.matrix_iter(border=0)]
        decoded = decode_matrix(matrix)
        assert (decoded.text, decoded.level, decoded.version, decoded.mask) == (url, level, code.version, code.mask)
    damaged = [list(row) for row in qr_matrix(LONG_URL, "M")]
    damaged[20][30] = not damaged[20][30]  # one data module flipped
    with pytest.raises(NotAQrCode):
        decode_matrix(damaged)


def test_every_level_decodes_from_the_pdf_with_zxing(tmp_path: Path) -> None:
    """The first decoder: the bundled URLs at every level, drawn, rasterised and read by zxing-cpp."""
    urls = bundled_urls()
    pdf = tmp_path / "levels.pdf"
    canvas = new_canvas(pdf)
    for level in ERROR_CORRECTION_LEVELS:
        for index, url in enumerate(urls):
            column, row = index % 4, index // 4
            draw_qr(canvas, url, 20 * mm + column * 47 * mm, 25 * mm + row * 52 * mm, 25 * mm, level)
        canvas.showPage()
    canvas.save()
    pages = pdf_inspect.scan_qr_codes(pdf)
    assert len(pages) == 4
    for level, found in zip(ERROR_CORRECTION_LEVELS, pages):
        assert sorted((c.text, c.ec_level, c.format) for c in found) == [(url, level, "QR Code") for url in urls]


def test_cached_path_is_exactly_what_path_rect_writes() -> None:
    """The path cache changes no byte of the PDF: same operators as one path.rect() per run."""
    import random

    canvas = Canvas("unused.pdf")  # never saved
    rnd = random.Random(17)
    places = [(LONG_URL, "M", 10, 20.5, 20 * mm), ("https://example.org", "M", 33.3333, 700.1, 22 * mm)] + [
        (url, level, rnd.uniform(0, 600), rnd.uniform(0, 800), rnd.uniform(15, 120))
        for url in (LONG_URL, "tel:1", "https://example.org/" + "a" * 150) for level in ERROR_CORRECTION_LEVELS
        for _ in range(5)]
    for url, level, x, y, size in places:
        reference = canvas.beginPath()
        module = size / module_count(url, level)
        for row, column, length in _cached_runs(url, level):
            reference.rect(x + column * module, y + size - (row + 1) * module, length * module, module)
        cached = canvas.beginPath()
        cached._code_append(_cached_path(url, level, x, y, size))
        assert cached.getCode() == reference.getCode(), (url, level, x, y, size)
    dark_runs = sum(1 for row in qr_matrix(LONG_URL) for dark, _ in itertools.groupby(row) if dark)
    assert len(_cached_runs(LONG_URL, "M")) == dark_runs


def test_clear_caches_forgets_codes() -> None:
    matrix = qr_matrix(LONG_URL)
    clear_caches()
    again = qr_matrix(LONG_URL)
    assert again == matrix and again is not matrix  # re-encoded, deterministically


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        qr_matrix("https://a.org", "X")
    with pytest.raises(ValueError):
        qr_matrix("")


def test_sizes() -> None:
    assert module_count(LONG_URL, "M") == 41
    assert quiet_zone(41.0, 41) == pytest.approx(4.0)
    assert module_size_mm(LONG_URL, "M", 20) == pytest.approx(20 / 41)
    assert module_size_mm(LONG_URL, "M", 20) >= 0.4


def test_codes_decode_to_exactly_the_drawn_urls_with_levels(tmp_path: Path) -> None:
    codes = [
        ("https://example.org/a", "L", 30 * mm),
        ("https://example.org/b?x=1&copy=2", "M", 25 * mm),
        ("mailto:help@example.org", "Q", 25 * mm),
        (LONG_URL, "M", 20 * mm),
    ]
    pdf = tmp_path / "codes.pdf"
    canvas = new_canvas(pdf)
    for index, (url, level, size) in enumerate(codes):
        draw_qr(canvas, url, 30 * mm + index * 42 * mm, 200 * mm, size, level)
    canvas.showPage()
    canvas.save()
    (found,) = pdf_inspect.scan_qr_codes(pdf)
    assert sorted((c.text, c.ec_level, c.format) for c in found) == sorted(
        (url, level, "QR Code") for url, level, _ in codes
    )
    assert sorted(pdf_inspect.link_uris(pdf)[0]) == sorted(url for url, _, _ in codes)
    assert pdf_inspect.pdf_fonts(pdf) == set()


def test_twenty_long_codes_on_one_a4_page_at_20mm(tmp_path: Path) -> None:
    urls = [long_url(i) for i in range(20)]
    pdf = tmp_path / "sheet.pdf"
    canvas = new_canvas(pdf)
    for index, url in enumerate(urls):
        column, row = index % 4, index // 4
        draw_qr(canvas, url, 20 * mm + column * 47 * mm, 25 * mm + row * 52 * mm, 20 * mm)
    canvas.showPage()
    canvas.save()
    (texts,) = pdf_inspect.decode_qr_codes(pdf, dpi=150)
    assert sorted(texts) == sorted(urls)  # every code, once each, nothing else
    assert sorted(pdf_inspect.link_uris(pdf)[0]) == sorted(urls)


def test_codes_are_one_vector_path_each(tmp_path: Path) -> None:
    pdf = tmp_path / "vector.pdf"
    canvas = new_canvas(pdf)
    draw_qr(canvas, LONG_URL, 50, 50, 20 * mm)
    canvas.showPage()
    canvas.save()
    page = PdfReader(pdf).pages[0]
    contents, resources = page.get_contents(), page["/Resources"].get_object()
    assert contents is not None and isinstance(resources, DictionaryObject)
    content = contents.get_data()
    matrix = qr_matrix(LONG_URL)
    dark_runs = sum(1 for row in matrix for dark, _ in itertools.groupby(row) if dark)
    assert content.count(b" re") == dark_runs < sum(map(sum, matrix))  # runs merged
    assert content.count(b"\nf") == 1  # one fill for the whole code
    assert "/XObject" not in resources  # no raster image


def test_light_paints_quiet_zone_so_code_reads_on_dark_background(tmp_path: Path) -> None:
    pdf = tmp_path / "dark.pdf"
    canvas = new_canvas(pdf)
    canvas.setFillColor(black)
    canvas.rect(0, 0, *A4, stroke=0, fill=1)
    draw_qr(canvas, "https://example.org/plain", 30 * mm, 200 * mm, 30 * mm)
    draw_qr(canvas, "https://example.org/light", 30 * mm, 100 * mm, 30 * mm, light=white)
    canvas.showPage()
    canvas.save()
    assert pdf_inspect.decode_qr_codes(pdf) == [["https://example.org/light"]]


def test_draw_qr_refuses_unsafe_link() -> None:
    canvas = Canvas("unused.pdf")  # never saved
    with pytest.raises(ValueError):
        draw_qr(canvas, "javascript:alert(1)", 0, 0, 100)


def test_flowable_link_covers_the_code_in_a_translated_canvas(tmp_path: Path) -> None:
    """relative=1 in draw_qr: the link lands on the code inside frames and tables."""
    urls = ["https://example.org/flow", "https://example.org/cell-1", "https://example.org/cell-2"]
    flowable = QrFlowable(urls[0], 25 * mm)
    margin = quiet_zone(25 * mm, module_count(urls[0]))
    assert flowable.wrap(10, 10) == pytest.approx((25 * mm + 2 * margin,) * 2)
    table = Table(
        [[QrFlowable(urls[1], 22 * mm), QrFlowable(urls[2], 22 * mm, "Q")]],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), "Atkinson")]),  # else Helvetica
    )
    pdf = tmp_path / "flow.pdf"
    register_fonts()
    doc = SimpleDocTemplate(str(pdf), pagesize=A4, initialFontName="Atkinson", invariant=1)
    doc.build([Spacer(1, 37 * mm), flowable, Spacer(1, 11 * mm), table])
    (codes,) = pdf_inspect.scan_qr_codes(pdf)
    (links,) = pdf_inspect.link_annotations(pdf)
    assert sorted(code.text for code in codes) == sorted(urls)
    links_by_uri = {link.uri: link.rect for link in links}
    assert sorted(links_by_uri) == sorted(urls)
    for code in codes:
        rect = links_by_uri[code.text]
        tolerance = 1.0 * mm  # zxing's corners are within a module of the drawn square
        for found, drawn in zip(code.bounds, rect):
            assert found == pytest.approx(drawn, abs=tolerance)
    assert pdf_inspect.pdf_fonts(pdf) == set()


def test_a_url_too_long_for_the_code_size_is_refused_naming_url_and_layout() -> None:
    from packgen.render.qr import QrTooDense, check_module_size

    short = "https://www.childline.org.uk/"
    check_module_size([short], "cards-a4", 20, "M")  # 25 modules: 0.8 mm each
    long_url = "https://example.org/" + "a" * 200  # version 10+ at M: modules under 0.4 mm at 20 mm
    with pytest.raises(QrTooDense, match=r"the URL https://example\.org/a+ is too long for a 20 mm QR code on cards-a4"):
        check_module_size([short, long_url], "cards-a4", 20, "M")
