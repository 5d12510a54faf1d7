"""Vector QR codes: module matrices from segno, drawn on a ReportLab canvas as one path.

segno's `make()` silently produces Micro QR for short data (many phone apps cannot read it)
and raises the error-correction level unless told not to, so codes are always made with
`make_qr(..., boost_error=False)`. Mask selection costs ~5 ms a code, so matrices are cached
per (URL, error correction) across documents.
"""

from __future__ import annotations

from collections.abc import Iterable

import functools
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


def _normalise_level(error_correction: str) -> str:
    """Upper-case and validate an error-correction level."""
    level = error_correction.upper()
    if level not in ERROR_CORRECTION_LEVELS:
        raise ValueError(
            f"error correction {error_correction!r} is not one of {', '.join(ERROR_CORRECTION_LEVELS)}"
        )
    return level


@functools.lru_cache(maxsize=1024)
def _cached_matrix(url: str, level: str) -> Matrix:
    """Build (once per URL and level) the module matrix of a regular QR code."""
    import segno

    code = segno.make_qr(url, error=level, boost_error=False)
    if code.is_micro or code.error != level:  # guards against a segno behaviour change
        raise AssertionError(f"segno made {code.designator} for requested level {level}")
    return tuple(tuple(bool(module) for module in row) for row in code.matrix_iter(border=0))


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
    return len(qr_matrix(url, error_correction))


def quiet_zone(size: float, modules: int) -> float:
    """Width of the 4-module quiet zone for a code `size` wide (module area) with `modules` modules."""
    return QUIET_ZONE_MODULES * size / modules


def module_size_mm(url: str, error_correction: str, size_mm: float) -> float:
    """Size of one module in mm when the module area is `size_mm` wide (print wants >= 0.4 mm)."""
    return size_mm / module_count(url, error_correction)


@functools.lru_cache(maxsize=1024)
def _cached_runs(url: str, level: str) -> tuple[Run, ...]:
    """Merge each row's consecutive dark modules into runs."""
    runs: list[Run] = []
    for row_index, row in enumerate(_cached_matrix(url, level)):
        start: int | None = None
        for column, dark in enumerate((*row, False)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((row_index, start, column - start))
                start = None
    return tuple(runs)


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
    module = size / modules
    canvas.saveState()
    if light is not None:
        margin = quiet_zone(size, modules)
        canvas.setFillColor(light)
        canvas.rect(x - margin, y - margin, size + 2 * margin, size + 2 * margin, stroke=0, fill=1)
    path = canvas.beginPath()
    top = y + size
    for row, column, length in _cached_runs(url, level):
        path.rect(x + column * module, top - (row + 1) * module, length * module, module)
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
