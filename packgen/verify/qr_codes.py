"""Check a freshly rendered PDF's QR codes before it is written: each decodes to exactly its URL.

`packgen build` and `packgen batch` call :func:`qr_problems` on the bytes of every PDF they make.
The codes are found by their link annotations: the renderer puts a square URI link exactly over
each code it draws (``render/qr.py``), with the same URL. Only that square, with a margin for the
quiet zone, is rasterised (pypdfium2, 150 dpi, grey) and decoded (zxing-cpp), about 1 ms a code
instead of ~25 ms for whole pages. A code passes when a regular QR code centred in its square
decodes to the link's URL exactly; the document passes when every code passes, no code is for a
URL the plan does not expect, and every URL the plan expects was decoded at least once.
`packgen verify` still scans whole pages (``pdf_inspect.scan_qr_codes``) independently of this.

Every code of every PDF is rasterised from that PDF. Only the decoding of a rasterised square
whose pixels are *exactly* those of a square decoded before in this process (the same width,
height, row length and bytes, compared in full, not by a hash) reuses that decoding
(:data:`DECODED`): the decoder is a pure function of its image, so its result is the one it would
give again. In a batch most squares are the same pixels for every school (~85 %), and their
decoding (~0.15 ms each) is done once.
"""

from __future__ import annotations

import ctypes
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

# (format, text, centre x, centre y in pixels) of each code the decoder found in a square, by the
# square's exact pixels; the most recently used CACHED squares (~60 kB each at 150 dpi) are kept.
Decoded = tuple[tuple[str, str, float, float], ...]
DECODED: OrderedDict[tuple[int, int, int, bytes], Decoded] = OrderedDict()
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
    """The URI links of a page: (uri, rect)."""
    import pypdfium2.raw as pdfium

    position = ctypes.c_int(0)
    link = pdfium.FPDF_LINK()
    while pdfium.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        action = pdfium.FPDFLink_GetAction(link)
        if not action or pdfium.FPDFAction_GetType(action) != pdfium.PDFACTION_URI:
            continue
        size = pdfium.FPDFAction_GetURIPath(document, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium.FPDFAction_GetURIPath(document, action, buffer, size)
        rect = pdfium.FS_RECTF()
        if not pdfium.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        left, right = sorted((rect.left, rect.right))
        bottom, top = sorted((rect.bottom, rect.top))
        yield buffer.value.decode("latin-1"), (left, bottom, right, top)


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
                for url, rect in _links(document.raw, page.raw):
                    if not _is_code(rect):
                        continue
                    left, bottom, right, top = (rect[0] - x0, rect[1] - y0, rect[2] - x0, rect[3] - y0)
                    pad = MARGIN * (right - left)
                    cut_left, cut_bottom = max(0.0, left - pad), max(0.0, bottom - pad)
                    cut_right, cut_top = max(0.0, width - right - pad), max(0.0, height - top - pad)
                    bitmap = page.render(scale=scale, grayscale=True,
                                         crop=(cut_left, cut_bottom, cut_right, cut_top))
                    texts: list[str] = []
                    others: list[str] = []
                    for kind, text, x, y in _decode(bitmap, qr_family):
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


def _decode(bitmap: pypdfium2.PdfBitmap, formats: zxingcpp.BarcodeFormats) -> Decoded:
    """What zxing-cpp reads in a rasterised square (grey, one byte a pixel): each code's format, text
    and centre in pixels; the earlier result when these exact pixels were decoded before."""
    import zxingcpp

    # Every byte the image is made of, and how they make rows: equal keys are equal images.
    key = (bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    with _decoded_lock:
        found = DECODED.get(key)
        if found is not None:
            DECODED.move_to_end(key)
            return found
    decoded = []
    for code in zxingcpp.read_barcodes(bitmap.to_pil(), formats=formats):
        corners = (code.position.top_left, code.position.top_right,
                   code.position.bottom_right, code.position.bottom_left)
        decoded.append((str(code.format), code.text, sum(p.x for p in corners) / 4, sum(p.y for p in corners) / 4))
    found = tuple(decoded)
    with _decoded_lock:
        DECODED[key] = found
        while len(DECODED) > CACHED:
            DECODED.popitem(last=False)
    return found


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
