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
from .view import web_view


def produce_html(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced:
    return Produced(render_page(web_view(plan)).encode("utf-8"))


def produce_text(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced:
    return Produced(render_text(web_view(plan)).encode("utf-8"))
