"""A4 leaflets: 1, 2 or 4 sides (never 3), in columns, every advice item in full, every service with
its code (after the org's local contacts, when there is an org profile), and a "Get help now" box
on page 1.

How many sides. The content is measured (not laid out) at the minimum type size; it takes the
fewest of the layout's allowed side counts (``sides``, by default 1, 2 and 4) that hold it. It is
then balanced across them: the type grows towards the layout's ``body_pt``, then the spacing opens
up (leading and the gaps between blocks, up to ``MAX_SPACING``), and every side but the last is
filled to the same share of its columns, so no side is left mostly empty and the services never
sit alone on a near-blank last page. Then it is laid out once (again only when a column break
wasted more than the slack allowed). Content that does not fit the largest side count at the
minimum size fails, naming the overflow, like a poster.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from packgen.model.nodes import ServiceEntry
from packgen.plan.documents import DocumentPlan

from .bands import band_contents, band_height, band_top_pad, draw_band, draw_footer, footer_top
from .blocks import advice_in_full, key_message, service_entry, styled, text
from .branding import contacts_block
from .fit import DocumentTooLong, Overflow, added, flow, frame, height_of, increments_of, kept_increments, style_keys
from .fonts import register_fonts
from .helpbox import help_now_box
from .page import Sheet, finish_page, open_canvas, sheet_for
from .paragraphs import line_memo_awake
from .styles import Styles, make_styles
from .tagging import model_of, tag

DEFAULT_SIDES = (1, 2, 4)
COLUMN_GAP_MM = 6.0
LINE_SPACING = 1.2      # a leaflet's body leading, unless its layout sets one
MAX_SPACING = 1.3       # balancing may open leading and gaps up by this much, no more
TARGET = 0.96           # aim the content at this share of the columns: columns end where items cannot split
STEP_PT = 0.5
FIT = 0.975            # content up to this share of the columns is worth one layout at the minimum size
TOP_BAR_MM = 4.0
BAND_PAD, TAGLINE_PAD, HEADER_GAP = 0.65, 0.4, 0.5  # fractions of the margin


class EndedEarly(Exception):
    """The content ran out before the last side: the sides were filled too full."""


def leaflet_styles(plan: DocumentPlan, body_pt: float, spacing: float = 1.0) -> Styles:
    """The layout's styles with a leaflet's tighter gaps (a leaflet is read at arm's length)."""
    layout = plan.layout
    styles = make_styles(layout, register_fonts(), body_pt, line_spacing=layout.type.line_spacing or LINE_SPACING,
                         spacing=spacing)
    gap = body_pt * spacing
    styles.body.spaceAfter = gap * 0.4
    styles.lead.spaceAfter = gap * 0.4
    styles.bullet.spaceAfter = gap * 0.2
    styles.heading.spaceBefore = gap * 0.75
    styles.heading.spaceAfter = gap * 0.25
    return styles


def leaflet_content(plan: DocumentPlan, styles: Styles, column_width: float) -> list[Flowable]:
    """All advice in full, then every service with its QR code, phone and printed URL."""
    model = model_of(plan)
    content = _advice(plan, styles)
    contacts = _contacts(plan, styles, column_width)
    if contacts is not None:  # who to talk to here, before the national services
        content.append(contacts)
    content += [service_entry(entry, plan, styles, column_width) for entry in model.services.entries] \
        if model.services else []
    return content


def _advice(plan: DocumentPlan, styles: Styles) -> list[Flowable]:
    """The advice in full and the services' heading: what :func:`leaflet_content` puts first."""
    model = model_of(plan)
    content: list[Flowable] = []
    for section in model.sections:
        content += advice_in_full(section, styles)
    if model.services:
        content.append(tag(styled(model.services.heading, styles.heading.clone("services-heading", fontSize=styles.heading.fontSize * 1.15,
                                                                        leading=styles.heading.leading * 1.15)), model.services, "heading"))
    return content


def _contacts(plan: DocumentPlan, styles: Styles, column_width: float) -> Flowable | None:
    if not (plan.org and plan.org.contacts):
        return None
    block = contacts_block(plan.org, styles, plan.layout.theme, column_width, model=model_of(plan).contacts)
    block.spaceBefore, block.spaceAfter = styles.body_pt * 0.3, styles.body_pt
    return block


# The measure at the minimum size decides the sides, and is then mostly thrown away: the content is
# balanced at a larger size. What it measures of the advice and the services (the same in every
# school's copy of a document) is kept (fit.kept_increments), by everything their flowables are made
# from: the model's sections or service entry (frozen, compared by content), every attribute of every
# style they use, the QR code's settings and the column's width.


def _entry_maker(entry: ServiceEntry, plan: DocumentPlan, styles: Styles, width: float) -> Callable[[], list[Flowable]]:
    return lambda: [service_entry(entry, plan, styles, width)]


def content_height(plan: DocumentPlan, styles: Styles, column_width: float) -> float:
    """``height_of(leaflet_content(...))``, the same float, with the advice's and each service's
    heights kept from an earlier document's measure where they are the same (see _HEIGHTS)."""
    model = model_of(plan)
    awake = line_memo_awake()
    advice_styles = style_keys(styles, "heading", "body", "bullet") if awake else None
    advice_key = None if advice_styles is None else (
        "advice", column_width, model.sections, model.services.heading if model.services else None, advice_styles)
    increments = list(kept_increments(advice_key, lambda: _advice(plan, styles), column_width))
    contacts = _contacts(plan, styles, column_width)
    if contacts is not None:
        increments += increments_of([contacts], column_width)
    if model.services:
        qr = plan.layout.qr
        entry_styles = style_keys(styles, "service_name", "small", "phone", "body") if awake else None
        for entry in model.services.entries:
            key = None if entry_styles is None else (
                "service", column_width, entry, qr.size_mm, qr.error_correction, plan.layout.theme.text,
                styles.body_pt, entry_styles)
            increments += kept_increments(key, _entry_maker(entry, plan, styles, column_width), column_width)
    return added(increments)


@dataclass(frozen=True)
class Geometry:
    """Where a leaflet's columns go at one type size, and how much they hold."""

    sheet: Sheet
    x: float             # left edge of the text area
    width: float         # width of the text area
    columns: int
    column: float        # width of one column
    gap: float
    first_top: float     # top of the columns on page 1, under the bands and the help box
    top: float           # top of the columns on the other pages
    bottom: float        # bottom of the columns, above the footer
    footer_y: float

    cover: bool = False  # page 1 is a cover of its own (booklets): the content starts on page 2

    def capacity(self, sides: int) -> float:
        """Column height the leaflet holds on ``sides`` sides."""
        first = 0.0 if self.cover else self.first_top - self.bottom
        return self.columns * (first + (sides - 1) * (self.top - self.bottom))


@dataclass(frozen=True)
class Header:
    """What page 1 draws above its columns."""

    band: list[Flowable]
    tagline: list[Flowable]
    help_box: Flowable | None


def _header(plan: DocumentPlan, styles: Styles, sheet: Sheet, margin: float, width: float) -> Header:
    band = band_contents(plan, styles, sheet.trim_width - 2 * BAND_PAD * margin)
    tagline = [key_message(model_of(plan), styles.tagline)] if plan.tagline else []
    return Header(band, tagline, help_now_box(plan, styles, width, stacked=plan.layout.columns == 1))


def _geometry(plan: DocumentPlan, styles: Styles, header: Header) -> Geometry:
    layout = plan.layout
    sheet = sheet_for(layout)
    margin = layout.margin_mm * mm
    x, width = sheet.trim_x + margin, sheet.trim_width - 2 * margin
    gap = COLUMN_GAP_MM * mm if layout.columns > 1 else 0.0
    column = (width - gap * (layout.columns - 1)) / layout.columns
    top = sheet.trim_top - band_height(header.band, sheet.trim_width, margin * BAND_PAD, band_top_pad(plan, margin * BAND_PAD))
    if header.tagline:
        top -= band_height(header.tagline, sheet.trim_width, margin * TAGLINE_PAD)
    top -= margin * HEADER_GAP
    if header.help_box is not None:
        top -= header.help_box.wrap(width, 1e6)[1] + margin * HEADER_GAP
    footer_y = sheet.trim_y + margin * 0.6
    bottom = footer_top(plan, styles, footer_y, width)
    return Geometry(sheet, x, width, layout.columns, column, gap, top, sheet.trim_top - margin, bottom, footer_y,
                    cover=layout.kind == "booklet")


@dataclass
class Measured:
    """Content built (or to be built: ``plan``) and measured at one type size and spacing."""

    body_pt: float
    spacing: float
    styles: Styles
    header: Header
    geometry: Geometry
    made: list[Flowable] | None
    height: float
    plan: DocumentPlan | None = None

    @property
    def content(self) -> list[Flowable]:
        if self.made is None:  # made and measured as _measure would have (a cut word wraps anew each time)
            assert self.plan is not None
            self.made = leaflet_content(self.plan, self.styles, self.geometry.column)
            height_of(self.made, self.geometry.column)
        return self.made


def _measure(plan: DocumentPlan, body_pt: float, spacing: float = 1.0, *, build: bool = True) -> Measured:
    """Content at ``body_pt`` and ``spacing`` and its height; without ``build``, the content is made
    only if it is asked for (a measure that decides, but is seldom drawn: :func:`content_height`)."""
    styles = leaflet_styles(plan, body_pt, spacing)
    margin = plan.layout.margin_mm * mm
    sheet = sheet_for(plan.layout)
    header = _header(plan, styles, sheet, margin, sheet.trim_width - 2 * margin)
    geometry = _geometry(plan, styles, header)
    if not build:
        return Measured(body_pt, spacing, styles, header, geometry, None,
                        content_height(plan, styles, geometry.column), plan)
    content = leaflet_content(plan, styles, geometry.column)
    return Measured(body_pt, spacing, styles, header, geometry, content, height_of(content, geometry.column))


def _draw_top_bar(canvas: Canvas, plan: DocumentPlan, sheet: Sheet) -> None:
    canvas.saveState()
    canvas.setFillColor(HexColor(plan.layout.theme.primary))
    height = TOP_BAR_MM * mm
    canvas.rect(sheet.trim_x - sheet.bleed, sheet.trim_top - height, sheet.trim_width + 2 * sheet.bleed,
                height + sheet.bleed, stroke=0, fill=1)
    canvas.restoreState()


def _draw_header(canvas: Canvas, plan: DocumentPlan, measured: Measured) -> None:
    geometry, header, sheet = measured.geometry, measured.header, measured.geometry.sheet
    margin = plan.layout.margin_mm * mm
    theme = plan.layout.theme
    top = draw_band(canvas, sheet, sheet.trim_x, sheet.trim_top, sheet.trim_width, header.band, theme.primary,
                    margin * BAND_PAD, top_pad=band_top_pad(plan, margin * BAND_PAD))
    if header.tagline:
        top = draw_band(canvas, sheet, sheet.trim_x, top, sheet.trim_width, header.tagline, theme.accent,
                        margin * TAGLINE_PAD, bleed_top=False)
    top -= margin * HEADER_GAP
    if header.help_box is not None:
        _, height = header.help_box.wrap(geometry.width, 1e6)
        header.help_box.drawOn(canvas, geometry.x, top - height)


def _draw_cover(canvas: Canvas, plan: DocumentPlan, measured: Measured) -> None:
    """A booklet's cover under its bands and help box: who it is for, in the lead style."""
    g = measured.geometry
    words = plan.audience.description or plan.audience.label
    about = tag(text(words, measured.styles.lead), model_of(plan), "about", text=words)
    flow([about], [frame(g.x, g.bottom, g.width, g.first_top - g.bottom)], canvas)


def _lay_out(plan: DocumentPlan, measured: Measured, sides: int, fill: float) -> bytes:
    """The PDF on exactly ``sides`` sides, every side but the last filled to ``fill`` of its columns."""
    g = measured.geometry
    target = io.BytesIO()
    canvas = open_canvas(target, plan, g.sheet, register_fonts().main.faces.regular)
    remaining = list(measured.content)
    for page in range(1, sides + 1):
        if not remaining:
            raise EndedEarly()
        if page == 1 and g.cover:
            _draw_header(canvas, plan, measured)
            _draw_cover(canvas, plan, measured)
            draw_footer(canvas, plan, measured.styles, g.x, g.footer_y, g.width,
                        plan.words.page_label(page))
            finish_page(canvas, g.sheet)
            continue
        if page == 1:
            _draw_header(canvas, plan, measured)
            top = g.first_top
        else:
            _draw_top_bar(canvas, plan, g.sheet)
            top = g.top
        height = (top - g.bottom) * (fill if page < sides else 1.0)
        frames = [frame(g.x + index * (g.column + g.gap), top - height, g.column, height) for index in range(g.columns)]
        remaining = flow(remaining, frames, canvas)
        draw_footer(canvas, plan, measured.styles, g.x, g.footer_y, g.width,
                    plan.words.page_label(page))
        finish_page(canvas, g.sheet)
    if remaining:
        raise Overflow(height_of(remaining, g.column))
    canvas.save()
    return target.getvalue()


BOOKLET_SIDES = tuple(range(4, 33, 4))  # a saddle-stitched booklet: whole folded sheets, up to 8


def _allowed_sides(plan: DocumentPlan) -> list[int]:
    default = BOOKLET_SIDES if plan.layout.kind == "booklet" else DEFAULT_SIDES
    return sorted(set(plan.layout.sides or default))


def _too_long(plan: DocumentPlan, overflow: float, sides: int) -> DocumentTooLong:
    layout = plan.layout
    advice = ("a booklet takes at most {n} pages: choose fewer advice items or services" if layout.kind == "booklet"
              else "a leaflet takes at most {n} sides: use booklet-a5, or choose fewer advice items or services")
    return DocumentTooLong(
        f"document {plan.id}: content is {max(1, round(overflow / mm))} mm too tall for {layout.id} on "
        f"{sides} sides at the minimum type size ({layout.type.min_body_pt:g} pt); " + advice.format(n=sides))


def _balanced(plan: DocumentPlan, sides: int, low: Measured) -> Measured:
    """Type up to the layout's body size, then spacing, so the content fills about TARGET of ``sides``.

    Both are estimated from the measure at the minimum size (height grows about with the square of
    the type size, and about in proportion to the spacing), then measured once; only an estimate
    that came out too tall costs another measure, with half the extra spacing, then none.
    """
    layout = plan.layout
    ratio = low.geometry.capacity(sides) * TARGET / low.height
    if ratio <= 1.03:
        return low
    size = low.body_pt
    if layout.type.body_pt > low.body_pt:
        size = min(layout.type.body_pt, math.floor(low.body_pt * math.sqrt(ratio) / STEP_PT) * STEP_PT)
    left = ratio / (size / low.body_pt) ** 2  # what the spacing has to make up
    spacing = min(MAX_SPACING, 1 + (left - 1) * 0.9) if left > 1.03 else 1.0
    for _ in range(3):
        if size == low.body_pt and spacing == 1.0:
            return low
        trial = _measure(plan, size, spacing)
        if trial.height <= trial.geometry.capacity(sides) * TARGET:
            return trial
        if spacing > 1.0:
            spacing = 1 + (spacing - 1) / 2 if spacing > 1.05 else 1.0
        else:
            size = max(low.body_pt, size - STEP_PT)
    return low


def render_leaflet(plan: DocumentPlan) -> bytes:
    """The fewest allowed sides that hold the content, balanced; DocumentTooLong beyond the most."""
    allowed = _allowed_sides(plan)
    # Made later, only if drawn, where the heights may be kept (a batch worker); at once in a process
    # drawing one document, which would otherwise make them twice when they are drawn.
    low = _measure(plan, plan.layout.type.min_body_pt, build=not line_memo_awake())
    fitting = [n for n in allowed if low.height <= low.geometry.capacity(n) * FIT]
    if not fitting:
        raise _too_long(plan, low.height - low.geometry.capacity(allowed[-1]), allowed[-1])
    sides = fitting[0]
    measured = _balanced(plan, sides, low)
    fill = min(1.0, measured.height / measured.geometry.capacity(sides) + 0.01)
    for _ in range(6):
        try:
            return _lay_out(plan, measured, sides, fill)
        except EndedEarly:
            fill -= 0.05
        except Overflow as overflow:
            if fill < 1.0:
                fill = min(1.0, fill + 0.05)
            elif measured is not low:
                measured, fill = low, min(1.0, low.height / low.geometry.capacity(sides) + 0.01)
            elif sides != allowed[-1]:
                sides = allowed[allowed.index(sides) + 1]
                fill = min(1.0, low.height / low.geometry.capacity(sides) + 0.01)
            else:
                raise _too_long(plan, overflow.height, sides) from None
    raise RuntimeError(f"{plan.id}: could not balance the leaflet")  # a bug, not user input


render = render_leaflet  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
