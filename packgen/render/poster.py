"""One-page posters: title band (with the org's logo and name), the key message, numbered advice,
the org's local contacts and the services with QR codes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, TableStyle
from reportlab.platypus.frames import _FUZZ as FRAME_FUZZ

from packgen.plan.documents import DocumentPlan

from .bands import band_bottom, band_contents, band_heights, band_top_pad, draw_band, draw_footer, footer_top
from .blocks import advice_summary, key_message, qr_for, section_heading, service_lines, spans, styled
from .branding import contacts_block
from .fit import (
    Overflow,
    added,
    fit_in_phases,
    flow,
    frame,
    height_of,
    kept_increments,
    style_keys,
    too_long,
)
from .fonts import register_fonts
from .page import Sheet, finish_page, open_canvas, sheet_for
from .paragraphs import line_memo_awake
from .styles import Styles, make_styles
from .tables import Table
from .tagging import model_of, tag

BESIDE_SHARES = (0.36, 0.3, 0.25, 0.2)  # of the width, for the local contacts beside the services
T = TypeVar("T")
TIGHT_SPACE = 0.3  # of the body size, under each key message on a crowded poster (else 0.6)
SNUG = 2  # a tightness: the key messages closer together and the foot's padding less (TIGHT_SPACE, SNUG_PAD)
SNUG_PAD = 0.3  # of the body size, under each row of the services' grid on a snug poster (else 0.5)
# The searches fit_poster makes in turn, each only when the ones before found no size:
# (tightness: 0 as always, 1 the key messages closer together, SNUG; the compact feet allowed).
PHASES = ((0, False), (1, False), (0, True), (1, True), (SNUG, True))
GIVE_UP_MARGIN = 1e-6  # points: far above the rounding of a sum of a few heights, far below any block's height


class NumberBadge(Flowable):
    """A filled circle with a number: the poster's visual rhythm for key messages."""

    def __init__(self, number: int, diameter: float, colour: str, font: str) -> None:
        super().__init__()
        self.number, self.diameter, self.colour, self.font = number, diameter, colour, font
        self.width = self.height = diameter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.diameter, self.diameter

    def draw(self) -> None:
        radius = self.diameter / 2
        self.canv.setFillColor(HexColor(self.colour))
        self.canv.circle(radius, radius, radius, stroke=0, fill=1)
        self.canv.setFillColor(HexColor("#ffffff"))
        self.canv.setFont(self.font, self.diameter * 0.55)
        self.canv.drawCentredString(radius, radius - self.diameter * 0.19, str(self.number))


def _plain_table(rows: list[list[object]], widths: list[float], bottom_pad: float, font: str) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),  # else ReportLab references (unembedded) Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom_pad),
    ]))
    return table


def key_messages(plan: DocumentPlan, styles: Styles, width: float, *, tight: int = 0) -> list[Flowable]:
    """Each advice item as a numbered title with its short line (``tight``: less space between items)."""
    badge = styles.heading.fontSize * 1.5
    gap = badge * 0.45
    rows = []
    for number, section in enumerate(model_of(plan).sections, start=1):
        cell = [section_heading(section, styles.heading.clone("key-title", spaceBefore=0, spaceAfter=styles.body_pt * 0.15))]
        summary = advice_summary(section)
        if summary is not None:
            cell.append(tag(spans(summary.spans, styles.body.clone("key-body", spaceAfter=0)), summary))
        rows.append([NumberBadge(number, badge, plan.layout.theme.primary, styles.heading.fontName), cell])
    space = styles.body_pt * (TIGHT_SPACE if tight else 0.6)
    return [_plain_table(rows, [badge + gap, width - badge - gap], space, styles.body.fontName)] if rows else []


def services_grid(plan: DocumentPlan, styles: Styles, width: float, *, beside: float = 0.0,
                  contacts: bool = True, keep_columns: bool = False, contact_columns: int = 1,
                  snug: bool = False) -> list[Flowable]:
    """Services side by side: a row of QR codes, and under each its name, phone and printed URL.

    The org's local contacts come first: in a block above the codes or, with ``beside`` (a share
    of the width), in a column to the right of at most two columns of services (``keep_columns``:
    of as many columns as the services have without the contacts, only narrower). Without
    ``contacts``: the services alone, as they come under the contacts block. ``contact_columns``:
    the contacts above the codes, in that many columns beside their heading
    (:func:`~.branding.contacts_block`). ``snug``: less padding in the grid and the contacts block.
    """
    model = model_of(plan)
    services = list(plan.services)
    contacts = contacts and bool(plan.org and plan.org.contacts)
    if not services and not contacts:
        return []
    heading = model.services.heading if model.services else plan.words.get_help
    gap = 6 * mm
    side = width * beside if contacts and services else 0.0
    grid = _grid(plan, styles, width - side - (gap if side else 0), narrow=bool(side) and not keep_columns,
                 snug=snug) if services else []
    if not contacts:
        return [tag(styled(heading, styles.heading), model.services, "heading"), *grid]
    assert plan.org is not None
    if not side:
        block = contacts_block(plan.org, styles, plan.layout.theme, width, side=True, model=model.contacts,
                               columns=contact_columns, snug=snug)
        return [block] + ([tag(styled(heading, styles.heading), model.services, "heading"), *grid] if grid else [])
    block = contacts_block(plan.org, styles, plan.layout.theme, side, heading_size=styles.body_pt * 1.15,
                           model=model.contacts, snug=snug)
    return [tag(styled(heading, styles.heading), model.services, "heading"),
            _plain_table([[grid, "", block]], [width - side - gap, gap, side], 0, styles.body.fontName)]


def _grid_columns(plan: DocumentPlan, *, narrow: bool) -> int:
    """How many columns :func:`_grid` sets the services in: 2 or 3 (``narrow``: at most 2)."""
    services = list(model_of(plan).services.entries)  # type: ignore[union-attr]  # called with services only
    coded = sum(1 for entry in services if entry.qr)
    # Four services of which one has no code (a phone line such as 999) fit in one row of four.
    columns = 2 if (len(services) == 2 or (len(services) == 4 and coded == 4)) or narrow \
        else (4 if len(services) == 4 else min(len(services), 3))
    return min(columns, len(services))


def _grid(plan: DocumentPlan, styles: Styles, width: float, *, narrow: bool, snug: bool = False) -> list[Flowable]:
    """The services' codes and details in 2 or 3 columns (``narrow``: at most 2)."""
    services = list(model_of(plan).services.entries)  # type: ignore[union-attr]  # called with services only
    columns = _grid_columns(plan, narrow=narrow)
    gap = 6 * mm
    column_width = (width - gap * (columns - 1)) / columns
    rows: list[list[object]] = []
    for start in range(0, len(services), columns):
        chunk = services[start:start + columns]
        codes = [qr_for(s, plan) if s.qr else "" for s in chunk]
        details = [service_lines(s, styles) for s in chunk]
        if any(codes):
            rows.append(_with_gutters(codes, columns))
        rows.append(_with_gutters(details, columns))
    widths = [column_width if i % 2 == 0 else gap for i in range(2 * columns - 1)]
    return [_plain_table(rows, widths, styles.body_pt * (SNUG_PAD if snug else 0.5), styles.body.fontName)]


def _with_gutters(cells: Sequence[object], columns: int) -> list[object]:
    cells = [*cells] + [""] * (columns - len(cells))
    return [item for index, cell in enumerate(cells) for item in ([cell] if index == 0 else ["", cell])]


# The foot's arrangements made and measured at one size, kept for one poster's later trials at that
# size (fit_poster's phases retry every size, and a phase but the last changes only the room the
# foot has, or the key messages): (body size, width, snug, which arrangement) -> (its flowables,
# height_of them). Each is made the same way every time, from the same plan and styles: the same.
Feet = dict[tuple[object, ...], tuple[list[Flowable], float]]


def _measured(feet: Feet | None, styles: Styles, width: float, snug: bool, name: object,
              make: Callable[[], list[Flowable]]) -> tuple[list[Flowable], float]:
    """``make()`` and its height_of, kept in ``feet`` (None: not kept) under ``name``."""
    key = (styles.body_pt, width, snug, name)
    if feet is not None and key in feet:
        return feet[key]
    flowables = make()
    found = flowables, height_of(flowables, width)
    if feet is not None:
        feet[key] = found
    return found


def bottom_section(plan: DocumentPlan, styles: Styles, width: float, room: float,
                   exact: bool = True, give_up: bool = False, compact: bool = False,
                   snug: bool = False, feet: Feet | None = None) -> list[Flowable]:
    """The services (and the org's contacts) for the foot of the poster, in ``room`` points if possible.

    The contacts above the services read best; then beside them, in the widest column that fits
    (measured, not drawn). When none fits, the shortest, so the overflow reported is the least.
    Without ``exact`` (a trial size that is not the last resort), give up early when not even the
    services alone fit: every arrangement is at least that tall, so measuring them is wasted.
    With ``give_up`` too (a trial whose overflow is all :func:`arrange` reports), the services alone
    are measured before the contacts block is made, and when they overflow, so does the trial.
    With ``compact`` (fit_poster's later phases), :func:`_compact_options` are tried after these;
    with ``snug``, every arrangement has less padding in the grid and the contacts block.
    ``feet``: the arrangements made at this size by an earlier trial of the same poster (:data:`Feet`).
    """
    def measured(name: object, make: Callable[[], list[Flowable]]) -> tuple[list[Flowable], float]:
        return _measured(feet, styles, width, snug, name, make)

    if give_up and not exact and plan.org and plan.org.contacts and plan.services:
        alone, alone_height = measured("alone", lambda: services_grid(plan, styles, width, contacts=False, snug=snug))
        # Then the contacts above them are returned below, and every height there is the same
        # (the same flowables, measured the same), the sums but for their rounding: GIVE_UP_MARGIN
        # covers that, and the contacts block's own height (tens of points) the frame's tolerance.
        if alone_height > room + GIVE_UP_MARGIN:
            raise Overflow(alone_height - room)
        assert plan.org is not None
        org = plan.org
        above, best_height = measured("above", lambda: [
            contacts_block(org, styles, plan.layout.theme, width, side=True, model=model_of(plan).contacts,
                           snug=snug), *alone])
    else:
        above, best_height = measured("above", lambda: services_grid(plan, styles, width, snug=snug))
    best = above
    if best_height <= room or not (plan.org and plan.org.contacts and plan.services):
        return above
    if not exact and best_height - measured("block", lambda: above[:1])[1] > room:  # above[0]: the contacts block
        return above
    for share in BESIDE_SHARES:
        option, height = measured(("beside", share), partial(services_grid, plan, styles, width, beside=share, snug=snug))
        if height <= room:
            return option
        if height < best_height:
            best, best_height = option, height
    if not compact:
        return best
    for name, make in _compact_options(plan, styles, width, snug):
        option, height = measured(name, make)
        if height <= room:
            return option
        if height < best_height:
            best, best_height = option, height
    return best


def _compact_options(plan: DocumentPlan, styles: Styles, width: float,
                     snug: bool) -> Iterator[tuple[object, Callable[[], list[Flowable]]]]:
    """The arrangements of a crowded foot, tried when none of :func:`bottom_section`'s usual ones
    fits a poster at any size: the contacts above the services in two columns beside their
    heading, then beside the services with the codes kept in their rows (the services' own
    columns, narrower, where every code still fits its column whole, quiet zone included). Each is
    at least as tall as the services alone (the same columns, no wider), so giving up on those
    (:func:`arrange`) still holds. Each as a name (for :data:`Feet`) and how to make it."""
    if len(plan.org.contacts) > 1:  # type: ignore[union-attr]  # called with contacts only
        yield "two columns", partial(services_grid, plan, styles, width, contact_columns=2, snug=snug)
    gap = 6 * mm
    columns = _grid_columns(plan, narrow=False)
    widest = max((qr_for(entry, plan).width for entry in model_of(plan).services.entries  # type: ignore[union-attr]
                  if entry.qr), default=0.0)
    for share in BESIDE_SHARES:
        column = (width - width * share - gap - gap * (columns - 1)) / columns
        if column >= widest:
            yield ("in rows", share), partial(services_grid, plan, styles, width, beside=share, keep_columns=True,
                                              snug=snug)


@dataclass
class Arrangement:
    """A poster arranged at one type size, measured and known to fit, nothing drawn yet."""

    body_pt: float
    styles: Styles
    sheet: Sheet
    x: float
    width: float
    pad: float
    band: list[Flowable]
    band_heights: list[float]
    tagline: list[Flowable]
    tagline_heights: list[float]
    footer_y: float
    bottom: float
    body_top: float
    messages: list[Flowable]
    services: list[Flowable]
    services_top: float
    tight: int = 0         # the tightness (fit_poster's PHASES): 1 the key messages closer, SNUG the foot too
    compact: bool = False  # the foot's compact arrangements allowed (bottom_section)


def arrange(plan: DocumentPlan, body_pt: float, *, check: bool = True, give_up: bool = True,
            tight: int = 0, compact: bool = False, feet: Feet | None = None) -> Arrangement:
    """The poster's blocks at ``body_pt`` and where they go; with ``check``, raises Overflow when the
    key messages do not fit between the bands and the services. Measures only: nothing is drawn.
    With ``give_up`` too, a trial size above the minimum raises as soon as the services alone
    leave no room for the key messages, before the contacts block is made (:func:`bottom_section`):
    the same sizes fail (tests/test_poster_fit.py), only the overflow reported, which the search
    drops for every size but the minimum, is less.

    The check is the one the frame that places the key messages makes (``Frame._add`` without a
    split): the same frame, the same wrap, the same tolerance. So a size accepted here is one at
    which :func:`draw` lays the poster out in full, and a size refused is one at which it would
    raise Overflow (tests/test_poster_fit.py checks both against drawing every trial).
    ``feet``: the foot's arrangements made by earlier trials of this poster (:data:`Feet`).
    """
    layout = plan.layout
    fonts = register_fonts()
    styles = make_styles(layout, fonts, body_pt)
    sheet = sheet_for(layout)
    margin = layout.margin_mm * mm
    x, width = sheet.trim_x + margin, sheet.trim_width - 2 * margin
    pad = margin * 0.8
    band = band_contents(plan, styles, sheet.trim_width - 2 * pad)
    heights = band_heights(band, sheet.trim_width, pad)  # measured once: draw() passes them to draw_band
    top = band_bottom(sheet.trim_top, heights, pad, top_pad=band_top_pad(plan, pad))
    tagline = [key_message(model_of(plan), styles.tagline)] if plan.tagline else []
    tagline_heights = band_heights(tagline, sheet.trim_width, pad * 0.55)
    if tagline:
        top = band_bottom(top, tagline_heights, pad * 0.55)
    footer_y = sheet.trim_y + margin * 0.7
    bottom = footer_top(plan, styles, footer_y, width)
    body_top = top - styles.body_pt
    exact = body_pt <= layout.type.min_body_pt
    if check and give_up and not exact and line_memo_awake():
        _give_up_early(plan, styles, width, body_top - bottom, tight)
    # Key messages from the top, services anchored above the footer: the space between breathes.
    messages = key_messages(plan, styles, width, tight=tight)
    messages_height = height_of(messages, width)
    services = bottom_section(plan, styles, width, body_top - bottom - messages_height,
                              exact=exact, give_up=check and give_up, compact=compact, snug=tight >= SNUG,
                              feet=feet)
    services_top = bottom + height_of(services, width)
    if check and messages and not _fits(messages[0], frame(x, services_top, width, body_top - services_top)):
        raise Overflow(messages_height - (body_top - services_top))
    return Arrangement(body_pt, styles, sheet, x, width, pad, band, heights, tagline, tagline_heights, footer_y,
                       bottom, body_top, messages, services, services_top, tight, compact)


def _give_up_early(plan: DocumentPlan, styles: Styles, width: float, space: float, tight: int) -> None:
    """:func:`bottom_section`'s giving up, from heights kept from an earlier poster with the same
    advice and services (another school's copy, fit.kept_increments): raises the trial's Overflow
    before its key messages and services are made, when it would raise it after making them.

    The two heights are those :func:`arrange` and :func:`bottom_section` measure (the same
    flowables, made the same way, summed the same way: the same floats), so the test is theirs.
    """
    if not (plan.org and plan.org.contacts and plan.services):
        return
    model = model_of(plan)
    both = style_keys(styles, "heading", "body")
    if both is None:
        return
    messages = added(kept_increments(("poster-messages", width, model.sections, styles.body_pt, both, tight),
                                     lambda: key_messages(plan, styles, width, tight=tight), width))
    services = style_keys(styles, "heading", "body", "service_name", "small", "phone")
    if services is None:
        return
    qr = plan.layout.qr
    alone = added(kept_increments(
        ("poster-services", width, model.services, plan.words.get_help, qr.size_mm, qr.error_correction,
         plan.layout.theme.text, styles.body_pt, services, tight >= SNUG),
        lambda: services_grid(plan, styles, width, contacts=False, snug=tight >= SNUG), width))
    room = space - messages
    if alone > room + GIVE_UP_MARGIN:
        raise Overflow(alone - room)


def _fits(flowable: Flowable, target: Frame) -> bool:
    """Whether ``target``, empty, takes ``flowable`` whole: ``Frame._add``'s own test, drawing nothing.
    A table is probed (``Table.probe``): the frame's own wrap, in :func:`draw`, then costs nothing."""
    space = target._y - target._y1p
    if space <= 0:
        return False
    width = target._getAvailableWidth()
    _, height = flowable.probe(width, space) if isinstance(flowable, Table) else flowable.wrap(width, space)
    return bool(target._y - height >= target._y1p - FRAME_FUZZ)


def draw(plan: DocumentPlan, arranged: Arrangement) -> bytes:
    """The PDF of an arrangement (raises Overflow if, against :func:`arrange`'s measure, it does not fit)."""
    layout, sheet, styles = plan.layout, arranged.sheet, arranged.styles
    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, register_fonts().main.faces.regular)
    band_bottom = draw_band(canvas, sheet, sheet.trim_x, sheet.trim_top, sheet.trim_width, arranged.band,
                            layout.theme.primary, arranged.pad, top_pad=band_top_pad(plan, arranged.pad),
                            heights=arranged.band_heights)
    if arranged.tagline:
        draw_band(canvas, sheet, sheet.trim_x, band_bottom, sheet.trim_width, arranged.tagline, layout.theme.accent,
                  arranged.pad * 0.55, bleed_top=False, heights=arranged.tagline_heights)
    x, width, services_top, body_top = arranged.x, arranged.width, arranged.services_top, arranged.body_top
    if flow(arranged.messages, [frame(x, services_top, width, body_top - services_top)], canvas):
        raise Overflow(height_of(key_messages(plan, styles, width, tight=arranged.tight), width)
                       - (body_top - services_top))
    flow(arranged.services, [frame(x, arranged.bottom, width, services_top - arranged.bottom + 1)], canvas)
    draw_footer(canvas, plan, styles, x, arranged.footer_y, width)
    finish_page(canvas, sheet)
    canvas.save()
    return target.getvalue()


def _attempt(plan: DocumentPlan, body_pt: float, tight: int = 0, compact: bool = False) -> bytes:
    """The poster laid out and drawn at ``body_pt`` (Overflow when it does not fit)."""
    return draw(plan, arrange(plan, body_pt, tight=tight, compact=compact))


def fit_poster(plan: DocumentPlan, attempt: Callable[[float, int, bool], T]) -> T:
    """``attempt(body_pt, tight, compact)`` at the largest size that fits, searched in the PHASES'
    order: first as posters always were; when no size fits, with the key messages closer together
    (``tight`` 1); then with the compact arrangements of the foot too (:func:`bottom_section`), at
    the usual spacing, then tight, then with less padding in the foot too (SNUG). A poster that
    fits in a phase is never arranged as a later one would (so every poster that fitted before the
    later phases existed is unchanged). Only a poster with an org's contacts and services has the
    later phases; the Overflow that reaches the caller is the last phase's, the least (the last
    phase tries every arrangement of the ones before, none taller)."""
    phases = PHASES if plan.org and plan.org.contacts and plan.services else PHASES[:1]
    return fit_in_phases(plan.layout, phases, lambda body_pt, phase: attempt(body_pt, *phase))


def searched_size(plan: DocumentPlan) -> float:
    """The type size :func:`render_poster` picks: searched on measures alone (Overflow if none fits)."""
    return measured_search(plan).body_pt


def measured_search(plan: DocumentPlan, keep_feet: bool = True) -> Arrangement:
    """The arrangement :func:`render_poster` draws, searched on measures alone (Overflow if none
    fits); with ``keep_feet``, every trial's foot kept for the poster's later trials (:data:`Feet`)."""
    feet: Feet | None = {} if keep_feet else None
    return fit_poster(plan, lambda body_pt, tight, compact: arrange(plan, body_pt, tight=tight, compact=compact,
                                                                   feet=feet))


def render_by_trials(plan: DocumentPlan) -> tuple[float, bytes]:
    """The size and the PDF found by drawing every trial in full, as packgen did before it measured
    first (each trial's Overflow coming from the drawing): the reference the tests hold the
    measured search to, and the fallback should the two ever disagree."""
    return fit_poster(plan, lambda body_pt, tight, compact: (
        body_pt, draw(plan, arrange(plan, body_pt, check=False, tight=tight, compact=compact))))


def render_poster(plan: DocumentPlan) -> bytes:
    """The poster's PDF bytes at the largest type size that fits on one page.

    The size is searched on measures (:func:`arrange`), then the poster is drawn once, from the
    arrangement measured at that size. Should a drawing not fit where its measure did (a bug:
    they make the same test), the search is done again with every trial drawn, as it used to be.
    """
    try:
        arranged = measured_search(plan)
        try:
            return draw(plan, arranged)
        except Overflow:
            return render_by_trials(plan)[1]
    except Overflow as overflow:
        hint = "remove items, shorten the org's contacts, or use leaflet-a4" if plan.org and plan.org.contacts \
            else "remove items or use leaflet-a4"
        raise too_long(plan.id, plan.layout, overflow, hint) from None


render = render_poster  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
