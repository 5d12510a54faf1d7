"""Wallet cards: 85 x 55 mm, eight to an A4 sheet; page 1 carries the fronts, page 2 the backs.

Imposition, duplex alignment and cut marks: see :mod:`packgen.render.imposition`.

Content. The front: the title in a primary band (under the org's logo and name, if any), the advice
titles, each with its ``short`` line when the shorts fit at ``min_body_pt`` or more (otherwise
the shorts alone are dropped, never a title), and the key message (tagline) in an accent strip.
The back: the services side by side, each with its QR code (only services with a url get one;
vector, 4-module quiet zone, a link, at the layout's size), name and phone, and the org's
contacts, all of them (see :func:`back_face` for where they go). Text and codes keep ``SAFE`` from every card edge; what does not fit raises
:class:`fit.Overflow` and the type shrinks, down to ``min_body_pt``; a card with an org's contacts
that fits no size is searched again with the back's later arrangements (:data:`LATER_BACKS`,
:func:`render_cards`), and only then does the build fail.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from packgen.model.nodes import ServiceEntry
from packgen.plan.documents import DocumentPlan

from .blocks import (
    key_message,
    qr_for,
    reach_lines,
    section_heading,
    styled,
    tag_identity,
    text,
    title,
)
from .branding import identity_row, plain, unbroken_numbers
from .fit import DocumentTooLong, Overflow, fit_in_phases, style_keys, too_long
from .fonts import register_fonts
from .imposition import CARD_HEIGHT, CARD_WIDTH, Face, back_position, card_positions, draw_cut_marks, draw_face
from .markup import check_link_url, plain_markup
from .memo import BoundedMemo
from .page import finish_page, open_canvas, sheet_for
from .paragraphs import Paragraph, line_memo_awake
from .qr import QrFlowable, draw_qr
from .styles import Styles, make_styles
from .tagging import model_of, tag
from .urls import UrlParagraph

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.models import Service

__all__ = ["CARD_HEIGHT", "CARD_WIDTH", "back_face", "back_position", "card_positions", "front_face",
           "render_cards"]

SAFE = 3 * mm          # no text or code closer than this to a card edge
FOOT = 2 * mm          # the accent strip at a card's foot when it carries no text
MAX_ADVICE = 3
MAX_SERVICES = 3


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


def _band(face: Face, contents: list[Flowable], colour: str, styles: Styles, foot: float = 1.2) -> float:
    """A full-width band at the card's head holding ``contents``; returns its bottom."""
    width = CARD_WIDTH - 2 * SAFE
    # A line's box starts above its capitals: a deeper pad below centres the words by eye.
    bottom = CARD_HEIGHT - SAFE - _stack_height(contents, width, styles.body_pt * 0.15) - SAFE * foot
    face.fill(0, bottom, CARD_WIDTH, CARD_HEIGHT - bottom, colour)
    _stack(face, contents, SAFE, CARD_HEIGHT - SAFE, width, styles.body_pt * 0.15)
    return bottom


def _advice_rows(plan: DocumentPlan, styles: Styles, shorts: bool) -> list[list[Flowable]]:
    title = styles.heading.clone("card-advice-title", spaceBefore=0, spaceAfter=0)
    short = styles.body.clone("card-advice-short", spaceAfter=0, leading=styles.body_pt * 1.22)
    rows = []
    for advice, section in zip(plan.advice, model_of(plan).sections):
        row: list[Flowable] = [section_heading(section, title)]
        if shorts and advice.short:
            row.append(tag(text(advice.short, short), section, "short", text=advice.short))
        rows.append(row)
    return rows


def front_face(plan: DocumentPlan, styles: Styles, shorts: bool) -> Face:
    """Title band, advice titles (with their shorts when ``shorts``), the key message in an accent strip."""
    theme = plan.layout.theme
    face = Face()
    # The name at body size: a long school name must leave the advice room for its shorts.
    model = model_of(plan)
    head = [tag_identity(identity_row(plan.org, styles, theme, CARD_WIDTH - 2 * SAFE, on_band=True,
                                      size=styles.body_pt), model.identity)] if plan.org else []
    band_bottom = _band(face, head + [title(model, styles.title)], theme.primary, styles)
    strip_top = FOOT
    if not plan.tagline:
        face.fill(0, 0, CARD_WIDTH, FOOT, theme.accent)  # the strip's colour at the foot all the same
    else:
        key = key_message(model, styles.tagline.clone("card-key", fontSize=styles.body_pt,
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


def _service_column(service: Service, entry: ServiceEntry, plan: DocumentPlan, styles: Styles, width: float,
                    code_box: float, compact: bool = False, address: bool = True) -> list[Flowable]:
    """QR code (when the service has a url), name, phone and (``address``) the printed address (on as
    many lines as it needs, broken only at its separators); ``compact``: the phone number a little smaller."""
    centred = {name: getattr(styles, name).clone(f"card-{name}", alignment=TA_CENTER, spaceAfter=0)
               for name in ("service_name", "phone", "small")}
    if compact:
        centred["phone"] = centred["phone"].clone("card-phone-compact", fontSize=styles.body_pt * 1.25,
                                                  leading=styles.body_pt * 1.3)
    column: list[Flowable] = [tag(CentredBox(SharedQr.like(qr_for(entry, plan)), code_box), entry.qr)] \
        if entry.qr else []
    column.append(tag(styled(entry.name, centred["service_name"]), entry, "name"))
    column += reach_lines(entry, centred["phone"], centred["small"])
    printed = service.printed_url
    if address and service.url and printed:  # every code has its address: someone who cannot scan still has a way in
        small = centred["small"]
        line = UrlParagraph(service.url, printed, small.clone("card-address", leading=small.fontSize * 1.12))
        column.append(tag(line, entry, "address", text=printed, description=f"{entry.name} website, {printed}"))
    return column


@dataclass(frozen=True)
class Back:
    """How a card's back is arranged: where the org's contacts go (``below`` the services, in the
    ``band`` one a line, or there as one ``run-on`` paragraph), ``compact`` (a smaller "Get help"
    band and phone numbers), and, in the later phase only (:data:`LATER_BACKS`): ``fitted`` (the
    services' columns fitted to what they hold: a service without a code as narrow as its words,
    the room it leaves to the column that needs it most, :func:`_fitted_widths`), ``tight`` (the contacts' lines closer together) and ``snug`` (less padding
    under the band's text, between the band and the codes, and between a column's lines)."""

    contacts_in: str
    compact: bool
    fitted: bool = False
    tight: bool = False
    snug: bool = False


# Tried in order at each size until one fits; those with the contacts in the band only with contacts.
USUAL_BACKS = (Back("below", False), Back("below", True), Back("band", True), Back("run-on", True))
# The later phase's, tried only when no size fits the usual ones: the same four with fitted
# columns, then with the contacts' lines closer together too, then with less padding too.
LATER_BACKS = tuple(Back(back.contacts_in, back.compact, fitted=True, tight=tight, snug=snug)
                    for tight, snug in ((False, False), (True, False), (True, True)) for back in USUAL_BACKS)
TIGHT_LEADING = 1.1   # of the body size, for the contacts' lines on a tight back (else 1.2)


def back_face(plan: DocumentPlan, styles: Styles, later: bool = False, parts: Parts | None = None) -> Face:
    """A band, then the services side by side, each centred in its column, and the org's contacts.

    Every code has its printed address under it. Tried in order until one fits: the contacts under
    the services, under a full-size heading and then a smaller one; the contacts in
    the band in place of the "Get help" heading, one a line; the same as one run-on paragraph.
    Only then does the type shrink. With ``later`` (render_cards' later phases, when no size fit
    those), :data:`LATER_BACKS` instead. A contact is never dropped. ``parts``: the services'
    columns measured for an earlier back of the same card, kept (:data:`Parts`): the backs that
    arrange them alike measure them once, with the same result.
    """
    contacts = bool(plan.org and plan.org.contacts)
    left_over = 0.0
    for back in LATER_BACKS if later else USUAL_BACKS:
        if back.contacts_in != "below" and not contacts:
            continue
        try:
            return _back_face(plan, styles, back, parts)
        except Overflow as exc:
            left_over = exc.height  # not the exception: kept, its traceback would hold this frame in a cycle
    raise Overflow(left_over)


def _contact_lines(plan: DocumentPlan, styles: Styles, where: str, leading: float = 1.2) -> list[Flowable]:
    """The org's contacts heading and lines: centred in the primary colour ``below`` the services,
    or in the page colour in the ``band`` (one a line) or as one ``run-on`` paragraph there;
    ``leading``: of the body size. A number written in groups is never broken across lines."""
    if not (plan.org and plan.org.contacts):
        return []
    org, theme = plan.org, plan.layout.theme
    printed = [unbroken_numbers(c) for c in org.contacts]
    colour = HexColor(theme.primary if where == "below" else theme.background)
    line = styles.body.clone("card-contact", alignment=TA_CENTER if where == "below" else TA_LEFT, spaceAfter=0,
                             leading=styles.body_pt * leading, textColor=HexColor(theme.text) if where == "below" else colour)
    model = model_of(plan).contacts
    if where == "run-on":
        heading = f"<b>{plain_markup(org.contacts_heading + ':', bold=True)}</b> "
        run_on = Paragraph(heading + " \u00b7 ".join(plain_markup(c) for c in printed), line)
        return [tag(run_on, model, "all", text=f"{org.contacts_heading}: " + "; ".join(org.contacts))]
    heading_style = line.clone("card-contacts-heading", fontName=styles.heading.fontName, textColor=colour)
    return [tag(plain(org.contacts_heading, heading_style), model, "heading")] + \
        [tag(plain(c, line), model, index) for index, c in enumerate(printed)]


# What a back's services take, measured once per card (render_cards) for every back that
# arranges them alike: by (body size, compact, snug, fitted), the columns (None until a back that
# fits needs them), their widths and lefts and their heights, or the Overflow height their measure
# raised. The backs differ only in where the contacts go and how close their lines are, which the
# columns do not depend on.
Parts = dict[tuple[float, bool, bool, bool],
             "tuple[list[list[Flowable]] | None, list[float], list[float], list[float]] | float"]
# The same measures (widths, lefts, heights, or the Overflow height), kept for the next card with
# the same services (a batch's every school: the columns do not depend on the org), under a key of
# everything the columns are made from (columns_key). Bounded; used only while the line memo is awake.
MAX_COLUMNS = 64
_COLUMNS = BoundedMemo(MAX_COLUMNS)


def columns_key(plan: DocumentPlan, styles: Styles, back: Back) -> tuple[object, ...] | None:
    """What a back's services' columns are made from (None: not to be kept): the services' model
    nodes (names, codes' targets, phones and notes) and printed addresses, the code settings, every
    attribute of the styles they use, the size, compact, snug and fitted."""
    names = style_keys(styles, "service_name", "phone", "small")
    if names is None:
        return None
    qr = plan.layout.qr
    return ("card-columns", model_of(plan).services, tuple((s.url, s.printed_url) for s in plan.services),
            qr.size_mm, qr.error_correction, plan.layout.theme.text, styles.body_pt, names,
            back.compact, back.snug, back.fitted)


def _back_face(plan: DocumentPlan, styles: Styles, back: Back, parts: Parts | None = None) -> Face:
    """The back arranged as ``back`` says (see :class:`Back`); Overflow if it does not fit.
    ``parts``: the services' columns kept from an earlier back of the same card (:data:`Parts`)."""
    face = Face()
    compact = back.compact
    in_band = back.contacts_in != "below" and bool(plan.org and plan.org.contacts)
    leading = TIGHT_LEADING if back.tight else 1.2
    model = model_of(plan)
    band = _contact_lines(plan, styles, back.contacts_in, leading) if in_band else \
        [tag(styled(plan.words.get_help, styles.title.clone(
            "card-back-heading", fontSize=styles.title.fontSize * 0.8, leading=styles.title.leading * 0.8)
            if compact else styles.title), model.services, "heading")]
    band_bottom = _band(face, band, plan.layout.theme.primary, styles, (0.2 if back.snug else 0.5) if compact else 1.2)
    face.fill(0, 0, CARD_WIDTH, FOOT, plan.layout.theme.accent)  # inside the safe margin: no content
    gap = styles.body_pt * (0.06 if back.snug else 0.12)
    entries = model.services.entries if model.services else ()
    code_box = max((qr_for(e, plan).width for e in entries if e.qr), default=0.0)
    key = (styles.body_pt, compact, back.snug, back.fitted)
    kept = parts.get(key) if parts is not None else None
    if kept is None:
        kept = _measured_columns(plan, styles, back, gap, code_box)
        if parts is not None:
            parts[key] = kept
    if not isinstance(kept, tuple):
        raise Overflow(kept)
    columns, widths, lefts, heights = kept
    contacts = [] if in_band else _contact_lines(plan, styles, "below", leading)
    contacts_height = _stack_height(contacts, CARD_WIDTH - 2 * SAFE, 0)
    # A code's quiet zone already separates it from the band.
    space_top = band_bottom - SAFE * ((0.0 if back.snug else 0.2) if code_box else 0.7)
    space_bottom = SAFE
    needed = max(heights) + (contacts_height + SAFE * (0.3 if back.snug else 0.5) if contacts else 0)
    if needed > space_top - space_bottom:
        raise Overflow(needed - (space_top - space_bottom))
    top = space_top - (space_top - space_bottom - needed) / 2
    if columns is None:  # measured for another card: made now, as they were then
        columns = _service_columns(plan, styles, back, code_box)
    for column, left, column_width in zip(columns, lefts, widths):  # columns share their top edge
        _stack(face, column, left, top, column_width, gap)
    if contacts:
        _stack(face, contacts, SAFE, space_bottom + contacts_height, CARD_WIDTH - 2 * SAFE, 0)
    return face


def _measured_columns(plan: DocumentPlan, styles: Styles, back: Back, gap: float, code_box: float) -> \
        tuple[list[list[Flowable]] | None, list[float], list[float], list[float]] | float:
    """:func:`_columns`, or its Overflow's height; from an earlier card's measure (columns None)
    when one with the same :func:`columns_key` was measured while the line memo is awake."""
    key = columns_key(plan, styles, back) if line_memo_awake() else None
    found = _COLUMNS.get(key) if key is not None else None
    if found is not None:
        return found if isinstance(found, float) else (None, *found)
    try:
        measured: tuple[list[list[Flowable]] | None, list[float], list[float], list[float]] | float = \
            _columns(plan, styles, back, gap, code_box)
    except Overflow as overflow:
        measured = float(overflow.height)
    if key is not None:
        _COLUMNS.misses += 1
        _COLUMNS.store(key, measured if isinstance(measured, float) else measured[1:])
    return measured


def _service_columns(plan: DocumentPlan, styles: Styles, back: Back, code_box: float) -> list[list[Flowable]]:
    model = model_of(plan)
    entries = model.services.entries if model.services else ()
    width = (CARD_WIDTH - 2 * SAFE) / max(len(plan.services), 1)
    return [_service_column(s, e, plan, styles, width, code_box, back.compact) for s, e in zip(plan.services, entries)]


def _columns(plan: DocumentPlan, styles: Styles, back: Back, gap: float, code_box: float) -> \
        tuple[list[list[Flowable]], list[float], list[float], list[float]]:
    """The services' columns of a back arranged as ``back`` says, their widths, lefts and heights
    (Overflow when a word or code is wider than its column)."""
    width = (CARD_WIDTH - 2 * SAFE) / max(len(plan.services), 1)
    columns = _service_columns(plan, styles, back, code_box)
    if back.fitted and len(columns) > 1:
        widths = _fitted_widths(columns, CARD_WIDTH - 2 * SAFE, gap)
        lefts = [SAFE + sum(widths[:index]) for index in range(len(widths))]
    else:
        widths, lefts = [width] * len(columns), [SAFE + index * width for index in range(len(columns))]
    heights = [_stack_height(column, column_width, gap) for column, column_width in zip(columns, widths)] or [0.0]
    return columns, widths, lefts, heights


FITTED_PAD = 2 * mm  # either side's share of room beside a narrowed column's widest word


def _fitted_widths(columns: Sequence[Sequence[Flowable]], total: float, gap: float) -> list[float]:
    """Column widths summing to ``total`` that make the tallest column least tall: equal widths, or
    every column but one as narrow as it can be (a code's box; the widest word, with FITTED_PAD)
    and that one all the rest, the first such that is least tall (equal widths on a tie)."""
    least = []
    for column in columns:
        widest = max((f.minWidth() + FITTED_PAD if isinstance(f, Paragraph) else f.wrap(total, 1e6)[0]
                      for f in column), default=0.0)
        least.append(widest)
    options = [[total / len(columns)] * len(columns)]
    for index in range(len(columns)):
        rest = total - sum(least) + least[index]
        options.append([rest if other == index else least[other] for other in range(len(columns))])
    best, best_height = options[0], float("inf")
    for widths in options:
        if min(widths) <= 0:
            continue
        try:
            height = max(_stack_height(column, width, gap) for column, width in zip(columns, widths))
        except Overflow:
            continue
        if height < best_height:
            best, best_height = widths, height
    return best


class BackOverflow(Overflow):
    """The back of a card did not fit (its front did)."""


def _attempt(plan: DocumentPlan, body_pt: float, shorts: bool = True, later: bool = False,
             backs_over: dict[tuple[float, bool], float] | None = None, parts: Parts | None = None) -> bytes:
    """The sheet at ``body_pt``; Overflow when either side of the card does not fit (the front's
    when neither does). ``backs_over``: the overflows of backs that did not fit, by size and
    ``later``, kept across one card's phases (the back does not depend on the shorts): a back
    measured once is not measured again, and raises the same Overflow. ``parts``: the backs'
    services' columns, kept across one card's trials (:data:`Parts`)."""
    fonts = register_fonts()
    styles = make_styles(plan.layout, fonts, body_pt)
    front = front_face(plan, styles, shorts)
    key = (body_pt, later)
    if backs_over is not None and key in backs_over:
        raise BackOverflow(backs_over[key])
    try:
        back = back_face(plan, styles, later, parts)
    except Overflow as overflow:
        if backs_over is not None:
            backs_over[key] = overflow.height
        raise BackOverflow(overflow.height) from None
    sheet = sheet_for(plan.layout)
    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, fonts.main.faces.regular)
    fronts = card_positions(sheet)
    for face, positions in ((front, fronts), (back, [back_position(sheet, p) for p in fronts])):
        for position in positions:
            draw_face(canvas, face, position)
        draw_cut_marks(canvas, sheet)
        finish_page(canvas, sheet)
    canvas.save()
    return target.getvalue()


# The searches render_cards makes in turn, each only when the ones before found no size:
# (the advice's short lines kept, the back's later arrangements).
PHASES = ((True, False), (False, False), (True, True), (False, True))


def render_cards(plan: DocumentPlan) -> bytes:
    """The card sheet's PDF bytes at the largest type size that fits, shorts dropped only if they must be.

    Searched in the PHASES' order: as cards always were, with the shorts and then without; when no
    size fits either way, with the back's later arrangements (:data:`LATER_BACKS`), with the
    shorts and then without. A card that fits in a phase is never arranged as a later one would
    (so every card that fitted before the later phases existed is unchanged). Only a card with an
    org's contacts has the later phases: they make room for them.
    """
    check_card_counts(plan)
    phases = PHASES if plan.org and plan.org.contacts and plan.services else PHASES[:2]
    backs_over: dict[tuple[float, bool], float] = {}
    parts: Parts = {}  # a few sizes' columns, for this card only
    try:
        return fit_in_phases(plan.layout, phases, lambda body_pt, phase: _attempt(plan, body_pt, *phase,
                                                                                  backs_over, parts))
    except Overflow as overflow:
        hint = "shorten the org's contacts, or use fewer advice items or services on cards" \
            if phases[-1][1] and isinstance(overflow, BackOverflow) else "use fewer advice items or services on cards"
        raise too_long(plan.id, plan.layout, overflow, hint) from None


render = render_cards  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
