"""Renderers: the only package that imports ReportLab. One module per layout kind."""

from __future__ import annotations

from ..outputs import Produced
from ..plan import DocumentPlan


def render_pdf(plan: DocumentPlan, made: object = None) -> Produced:
    """The PDF output of one document: its bytes and the number of pages drawn (the ``pdf`` producer)."""
    from .page import pages_finished

    before = pages_finished()
    data = render_document(plan)
    return Produced(data, pages=pages_finished() - before)


def render_document(plan: DocumentPlan) -> bytes:
    """The PDF bytes of one planned document, laid out by its layout's kind."""
    from .cards import render_cards
    from .glyphs import check_glyphs
    from .leaflet import render_leaflet
    from .poster import render_poster
    from .qr import check_module_size
    from .trifold import render_trifold

    check_glyphs(plan)
    check_module_size(plan.urls, plan.layout.id, plan.layout.qr.size_mm, plan.layout.qr.error_correction)
    renderers = {"poster": render_poster, "leaflet": render_leaflet, "trifold": render_trifold,
                 "cards": render_cards}
    return renderers[plan.layout.kind](plan)
