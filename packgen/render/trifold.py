"""Roll-fold A4 leaflets: six panels on two sides of a landscape sheet, folding to DL.

Panel widths are 100/100/97 mm: the 97 mm flap folds in first. Printed duplex flipping on the
short edge, a point at x on the outside lies behind x' = sheet width - x on the inside, so:

    outside (page 1):  [ inside flap 97 ][ back panel 100 ][ cover 100 ]
    inside  (page 2):  [ inside 1   100 ][ inside 2   100 ][ inside 3  97 ]

Each panel has a role and is laid out as a panel, not as part of one flowing column:

- cover: the org's logo and name (if any), title, key message, who it is for, and the "Get help
  now" box (the first numbers to ring);
- inside flap (what a reader sees on opening the cover), then inside 1, 2 and 3: the advice in
  reading order, then the org's local contacts. An advice item moves whole to the next panel; it is
  split (between its paragraphs or points, never inside one, so never mid-sentence across a fold)
  only when it is taller than a whole panel. Items are spread so the panels end as evenly as they
  can, and no panel is left empty;
- back panel: the services.

It fits or fails, and the failure names its cause: the advice (how much too tall for the four
advice panels), the services on the back panel (which ones do not fit), or the cover.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from packgen.plan.documents import DocumentPlan

from .bands import band_contents, band_top_pad, draw_band, draw_footer, footer_top
from .blocks import advice_in_full, key_message, service_entry, styled, text
from .branding import contacts_block
from .fit import DocumentTooLong, Overflow, fit_type_size, flow, frame, scratch_canvas
from .fonts import register_fonts
from .helpbox import help_now_box
from .leaflet import leaflet_styles
from .page import Sheet, finish_page, open_canvas, sheet_for
from .styles import Styles
from .tagging import model_of, tag

OUTSIDE_MM = (97.0, 100.0, 100.0)  # inside flap, back panel, cover
INSIDE_MM = (100.0, 100.0, 97.0)   # inside 1, inside 2, inside 3
ADVICE_PANELS = 4                  # the inside flap and the three inside panels


class PanelOverflow(Overflow):
    """A panel's content did not fit; ``cause`` says which panel and what, in a reader's words."""

    def __init__(self, height: float, cause: str) -> None:
        super().__init__(height)
        self.cause = cause


class WholeItemsOverflow(PanelOverflow):
    """Whole advice items do not fit the advice panels, where splitting them between their blocks
    might: the one outcome of an attempt that ``split`` changes (see :func:`render_trifold`)."""


def panel_edges(widths_mm: tuple[float, ...], sheet: Sheet) -> list[tuple[float, float]]:
    """(left x, width) of each panel on the sheet, in points."""
    edges, x = [], sheet.trim_x
    for width in widths_mm:
        edges.append((x, width * mm))
        x += width * mm
    return edges


def _panel_frame(x: float, width: float, top: float, bottom: float, margin: float) -> Frame:
    return frame(x + margin, bottom, width - 2 * margin, top - bottom)


def _draw_fold_guides(canvas: Canvas, sheet: Sheet, edges: list[tuple[float, float]],
                      where: tuple[bool, bool] = (True, True)) -> None:
    """Short ticks at the folds, in the top and bottom margins (where a folder looks for them);
    ``where``: (at the top, at the bottom)."""
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#9aa5b1"))
    canvas.setLineWidth(0.3)
    for x, _ in edges[1:]:
        if where[0]:
            canvas.line(x, sheet.trim_top, x, sheet.trim_top - 3 * mm)
        if where[1]:
            canvas.line(x, sheet.trim_y, x, sheet.trim_y + 3 * mm)
    canvas.restoreState()


def _cover(plan: DocumentPlan, styles: Styles, width: float, compact: bool = False) -> list[Flowable]:
    """Under the cover's bands: who it is for, then the numbers to ring (the help box). ``compact``:
    who it is for only when the title band does not already say it (an audience without a description)."""
    about = plan.audience.description or plan.audience.label
    repeated = compact and not plan.org and not plan.audience.description   # the band shows the label
    cover: list[Flowable] = [] if repeated else [tag(text(about, styles.lead), model_of(plan), "about", text=about)]
    box = help_now_box(plan, styles, width, stacked=True)
    if box is not None:
        box.spaceBefore = styles.body_pt * 0.8
        cover.append(box)
    return cover


def _items(plan: DocumentPlan, styles: Styles, width: float) -> list[list[Flowable]]:
    """The advice items, each a list of blocks (title, paragraphs, points), then the org's contacts."""
    model = model_of(plan)
    items = [advice_in_full(section, styles) for section in model.sections]
    if plan.org and plan.org.contacts:
        block = contacts_block(plan.org, styles, plan.layout.theme, width, model=model.contacts)
        block.spaceBefore = styles.body_pt * 0.9
        items.append([block])
    return items


def _height(flowable: Flowable, width: float, canvas: Canvas) -> float:
    _, height = flowable.wrapOn(canvas, width, 1e6)
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _balanced(heights: Sequence[float], allowed: Sequence[bool], groups: int) -> list[int] | None:
    """Cut ``heights`` into ``groups`` non-empty runs, cutting only before an index whose ``allowed``
    is true, so that the tallest run is as short as possible; the run ends, or None."""
    count = len(heights)
    prefix = [0.0]
    for height in heights:
        prefix.append(prefix[-1] + height)
    infinity = float("inf")
    # best[g][i]: the tallest run when the first i units make g runs; cut[g][i]: where the last run starts.
    best = [[infinity] * (count + 1) for _ in range(groups + 1)]
    cut = [[0] * (count + 1) for _ in range(groups + 1)]
    best[0][0] = 0.0
    for g in range(1, groups + 1):
        for i in range(1, count + 1):
            for start in range(g - 1, i):
                if start and not allowed[start]:
                    continue
                tallest = max(best[g - 1][start], prefix[i] - prefix[start])
                if tallest < best[g][i]:
                    best[g][i], cut[g][i] = tallest, start
    if best[groups][count] == infinity:
        return None
    ends, i = [], count
    for g in range(groups, 0, -1):
        ends.append(i)
        i = cut[g][i]
    return ends[::-1]


def advice_panels(items: list[list[Flowable]], width: float, capacity: float,
                  panels: int = ADVICE_PANELS, *, split: bool = True) -> list[list[Flowable]]:
    """The items laid into ``panels`` panels in reading order, no panel empty (see the module's
    docstring); PanelOverflow when they do not fit (without ``split``: whole items only, unless
    one is taller than a panel)."""
    canvas = scratch_canvas()
    heights = [[_height(block, width, canvas) for block in item] for item in items]
    totals = [sum(h) for h in heights]
    # Whole items, spread evenly: the usual case.
    if len(items) >= panels:
        ends = _balanced(totals, [True] * len(items), panels)
        if ends is not None:
            starts = [0] + ends[:-1]
            if max(sum(totals[a:b]) for a, b in zip(starts, ends)) <= capacity:
                return [[block for item in items[a:b] for block in item] for a, b in zip(starts, ends)]
    # Some item must be split between its blocks: those taller than a panel, or too few items to
    # fill every panel. A cut may fall between blocks, never right after a title.
    blocks = [block for item in items for block in item]
    block_heights = [h for item in heights for h in item]
    first_of_item = [index == 0 for item in items for index in range(len(item))]
    allowed = [True] + [not _is_title(blocks[i - 1]) for i in range(1, len(blocks))]
    long_items = {n for n, total in enumerate(totals) if total > capacity}
    item_of = [n for n, item in enumerate(items) for _ in item]
    if len(items) >= panels and long_items:  # cut inside the items taller than a panel only
        only_long = [ok and (first or item_of[i] in long_items) for i, (ok, first) in enumerate(zip(allowed, first_of_item))]
        ends = _balanced(block_heights, only_long, panels)
        if ends is not None:
            starts = [0] + ends[:-1]
            if max(sum(block_heights[a:b]) for a, b in zip(starts, ends)) <= capacity:
                return [blocks[a:b] for a, b in zip(starts, ends)]
    if not split and len(items) >= panels:
        raise WholeItemsOverflow(sum(block_heights) - panels * capacity,
                                 "the advice is too long for the four advice panels")
    # Whole items do not go evenly into the panels (or there are too few of them to fill every
    # panel): cut between any paragraphs or points, still never inside one, nor after a title.
    ends = _balanced(block_heights, allowed, panels) if len(blocks) >= panels else None
    if ends is None:
        raise PanelOverflow(sum(block_heights), "there is too little advice to fill the four advice panels")
    starts = [0] + ends[:-1]
    tallest = max(sum(block_heights[a:b]) for a, b in zip(starts, ends))
    if tallest > capacity:
        return _greedy(items, heights, capacity, panels)
    return [blocks[a:b] for a, b in zip(starts, ends)]


def _greedy(items: list[list[Flowable]], heights: list[list[float]], capacity: float,
            panels: int) -> list[list[Flowable]]:
    """Fill panels in turn: an item goes whole to the next panel unless it is taller than a panel,
    then it is split between blocks. PanelOverflow with what is left over."""
    result: list[list[Flowable]] = [[] for _ in range(panels)]
    panel, used = 0, 0.0
    for number, (item, item_heights) in enumerate(zip(items, heights)):
        total = sum(item_heights)
        if used and used + total > capacity and total <= capacity:
            panel, used = panel + 1, 0.0
        for index, (block, height) in enumerate(zip(item, item_heights)):
            keep_next = item_heights[index + 1] if _is_title(block) and index + 1 < len(item) else 0.0
            if used and used + height + keep_next > capacity:
                panel, used = panel + 1, 0.0
            if panel >= panels:
                left = sum(sum(h) for h in heights[number:]) - sum(item_heights[:index])
                raise PanelOverflow(left, "the advice is too long for the four advice panels")
            result[panel].append(block)
            used += height
    return result


def _is_title(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return bool(getattr(style, "keepWithNext", 0))


def _services(plan: DocumentPlan, styles: Styles, width: float, capacity: float) -> list[Flowable]:
    """The back panel's services; PanelOverflow naming the services that do not fit on it."""
    model = model_of(plan)
    if not model.services:
        return []
    heading = tag(styled(model.services.heading, styles.heading.clone("first-heading", spaceBefore=0)),
                  model.services, "heading")
    entries = [service_entry(entry, plan, styles, width) for entry in model.services.entries]
    canvas = scratch_canvas()
    used = _height(heading, width, canvas)
    left_out = []
    for service, entry in zip(model.services.entries, entries):
        used += _height(entry, width, canvas)
        if used > capacity:
            left_out.append(service.name)
    if left_out:
        raise PanelOverflow(used - capacity, "the back panel holds the services, and " + ", ".join(left_out) +
                            " do not fit on it: shorten those services' summary or who_for texts, "
                            "or choose fewer services")
    return [heading, *entries]


def _attempt(plan: DocumentPlan, body_pt: float, split: bool = True,
             fold_guides: tuple[bool, bool] = (True, True), compact: bool = False) -> bytes:
    """Both sides at ``body_pt``; PanelOverflow naming the panel that does not fit. ``fold_guides``:
    whether to tick the folds at the top and at the bottom of the sheet (a bilingual tri-fold's
    halves tick the sheet's edges only: :mod:`.bilingual_trifold`); ``compact``: the cover's bands
    less padded and no line repeating who it is for (half a panel's height, ditto)."""
    layout = plan.layout
    fonts = register_fonts()
    styles = leaflet_styles(plan, body_pt)  # a leaflet's spacing: read at arm's length
    sheet = sheet_for(layout)
    margin = layout.margin_mm * mm
    top, bottom = sheet.trim_top - margin, sheet.trim_y + margin
    (flap_x, flap_w), (back_x, back_w), (cover_x, cover_w) = panel_edges(OUTSIDE_MM, sheet)
    inside = panel_edges(INSIDE_MM, sheet)
    narrowest = min(OUTSIDE_MM + INSIDE_MM) * mm - 2 * margin

    # Lay everything out on paper first (measured, not drawn), so a failure names its cause.
    services = _services(plan, styles, back_w - 2 * margin, top - bottom)
    panels = advice_panels(_items(plan, styles, narrowest), narrowest, top - bottom, split=split)
    for panel in panels:  # a panel starts at its top: no gap above its first heading
        if panel and getattr(panel[0], "style", None) is not None and _is_title(panel[0]):
            panel[0].style = panel[0].style.clone("first-heading", spaceBefore=0)

    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, fonts.main.faces.regular)
    pad = margin * (0.7 if compact else 1.0)   # the cover's bands' padding
    cover_top = draw_band(canvas, sheet, cover_x, sheet.trim_top, cover_w,
                          band_contents(plan, styles, cover_w - 2.4 * pad), layout.theme.primary, pad * 1.2,
                          bleed_left=False, top_pad=band_top_pad(plan, pad * 1.2))
    if plan.tagline:
        cover_top = draw_band(canvas, sheet, cover_x, cover_top, cover_w, [key_message(model_of(plan), styles.tagline)],
                              layout.theme.accent, pad, bleed_left=False, bleed_top=False)
    cover_bottom = footer_top(plan, styles, bottom, cover_w - 2 * margin, numbered=False)  # the cover has no number
    cover = _cover(plan, styles, cover_w - 2 * margin, compact)
    box = cover.pop() if cover and model_of(plan).help_box is not None else None  # at the cover's foot, above the footer
    box_height = _height(box, cover_w - 2 * margin, canvas) if box is not None else 0.0
    if cover_top - margin < cover_bottom + box_height:  # the bands alone reach the help box or footer
        raise PanelOverflow(cover_bottom + box_height - cover_top + margin,
                            "the cover's title, key message and help box do not fit on the cover panel")
    cover_left = flow(cover, [_panel_frame(cover_x, cover_w, cover_top - margin, cover_bottom + box_height, margin)],
                      canvas)
    if box is not None and not cover_left:
        box.spaceBefore = 0
        cover_left = flow([box], [_panel_frame(cover_x, cover_w, cover_bottom + box_height, cover_bottom, margin)],
                          canvas)
    if cover_left:
        raise PanelOverflow(sum(_height(f, cover_w - 2 * margin, canvas) for f in cover_left),
                            "the cover's title, key message and help box do not fit on the cover panel")
    draw_footer(canvas, plan, styles, cover_x + margin, bottom, cover_w - 2 * margin)
    outside_frames = [(_panel_frame(flap_x, flap_w, top, bottom, margin), panels[0]),
                      (_panel_frame(back_x, back_w, top, bottom, margin), services)]
    inside_frames = [(_panel_frame(x, w, top, bottom, margin), panel) for (x, w), panel in zip(inside, panels[1:])]
    for page, frames in ((OUTSIDE_MM, outside_frames), (INSIDE_MM, inside_frames)):
        for target_frame, content in frames:
            if flow(content, [target_frame], canvas):  # measured to fit: a bug if not
                raise RuntimeError(f"{plan.id}: a tri-fold panel overflowed after it was measured to fit")
        _draw_fold_guides(canvas, sheet, panel_edges(page, sheet), fold_guides)
        finish_page(canvas, sheet)
    canvas.save()
    return target.getvalue()


def render_trifold(plan: DocumentPlan) -> bytes:
    """Two sides at the largest type that fits; a clear error, naming the cause, when even the minimum does not.

    Whole advice items are tried first, at every size the search asks for, then items split between
    their blocks. ``split`` changes one thing only: whether :func:`advice_panels` gives up where whole
    items do not fit (:class:`WholeItemsOverflow`). So a size whose whole-items attempt failed in
    any other way (the services, the cover) fails the same way with splitting, and is not attempted
    again: its overflow is raised as it was. (A size whose whole-items attempt succeeded is never
    asked for again.) :func:`render_by_attempts` attempts every size all the same: the reference
    tests/test_render_documents.py holds this to.
    """
    return _search(plan, reuse=True)


def render_by_attempts(plan: DocumentPlan) -> bytes:
    """:func:`render_trifold` with every size the two searches ask for attempted in full."""
    return _search(plan, reuse=False)


def _search(plan: DocumentPlan, *, reuse: bool) -> bytes:
    failed: dict[float, tuple[float, str | None]] = {}  # body size -> (height, cause) of its whole-items overflow

    def whole_items(body_pt: float) -> bytes:
        try:
            return _attempt(plan, body_pt, split=False)
        except WholeItemsOverflow:
            raise
        except Overflow as overflow:
            if reuse:
                failed[body_pt] = (overflow.height, getattr(overflow, "cause", None))
            raise

    def split_items(body_pt: float) -> bytes:
        known = failed.get(body_pt)
        if known is None:
            return _attempt(plan, body_pt)
        height, cause = known
        raise Overflow(height) if cause is None else PanelOverflow(height, cause)

    try:  # whole advice items in their panels at the largest type that allows it, else split between blocks
        return fit_type_size(plan.layout, whole_items)
    except PanelOverflow:
        pass
    try:
        return fit_type_size(plan.layout, split_items)
    except PanelOverflow as overflow:
        layout = plan.layout
        raise DocumentTooLong(
            f"document {plan.id}: {overflow.cause} ({max(1, round(overflow.height / mm))} mm too tall for "
            f"{layout.id} at the minimum type size, {layout.type.min_body_pt:g} pt)"
            + ("; remove advice items or use leaflet-a4" if "advice" in overflow.cause else "")) from None


render = render_trifold  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
