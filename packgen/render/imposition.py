"""Wallet-card sheets: where the ten cards go, how backs line up with fronts, and the cut marks.

Imposition. The cards sit in a 2 x 5 grid centred on the sheet and abut (a "butt cut"): every
shared edge is one guillotine cut, 3 vertical and 6 horizontal in all. A4 leaves only 22 mm of
height around 275 mm of cards, so gutters between the rows would squeeze the top and bottom
margins under an office printer's unprintable edge and leave no room for the marks; abutting
cards keep 11 mm there. Crop marks are therefore drawn only in the margins, outside the grid,
``CROP_GAP`` away from it, at both ends of every cut line; no mark is drawn over a card.
Colour that touches a cut is cut-tolerant: between rows an accent strip at a card's foot meets
the primary band at the head of the card below (front and back), between columns band meets
band; on the grid's outside edges the colour runs ``BLEED`` into the margin, short of the marks.
So a cut (or a duplex back) a little off shows a sliver of colour, never of white paper.

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

from .page import CROP_MARK_MM, Sheet, draw_crop_marks

CARD_WIDTH = 85 * mm
CARD_HEIGHT = 55 * mm
COLUMNS, ROWS = 2, 5
BLEED = 1.5 * mm       # colour runs this far past the grid's outside edges
CROP_GAP = 2.5 * mm    # crop marks start this far outside the grid, beyond the bleed

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
    left = sheet.trim_x + (sheet.trim_width - COLUMNS * CARD_WIDTH) / 2
    bottom = sheet.trim_y + (sheet.trim_height - ROWS * CARD_HEIGHT) / 2
    return left, bottom, left + COLUMNS * CARD_WIDTH, bottom + ROWS * CARD_HEIGHT


def card_positions(sheet: Sheet) -> list[Position]:
    """Bottom-left corners of the ten fronts: rows from the top, left to right in each row."""
    left, bottom, _, _ = grid_box(sheet)
    return [(left + column * CARD_WIDTH, bottom + (ROWS - 1 - row) * CARD_HEIGHT)
            for row in range(ROWS) for column in range(COLUMNS)]


def back_position(sheet: Sheet, front: Position) -> Position:
    """Where the back of the card at ``front`` goes for duplex flipped on the long edge."""
    x, y = front
    return sheet.media_width - x - CARD_WIDTH, y


def _bled(fill: tuple[float, float, float, float], outside: tuple[bool, bool, bool, bool]) -> tuple[float, ...]:
    """A fill rectangle grown by BLEED across each card edge that it touches and that is outside."""
    x, y, width, height = fill
    left, bottom, right, top = outside
    grow_left = BLEED if left and x <= 0 else 0.0
    grow_bottom = BLEED if bottom and y <= 0 else 0.0
    grow_right = BLEED if right and x + width >= CARD_WIDTH else 0.0
    grow_top = BLEED if top and y + height >= CARD_HEIGHT else 0.0
    return x - grow_left, y - grow_bottom, width + grow_left + grow_right, height + grow_bottom + grow_top


def outside_edges(sheet: Sheet, position: Position) -> tuple[bool, bool, bool, bool]:
    """Which of a card's edges (left, bottom, right, top) lie on the outside of the grid."""
    left, bottom, right, top = grid_box(sheet)
    x, y = position
    near = 0.01
    return (abs(x - left) < near, abs(y - bottom) < near,
            abs(x + CARD_WIDTH - right) < near, abs(y + CARD_HEIGHT - top) < near)


def draw_face(canvas: Canvas, face: Face, position: Position,
              outside: tuple[bool, bool, bool, bool] = (False,) * 4) -> None:
    """Draw one card side with its bottom-left corner at ``position``; fills bleed ``outside``."""
    canvas.saveState()
    canvas.translate(*position)
    for x, y, width, height, colour in face.fills:
        canvas.setFillColor(HexColor(colour))
        canvas.rect(*_bled((x, y, width, height), outside), stroke=0, fill=1)
    for flowable, x, y in face.items:
        flowable.drawOn(canvas, x, y)
    canvas.restoreState()


def draw_cut_marks(canvas: Canvas, sheet: Sheet) -> None:
    """Crop marks at both ends of every cut line, in the margins only (the cards abut).

    The grid's outer corners get :func:`page.draw_crop_marks`; the cuts between cards get
    marks of the same length and weight in the margins, never over a neighbouring card.
    """
    left, bottom, right, top = grid_box(sheet)
    draw_crop_marks(canvas, [(left, bottom, right - left, top - bottom)], gap=CROP_GAP)
    length = CROP_MARK_MM * mm
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    path = canvas.beginPath()
    for column in range(1, COLUMNS):
        x = left + column * CARD_WIDTH
        for edge, sign in ((bottom, -1), (top, 1)):
            path.moveTo(x, edge + sign * CROP_GAP)
            path.lineTo(x, edge + sign * (CROP_GAP + length))
    for row in range(1, ROWS):
        y = bottom + row * CARD_HEIGHT
        for edge, sign in ((left, -1), (right, 1)):
            path.moveTo(edge + sign * CROP_GAP, y)
            path.lineTo(edge + sign * (CROP_GAP + length), y)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
