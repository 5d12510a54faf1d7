"""Vector QR codes: module matrices from zxing-cpp's writer, drawn on a ReportLab canvas as one path.

zxing-cpp (C++, already needed to verify codes by decoding them) makes a code in well under a
millisecond, where segno's pure-Python mask search took ~4 ms. The rules stay those the project
set for segno: always a regular QR code (never Micro QR, which many phone apps cannot read), at
exactly the requested error-correction level (never silently boosted), at the smallest version
that holds the URL. Each code made is checked for those before use, and the tests decode every
matrix back to the exact URL. Matrices, dark-module runs and drawn paths are cached per
(URL, level) and (URL, level, position, size) for the life of the process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.platypus.flowables import Flowable

from packgen.errors import UserError
from packgen.render.markup import check_link_url

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4
ERROR_CORRECTION_LEVELS: tuple[str, ...] = ("L", "M", "Q", "H")

Matrix = tuple[tuple[bool, ...], ...]
# (row from the top, first column, number of dark modules) for each horizontal dark run.
Run = tuple[int, int, int]

_DARK = 0  # zxing-cpp's bitmaps: 0 is a dark module, 255 a light one
_DARK_RUN = re.compile(b"\x00+")


def _normalise_level(error_correction: str) -> str:
    """Upper-case and validate an error-correction level."""
    level = error_correction.upper()
    if level not in ERROR_CORRECTION_LEVELS:
        raise ValueError(
            f"error correction {error_correction!r} is not one of {', '.join(ERROR_CORRECTION_LEVELS)}"
        )
    return level


def version_of(modules: int) -> int:
    """The QR version (1-40) of a code ``modules`` wide: 21 is version 1, each version adds 4."""
    return (modules - 17) // 4


@functools.lru_cache(maxsize=4096)
def _cached_rows(url: str, level: str) -> tuple[bytes, ...]:
    """Encode (once per URL and level) a regular QR code; one bytes row per module row, 0 = dark."""
    import zxingcpp

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
    bitmap = bytes(memoryview(code.to_image(scale=1, add_quiet_zones=False)))  # type: ignore[arg-type]  # a buffer
    side = int(len(bitmap) ** 0.5)
    # Guards against a behaviour change in zxing-cpp: a Micro QR or rMQR symbol, another level, an
    # ECI header (]Q2: some readers show it), or text that would not read back as the URL.
    if (code.format != zxingcpp.BarcodeFormat.QRCode or code.ec_level != level or code.text != url
            or code.symbology_identifier != "]Q1" or side * side != len(bitmap) or (side - 17) % 4
            or not 1 <= version_of(side) <= 40):
        raise AssertionError(f"zxing-cpp made {code.format} {side}x{side} at level {code.ec_level!r} "
                             f"({code.symbology_identifier}) for {url!r} at level {level}")
    return tuple(bitmap[start:start + side] for start in range(0, len(bitmap), side))


@functools.lru_cache(maxsize=4096)
def _cached_matrix(url: str, level: str) -> Matrix:
    """The module matrix of a regular QR code, as booleans (True = dark)."""
    return tuple(tuple(module == _DARK for module in row) for row in _cached_rows(url, level))


def clear_caches() -> None:
    """Forget every cached code and path (benchmarks use this to time what a fresh process pays)."""
    for cache in (_cached_rows, _cached_matrix, _cached_runs, _cached_path):
        cache.cache_clear()


def qr_matrix(url: str, error_correction: str = "M") -> Matrix:
    """The QR code's dark/light modules, top row first, WITHOUT the quiet zone.

    Always a regular QR code (never Micro QR), at exactly the requested level. Cached: the same
    tuple object is returned for the same (url, level).
    """
    if not url:
        raise ValueError("cannot make a QR code for an empty URL")
    return _cached_matrix(url, _normalise_level(error_correction))


def module_count(url: str, error_correction: str = "M") -> int:
    """Number of modules along one side of the code (21 for version 1, 41 for version 6)."""
    if not url:
        raise ValueError("cannot make a QR code for an empty URL")
    return len(_cached_rows(url, _normalise_level(error_correction)))  # the rows: no need for the matrix


def quiet_zone(size: float, modules: int) -> float:
    """Width of the 4-module quiet zone for a code `size` wide (module area) with `modules` modules."""
    return QUIET_ZONE_MODULES * size / modules


def module_size_mm(url: str, error_correction: str, size_mm: float) -> float:
    """Size of one module in mm when the module area is `size_mm` wide (print wants >= 0.4 mm)."""
    return size_mm / module_count(url, error_correction)


@functools.lru_cache(maxsize=4096)
def _cached_runs(url: str, level: str) -> tuple[Run, ...]:
    """Merge each row's consecutive dark modules into runs."""
    return tuple((row_index, found.start(), found.end() - found.start())
                 for row_index, row in enumerate(_cached_rows(url, level))
                 for found in _DARK_RUN.finditer(row))


@functools.lru_cache(maxsize=256)  # 8-22 KB each: a whole pack's placements, under 6 MB in all
def _cached_path(url: str, level: str, x: float, y: float, size: float) -> str:
    """The PDF path operators of the code's dark runs (one ``re`` per run) at this place and size.

    Exactly what ``PDFPathObject.rect`` would write for each run, so caching changes no byte; a
    batch draws the same code at the same place in every organisation's copy of a document.
    """
    from reportlab.lib.rl_accel import fp_str

    rows = _cached_rows(url, level)
    modules = len(rows)
    module = size / modules
    top = y + size
    # Each coordinate formatted once (fp_str of several numbers is theirs joined by spaces): the same
    # floats as ``x + column * module`` etc. per run, so the same text, in a fraction of the time:
    # a run is its left edge, the row's " bottom " and its "width height re", joined.
    lefts = [fp_str(x + column * module) for column in range(modules)]
    height = fp_str(module)
    tails = [f"{fp_str(length * module)} {height} re" for length in range(modules + 1)]
    parts: list[str] = []
    add = parts.append
    for row_index, row in enumerate(rows):
        bottom = f" {fp_str(top - (row_index + 1) * module)} "
        for found in _DARK_RUN.finditer(row):
            start, end = found.span()
            add(lefts[start] + bottom + tails[end - start])
    return " ".join(parts)


def draw_qr(
    canvas: Canvas,
    url: str,
    x: float,
    y: float,
    size: float,
    error_correction: str = "M",
    dark: Color = black,
    light: Color | None = None,
    link: bool = True,
) -> None:
    """Draw the QR code for `url` as vector rectangles, plus a link annotation over it.

    `(x, y)` is the bottom-left corner of the module area and `size` its width in points,
    EXCLUDING the quiet zone, in the canvas's *current* coordinates. The caller keeps a
    `quiet_zone(size, modules)` margin free around it; pass `light` to paint that margin and
    the light modules (otherwise they are left transparent).

    Works from a platypus `Flowable.draw()` (where the canvas is translated, even scaled):
    the link uses `linkURL(..., relative=1)`, which maps the rectangle through the current
    transform; `relative=0` would put it at page coordinates and miss the code.
    """
    level = _normalise_level(error_correction)
    modules = module_count(url, level)
    canvas.saveState()
    if light is not None:
        margin = quiet_zone(size, modules)
        canvas.setFillColor(light)
        canvas.rect(x - margin, y - margin, size + 2 * margin, size + 2 * margin, stroke=0, fill=1)
    path = canvas.beginPath()
    path._code_append(_cached_path(url, level, x, y, size))  # what path.rect() adds for each run, cached
    canvas.setFillColor(dark)
    # One path, one fill: abutting rectangles merge without hairline seams when rasterised.
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    if link:
        canvas.linkURL(check_link_url(url), (x, y, x + size, y + size), relative=1, thickness=0)


class QrFlowable(Flowable):  # type: ignore[misc, unused-ignore]  # typed only with types-reportlab
    """A fixed-size platypus Flowable: the code, its 4-module quiet zone and a link.

    Its width and height are `size + 2 * quiet_zone`, so it can sit in Tables and Frames.
    """

    def __init__(
        self,
        url: str,
        size: float,
        error_correction: str = "M",
        dark: Color = black,
        light: Color | None = None,
    ) -> None:
        super().__init__()
        self.url = url
        self.size = size
        self.error_correction = _normalise_level(error_correction)
        self.dark = dark
        self.light = light
        self.margin = quiet_zone(size, module_count(url, self.error_correction))
        self.width = self.height = size + 2 * self.margin

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Fixed size, whatever space is offered."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the code inside its quiet zone, in the flowable's own coordinates."""
        draw_qr(
            self.canv,
            self.url,
            self.margin,
            self.margin,
            self.size,
            self.error_correction,
            dark=self.dark,
            light=self.light,
        )

    def __repr__(self) -> str:
        return f"QrFlowable({self.url!r}, size={self.size / mm:.1f} mm, ec={self.error_correction})"


MIN_MODULE_MM = 0.4


class QrTooDense(UserError):
    """A URL so long that its QR modules would print smaller than print guidance allows."""


def check_module_size(urls: Iterable[str], layout_id: str, size_mm: float, error_correction: str) -> None:
    """Refuse any URL whose modules would be under 0.4 mm at ``size_mm``; name the URL and the layout."""
    for url in urls:
        module = module_size_mm(url, error_correction, size_mm)
        if module < MIN_MODULE_MM:
            raise QrTooDense(
                f"the URL {url} is too long for a {size_mm:g} mm QR code on {layout_id}: its modules would be "
                f"{module:.2f} mm (at least {MIN_MODULE_MM} mm scan reliably); use a shorter official URL "
                "or a layout with larger codes")
