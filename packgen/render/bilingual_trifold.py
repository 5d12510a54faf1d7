"""Bilingual folded leaflets (``languages: [cy, en-GB]`` on a tri-fold): every panel Welsh above English.

Why this design. A roll-fold's panels are met in one order (cover, inside flap, the three inside
panels, back), so the two languages cannot each take "their" panels without one language being met
first, or later, or only once the leaflet is opened: the cover would be one language's, against the
Welsh Language Standards' equal prominence. Tête-bêche (turn the leaflet over for the other
language) does not work on a roll-fold either: its panels are not two halves of a booklet.
Stacking each panel "top and bottom", one of the arrangements of the Welsh Language Commissioner's
bilingual design guide and the one packgen's bilingual posters use, keeps every panel bilingual:
the cover carries both titles, the help box both languages' numbers, and whichever panel a reader
has in front of them holds the same content in both languages, Welsh first (on top) by default.

How. Each language is laid out as a tri-fold on half the sheet's height (297 x 105 mm), both at one
type size (the largest at which *both* fit, so neither is smaller, never below the kind's 12 pt
minimum) and the same fonts, weights and colours, by :mod:`.trifold` itself: the same panel roles,
the same balancing of the advice over the four advice panels, the same fold positions. Then each
side of the sheet gets the first language's half on top and the second's below
(:func:`packgen.render.bilingual._stack`), one structure tree with the second language a Part
with its own ``/Lang``. Fold ticks are drawn at the sheet's top and bottom edges only.

Half a panel holds half as much: a tri-fold whose advice fills its panels in one language will not
fit in two. It fails naming the language, the panel and how much is over, and says what to do (a
bilingual A4 leaflet sets the languages on facing pages with room for much more).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from packgen.i18n.tags import language_name
from packgen.plan.documents import DocumentPlan

from .fit import DocumentTooLong, fit_type_size
from .trifold import PanelOverflow, _attempt

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.layouts import Layout

TITLE_SCALE = 0.75   # the cover's title on half a panel: still the largest type on it
MARGIN_SCALE = 0.75  # a half's margins (and its bands' padding): 6 mm from the folds on trifold-a4


class BilingualTrifoldTooLong(DocumentTooLong):
    """A bilingual tri-fold whose content does not fit half of each panel at the minimum type size."""


class HalfOverflow(PanelOverflow):
    """A half did not fit; ``language`` says whose."""

    def __init__(self, overflow: PanelOverflow, language: str) -> None:
        super().__init__(overflow.height, overflow.cause)
        self.language = language


def half_sheet(layout: Layout) -> Layout:
    """One language's half: the full width, half the height; the same type, a smaller title, and
    margins (and the cover's bands' padding) three quarters of the layout's."""
    width, height = layout.trim_size_mm
    type_ = layout.type.model_copy(update={"title_pt": max(layout.type.title_pt * TITLE_SCALE,
                                                           layout.type.heading_pt * 1.2)})
    return layout.model_copy(update={"page": [width, height / 2], "orientation": "landscape", "type": type_,
                                     "margin_mm": layout.margin_mm * MARGIN_SCALE})


def render_bilingual_trifold(first: DocumentPlan, second: DocumentPlan) -> tuple[bytes, bytes]:
    """Each language's half sheet (two pages: outside, inside) at one shared type size; the
    first's fold ticks at the top, the second's at the bottom."""
    half = half_sheet(first.layout)
    halves = [dataclasses.replace(part, layout=half) for part in (first, second)]

    def attempt(split: bool) -> Callable[[float], tuple[bytes, bytes]]:
        def both(body_pt: float) -> tuple[bytes, bytes]:
            done = []
            for part, guides in zip(halves, ((True, False), (False, True))):
                try:
                    done.append(_attempt(part, body_pt, split=split, fold_guides=guides, compact=True))
                except PanelOverflow as overflow:
                    raise HalfOverflow(overflow, part.language) from None
            return done[0], done[1]
        return both

    try:  # whole advice items in their panels where the type allows it, else split between blocks
        return fit_type_size(half, attempt(False))
    except HalfOverflow:
        pass
    try:
        return fit_type_size(half, attempt(True))
    except HalfOverflow as overflow:
        where = f"a bilingual tri-fold gives each language half of every panel, and in the " \
                f"{language_name(overflow.language)} half {overflow.cause}"
        if "too little" in overflow.cause:  # a tri-fold's four advice panels each need something
            raise BilingualTrifoldTooLong(f"document {first.id}: {where}; add advice items, or use a bilingual "
                                          "leaflet (layout leaflet-a4) or poster") from None
        raise BilingualTrifoldTooLong(
            f"document {first.id}: {where} ({max(1, round(overflow.height / mm))} mm too tall at the minimum type "
            f"size, {first.layout.type.min_body_pt:g} pt); use a bilingual leaflet (layout leaflet-a4: the "
            "languages on facing pages), fewer advice items or services, or one tri-fold per language") from None
