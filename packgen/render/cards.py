"""Wallet cards: 85 x 55 mm, ten to an A4 sheet; page 1 carries the fronts, page 2 the backs.

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

Content. The front: the title in a primary band (under the org's name, if any), the advice
titles, each with its ``short`` line when the shorts fit at ``min_body_pt`` or more (otherwise
the shorts alone are dropped, never a title), and the key message (tagline) in an accent strip.
The back: the services side by side, each with its QR code (only services with a url get one;
vector, 4-module quiet zone, a link, at the layout's size), name and phone, then the org's
contacts. Text and codes keep ``SAFE`` from every card edge; what does not fit raises
:class:`fit.Overflow` and the type shrinks, down to ``min_body_pt``, then the build fails.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ..catalogue import Service
from ..plan import DocumentPlan
from .blocks import link, qr_for, styled, text
from .fit import DocumentTooLong, Overflow, fit_type_size, too_long
from .fonts import register_fonts
from .markup import check_link_url
from .page import CROP_MARK_MM, Sheet, draw_crop_marks, finish_page, open_canvas, sheet_for
from .qr import QrFlowable, draw_qr
from .styles import Styles, make_styles

CARD_WIDTH = 85 * mm
CARD_HEIGHT = 55 * mm
COLUMNS, ROWS = 2, 5
SAFE = 3 * mm          # no text or code closer than this to a card edge
BLEED = 1.5 * mm       # colour runs this far past the grid's outside edges
CROP_GAP = 2.5 * mm    # crop marks start this far outside the grid, beyond the bleed
FOOT = 2 * mm          # the accent strip at a card's foot when it carries no text
MAX_ADVICE = 3
MAX_SERVICES = 3
BACK_HEADING = "Get help"

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


class CentredBox(Flowable):  # type: ignore[misc, unused-ignore]
    """A fixed-size flowable centred in a square box, so codes with different quiet zones
    (a short URL makes bigger modules) line their dark areas and the text under them up."""

    def __init__(self, inner: Flowable, side: float) -> None:
        super().__init__()
        self.inner, self.width, self.height = inner, side, side

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, (self.width - self.inner.width) / 2, (self.height - self.inner.height) / 2)


class SharedQr(QrFlowable):  # type: ignore[misc, unused-ignore]
    """A QrFlowable drawn once per PDF as a form XObject and placed by reference.

    A sheet repeats each code ten times; formatting its few hundred rectangles once instead of
    ten times more than halves the render time. Each placement still gets its own link.
    """

    @classmethod
    def like(cls, code: QrFlowable) -> SharedQr:
        return cls(code.url, code.size, code.error_correction, dark=code.dark, light=code.light)

    def draw(self) -> None:
        canvas = self.canv
        key = f"{self.url} {self.error_correction} {self.size:.3f} {self.dark} {self.light}"
        name = "qr" + hashlib.sha256(key.encode()).hexdigest()[:16]
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, self.width, self.height)
            draw_qr(canvas, self.url, self.margin, self.margin, self.size, self.error_correction,
                    dark=self.dark, light=self.light, link=False)
            canvas.endForm()
        canvas.doForm(name)
        box = (self.margin, self.margin, self.margin + self.size, self.margin + self.size)
        canvas.linkURL(check_link_url(self.url), box, relative=1, thickness=0)


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


def check_card_counts(plan: DocumentPlan) -> None:
    """Cards carry 2-3 key messages and 1-3 services; more cannot be read on 85 x 55 mm."""
    counts = ((len(plan.advice), MAX_ADVICE, "advice items"), (len(plan.services), MAX_SERVICES, "services"))
    over = [f"{count} {noun}" for count, limit, noun in counts if count > limit]
    if over:
        raise DocumentTooLong(
            f"document {plan.id} has {' and '.join(over)}; a {plan.layout.id} card has room for at most "
            f"{MAX_ADVICE} advice items and {MAX_SERVICES} services; use fewer advice items or services on cards")


def _wrapped_height(flowable: Flowable, width: float) -> float:
    """Wrap the flowable to ``width``, return its height; Overflow if a word or code is wider."""
    widest = flowable.minWidth() if isinstance(flowable, Paragraph) else flowable.wrap(width, 1e6)[0]
    if widest > width + 0.01:
        raise Overflow(widest - width)
    return float(flowable.wrap(width, 1e6)[1])


def _stack(face: Face, flowables: Sequence[Flowable], x: float, top: float, width: float,
           gap: float) -> float:
    """Place flowables one under another from ``top``; return the bottom of the last."""
    y = top
    for index, flowable in enumerate(flowables):
        height = _wrapped_height(flowable, width)
        y -= height + (gap if index else 0)
        # A paragraph aligns itself; a fixed-size flowable (a QR code) is centred in the width.
        offset = 0.0 if isinstance(flowable, Paragraph) else (width - flowable.wrap(width, 1e6)[0]) / 2
        face.place(flowable, x + offset, y)
    return y


def _stack_height(flowables: Sequence[Flowable], width: float, gap: float) -> float:
    heights = [_wrapped_height(f, width) for f in flowables]
    return sum(heights) + gap * max(len(heights) - 1, 0)


def _band(face: Face, contents: list[Flowable], colour: str, styles: Styles) -> float:
    """A full-width band at the card's head holding ``contents``; returns its bottom."""
    width = CARD_WIDTH - 2 * SAFE
    # A line's box starts above its capitals: a deeper pad below centres the words by eye.
    bottom = CARD_HEIGHT - SAFE - _stack_height(contents, width, styles.body_pt * 0.15) - SAFE * 1.2
    face.fill(0, bottom, CARD_WIDTH, CARD_HEIGHT - bottom, colour)
    _stack(face, contents, SAFE, CARD_HEIGHT - SAFE, width, styles.body_pt * 0.15)
    return bottom


def _advice_rows(plan: DocumentPlan, styles: Styles, shorts: bool) -> list[list[Flowable]]:
    title = styles.heading.clone("card-advice-title", spaceBefore=0, spaceAfter=0)
    short = styles.body.clone("card-advice-short", spaceAfter=0, leading=styles.body_pt * 1.22)
    rows = []
    for advice in plan.advice:
        row: list[Flowable] = [styled(advice.title, title)]
        if shorts and advice.short:
            row.append(text(advice.short, short))
        rows.append(row)
    return rows


def front_face(plan: DocumentPlan, styles: Styles, shorts: bool) -> Face:
    """Title band, advice titles (with their shorts when ``shorts``), the key message in an accent strip."""
    theme = plan.layout.theme
    face = Face()
    head: list[Flowable] = [text(plan.org.name, styles.band_small)] if plan.org else []
    band_bottom = _band(face, head + [styled(plan.title, styles.title)], theme.primary, styles)
    strip_top = FOOT
    if not plan.tagline:
        face.fill(0, 0, CARD_WIDTH, FOOT, theme.accent)  # the strip's colour at the foot all the same
    else:
        key = styled(plan.tagline, styles.tagline.clone("card-key", fontSize=styles.body_pt,
                                                       leading=styles.body_pt * 1.2))
        strip_top = SAFE + _stack_height([key], CARD_WIDTH - 2 * SAFE, 0) + SAFE * 0.6
        face.fill(0, 0, CARD_WIDTH, strip_top, theme.accent)
        _stack(face, [key], SAFE, strip_top - SAFE * 0.6, CARD_WIDTH - 2 * SAFE, 0)
    width = CARD_WIDTH - 2 * SAFE
    line_gap = styles.body_pt * 0.1
    rows = _advice_rows(plan, styles, shorts)
    heights = [_stack_height(row, width, line_gap) for row in rows]
    row_gap = styles.body_pt * (0.6 if shorts else 0.8)
    needed = sum(heights) + row_gap * max(len(rows) - 1, 0)
    space_top, space_bottom = band_bottom - SAFE * 0.7, max(strip_top + SAFE * 0.7, SAFE)
    if needed > space_top - space_bottom:
        raise Overflow(needed - (space_top - space_bottom))
    top = space_top - (space_top - space_bottom - needed) / 2  # centred between band and strip
    for row, height in zip(rows, heights):
        _stack(face, row, SAFE, top, width, line_gap)
        top -= height + row_gap
    return face


def _service_column(service: Service, plan: DocumentPlan, styles: Styles, width: float,
                    code_box: float, addresses: bool) -> list[Flowable]:
    """QR code (when the service has a url), name, phone and, if it fits on a line, the address."""
    centred = {name: getattr(styles, name).clone(f"card-{name}", alignment=TA_CENTER, spaceAfter=0)
               for name in ("service_name", "phone", "small")}
    column: list[Flowable] = [CentredBox(SharedQr.like(qr_for(service, plan)), code_box)] if service.url else []
    column.append(styled(service.name, centred["service_name"]))
    if service.phone:
        column.append(link(f"tel:{service.phone.replace(' ', '')}", service.phone, centred["phone"]))
    printed = service.printed_url
    small = centred["small"]
    if addresses and service.url and printed and stringWidth(printed, small.fontName, small.fontSize) <= width:
        column.append(link(service.url, printed, small))
    return column


def back_face(plan: DocumentPlan, styles: Styles) -> Face:
    """A heading band, then the services side by side, each centred in its column.

    A code's printed address is an extra on a card (not among what it must show): it goes under
    the code when it fits on one line, and all of them are left out before the type must shrink.
    """
    try:
        return _back_face(plan, styles, addresses=True)
    except Overflow:
        return _back_face(plan, styles, addresses=False)


def _back_face(plan: DocumentPlan, styles: Styles, addresses: bool) -> Face:
    face = Face()
    # The heading in the title's style: front and back bands are the same height.
    band_bottom = _band(face, [styled(BACK_HEADING, styles.title)], plan.layout.theme.primary, styles)
    face.fill(0, 0, CARD_WIDTH, FOOT, plan.layout.theme.accent)  # inside the safe margin: no content
    width = (CARD_WIDTH - 2 * SAFE) / max(len(plan.services), 1)
    gap = styles.body_pt * 0.12
    code_box = max((qr_for(s, plan).width for s in plan.services if s.url), default=0.0)
    columns = [_service_column(s, plan, styles, width, code_box, addresses) for s in plan.services]
    contacts = [text(contact, styles.body.clone("card-contact", alignment=TA_CENTER, spaceAfter=0))
                for contact in (plan.org.contacts if plan.org else [])]
    heights = [_stack_height(column, width, gap) for column in columns] or [0.0]
    contacts_height = _stack_height(contacts, CARD_WIDTH - 2 * SAFE, 0)
    # A code's quiet zone already separates it from the band.
    space_top, space_bottom = band_bottom - SAFE * (0.2 if code_box else 0.7), SAFE
    needed = max(heights) + (contacts_height + SAFE * 0.5 if contacts else 0)
    if needed > space_top - space_bottom:
        raise Overflow(needed - (space_top - space_bottom))
    top = space_top - (space_top - space_bottom - needed) / 2
    for index, column in enumerate(columns):  # columns share their top edge
        _stack(face, column, SAFE + index * width, top, width, gap)
    if contacts:
        _stack(face, contacts, SAFE, space_bottom + contacts_height, CARD_WIDTH - 2 * SAFE, 0)
    return face


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


def _attempt(plan: DocumentPlan, body_pt: float, shorts: bool = True) -> bytes:
    """The sheet at ``body_pt``; Overflow when either side of the card does not fit."""
    fonts = register_fonts()
    styles = make_styles(plan.layout, fonts, body_pt)
    front, back = front_face(plan, styles, shorts), back_face(plan, styles)
    sheet = sheet_for(plan.layout)
    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, fonts.main.faces.regular)
    fronts = card_positions(sheet)
    for face, positions in ((front, fronts), (back, [back_position(sheet, p) for p in fronts])):
        for position in positions:
            draw_face(canvas, face, position, outside_edges(sheet, position))
        draw_cut_marks(canvas, sheet)
        finish_page(canvas, sheet)
    canvas.save()
    return target.getvalue()


def render_cards(plan: DocumentPlan) -> bytes:
    """The card sheet's PDF bytes at the largest type size that fits, shorts dropped only if they must be."""
    check_card_counts(plan)
    try:
        return fit_type_size(plan.layout, lambda body_pt: _attempt(plan, body_pt))
    except Overflow:
        pass
    try:
        return fit_type_size(plan.layout, lambda body_pt: _attempt(plan, body_pt, shorts=False))
    except Overflow as overflow:
        raise too_long(plan.id, plan.layout, overflow, "use fewer advice items or services on cards") from None
