"""A4 leaflets: two sides in two columns, every advice item in full, every service with its code
(after the org's local contacts, when there is an org profile).

The type shrinks (down to ``min_body_pt``) to keep the leaflet on two sides; content that still
does not fit flows onto more pages at the minimum size, and the page count says so.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from packgen.plan.documents import DocumentPlan

from ..i18n.words import words_for
from .bands import band_contents, band_top_pad, draw_band, draw_footer, footer_top
from .blocks import advice_in_full, key_message, service_entry, styled
from .branding import contacts_block
from .fit import Overflow, fit_type_size, flow, frame, height_of
from .fonts import register_fonts
from .page import Sheet, finish_page, open_canvas, sheet_for
from .styles import Styles, make_styles
from .tagging import model_of, tag

SIDES = 2
COLUMN_GAP_MM = 8.0


def leaflet_content(plan: DocumentPlan, styles: Styles, column_width: float) -> list[Flowable]:
    """All advice in full, then every service with its QR code, phone and printed URL."""
    model = model_of(plan)
    content: list[Flowable] = []
    for section in model.sections:
        content += advice_in_full(section, styles)
    if model.services:
        content.append(tag(styled(model.services.heading, styles.heading.clone("services-heading", fontSize=styles.heading.fontSize * 1.2,
                                                                        leading=styles.heading.leading * 1.2)), model.services, "heading"))
    if plan.org and plan.org.contacts:  # who to talk to here, before the national services
        block = contacts_block(plan.org, styles, plan.layout.theme, column_width, model=model.contacts)
        block.spaceBefore, block.spaceAfter = styles.body_pt * 0.5, styles.body_pt
        content.append(block)
    content += [service_entry(entry, plan, styles, column_width) for entry in model.services.entries] \
        if model.services else []
    return content


def _draw_top_bar(canvas: object, plan: DocumentPlan, sheet: Sheet, height: float) -> None:
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.setFillColor(HexColor(plan.layout.theme.primary))  # type: ignore[attr-defined]
    canvas.rect(sheet.trim_x - sheet.bleed, sheet.trim_top - height, sheet.trim_width + 2 * sheet.bleed,  # type: ignore[attr-defined]
                height + sheet.bleed, stroke=0, fill=1)
    canvas.restoreState()  # type: ignore[attr-defined]


def column_width(layout_margin_mm: float, sheet: Sheet) -> float:
    """Width of each of the two text columns inside the margins."""
    return (sheet.trim_width - 2 * layout_margin_mm * mm - COLUMN_GAP_MM * mm) / 2


def _attempt(plan: DocumentPlan, body_pt: float, max_pages: int | None,
             content: list[Flowable] | None = None) -> bytes:
    layout = plan.layout
    fonts = register_fonts()
    styles = make_styles(layout, fonts, body_pt)
    sheet = sheet_for(layout)
    margin = layout.margin_mm * mm
    x, width = sheet.trim_x + margin, sheet.trim_width - 2 * margin
    gap = COLUMN_GAP_MM * mm
    column = column_width(layout.margin_mm, sheet)
    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, fonts.main.faces.regular)
    remaining = content if content is not None else leaflet_content(plan, styles, column)
    page = 0
    while remaining:
        page += 1
        if max_pages is not None and page > max_pages:
            raise Overflow(height_of(remaining, column) / 2)
        if page == 1:
            top = draw_band(canvas, sheet, sheet.trim_x, sheet.trim_top, sheet.trim_width,
                            band_contents(plan, styles, sheet.trim_width - 1.6 * margin), layout.theme.primary,
                            margin * 0.8, top_pad=band_top_pad(plan, margin * 0.8))
            if plan.tagline:
                top = draw_band(canvas, sheet, sheet.trim_x, top, sheet.trim_width,
                                [key_message(model_of(plan), styles.tagline)], layout.theme.accent, margin * 0.5,
                                bleed_top=False)
            top -= margin * 0.6
        else:
            _draw_top_bar(canvas, plan, sheet, 5 * mm)
            top = sheet.trim_top - margin
        footer_y = sheet.trim_y + margin * 0.6
        bottom = footer_top(plan, styles, footer_y, width)
        columns = [frame(x, bottom, column, top - bottom), frame(x + column + gap, bottom, column, top - bottom)]
        first = remaining[0]
        remaining = flow(remaining, columns, canvas)
        if remaining and remaining[0] is first and page > 1:
            raise RuntimeError(f"{plan.id}: an item is taller than a whole column")  # a bug, not user input
        draw_footer(canvas, plan, styles, x, footer_y, width, words_for(plan.pack.language).page_label(page))
        finish_page(canvas, sheet)
    canvas.save()
    return target.getvalue()


def _content_if_surely_too_long(plan: DocumentPlan) -> list[Flowable] | None:
    """The content at the minimum size, if it is taller than two sides could ever hold.

    Cheap (it only measures), and it saves two full trial layouts for long leaflets; the
    measured content is then laid out as it is, not built a second time.
    """
    layout = plan.layout
    styles = make_styles(layout, register_fonts(), layout.type.min_body_pt)
    sheet = sheet_for(layout)
    margin = layout.margin_mm * mm
    column = column_width(layout.margin_mm, sheet)
    capacity = SIDES * 2 * (sheet.trim_height - 2 * margin)
    content = leaflet_content(plan, styles, column)
    return content if height_of(content, column) > capacity else None


def render_leaflet(plan: DocumentPlan) -> bytes:
    """Two sides at the largest type that fits; more pages, at the minimum size, only if needed."""
    long_content = _content_if_surely_too_long(plan)
    if long_content is not None:
        return _attempt(plan, plan.layout.type.min_body_pt, None, long_content)
    try:
        return fit_type_size(plan.layout, lambda body_pt: _attempt(plan, body_pt, SIDES))
    except Overflow:
        return _attempt(plan, plan.layout.type.min_body_pt, None)


render = render_leaflet  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
