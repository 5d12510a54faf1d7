"""Bilingual wallet cards (``languages: [cy, en-GB]``): one language on each side of every card.

This is the Welsh Language Commissioner's "back to back" arrangement, the usual one for bilingual
cards: a Welsh-medium school hands a card to a reader of either language, so each side is a whole
card in its own language and neither depends on the other. A side carries the title (under the
org's logo and name, if any) in a band, the key message in a strip at its foot, and between them
the advice titles (with their short lines where they fit) and every service with its number and
hours and a QR code for each service with a web address (with the printed address under it where
that fits). Both sides are set in the same fonts, sizes, weights and colours: one type size, the
largest at which *both* languages fit, so neither is smaller.

The first language is on the sheet's first page (the fronts), the second on its second page (the
backs), each card's back at :func:`packgen.render.imposition.back_position` (mirrored for
long-edge duplex, as on every card sheet).

A side is laid out one of two ways, tried in turn at each size: the advice on the left and the
services with codes in columns on the right; or the advice across the card and every service in a
row under it. Content gives way in this order, each step for both languages at once: first the
printed addresses under the codes, then the advice's short lines, and only then the type shrinks to
the layout's minimum. The title, key message, advice titles, services, numbers, hours, the org's
contacts and the QR codes are never left out: when a side cannot hold them,
:class:`BilingualCardTooFull` names the side and how much is over, and says what to do.

Tagging: each language's sheet is drawn on its own tagged canvas, so each card's content is tagged
once (the first card; the other seven are repeats, drawn as artifacts) and
:mod:`packgen.render.bilingual` merges the two into one structure tree, the second language a Part
with its own ``/Lang``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from packgen.i18n.tags import language_name
from packgen.model.nodes import ServiceEntry
from packgen.plan.documents import DocumentPlan

from .blocks import key_message, qr_for, reach_lines, styled, tag_identity, title
from .branding import identity_row
from .cards import (
    FOOT,
    SAFE,
    CentredBox,
    SharedQr,
    _advice_rows,
    _band,
    _service_column,
    _stack,
    _stack_height,
    check_card_counts,
)
from .fit import DocumentTooLong, Overflow, fit_type_size
from .fonts import register_fonts
from .imposition import CARD_WIDTH, Face, back_position, card_positions, draw_cut_marks, draw_face
from .markup import plain_markup
from .page import finish_page, open_canvas, sheet_for
from .paragraphs import Paragraph
from .styles import Styles, make_styles
from .tagging import model_of, tag
from .urls import UrlParagraph

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.models import Service

WIDTH = CARD_WIDTH - 2 * SAFE
COLUMN_GAP = 2 * mm


class BilingualCardTooFull(DocumentTooLong):
    """A bilingual card side that cannot hold its language's whole card at the minimum type size."""


@dataclass(frozen=True)
class Content:
    """What a side shows beyond what it must: the advice's short lines, the addresses under codes."""

    shorts: bool
    addresses: bool


# Given way in this order (see the module docstring).
CONTENTS = (Content(shorts=True, addresses=True), Content(shorts=True, addresses=False),
            Content(shorts=False, addresses=False))


class SideOverflow(Overflow):
    """A side did not fit; ``language`` says whose."""

    def __init__(self, height: float, language: str) -> None:
        super().__init__(height)
        self.language = language


def _left_service(service: Service, entry: ServiceEntry, styles: Styles) -> list[Flowable]:
    """A service in the advice's column (its code, if any, is on the right): its name, then its
    numbers and hours."""
    name = styles.service_name.clone("bi-card-name", alignment=TA_LEFT, spaceAfter=0)
    phone = styles.phone.clone("bi-card-phone", fontSize=styles.body_pt * 1.25, leading=styles.body_pt * 1.3,
                               spaceAfter=0)
    small = styles.small.clone("bi-card-note", spaceAfter=0)
    return [tag(styled(entry.name, name), entry, "name"), *reach_lines(entry, phone, small)]


def _contacts(plan: DocumentPlan, styles: Styles) -> list[Flowable]:
    """The org's contacts as one run-on paragraph (a card side has no room for a line each)."""
    if not (plan.org and plan.org.contacts):
        return []
    org = plan.org
    style = styles.body.clone("bi-card-contacts", spaceAfter=0, leading=styles.body_pt * 1.2)
    heading = f"<b>{plain_markup(org.contacts_heading + ':', bold=True)}</b> "
    paragraph = Paragraph(heading + " \u00b7 ".join(plain_markup(c) for c in org.contacts), style)
    return [tag(paragraph, model_of(plan).contacts, "all", text=f"{org.contacts_heading}: " + "; ".join(org.contacts))]


def side(plan: DocumentPlan, styles: Styles, content: Content) -> Face:
    """One side: the whole card in ``plan``'s language (see the module docstring); Overflow if it
    does not fit either way."""
    try:
        return _codes_right(plan, styles, content, *_frame(plan, styles))
    except Overflow:
        pass
    return _codes_below(plan, styles, content, *_frame(plan, styles))  # its Overflow says how much is over


def _frame(plan: DocumentPlan, styles: Styles) -> tuple[Face, float, float]:
    """A side's band (title) and foot strip (key message); the face and the space left between."""
    theme = plan.layout.theme
    face = Face()
    model = model_of(plan)
    head = [tag_identity(identity_row(plan.org, styles, theme, WIDTH, on_band=True, size=styles.body_pt),
                         model.identity)] if plan.org else []
    title_style = styles.title.clone("bi-card-title", fontSize=styles.heading.fontSize * 1.15,
                                     leading=styles.heading.fontSize * 1.25)
    band_bottom = _band(face, head + [title(model, title_style)], theme.primary, styles, 0.9)
    strip_top = FOOT
    if not plan.tagline:
        face.fill(0, 0, CARD_WIDTH, FOOT, theme.accent)
    else:
        key = key_message(model, styles.tagline.clone("bi-card-key", fontSize=styles.body_pt,
                                                      leading=styles.body_pt * 1.2))
        strip_top = SAFE + _stack_height([key], WIDTH, 0) + SAFE * 0.6
        face.fill(0, 0, CARD_WIDTH, strip_top, theme.accent)
        _stack(face, [key], SAFE, strip_top - SAFE * 0.6, WIDTH, 0)
    return face, band_bottom - SAFE * 0.5, max(strip_top + SAFE * 0.5, SAFE)


def _entries(plan: DocumentPlan) -> list[tuple[Service, ServiceEntry]]:
    model = model_of(plan)
    return list(zip(plan.services, model.services.entries if model.services else ()))


def _advice(plan: DocumentPlan, styles: Styles, content: Content) -> tuple[list[list[Flowable]], float]:
    """The advice rows (each a title, with its short line when ``content.shorts``) and their gap."""
    return _advice_rows(plan, styles, content.shorts), styles.body_pt * (0.45 if content.shorts else 0.5)


def _column_height(rows: list[list[Flowable]], width: float, line_gap: float, row_gap: float) -> float:
    heights = [_stack_height(row, width, line_gap) for row in rows]
    return sum(heights) + row_gap * max(len(heights) - 1, 0)


def _place_rows(face: Face, rows: list[list[Flowable]], x: float, top: float, width: float, line_gap: float,
                row_gap: float) -> None:
    for row in rows:
        bottom = _stack(face, row, x, top, width, line_gap)
        top = bottom - row_gap


def _check(needed: float, space: float) -> None:
    if needed > space + 0.01:
        raise Overflow(needed - space)


def _code_box(plan: DocumentPlan) -> float:
    return max((qr_for(entry, plan).width for _, entry in _entries(plan) if entry.qr), default=0.0)


def _codes_right(plan: DocumentPlan, styles: Styles, content: Content, face: Face, top: float,
                 bottom: float) -> Face:
    """The advice, then every service (name, numbers, hours), then the org's contacts on the left;
    the QR codes side by side on the right, each captioned with its service's name (a visual label:
    the code's alternate text names it for a screen reader) and, with ``content.addresses``, its
    printed address. A code's quiet zone may lie in the card's safe margin: it is blank paper."""
    entries = _entries(plan)
    coded = [(s, e) for s, e in entries if e.qr]
    if not coded:
        raise Overflow(0.0)  # nothing for the right: the row below lays the services out
    code_box = _code_box(plan)
    inset = min((code_box - plan.layout.qr.size_mm * mm) / 2, SAFE)   # blank paper round the dark modules
    first_box = CARD_WIDTH - SAFE + inset - len(coded) * code_box      # the codes' boxes side by side
    left_width = first_box - COLUMN_GAP / 2 - SAFE
    if left_width < 34 * mm:
        raise Overflow(34 * mm - left_width)
    line_gap = styles.body_pt * 0.1
    rows, row_gap = _advice(plan, styles, content)
    rows += [[Spacer(0, styles.body_pt * 0.3)]]   # the services a little apart from the advice
    rows += [_left_service(s, e, styles) for s, e in entries]
    contacts = _contacts(plan, styles)
    rows += [contacts] if contacts else []
    left_height = _column_height(rows, left_width, line_gap, row_gap)
    caption = styles.small.clone("bi-card-caption", alignment=TA_CENTER, spaceAfter=0,
                                 fontName=styles.service_name.fontName, textColor=styles.service_name.textColor)
    address = styles.small.clone("bi-card-address", alignment=TA_CENTER, spaceAfter=0,
                                 leading=styles.small.fontSize * 1.12)
    columns = []
    for service, entry in coded:
        code = tag(CentredBox(SharedQr.like(qr_for(entry, plan)), code_box), entry.qr)
        under: list[Flowable] = [styled(entry.name, caption)]   # untagged: an artifact
        if content.addresses and service.url and service.printed_url:
            under.append(tag(UrlParagraph(service.url, service.printed_url, address), entry, "address",
                             text=service.printed_url, description=f"{entry.name} website, {service.printed_url}"))
        columns.append((code, under))
    gap = styles.body_pt * 0.1
    text_width = code_box - 2 * inset   # under its code, never nearer the edge than SAFE
    right_height = max(code_box + _stack_height(under, text_width, gap) for _, under in columns)
    space = top - bottom + SAFE * 0.5   # the codes' own quiet zones keep them off the band
    _check(left_height, top - bottom)
    _check(right_height, space)
    _place_rows(face, rows, SAFE, top - (top - bottom - left_height) / 2, left_width, line_gap, row_gap)
    code_top = top + SAFE * 0.5 - (space - right_height) / 2   # the boxes share their top edge
    for index, (code, under) in enumerate(columns):
        x = first_box + index * code_box
        face.place(code, x, code_top - code_box)
        _stack(face, under, x + inset, code_top - code_box, text_width, gap)
    return face


def _codes_below(plan: DocumentPlan, styles: Styles, content: Content, face: Face, top: float,
                 bottom: float) -> Face:
    """The advice across the card, then the org's contacts; every service in a row under them,
    each centred in its column (as on a single-language card's back)."""
    entries = _entries(plan)
    line_gap = styles.body_pt * 0.1
    rows, row_gap = _advice(plan, styles, content)
    contacts = _contacts(plan, styles)
    rows += [contacts] if contacts else []
    upper = _column_height(rows, WIDTH, line_gap, row_gap)
    column = WIDTH / max(len(entries), 1)
    code_box = _code_box(plan)
    gap = styles.body_pt * 0.1
    columns = [_service_column(s, e, plan, styles, column, code_box, compact=True, address=content.addresses) for s, e in entries]
    lower = max((_stack_height(c, column, gap) for c in columns), default=0.0)
    between = styles.body_pt * 0.5
    space = top - bottom
    _check(upper + between + lower, space)
    spare = space - upper - between - lower
    y = top - spare / 2
    _place_rows(face, rows, SAFE, y, WIDTH, line_gap, row_gap)
    y -= upper + between
    for index, items in enumerate(columns):
        _stack(face, items, SAFE + index * column, y, column, gap)
    return face


def _sides(first: DocumentPlan, second: DocumentPlan, content: Content) -> Callable[[float], tuple[Face, Face, float]]:
    fonts = register_fonts()

    def attempt(body_pt: float) -> tuple[Face, Face, float]:
        faces = []
        for plan in (first, second):
            styles = make_styles(plan.layout, fonts, body_pt)
            try:
                faces.append(side(plan, styles, content))
            except Overflow as overflow:
                raise SideOverflow(overflow.height, plan.language) from None
        return faces[0], faces[1], body_pt

    return attempt


def _sheet(plan: DocumentPlan, face: Face, *, backs: bool) -> bytes:
    """One page: the side on all eight cards, at the fronts' places or (``backs``) behind them."""
    fonts = register_fonts()
    sheet = sheet_for(plan.layout)
    target = io.BytesIO()
    canvas = open_canvas(target, plan, sheet, fonts.main.faces.regular)
    fronts = card_positions(sheet)
    for position in ([back_position(sheet, p) for p in fronts] if backs else fronts):
        draw_face(canvas, face, position)
    draw_cut_marks(canvas, sheet)
    finish_page(canvas, sheet)
    canvas.save()
    return target.getvalue()


def bilingual_card_sheets(first: DocumentPlan, second: DocumentPlan) -> tuple[bytes, bytes, float]:
    """The fronts (``first``'s language) and backs (``second``'s) as two one-page tagged PDFs, at
    the largest type size at which both sides fit; and that size."""
    check_card_counts(first)
    overflow: SideOverflow | None = None
    for content in CONTENTS:
        try:
            front, back, body_pt = fit_type_size(first.layout, _sides(first, second, content))
        except SideOverflow as exc:
            overflow = exc
            continue
        return _sheet(first, front, backs=False), _sheet(second, back, backs=True), body_pt
    assert overflow is not None
    layout = first.layout
    raise BilingualCardTooFull(
        f"document {first.id}: a bilingual card has one side per language, and the {language_name(overflow.language)} side "
        f"(title, key message, advice titles, services with their numbers and QR codes) is "
        f"{max(1, round(overflow.height / mm))} mm too tall for an 85 x 55 mm card at the minimum type size "
        f"({layout.type.min_body_pt:g} pt); use fewer advice items or services on the card, a shorter title or key "
        f"message, or make one card set per language (languages: [{first.language}] and "
        f"languages: [{second.language}])")
