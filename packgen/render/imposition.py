"""Wallet-card sheets: where the eight cards go, how backs line up with fronts, and the cut marks.

Imposition. The cards sit in a 2 x 4 grid centred on the sheet with a ``GUTTER`` between
neighbours, so every card has cut lines of its own (2 x 2 vertical, 4 x 2 horizontal) and a cut
a little off never lands on a neighbour. Colour that touches a card edge runs ``BLEED`` past it,
on every side (into the gutters and into the margin round the grid), so a cut (or a duplex back)
up to ``BLEED`` off shows colour, never white paper; the gutter's middle millimetre stays white,
so neighbours' colours never overlap. A4 height: 4 x 55 mm + 3 gutters leaves 29 mm above and
below for the crop marks, which is why a sheet carries eight cards, not ten. Crop marks are drawn
in the margins only, never over a card or a gutter: at both ends of every cut line, starting
``CROP_GAP`` outside the grid's bleed.

Duplex. The sheet is printed two-sided and flipped on its LONG edge: it turns over about its
vertical centre line, so a point at x on the front lands at ``media_width - x`` on the back,
and its height on the sheet does not change. The back of a card whose front's bottom-left
corner is (x, y) therefore has its bottom-left corner at ``(media_width - x - CARD_WIDTH, y)``:
the same row, the mirrored column (the front at column c is backed at column 1 - c). See
:func:`back_position`; it is computed by mirroring, not taken from the grid's symmetry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .page import CROP_MARK_MM, Sheet

CARD_WIDTH = 85 * mm
CARD_HEIGHT = 55 * mm
COLUMNS, ROWS = 2, 4
GUTTER = 6 * mm        # between neighbouring cards: two cuts, each with its bleed, and a white middle
BLEED = 2.5 * mm       # colour runs this far past every cut line
CROP_GAP = BLEED + 1.5 * mm  # crop marks start this far outside the grid

Position = tuple[float, float]


@dataclass
class Face:
    """One side of a card, in card coordinates (origin at its bottom-left corner)."""

    fills: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    items: list[tuple[Flowable, float, float]] = field(default_factory=list)

    def fill(self, x: float, y: float, width: float, height: float, colour: str) -> None:
        self.fills.append((x, y, width, height, colour))

    def place(self, flowable: Flowable, x: float, y: float) -> None:
        """Put an already wrapped flowable with its bottom-left corner at (x, y)."""
        self.items.append((flowable, x, y))


def grid_box(sheet: Sheet) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the block of cards, centred on the sheet."""
    width, height = COLUMNS * CARD_WIDTH + (COLUMNS - 1) * GUTTER, ROWS * CARD_HEIGHT + (ROWS - 1) * GUTTER
    left = sheet.trim_x + (sheet.trim_width - width) / 2
    bottom = sheet.trim_y + (sheet.trim_height - height) / 2
    return left, bottom, left + width, bottom + height


def card_positions(sheet: Sheet) -> list[Position]:
    """Bottom-left corners of the eight fronts: rows from the top, left to right in each row."""
    left, bottom, _, _ = grid_box(sheet)
    return [(left + column * (CARD_WIDTH + GUTTER), bottom + (ROWS - 1 - row) * (CARD_HEIGHT + GUTTER))
            for row in range(ROWS) for column in range(COLUMNS)]


def back_position(sheet: Sheet, front: Position) -> Position:
    """Where the back of the card at ``front`` goes for duplex flipped on the long edge."""
    x, y = front
    return sheet.media_width - x - CARD_WIDTH, y


def _bled(fill: tuple[float, float, float, float]) -> tuple[float, ...]:
    """A fill rectangle grown by BLEED across each card edge that it touches."""
    x, y, width, height = fill
    grow_left = BLEED if x <= 0 else 0.0
    grow_bottom = BLEED if y <= 0 else 0.0
    grow_right = BLEED if x + width >= CARD_WIDTH else 0.0
    grow_top = BLEED if y + height >= CARD_HEIGHT else 0.0
    return x - grow_left, y - grow_bottom, width + grow_left + grow_right, height + grow_bottom + grow_top


def draw_face(canvas: Canvas, face: Face, position: Position) -> None:
    """Draw one card side with its bottom-left corner at ``position``; fills bleed past its edges."""
    canvas.saveState()
    canvas.translate(*position)
    for x, y, width, height, colour in face.fills:
        canvas.setFillColor(HexColor(colour))
        canvas.rect(*_bled((x, y, width, height)), stroke=0, fill=1)
    for flowable, x, y in face.items:
        flowable.drawOn(canvas, x, y)
    canvas.restoreState()


def cut_lines(sheet: Sheet) -> tuple[list[float], list[float]]:
    """The x of every vertical cut and the y of every horizontal cut, each card edge its own cut."""
    positions = card_positions(sheet)
    xs = sorted({round(x + dx, 3) for x, _ in positions for dx in (0.0, CARD_WIDTH)})
    ys = sorted({round(y + dy, 3) for _, y in positions for dy in (0.0, CARD_HEIGHT)})
    return xs, ys


def draw_cut_marks(canvas: Canvas, sheet: Sheet) -> None:
    """Crop marks at both ends of every cut line, in the margins round the grid only."""
    left, bottom, right, top = grid_box(sheet)
    length = CROP_MARK_MM * mm
    xs, ys = cut_lines(sheet)
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    path = canvas.beginPath()
    for x in xs:
        for edge, sign in ((bottom, -1), (top, 1)):
            path.moveTo(x, edge + sign * CROP_GAP)
            path.lineTo(x, edge + sign * (CROP_GAP + length))
    for y in ys:
        for edge, sign in ((left, -1), (right, 1)):
            path.moveTo(edge + sign * CROP_GAP, y)
            path.lineTo(edge + sign * (CROP_GAP + length), y)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
