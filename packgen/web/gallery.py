"""Previews and the gallery: ``output/previews/<id>.png`` and ``output/index.html``.

A preview is redrawn only when its PDF's sha256 differs from the one it was drawn from, as
recorded in ``output/previews/previews.json``. A rebuild that changed nothing therefore reads that
one small file and a few directory entries, and never imports pypdfium2 or Pillow.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packgen.catalogue.ids import ID_PATTERN
from packgen.files import read_owned, remove_owned, write_atomically
from packgen.model.nodes import ServiceEntry
from packgen.web.view import Logo

if TYPE_CHECKING:
    import pypdfium2

    from packgen.plan.documents import DocumentPlan

PREVIEWS = "previews"
RECORD = "previews.json"
INDEX = "index.html"
# The long side of a preview in pixels: 2x a 240 CSS px thumbnail, crisp on a phone's 2-column
# grid, about 25 kB as a 256-colour PNG. Part of the record's style, so changing it redraws all.
LONG_SIDE_PX = 480
PALETTE_COLOURS = 256
# The palette is found on every SAMPLE_STEP-th pixel of every SAMPLE_STEP-th row (see preview_of_page).
SAMPLE_STEP = 3
STYLE = (f"page-1 trim-box long-side-{LONG_SIDE_PX}px octree-{PALETTE_COLOURS}-of-1-in-{SAMPLE_STEP}x{SAMPLE_STEP}"
         "-nearest")


@dataclass(frozen=True)
class GalleryFile:
    """A document's output besides its PDF (its web page, its text version), offered for download."""

    file: str  # relative to output/
    label: str  # "web page", "plain text"
    media_type: str
    bytes: int


@dataclass(frozen=True)
class GalleryEntry:
    """One document as the gallery shows it."""

    id: str  # document id; the PDF is output/<file>
    title: str
    tagline: str | None
    audience_id: str
    audience_label: str  # e.g. "Parents and carers"
    format: str  # human format, e.g. "A4 leaflet, folds to DL"
    pages: int
    file: str  # "parents-leaflet.pdf", relative to output/; "" when web-only (no PDF, see no_pdf)
    bytes: int
    sha256: str  # of the PDF
    covers: tuple[str, ...]  # advice titles, in order
    services: tuple[str, ...]  # service names, in order
    others: tuple[GalleryFile, ...] = ()  # the document's other outputs, in registry order
    out_of_date: bool = False  # the last build failed to bring this document up to date
    help: tuple[ServiceEntry, ...] = ()  # the services in full (packgen.web.view), for the audience's help list
    variant_of: str | None = None  # the document this one is a print-shop version of (see print_variants)
    language: str = ""  # the document's (first) language, BCP 47; "" as the page's
    # Web-only (``file`` is ""): the languages whose script the PDF layouts cannot draw yet, e.g. "Urdu (ur)"
    no_pdf: tuple[str, ...] = ()


@dataclass(frozen=True)
class GalleryBrand:
    """The org's look on the gallery: its colours (AA on white) and logo."""

    primary: str | None = None  # None: the gallery's own colours
    accent: str | None = None
    logo: Logo | None = None
    contacts_heading: str = ""  # the org's local contacts: "In school, talk to"
    contacts: tuple[str, ...] = ()


def gallery_brand(plan: DocumentPlan) -> GalleryBrand | None:
    """The org's colours (darkened to AA on white if need be) and logo; None without an org."""
    from .view import org_logo, readable_on

    if plan.org is None:
        return None
    org = plan.org
    return GalleryBrand(readable_on(org.primary, "#ffffff") if org.primary else None,
                        readable_on(org.accent, "#ffffff") if org.accent else None, org_logo(plan),
                        org.contacts_heading, org.contacts)


def print_variants(plans: Sequence[DocumentPlan]) -> dict[str, str]:
    """Print-shop versions: document id -> the id of the document it is a version of.

    A document with bleed is a print-shop version of one without bleed that says the same thing on
    the same paper: same audience, kind, page and orientation, title, tagline, advice and services.
    """
    def content(plan: DocumentPlan) -> tuple[object, ...]:
        layout = plan.layout
        return (plan.audience.id, layout.kind, layout.page, layout.orientation, plan.title, plan.tagline,
                tuple(a.id for a in plan.advice), tuple(s.id for s in plan.services))

    originals: dict[tuple[object, ...], str] = {}
    for plan in plans:
        if not plan.layout.bleed_mm:
            originals.setdefault(content(plan), plan.id)
    return {plan.id: originals[content(plan)] for plan in plans
            if plan.layout.bleed_mm and content(plan) in originals}


# --- previews ------------------------------------------------------------------------------------


def update_previews(output: Path, entries: Sequence[GalleryEntry],
                    drawn: Mapping[str, tuple[str, str]] | None = None) -> list[str]:
    """Write ``output/previews/<id>.png`` for entries whose PDF changed since its preview was made.

    ``entries`` must be every document the gallery lists (not only those just built): previews of
    documents no longer listed are removed, if they are still the PNG packgen drew (the record
    holds its sha256; packgen never removes a file by its name alone). ``drawn`` maps ids to the
    (PDF sha256, PNG sha256) of previews already written (by the build, as each document is drawn:
    see :func:`preview_of_page`). Returns the ids redrawn here, in the order given. A listed PDF
    that is missing or not a regular file raises OSError; an unreadable one pypdfium2's PdfiumError.
    """
    folder = output / PREVIEWS
    on_disk = _read_record(folder)
    recorded = {**on_disk, **(drawn or {})}
    stale = [e for e in entries if recorded.get(e.id, ("", ""))[0] != e.sha256
             or not (folder / f"{e.id}.png").is_file()]
    listed = {e.id for e in entries}
    if stale:
        # Forget the previews about to be redrawn first, so an interrupted run never leaves a
        # record that vouches for a half-updated set.
        keep = listed - {e.id for e in stale}
        _write_record(folder, {i: shas for i, shas in recorded.items() if i in keep or i not in listed})
        for entry in stale:
            pdf = read_owned(output / entry.file)
            if pdf is None:
                raise FileNotFoundError(errno.ENOENT, "not a PDF packgen wrote", str(output / entry.file))
            try:
                recorded[entry.id] = (entry.sha256, write_preview(output, entry.id, pdf))
            except OSError:
                raise
            except Exception:
                recorded.pop(entry.id, None)
    for doc_id, (_, png_sha) in recorded.items():
        if doc_id not in listed and png_sha:
            remove_owned(folder / f"{doc_id}.png", png_sha)
    current = {e.id: recorded[e.id] for e in entries if e.id in recorded}
    if stale or current != on_disk:
        _write_record(folder, current)
    return [e.id for e in stale]


def write_preview(output: Path, doc_id: str, pdf: bytes) -> str:
    """Draw one document's preview from its PDF's bytes now; return the PNG's sha256. Record it by
    passing ``drawn`` to :func:`update_previews`."""
    png = render_preview(pdf)
    write_atomically(preview_file(output, doc_id), png)
    return hashlib.sha256(png).hexdigest()


def preview_file(output: Path, doc_id: str) -> Path:
    """Where a document's preview goes: ``output/previews/<id>.png``."""
    return output / PREVIEWS / f"{doc_id}.png"


def render_preview(pdf: Path | bytes) -> bytes:
    """A palette PNG of the PDF's first page (its trim box, so no bleed or crop marks)."""
    import pypdfium2  # only when something must be drawn: a no-op build stays fast

    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        page = document[0]
        try:
            return preview_of_page(page)
        finally:
            page.close()
    finally:
        document.close()


def preview_of_page(page: pypdfium2.PdfPage) -> bytes:
    """The preview of a PDF's first page, loaded by the caller (the build's QR check loads it too, and
    shares it): the same PNG as :func:`render_preview`. Sets the page's crop box to its trim box, in
    memory only (the PDF's bytes are not touched), so draw nothing else from the page after this."""
    from PIL import Image

    page.set_cropbox(*page.get_trimbox())
    # pypdfium2 rounds the bitmap size up: shave a hair off so the long side is exactly LONG_SIDE_PX.
    scale = LONG_SIDE_PX / max(page.get_size()) * (1 - 1e-9)
    # Link annotations (the only ones packgen writes) have no appearance: leaving them out changes
    # no pixel (a test compares) and skips their processing.
    image = page.render(scale=scale, may_draw_forms=False, draw_annots=False, rev_byteorder=True).to_pil()
    # The palette: fast octree (as good as median cut on flat colours and text, 7 times faster) on a
    # 1-in-9 sample of the pixels (~0.3 ms instead of ~1.2 ms on all of them); each pixel then gets
    # its nearest palette colour (~0.65 ms), which is closer to the render than the octree's own
    # mapping (mean and 99th-percentile error lower, docs/performance.md). No dithering: flat colours
    # and anti-aliased text quantise cleanly and compress to a third.
    sample = image.resize((max(1, image.width // SAMPLE_STEP), max(1, image.height // SAMPLE_STEP)),
                          Image.Resampling.NEAREST)
    palette = sample.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    # Only the colours the octree found (~90 of 256): a shorter PLTE, and fewer to search.
    used = max(index for _, index in palette.getcolors(PALETTE_COLOURS) or [(0, 0)]) + 1
    palette.putpalette((palette.getpalette() or [])[:3 * used])
    indexed = image.quantize(palette=palette, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG", compress_level=3)  # 10 % bigger than the default, twice as fast
    return buffer.getvalue()


def _read_record(folder: Path) -> dict[str, tuple[str, str]]:
    """Document id -> (sha256 of the PDF its preview was drawn from, sha256 of the PNG, or "" when an
    older record did not keep it); empty if unreadable or drawn differently. Untrusted input: only
    valid ids and hex digests are believed."""
    raw = read_owned(folder / RECORD, max_bytes=16 * 1024 * 1024)
    try:
        data: Any = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("style") != STYLE or not isinstance(data.get("pdf_sha256"), dict):
        return {}
    pngs: dict[str, Any] = data["png_sha256"] if isinstance(data.get("png_sha256"), dict) else {}
    record = {}
    for doc_id, pdf_sha in data["pdf_sha256"].items():
        png_sha = pngs.get(doc_id, "")
        if re.fullmatch(ID_PATTERN, doc_id) and _is_sha(pdf_sha) and (png_sha == "" or _is_sha(png_sha)):
            record[doc_id] = (pdf_sha, png_sha)
    return record


def _is_sha(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


def _write_record(folder: Path, shas: Mapping[str, tuple[str, str]]) -> None:
    ordered = dict(sorted(shas.items()))
    record = {"style": STYLE, "pdf_sha256": {i: pdf for i, (pdf, _) in ordered.items()},
              "png_sha256": {i: png for i, (_, png) in ordered.items() if png}}
    write_atomically(folder / RECORD, (json.dumps(record, indent=2) + "\n").encode())


# --- index.html ----------------------------------------------------------------------------------


def write_gallery(output: Path, pack_title: str, publisher: str, audiences: Sequence[tuple[str, str]],
                  entries: Sequence[GalleryEntry], *, language: str = "en-GB",
                  reviewed: dt.date | None = None, brand: GalleryBrand | None = None) -> bool:
    """Write ``output/index.html`` (atomically, only if its content changed); return True when written.

    ``audiences`` is (id, label) in the order the page shows them; an entry whose audience is not
    among them gets a section of its own after them. ``reviewed`` (the pack's review date) is
    printed in the footer. Call :func:`update_previews` first: a card shows its thumbnail only when
    the preview exists. Same arguments and previews give the same bytes.
    """
    from packgen.web.gallery_html import render_gallery_html

    sizes = {e.id: size for e in entries if (size := png_size(output / PREVIEWS / f"{e.id}.png"))}
    page = render_gallery_html(pack_title, publisher, audiences, entries, sizes, language=language,
                               reviewed=reviewed, brand=brand)
    data = page.encode("utf-8")
    target = output / INDEX
    if read_owned(target) == data:
        return False
    write_atomically(target, data)
    return True


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, without decoding it; None when missing or not a PNG."""
    head = (read_owned(path, max_bytes=16 * 1024 * 1024) or b"")[:24]
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
