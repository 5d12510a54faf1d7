"""packgen (the product under test): the same leaflet through packgen's own model and renderer.

The project's own copy of the peerbench adapter (../shared/peerbench/renderers/packgen_leaflet.py,
written against packgen as of 2026-12-02). Differences: ``PACKGEN_QR=cold`` clears *every* QR
cache (``packgen.render.qr.clear_caches``: encoded rows, matrices, runs and drawn paths), which
is what a fresh process pays; the shared adapter clears only the two caches packgen had then.
It also clears the line memo (``packgen.render.paragraphs.clear_line_memo``: line breaks kept
between documents for batches), which a fresh process does not have either; ``PACKGEN_MEMO=warm``
keeps it (what the second and later documents of a batch see).
Use it from the peerbench folder with ``PYTHONPATH=<packgen checkout>/bench`` and the module name
``peerbench_packgen`` (see docs/performance.md).

content.json is converted into packgen's catalogue model (``Catalogue`` -> ``DocumentPlan``) and
rendered with ``packgen.render.render_document`` on the bundled ``leaflet-a4`` layout, unchanged.

When the conversion is charged (environment variable ``PACKGEN_CONVERT``):

- ``render`` (default): inside every ``render()`` call. A one-document rebuild with packgen
  (``packgen build --only ID``) validates the catalogue and plans once per process, i.e. once
  per document, so this is the fair per-document figure.
- ``import``: once, at import time (what a batch of many documents from one catalogue pays per
  document: nothing). The cold-process column includes it either way.

QR matrices: packgen caches them per (URL, level) for the life of the process (``lru_cache`` in
``packgen.render.qr``), so after the harness's warm-ups every timed render is a warm-cache render,
while the peers encode all six codes with segno on every call. ``PACKGEN_QR=cold`` clears that
cache before each render (what a one-document rebuild in a fresh process pays); the default,
``warm``, leaves packgen as it is.

Mapping of content.json onto packgen's model (what cannot be expressed exactly):

- title -> document title; subtitle -> tagline (packgen prints it in an accent band under the title).
- each section -> one ``Advice``: heading -> title, every ``p`` -> a body paragraph, every ``ul``
  item -> a point. packgen prints all body paragraphs before the points, so the closing paragraph
  of "Talking with your child ..." (p, ul, p) moves above its bullets. "What to avoid" has no
  paragraph, which packgen's validation refuses (``body`` needs text): its body is set to "" after
  validation, which the renderer handles (no paragraph is drawn).
- services_heading: packgen always prints "Where to get help", which is the content's heading.
- each service -> ``Service``: description -> summary, phone, url, and display_url = url so the
  full URL is printed like every peer does (packgen's own default would print it without https://).
- brand/tint colours are not applied: the layout is leaflet-a4 as bundled (its own navy theme,
  15 mm margins, 12.5 pt body shrinking to 12 pt, 22 mm QR codes instead of the harness's 26 mm).
- packgen adds text of its own: the audience label in the title band and a footer per page.
"""
import datetime as dt
import os
import re
from pathlib import Path

import yaml

from packgen.catalogue.bundled import bundled_layouts_dir
from packgen.catalogue.layouts import Layout
from packgen.catalogue.models import Catalogue
from packgen.plan.documents import plan_documents
from packgen.render import paragraphs as _paragraphs
from packgen.render import qr as _qr
from packgen.render import render_document

CONVERT = os.environ.get("PACKGEN_CONVERT", "render")
QR_CACHE = os.environ.get("PACKGEN_QR", "warm")
# The line memo (packgen.render.paragraphs) keeps line breaks between documents, for batches: a
# fresh process starts without it, so it is cleared with the QR caches unless PACKGEN_MEMO=warm.
MEMO = os.environ.get("PACKGEN_MEMO", "cold" if QR_CACHE == "cold" else "warm")
_clear_memo = getattr(_paragraphs, "clear_line_memo", lambda: None)  # packgen before the memo: nothing to clear
LAYOUT_ID = "leaflet-a4"
# The bundled layout, read and validated once (packgen's own configuration, like the peers' constants).
LAYOUTS = {LAYOUT_ID: Layout.model_validate(
    yaml.safe_load((bundled_layouts_dir() / f"{LAYOUT_ID}.yaml").read_text(encoding="utf-8")))}


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def catalogue_data(content):
    """content.json as the plain data of a resources.yaml (before validation)."""
    advice, empty_body = [], set()
    for n, section in enumerate(content["sections"]):
        paragraphs = [b["p"] for b in section["blocks"] if "p" in b]
        points = [item for b in section["blocks"] for item in b.get("ul", [])]
        aid = f"s{n + 1}-{_slug(section['heading'])}"[:60].rstrip("-")
        if not paragraphs:
            empty_body.add(aid)
        advice.append({"id": aid, "title": section["heading"], "body": "\n\n".join(paragraphs) or "-",
                       "points": points, "audiences": ["parents"], "priority": n + 1})
    services = []
    for svc in content["services"]:
        entry = {"id": _slug(svc["name"]), "name": svc["name"], "summary": svc["description"], "url": svc["url"],
                 "display_url": svc["url"], "audiences": ["parents"]}
        if svc["phone"]:
            entry["phone"] = svc["phone"]
        services.append(entry)
    data = {
        "version": 1,
        "pack": {"title": content["title"], "publisher": "packgen peer benchmark", "language": "en-GB",
                 "reviewed": dt.date(2026, 11, 29)},
        "audiences": [{"id": "parents", "label": "Parents and carers"}],
        "services": services,
        "advice": advice,
        "documents": [{"id": "parents-leaflet", "audience": "parents", "layout": LAYOUT_ID,
                       "title": content["title"], "tagline": content["subtitle"],
                       "advice": [a["id"] for a in advice], "services": [s["id"] for s in services]}],
    }
    return data, empty_body


def plan_for(content):
    """Validate into packgen's Catalogue and plan the one document (the conversion being charged)."""
    data, empty_body = catalogue_data(content)
    catalogue = Catalogue.model_validate(data)
    if empty_body:  # a section that is only a list: no body paragraph (validation wants one)
        catalogue = catalogue.model_copy(update={"advice": [
            a.model_copy(update={"body": ""}) if a.id in empty_body else a for a in catalogue.advice]})
    (plan,) = plan_documents(catalogue, LAYOUTS)
    return plan


def render(content, out_path):
    if QR_CACHE == "cold":
        _qr.clear_caches()
    if MEMO == "cold":
        _clear_memo()
    plan = _PLAN if CONVERT == "import" else plan_for(content)
    Path(out_path).write_bytes(render_document(plan))


if CONVERT == "import":  # the harness renders common.load_content(), the same content.json
    import common

    _PLAN = plan_for(common.load_content())
