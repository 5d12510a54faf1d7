"""Run a plan: render what changed, in parallel, write atomically, record it in ``manifest.json``.

A document is rendered again only when something that shapes it changed (see ``inputs.py``) or
its PDF is no longer the one recorded; the manifest says what and the report says why. The build
holds the output folder's lock, writes every file through a temporary file and a rename, and
writes the manifest last, so a build killed at any moment leaves each PDF old-and-complete or
new-and-complete, and the next build repairs the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import UserError
from .bold import strip_bold
from .files import write_atomically
from .web.gallery import GalleryEntry, update_previews, write_gallery
from .inputs import describe_changes, document_inputs, input_hash
from .lock import build_lock
from .plan import DocumentPlan
from .workers import Outcome, Rendered, RenderFailure, render_all

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuiltDocument:
    """One line of the manifest, and what this build did with it."""

    id: str
    audience: str
    layout: str
    file: str
    sha256: str
    pages: int
    urls: list[str]
    input_hash: str
    bytes: int
    inputs: dict[str, str] = field(default_factory=dict)
    status: str = "built"  # or "unchanged"
    reasons: tuple[str, ...] = ()

    def manifest_entry(self) -> dict[str, Any]:
        entry = asdict(self)
        del entry["status"], entry["reasons"]
        return entry


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the documents asked for, in plan order, and what else it changed."""

    documents: list[BuiltDocument]
    failures: list[RenderFailure]
    removed: list[str]

    @property
    def built(self) -> list[BuiltDocument]:
        return [d for d in self.documents if d.status == "built"]


class BuildFailed(UserError):
    """Some documents could not be built; the others were, and are in the manifest."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report
        messages = [failure.message for failure in report.failures]
        super().__init__("\n".join(messages) + f"\n{len(report.failures)} document(s) failed; "
                         f"{len(report.documents)} built or unchanged")


def read_manifest(output: Path) -> dict[str, dict[str, Any]]:
    """The manifest's documents by id; empty when there is none or it is unreadable."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        return {entry["id"]: entry for entry in data["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def build_documents(plans: Sequence[DocumentPlan], output: Path, *, force: bool = False, jobs: int = 1,
                    others: Sequence[DocumentPlan] = (), gallery: bool = True, executor: Executor | None = None,
                    on_document: Callable[[str], None] | None = None) -> BuildReport:
    """Bring ``output`` up to date with ``plans``; raise :class:`BuildFailed` if any document failed.

    ``others`` are the catalogue's documents left out of this build (by --only, say): their files
    stay and the gallery still lists them. Any other document in the manifest has left the
    catalogue and its PDF is removed. ``on_document`` is called with each document's id as it is
    finished (for a progress bar). ``gallery`` also updates the previews and ``index.html``.
    ``executor`` is a worker pool to share between builds (see :func:`workers.worker_pool`).
    """
    with build_lock(output):
        _remove_temporary_files(output)
        previous = read_manifest(output)
        inputs = {plan.id: document_inputs(plan) for plan in plans}
        reasons = {plan.id: _reasons(plan, output, previous.get(plan.id), inputs[plan.id], force) for plan in plans}
        done = {plan.id: _unchanged(previous[plan.id]) for plan in plans if not reasons[plan.id]}
        if on_document:
            for doc_id in done:
                on_document(doc_id)
        changed = [plan for plan in plans if reasons[plan.id]]
        failures = _render_changed(changed, output, inputs, reasons, done, jobs=jobs, gallery=gallery,
                                   executor=executor, on_document=on_document)
        documents = [done[plan.id] for plan in plans if plan.id in done]
        removed = _remove_stale(output, previous, {plan.id for plan in [*plans, *others]})
        entries = _write_manifest(output, previous, documents, removed)
        if gallery:
            drawn = {d.id: d.sha256 for d in documents if d.status == "built"}
            publish_gallery(output, [*plans, *others], entries, drawn)
    order = {plan.id: index for index, plan in enumerate(plans)}
    report = BuildReport(documents, sorted(failures, key=lambda f: order[f.id]), removed)
    if failures:
        raise BuildFailed(report)
    return report


def _render_changed(plans: list[DocumentPlan], output: Path, inputs: dict[str, dict[str, str]],
                    reasons: dict[str, list[str]], done: dict[str, BuiltDocument], *, jobs: int, gallery: bool,
                    executor: Executor | None, on_document: Callable[[str], None] | None) -> list[RenderFailure]:
    """Render ``plans``, adding each success to ``done``; return the failures."""
    by_id = {plan.id: plan for plan in plans}
    failures: list[RenderFailure] = []

    def record(outcome: Outcome) -> None:
        if isinstance(outcome, Rendered):
            plan = by_id[outcome.id]
            done[plan.id] = BuiltDocument(
                plan.id, plan.audience.id, plan.layout.id, plan.filename, outcome.sha256, outcome.pages,
                list(plan.urls), input_hash(inputs[plan.id]), outcome.bytes, inputs[plan.id], "built",
                tuple(reasons[plan.id]))
        else:
            failures.append(outcome)
        if on_document:
            on_document(outcome.id)

    render_all(plans, output, jobs, record, previews=gallery, executor=executor)
    return failures


def _unchanged(entry: dict[str, Any]) -> BuiltDocument:
    known = BuiltDocument.__dataclass_fields__.keys() - {"status", "reasons"}
    return BuiltDocument(**{key: value for key, value in entry.items() if key in known}, status="unchanged")


def _reasons(plan: DocumentPlan, output: Path, recorded: dict[str, Any] | None, inputs: dict[str, str],
             force: bool) -> list[str]:
    """Why this document must be rendered; empty when it is up to date."""
    if force:
        return ["--force"]
    if recorded is None:
        return ["new document"]
    changes = describe_changes(recorded.get("inputs"), inputs) if recorded.get("inputs") else []
    if recorded.get("input_hash") != input_hash(inputs):
        return changes or ["inputs changed"]
    try:
        on_disk = hashlib.sha256((output / plan.filename).read_bytes()).hexdigest()
    except OSError:
        return ["PDF missing"]
    return [] if on_disk == recorded.get("sha256") else ["PDF changed since it was built"]


def _remove_temporary_files(output: Path) -> None:
    """Temporary files left by a build that was killed (no build is running: we hold the lock)."""
    for folder in (output, output / "previews"):
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def _remove_stale(output: Path, previous: dict[str, dict[str, Any]], known: set[str]) -> list[str]:
    """Delete the PDFs of documents that have left the catalogue; return their ids."""
    removed = []
    for doc_id, entry in sorted(previous.items()):
        if doc_id in known:
            continue
        name = str(entry.get("file", ""))
        if name.endswith(".pdf") and Path(name).name == name:  # only files we wrote, never ../ paths
            (output / name).unlink(missing_ok=True)
        removed.append(doc_id)
    return removed


def _write_manifest(output: Path, previous: dict[str, dict[str, Any]], documents: list[BuiltDocument],
                    removed: list[str]) -> dict[str, dict[str, Any]]:
    """Write the manifest (after every PDF it names); return its entries by id."""
    entries = {doc_id: entry for doc_id, entry in previous.items() if doc_id not in removed}
    entries.update({document.id: document.manifest_entry() for document in documents})
    manifest = {"generator": f"packgen {__version__}", "documents": sorted(entries.values(), key=lambda e: e["id"])}
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    try:
        unchanged = (output / MANIFEST).read_bytes() == data
    except OSError:
        unchanged = False
    if not unchanged:  # a no-op build writes nothing at all
        write_atomically(output / MANIFEST, data)
    return entries


def publish_gallery(output: Path, plans: Sequence[DocumentPlan], entries: dict[str, dict[str, Any]],
                    drawn: dict[str, str]) -> None:
    """Previews of changed PDFs (``drawn`` by the workers already), then ``index.html``."""
    listed = [gallery_entry(plan, entries[plan.id]) for plan in plans if plan.id in entries]
    if not listed:
        return
    update_previews(output, listed, drawn)
    pack, org = plans[0].pack, plans[0].org
    audiences = list(dict.fromkeys((plan.audience.id, plan.audience.label) for plan in plans))
    write_gallery(output, pack.title, org.name if org else pack.publisher, audiences, listed,
                  language=pack.language, reviewed=pack.reviewed)


def gallery_entry(plan: DocumentPlan, entry: dict[str, Any]) -> GalleryEntry:
    return GalleryEntry(id=plan.id, title=plan.title, tagline=plan.tagline, audience_id=plan.audience.id,
                        audience_label=plan.audience.label, format=plan.layout.format_label, pages=entry["pages"],
                        file=entry["file"], bytes=entry["bytes"], sha256=entry["sha256"],
                        covers=tuple(strip_bold(a.title) for a in plan.advice),
                        services=tuple(strip_bold(s.name) for s in plan.services))
