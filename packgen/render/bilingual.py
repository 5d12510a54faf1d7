"""Bilingual documents (``languages: [cy, en-GB]``), after the Welsh Language Standards.

Both languages are drawn by the same layout, so in the same font, size, weight and colour; the
first language listed comes first (Welsh first by default: list English first to change the
order); the languages are never mixed within a block. Each kind arranges them its own way:

- posters stack the two: each language in one half of the page, both at the same type size
  (the largest at which *both* halves fit, so neither language is smaller), and fail as a poster does
  when either half cannot fit at the minimum size;
- leaflets set them on facing pages: page 1 in the first language faces page 1 in the second, and
  so on (a language with fewer pages gets blank ones, so the pairs stay facing);
- cards give each language its own card sheet, each card one language on both sides.

Folded leaflets are refused: their panels fold in a fixed order that two languages do not share.
The PDF's language (``/Lang``) is the first language's.
"""

from __future__ import annotations

import dataclasses
import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from packgen.catalogue.kinds import kind_spec
from packgen.catalogue.layouts import Layout
from packgen.errors import UserError
from packgen.plan.documents import DocumentPlan


class BilingualRefused(UserError):
    """A layout that cannot set two languages side by side yet."""


def render_bilingual(plan: DocumentPlan) -> bytes:
    """The PDF of a bilingual plan (``plan.companion`` is its second language)."""
    assert plan.companion is not None
    first, second = dataclasses.replace(plan, companion=None), plan.companion
    kind = plan.layout.kind
    if kind == "poster":
        return _stacked_poster(first, second)
    if kind == "leaflet":
        from .leaflet import render_leaflet
        return _facing_pages(render_leaflet(first), render_leaflet(second), plan.language)
    if kind == "cards":
        from .cards import render_cards
        return _one_after_the_other(render_cards(first), render_cards(second), plan.language)
    raise BilingualRefused(f"document {plan.id}: a bilingual {kind} is not laid out yet (its panels fold in one "
                           "order); make one document per language, or use a poster or leaflet layout")


def _stacked_poster(first: DocumentPlan, second: DocumentPlan) -> bytes:
    """Each language in its half of the page, both at the largest type size at which both fit."""
    from .fit import Overflow, fit_type_size, too_long
    from .poster import _attempt

    layout = first.layout
    if layout.bleed_mm:
        raise BilingualRefused(f"document {first.id}: a bilingual poster with bleed ({layout.id}) is not laid out "
                               "yet; use a layout without bleed")
    half = half_page(layout)
    halves = [dataclasses.replace(part, layout=half) for part in (first, second)]

    def attempt(body_pt: float) -> tuple[bytes, bytes]:
        return _attempt(halves[0], body_pt), _attempt(halves[1], body_pt)

    try:
        top, bottom = fit_type_size(half, attempt)
    except Overflow as overflow:
        raise too_long(first.id, half, overflow, "a bilingual poster has half a page per language: remove "
                       "items, or use a bilingual leaflet") from None
    return _stack(top, bottom, first.language)


def half_page(layout: Layout) -> Layout:
    """The layout of one language's half: half the page, the next paper size down (A3 -> A4
    landscape), so type and QR codes are scaled as an A-size smaller, never below the kind's floors."""
    spec = kind_spec(layout.kind)
    width, height = layout.trim_size_mm
    scale = 0.5 ** 0.5
    body_floor = max(spec.min_body_pt, layout.type.min_body_pt * scale)
    type_ = layout.type.model_copy(update={
        "title_pt": max(layout.type.title_pt * scale, body_floor), "heading_pt": max(layout.type.heading_pt * scale, body_floor),
        "body_pt": max(layout.type.body_pt * scale, body_floor), "min_body_pt": body_floor})
    qr = layout.qr.model_copy(update={"size_mm": max(layout.qr.size_mm * scale, spec.min_qr_mm)})
    return layout.model_copy(update={"page": [width, height / 2], "margin_mm": layout.margin_mm * scale,
                                     "orientation": "landscape" if width > height / 2 else "portrait",
                                     "type": type_, "qr": qr})


def _stack(top: bytes, bottom: bytes, language: str) -> bytes:
    upper, lower = PdfReader(io.BytesIO(top)).pages[0], PdfReader(io.BytesIO(bottom)).pages[0]
    width, half_height = float(upper.mediabox.width), float(upper.mediabox.height)
    page = PageObject.create_blank_page(width=width, height=2 * half_height)
    page.merge_transformed_page(upper, Transformation().translate(0, half_height))
    page.merge_page(lower)
    return _written([page], PdfReader(io.BytesIO(top)), language)


def _facing_pages(first: bytes, second: bytes, language: str) -> bytes:
    """Page n of the first language, then page n of the second; blank pages even out the counts."""
    a, b = PdfReader(io.BytesIO(first)), PdfReader(io.BytesIO(second))
    box = a.pages[0].mediabox
    pages: list[PageObject] = []
    for index in range(max(len(a.pages), len(b.pages))):
        for reader in (a, b):
            pages.append(reader.pages[index] if index < len(reader.pages)
                         else PageObject.create_blank_page(width=float(box.width), height=float(box.height)))
    return _written(pages, a, language)


def _one_after_the_other(first: bytes, second: bytes, language: str) -> bytes:
    a, b = PdfReader(io.BytesIO(first)), PdfReader(io.BytesIO(second))
    return _written([*a.pages, *b.pages], a, language)


def _written(pages: list[PageObject], source: PdfReader, language: str) -> bytes:
    """One PDF of ``pages``, with the first language's document information and ``/Lang``."""
    writer = PdfWriter()
    for page in pages:
        writer.add_page(page)
    if source.metadata:
        writer.add_metadata({key: value for key, value in source.metadata.items()})
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    root = source.trailer["/Root"].get_object()
    viewer = root.get("/ViewerPreferences") if isinstance(root, DictionaryObject) else None
    if viewer is not None:
        writer._root_object[NameObject("/ViewerPreferences")] = writer._add_object(viewer.get_object().clone(writer))
    target = io.BytesIO()
    writer.write(target)
    return target.getvalue()

