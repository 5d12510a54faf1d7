"""The build's producers of a document's web page (``<id>.html``) and text version (``<id>.txt``).

Registered in :data:`packgen.outputs.OUTPUT_KINDS`; the build calls them beside the PDF renderer
whenever the document's inputs change, so the three versions are always made from the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping

from packgen.plan.documents import DocumentPlan
from packgen.plan.outputs import Produced

from .page import render_page
from .text import render_text
from .view import WebView, web_view


def produce_html(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced:
    return Produced(render_page(_view(plan)).encode("utf-8"))


def produce_text(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced:
    return Produced(render_text(_view(plan)).encode("utf-8"))


_last: tuple[DocumentPlan, WebView] | None = None


def _view(plan: DocumentPlan) -> WebView:
    """The plan's web view, made once for both versions (~4 ms a document): the build calls the two
    producers one after the other with the same plan, which is immutable. Only the last is kept."""
    global _last
    last = _last  # read once: threads may build at the same time
    if last is not None and last[0] is plan:
        return last[1]
    view = web_view(plan)
    _last = (plan, view)
    return view
