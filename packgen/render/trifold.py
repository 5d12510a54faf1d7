"""Roll-fold A4 leaflets: six panels on two sides of a landscape sheet, folding to DL.

Panel widths are 100/100/97 mm: the 97 mm flap folds in first. Printed duplex flipping on the
short edge, a point at x on the outside lies behind x' = sheet width - x on the inside, so:

    outside (page 1):  [ flap back 97 ][ back cover 100 ][ front cover 100 ]
    inside  (page 2):  [ inside 1  100 ][ inside 2  100 ][ flap inside 97 ]

Front cover: the org's logo and name (if any), title, key message, who it is for. Advice flows
flap back -> inside 1 -> 2 -> 3, the order a reader opens it in; the org's local contacts close
the last inside panel (a panel of their own, under the org's name, when the advice ends before
it). Back cover: the services. Nothing may overflow two sides.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Spacer

from packgen.plan.documents import DocumentPlan

from .bands import band_contents, band_top_pad, draw_band, draw_footer, footer_top
from .blocks import advice_in_full, key_message, service_entry, styled, text
from .branding import contacts_block, identity_row
from .fit import Overflow, fit_type_size, flow, frame, height_of, too_long
from .fonts import register_fonts
from .page import Sheet, finish_page, open_canvas, sheet_for
from .styles import Styles, make_styles
from .tagging import model_of, tag

OUTSIDE_MM = (97.0, 100.0, 100.0)  # flap back, back cover, front cover
INSIDE_MM = (100.0, 100.0, 97.0)   # inside 1, inside 2, flap inside


def panel_edges(widths_mm: tuple[float, ...], sheet: Sheet) -> list[tuple[float, float]]:
    """(left x, width) of each panel on the sheet, in points."""
    edges, x = [], sheet.trim_x
    for width in widths_mm:
        edges.append((x, width * mm))
        x += width * mm
    return edges


def _panel_frame(x: float, width: float, top: float, bottom: float, margin: float) -> Frame:
    return frame(x + margin, bottom, width - 2 * margin, top - bottom)


def _draw_fold_guides(canvas: Canvas, sheet: Sheet, edges: list[tuple[float, float]]) -> None:
    """Short ticks at the folds, in the top and bottom margins (where a folder looks for them)."""
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#9aa5b1"))
    canvas.setLineWidth(0.3)
    for x, _ in edges[1:]:
        canvas.line(x, sheet.trim_top, x, sheet.trim_top - 3 * mm)
        canvas.line(x, sheet.trim_y, x, sheet.trim_y + 3 * mm)
    canvas.restoreState()


def _cover(plan: DocumentPlan, styles: Styles, width: float) -> list[Flowable]:
    about = plan.audience.description or plan.audience.label
    return [tag(text(about, styles.lead), model_of(plan), "about", text=about)]


def _local(plan: DocumentPlan, styles: Styles, width: float, *, whole_panel: bool) -> list[Flowable]:
    """The org's contacts, for the last inside panel: after the advice, or (``whole_panel``, when
    the advice ended before it) under the org's logo and name, as the panel's own page."""
    if not (plan.org and plan.org.contacts):
        return []
    block = contacts_block(plan.org, styles, plan.layout.theme, width, model=model_of(plan).contacts)
    if not whole_panel:
        block.spaceBefore = styles.body_pt * 0.9
        return [block]
    identity = identity_row(plan.org, styles, plan.layout.theme, width, on_band=False)
    return [identity, Spacer(width, styles.body_pt * 1.2), block]


def _attempt(plan: DocumentPlan, body_pt: float) -> bytes:
    layout = plan.layout
    model = model_of(plan)
    fonts = register_fonts()
    styles = make_styles(layout, fonts, body_pt)
    sheet = sheet_for(layout)
    margin = layout.margin_mm * mm
    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, fonts.main.faces.regular)
    top, bottom = sheet.trim_top - margin, sheet.trim_y + margin
    (flap_x, flap_w), (back_x, back_w), (cover_x, cover_w) = panel_edges(OUTSIDE_MM, sheet)
    inside = panel_edges(INSIDE_MM, sheet)

    # Outside: the cover band, then the cover's text; the back cover carries the services.
    cover_top = draw_band(canvas, sheet, cover_x, sheet.trim_top, cover_w, band_contents(plan, styles, cover_w - 2.4 * margin),
                          layout.theme.primary, margin * 1.2, bleed_left=False, top_pad=band_top_pad(plan, margin * 1.2))
    if plan.tagline:
        cover_top = draw_band(canvas, sheet, cover_x, cover_top, cover_w, [key_message(model, styles.tagline)],
                              layout.theme.accent, margin, bleed_left=False, bleed_top=False)
    cover_bottom = footer_top(plan, styles, bottom, cover_w - 2 * margin)
    cover = _cover(plan, styles, cover_w - 2 * margin)
    services: list[Flowable] = []
    if model.services:
        services.append(tag(styled(model.services.heading, styles.heading.clone("first-heading", spaceBefore=0)),
                            model.services, "heading"))
        services += [service_entry(entry, plan, styles, back_w - 2 * margin) for entry in model.services.entries]
    advice: list[Flowable] = []
    for section in model.sections:
        advice += advice_in_full(section, styles)
    if advice:
        advice[0].style = advice[0].style.clone("first-heading", spaceBefore=0)
    left_over = flow(cover, [_panel_frame(cover_x, cover_w, cover_top - margin, cover_bottom, margin)], canvas)
    draw_footer(canvas, plan, styles, cover_x + margin, bottom, cover_w - 2 * margin)
    left_over += flow(services, [_panel_frame(back_x, back_w, top, bottom, margin)], canvas)
    advice_left = flow(advice, [_panel_frame(flap_x, flap_w, top, bottom, margin)], canvas)
    _draw_fold_guides(canvas, sheet, panel_edges(OUTSIDE_MM, sheet))
    finish_page(canvas, sheet)

    inside_frames = [_panel_frame(x, w, top, bottom, margin) for x, w in inside]
    advice_left = flow(advice_left, inside_frames[:-1], canvas)  # the last inside panel is home to the contacts
    local = _local(plan, styles, inside[-1][1] - 2 * margin, whole_panel=not advice_left)
    advice_left = flow(advice_left + local, inside_frames[-1:], canvas)
    _draw_fold_guides(canvas, sheet, inside)
    finish_page(canvas, sheet)
    if left_over or advice_left:
        raise Overflow(height_of(left_over + advice_left, flap_w - 2 * margin))
    canvas.save()
    return target.getvalue()


def render_trifold(plan: DocumentPlan) -> bytes:
    """Two sides at the largest type that fits; a clear error when even the minimum does not."""
    try:
        return fit_type_size(plan.layout, lambda body_pt: _attempt(plan, body_pt))
    except Overflow as overflow:
        raise too_long(plan.id, plan.layout, overflow, "remove advice items or use leaflet-a4") from None


render = render_trifold  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
