"""Check a freshly rendered PDF's QR codes before it is written: each decodes to exactly its URL.

`packgen build` and `packgen batch` call :func:`qr_problems` on the bytes of every PDF they make.
The codes are found by their link annotations: the renderer puts a square URI link exactly over
each code it draws (``render/qr.py``), with the same URL. Only that square, with a margin for the
quiet zone, is rasterised (pdfium, 150 dpi, grey, through pypdfium2's raw calls: the pixels of
pypdfium2's ``page.render``) and decoded (zxing-cpp), ~0.2 ms a code instead of ~25 ms for whole pages. A code passes when a regular QR code centred in its square
decodes to the link's URL exactly; the document passes when every code passes, no code is for a
URL the plan does not expect, and every URL the plan expects was decoded at least once.
`packgen verify` still scans whole pages (``pdf_inspect.scan_qr_codes``) independently of this.

Every code of every PDF is rasterised from that PDF. Only the decoding of a rasterised square
whose pixels are *exactly* those of a square decoded before in this process (the same width,
height and bytes, compared in full, not by a hash) reuses that decoding
(:data:`DECODED`): the decoder is a pure function of its image, so its result is the one it would
give again. In a batch most squares are the same pixels for every school (~85 %), and their
decoding (~0.15 ms each) is done once.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pypdfium2 and zxing-cpp are imported only when a PDF is checked
    import pypdfium2
    import zxingcpp

DPI = 150
SQUARE = 0.02     # a link whose width and height differ by more than 2 % is a text link, not a code
SMALLEST = 36.0   # points (12.7 mm): smaller squares are text links (layouts draw codes of 20 mm or more)
MARGIN = 0.15     # of the code's size on each side: the quiet zone (4 modules of 21+ is at most 19 %) is white

Square = tuple[int, int, bytes]  # width, height, and the grey pixels (a byte each) row by row, no padding
# (format, text, centre x, centre y in pixels) of each code the decoder found in a square, by the
# square's exact pixels; the most recently used CACHED squares (~60 kB each at 150 dpi) are kept.
Decoded = tuple[tuple[str, str, float, float], ...]
DECODED: OrderedDict[Square, Decoded] = OrderedDict()
CACHED = 64
_decoded_lock = threading.Lock()


@dataclass(frozen=True)
class DrawnCode:
    """A square URI link on a page (``rect`` = left, bottom, right, top in points) and what its
    rasterised square decoded to (``texts`` of regular QR codes centred in it; ``others`` any
    other symbology of the QR family, e.g. Micro QR)."""

    page: int
    url: str
    rect: tuple[float, float, float, float]
    texts: tuple[str, ...]
    others: tuple[str, ...] = ()


def _links(document: object, page: object) -> Iterator[tuple[str, tuple[float, float, float, float]]]:
    """The URI links of a page shaped like a code's square (see :func:`_is_code`): (uri, rect).

    A link's rectangle is read before its action: most links are text links (~28 a document, ~5 of
    them codes), and one call rules each of them out."""
    import pypdfium2.raw as pdfium

    position = ctypes.c_int(0)
    link = pdfium.FPDF_LINK()
    box = pdfium.FS_RECTF()
    while pdfium.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        if not pdfium.FPDFLink_GetAnnotRect(link, ctypes.byref(box)):
            continue
        left, right = sorted((box.left, box.right))
        bottom, top = sorted((box.bottom, box.top))
        rect = (left, bottom, right, top)
        if not _is_code(rect):
            continue
        action = pdfium.FPDFLink_GetAction(link)
        if not action or pdfium.FPDFAction_GetType(action) != pdfium.PDFACTION_URI:
            continue
        size = pdfium.FPDFAction_GetURIPath(document, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium.FPDFAction_GetURIPath(document, action, buffer, size)
        yield buffer.value.decode("latin-1"), rect


def _is_code(rect: tuple[float, float, float, float]) -> bool:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    return min(width, height) >= SMALLEST and abs(width - height) <= SQUARE * max(width, height)


def drawn_codes(pdf: bytes | pypdfium2.PdfDocument, first_page: pypdfium2.PdfPage | None = None) -> list[DrawnCode]:
    """Every code drawn in ``pdf`` (found by its square link) and what its square decodes to.

    ``pdf`` may be a document the caller opened (with ``first_page``, its page 1 already loaded, to
    draw the gallery's preview from the same parse): neither is closed here. The check only reads:
    it never changes the page (its crop box included), so the preview drawn after it is the same.
    """
    import pypdfium2
    import zxingcpp

    qr_family = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    scale = DPI / 72
    found: list[DrawnCode] = []
    owned = not isinstance(pdf, pypdfium2.PdfDocument)
    document: pypdfium2.PdfDocument = pypdfium2.PdfDocument(pdf) if owned else pdf
    try:
        for number in range(1, len(document) + 1):
            page: pypdfium2.PdfPage = (first_page if number == 1 and first_page is not None
                                       else document[number - 1])
            given = page is first_page
            try:
                x0, y0, _, _ = page.get_cropbox()  # what is rendered (the MediaBox when no CropBox)
                width, height = page.get_size()
                pixels = (math.ceil(width * scale), math.ceil(height * scale))  # the whole page's
                for url, rect in _links(document.raw, page.raw):
                    left, bottom, right, top = (rect[0] - x0, rect[1] - y0, rect[2] - x0, rect[3] - y0)
                    pad = MARGIN * (right - left)
                    cut_left, cut_bottom = max(0.0, left - pad), max(0.0, bottom - pad)
                    cut_right, cut_top = max(0.0, width - right - pad), max(0.0, height - top - pad)
                    square = _render_square(page.raw, scale, pixels, (cut_left, cut_bottom, cut_right, cut_top))
                    texts: list[str] = []
                    others: list[str] = []
                    for kind, text, x, y in _decode(square, qr_family):
                        cx = cut_left + x / scale
                        cy = height - cut_top - y / scale
                        if not (left <= cx <= right and bottom <= cy <= top):
                            continue  # a neighbour's code reaching into the margin
                        (texts if kind == "QR Code" else others).append(text)
                    found.append(DrawnCode(number, url, rect, tuple(texts), tuple(others)))
            finally:
                if not given:
                    page.close()
    finally:
        if owned:
            document.close()
    return found


def _render_square(page: object, scale: float, pixels: tuple[int, int],
                   crop: tuple[float, float, float, float]) -> Square:
    """The pixels of ``page.render(scale=scale, grayscale=True, crop=crop)`` (pypdfium2 5), drawn by
    the same pdfium calls without its bitmap and page objects (~0.05 ms a square): the page drawn
    at ``pixels`` (its size at ``scale``, rounded up), less the crop in whole pixels (rounded up),
    onto white. A test compares the two for every code of the bundled documents."""
    import pypdfium2.raw as pdfium

    page_width, page_height = pixels
    left, bottom, right, top = (math.ceil(c * scale) for c in crop)
    width, height = page_width - left - right, page_height - bottom - top
    if width < 1 or height < 1:
        raise ValueError("Crop exceeds page dimensions")
    buffer = (ctypes.c_ubyte * (width * height))()
    bitmap = pdfium.FPDFBitmap_CreateEx(width, height, pdfium.FPDFBitmap_Gray, buffer, width)
    if not bitmap:
        raise MemoryError(f"pdfium could not make a {width} x {height} bitmap")
    try:
        if not pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF):
            raise MemoryError("pdfium could not fill a bitmap")
        # pypdfium2's flags for grayscale=True: grey, and the annotations drawn, as a viewer shows them
        pdfium.FPDF_RenderPageBitmap(bitmap, page, -left, -top, page_width, page_height, 0,
                                     pdfium.FPDF_GRAYSCALE | pdfium.FPDF_ANNOT)
    finally:
        pdfium.FPDFBitmap_Destroy(bitmap)
    return width, height, bytes(buffer)


def _decode(square: Square, formats: zxingcpp.BarcodeFormats) -> Decoded:
    """What zxing-cpp reads in a rasterised square (:func:`_read`); the earlier result when these
    exact pixels were decoded before."""
    # Every byte the image is made of, and its size: equal keys are equal images.
    with _decoded_lock:
        found = DECODED.get(square)
        if found is not None:
            DECODED.move_to_end(square)
            return found
    found = _read(square, formats)
    with _decoded_lock:
        DECODED[square] = found
        while len(DECODED) > CACHED:
            DECODED.popitem(last=False)
    return found


def _read(square: Square, formats: zxingcpp.BarcodeFormats) -> Decoded:
    """What zxing-cpp reads in a square: each code's format, text and centre in pixels."""
    import zxingcpp

    width, height, pixels = square
    decoded = []
    for code in zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)), formats=formats):
        corners = (code.position.top_left, code.position.top_right,
                   code.position.bottom_right, code.position.bottom_left)
        decoded.append((str(code.format), code.text, sum(p.x for p in corners) / 4, sum(p.y for p in corners) / 4))
    return tuple(decoded)


def qr_problems(pdf: bytes | pypdfium2.PdfDocument, urls: Iterable[str],
                first_page: pypdfium2.PdfPage | None = None) -> list[str]:
    """What is wrong with the QR codes of ``pdf``, which should carry exactly ``urls``; empty if nothing.
    ``pdf`` and ``first_page`` as for :func:`drawn_codes`."""
    expected = list(dict.fromkeys(urls))
    problems: list[str] = []
    verified: set[str] = set()
    failed: set[str] = set()
    for code in drawn_codes(pdf, first_page):
        failed.add(code.url)
        where = f"the QR code for {code.url} on page {code.page}"
        if code.others:
            problems.append(f"{where} is a Micro QR or similar code, which many phones cannot read")
        elif not code.texts:
            problems.append(f"{where} does not decode")
        elif any(text != code.url for text in code.texts):
            wrong = next(text for text in code.texts if text != code.url)
            problems.append(f"{where} decodes to {wrong!r} instead")
        elif code.url not in expected:
            problems.append(f"{where} is for a URL this document does not list")
        else:
            failed.discard(code.url)
            verified.add(code.url)
    problems += [f"no QR code for {url} was found" for url in expected if url not in verified | failed]
    return problems
