"""Read built PDFs back: QR codes, text, links, page sizes, boxes and fonts.

Used by `packgen verify` and the tests to check what was actually produced, independently of
how it was drawn, so this module must not import ReportLab. Pages are rasterised with
pypdfium2 and decoded with zxing-cpp; :func:`scan_pages` also reads each page's text with pdfium
in the same pass (what verify checks); everything else, and :func:`extract_text` (the tests' second,
independent extraction), is read with pypdf.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MM_PER_POINT = 25.4 / 72

Box = tuple[float, float, float, float]
PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class DecodedCode:
    """One barcode found on a rendered page.

    `format` is zxing's name, e.g. "QR Code" or "Micro QR Code" (the latter should be an error
    for us); `bounds` is (left, bottom, right, top) in PDF points from the page's bottom-left.
    """

    text: str
    format: str
    ec_level: str
    bounds: Box


@dataclass(frozen=True)
class LinkAnnotation:
    """A /Link annotation's URI and its /Rect (left, bottom, right, top) in points."""

    uri: str
    rect: Box


@dataclass(frozen=True)
class PageBoxes:
    """A page's MediaBox, and its TrimBox/BleedBox if the page sets them (None otherwise)."""

    media: Box
    trim: Box | None
    bleed: Box | None


@dataclass(frozen=True)
class FontInfo:
    """A font used by a page: its base name (subset prefix removed) and whether it is embedded."""

    name: str
    embedded: bool


@dataclass(frozen=True)
class PageScan:
    """What :func:`scan_pages` read from one page.

    `text` is normalised (see :func:`normalise_text`); `blank_glyphs` counts the characters drawn
    with no Unicode value, which is how a glyph the font lacks (a blank .notdef box) reads back.
    """

    codes: list[DecodedCode]
    text: str
    blank_glyphs: int


def scan_pages(pdf_path: PathLike, dpi: float = 150) -> list[PageScan]:
    """Open the PDF once with pdfium; per page, decode every QR-family code (Micro QR included)
    on a raster at `dpi` and read the text back."""
    import pypdfium2
    import zxingcpp

    qr_family = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    scale = dpi / 72
    pages: list[PageScan] = []
    document = pypdfium2.PdfDocument(os.fspath(pdf_path))
    try:
        for page in document:
            height = page.get_height()
            image = page.render(scale=scale, grayscale=True).to_pil()
            # In zxing-cpp 3 `QRCode` is the whole family: Model 1/2, Micro QR and rMQR.
            found = zxingcpp.read_barcodes(image, formats=qr_family)
            text, blank = _page_text(page)
            pages.append(PageScan([_decoded(code, scale, height) for code in found], text, blank))
            page.close()
    finally:
        document.close()
    return pages


def _page_text(page: Any) -> tuple[str, int]:
    """A pdfium page's normalised text and how many of its characters have no Unicode value.

    pdfium leaves such characters out of the text it returns, and (measured on every bundled
    document) returns exactly one character per character of its list otherwise; so only a page
    whose text comes back short is walked character by character to count them. pdfium returns a
    hyphen that ends a line as U+FFFE and drops the line break: it is given back as the hyphen it
    is ("well-known", as :func:`normalise_text` joins pypdf's "well-\\nknown").
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(errors="replace") if count else ""
        blank = 0
        if len(text) < count:
            blank = sum(1 for index in range(count) if pdfium_c.FPDFText_GetUnicode(textpage, index) == 0)
    finally:
        textpage.close()
    return normalise_text(text.replace("\ufffe", "-")), blank


def scan_qr_codes(pdf_path: PathLike, dpi: float = 150) -> list[list[DecodedCode]]:
    """Rasterise each page at `dpi` and decode every QR-family code on it (Micro QR included)."""
    return [page.codes for page in scan_pages(pdf_path, dpi)]


def _decoded(code: Any, scale: float, page_height: float) -> DecodedCode:
    """Convert a zxing result's pixel position to PDF points."""
    corners = (code.position.top_left, code.position.top_right,
               code.position.bottom_right, code.position.bottom_left)
    xs = [point.x / scale for point in corners]
    ys = [page_height - point.y / scale for point in corners]
    bounds = (min(xs), min(ys), max(xs), max(ys))
    return DecodedCode(text=code.text, format=str(code.format), ec_level=code.ec_level, bounds=bounds)


def decode_qr_codes(pdf_path: PathLike, dpi: float = 150) -> list[list[str]]:
    """The decoded texts of all QR codes, per page (order within a page is zxing's)."""
    return [[code.text for code in page] for page in scan_qr_codes(pdf_path, dpi)]


_WHITESPACE = re.compile(r"\s+")
# A hyphen ending a line between word characters: keep the hyphen, drop the line break.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")
_INVISIBLE = dict.fromkeys(map(ord, "\ufffe\ufeff\u00ad\u200b"), None)


def normalise_text(s: str) -> str:
    """Normalise text for comparison: NFC, no invisible marks, line-end hyphens joined, and
    runs of whitespace collapsed to one space. U+0000 is kept so a missing glyph stays visible.
    """
    s = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    s = _LINE_END_HYPHEN.sub("-", s)
    return _WHITESPACE.sub(" ", s).strip()


def _pypdf_reader(pdf_path: PathLike) -> Any:
    """Open a PDF with pypdf (imported here so importing this module stays cheap)."""
    from pypdf import PdfReader

    return PdfReader(os.fspath(pdf_path))


def extract_text(pdf_path: PathLike) -> list[str]:
    """The normalised text of each page (see `normalise_text`)."""
    return [normalise_text(page.extract_text() or "") for page in _pypdf_reader(pdf_path).pages]


def _box(value: Any) -> Box:
    """A PDF rectangle as (left, bottom, right, top) floats, corners ordered."""
    x0, y0, x1, y1 = (float(v) for v in value)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def link_annotations(pdf_path: PathLike) -> list[list[LinkAnnotation]]:
    """The URI links (/Link annotations with a /URI action) of each page."""
    pages: list[list[LinkAnnotation]] = []
    for page in _pypdf_reader(pdf_path).pages:
        links: list[LinkAnnotation] = []
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if annot.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
                links.append(LinkAnnotation(uri=str(action["/URI"]), rect=_box(annot["/Rect"])))
        pages.append(links)
    return pages


def link_uris(pdf_path: PathLike) -> list[list[str]]:
    """The URIs of the link annotations of each page."""
    return [[link.uri for link in page] for page in link_annotations(pdf_path)]


def page_sizes_mm(pdf_path: PathLike) -> list[tuple[float, float]]:
    """(width, height) of each page's MediaBox in millimetres, rounded to 0.01 mm."""
    sizes: list[tuple[float, float]] = []
    for page in _pypdf_reader(pdf_path).pages:
        left, bottom, right, top = _box(page.mediabox)
        sizes.append((round((right - left) * MM_PER_POINT, 2), round((top - bottom) * MM_PER_POINT, 2)))
    return sizes


def boxes(pdf_path: PathLike) -> list[PageBoxes]:
    """MediaBox, and TrimBox/BleedBox only where the page itself sets them, per page."""
    result: list[PageBoxes] = []
    for page in _pypdf_reader(pdf_path).pages:
        trim = _box(page["/TrimBox"]) if "/TrimBox" in page else None
        bleed = _box(page["/BleedBox"]) if "/BleedBox" in page else None
        result.append(PageBoxes(media=_box(page.mediabox), trim=trim, bleed=bleed))
    return result


def _font_dicts(resources: Any, seen: set[int]) -> Iterator[Any]:
    """Yield the font dictionaries of a resource dictionary and of its form XObjects."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            yield ref.get_object()
    xobjects = resources.get("/XObject")
    for ref in (xobjects.get_object().values() if xobjects is not None else []):
        key = ref.idnum if hasattr(ref, "idnum") else id(ref)
        xobject = ref.get_object()
        if key not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(key)
            yield from _font_dicts(xobject.get("/Resources"), seen)


def _font_info(font: Any) -> FontInfo:
    """Name and embedding of one font dict; Type0 fonts are judged by their descendant."""
    name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
    name = re.sub(r"^[A-Z]{6}\+", "", name)
    if font.get("/Subtype") == "/Type3":
        return FontInfo(name, embedded=True)  # glyphs are drawn by the PDF itself
    descendants = font.get("/DescendantFonts")
    if descendants is not None:
        font = descendants.get_object()[0].get_object()
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return FontInfo(name, embedded=embedded)


def pdf_fonts(pdf_path: PathLike) -> set[FontInfo]:
    """Every font used by any page (including inside form XObjects), with its embedding."""
    found: set[FontInfo] = set()
    for page in _pypdf_reader(pdf_path).pages:
        found.update(_font_info(font) for font in _font_dicts(page.get("/Resources"), set()))
    return found


def embedded_fonts(pdf_path: PathLike) -> set[str]:
    """Names of the embedded fonts (subset prefixes removed)."""
    return {font.name for font in pdf_fonts(pdf_path) if font.embedded}


def unembedded_fonts(pdf_path: PathLike) -> set[str]:
    """Names of fonts used but not embedded (e.g. a stray Helvetica): should be empty."""
    return {font.name for font in pdf_fonts(pdf_path) if not font.embedded}
