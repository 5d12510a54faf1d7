"""Run a plan: render what changed, in parallel, write atomically, record it in ``manifest.json``.

A document is rendered again only when something that shapes it changed (see ``inputs.py``) or
its PDF is no longer the one recorded; the manifest says what and the report says why. The build
holds the output folder's lock, writes every file through a temporary file and a rename, and
writes the manifest last, so a build killed at any moment leaves each PDF old-and-complete or
new-and-complete, and the next build repairs the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from packgen.build.inputs import describe_changes, document_inputs, input_hash
from packgen.build.lock import build_lock
from packgen.build.manifest import (
    MANIFEST,
    Entry,
    OutputFile,
    PrimaryFacts,
    read_manifest,
    read_site_files,
    write_manifest,
)
from packgen.build.workers import Outcome, Rendered, RenderFailure, render_all
from packgen.catalogue.bold import strip_bold
from packgen.errors import UserError
from packgen.files import remove_owned, remove_temporary_files, sha256_of_owned
from packgen.i18n.tags import language_name, pdf_refusal
from packgen.plan.documents import DocumentPlan
from packgen.plan.outputs import OUTPUT_KINDS, PRIMARY, kind, kind_keys
from packgen.web.gallery import (
    INDEX,
    PREVIEWS,
    RECORD,
    GalleryEntry,
    GalleryFile,
    gallery_brand,
    print_variants,
    update_previews,
    write_gallery,
)
from packgen.web.view import full_services

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["MANIFEST", "BuildFailed", "BuildReport", "BuiltDocument", "build_documents", "read_manifest"]


@dataclass(frozen=True)
class BuiltDocument(PrimaryFacts):
    """One document's manifest entry, and what this build did with it."""

    entry: Entry
    status: str = "built"  # or "unchanged"
    reasons: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def audience(self) -> str:
        return self.entry.audience

    @property
    def layout(self) -> str:
        return self.entry.layout

    @property
    def urls(self) -> tuple[str, ...]:
        return self.entry.urls

    @property
    def files(self) -> tuple[OutputFile, ...]:
        return self.entry.outputs

    @property
    def web_only(self) -> bool:
        """No PDF: its language's script cannot be drawn yet, so its web and text versions are all."""
        return self.entry.primary is None

    @property
    def primary(self) -> OutputFile:
        """The PDF; for a web-only document, its web page (the file the summary and the gallery lead with)."""
        found = self.entry.primary or self.entry.output("html")
        assert found is not None  # a built or unchanged document has its PDF, or its web page when web-only
        return found

    @property
    def deliverables(self) -> tuple[OutputFile, ...]:
        """The files to hand out (zip, email): the PDF, or a web-only document's web page and text version."""
        if not self.web_only:
            return (self.primary,)
        return tuple(f for f in self.entry.outputs if f.kind in ("html", "text"))

    @property
    def file(self) -> str:
        return self.primary.file


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the documents asked for, in plan order, and what else it changed.

    ``removed`` lists the ids of documents that left the catalogue; ``removed_files`` the (id, file)
    pairs deleted; ``kept_files`` those packgen would have deleted but left, because someone changed
    them since packgen wrote them. ``out_of_date`` names the documents whose files on disk are older
    than the catalogue because their build failed.
    """

    documents: list[BuiltDocument]
    failures: list[RenderFailure]
    removed: list[str]
    removed_files: list[tuple[str, str]] = ()  # type: ignore[assignment]
    kept_files: list[tuple[str, str]] = ()  # type: ignore[assignment]
    out_of_date: list[str] = ()  # type: ignore[assignment]

    @property
    def built(self) -> list[BuiltDocument]:
        return [d for d in self.documents if d.status == "built"]


class NoDocuments(UserError):
    """The catalogue lists no documents (the files of those it used to list are removed)."""


class BuildFailed(UserError):
    """Some documents could not be built; the others were, and are in the manifest."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report
        messages = [failure.message for failure in report.failures]
        super().__init__("\n".join(messages) + f"\n{len(report.failures)} document(s) failed; "
                         f"{len(report.documents)} built or unchanged")


def _in_order(plans: list[DocumentPlan], order: Sequence[str]) -> list[DocumentPlan]:
    """``plans`` in the catalogue's ``order`` (those it does not name last, as they came)."""
    position = {doc_id: index for index, doc_id in enumerate(order)}
    return sorted(plans, key=lambda plan: position.get(plan.id, len(position)))


def build_documents(plans: Sequence[DocumentPlan], output: Path, *, force: bool = False, jobs: int = 1,
                    others: Sequence[DocumentPlan] = (), gallery: bool = True, executor: Executor | None = None,
                    on_document: Callable[[str], None] | None = None, held_back: Collection[str] = (),
                    catalogue_order: Sequence[str] = (), together: bool = False) -> BuildReport:
    """Bring ``output`` up to date with ``plans``; raise :class:`BuildFailed` if any document failed.

    ``others`` are the catalogue's documents left out of this build (by --only, say): their files
    stay and the gallery still lists them; those in ``held_back`` (refused: a stale translation,
    say) are marked out of date there, since their files are older than the catalogue. Any other document in the manifest has left the
    catalogue and its files are removed (each only if it is still the file packgen wrote).
    ``on_document`` is called with each document's id as it is finished (for a progress bar).
    ``gallery`` also updates the previews and ``index.html``. ``executor`` is a worker pool to share
    between builds (see :func:`workers.worker_pool`). ``catalogue_order``: the catalogue's document ids in its
    order, so the gallery lists them the same way whichever were built this time. ``together`` (a
    batch): the files drawn in worker processes are put in place all at once, with one flush of the
    file system for all of them (see :func:`workers.render_all`).
    """
    with build_lock(output):
        known = {plan.id for plan in [*plans, *others]}
        _remove_temporary_files(output, known)
        previous = read_manifest(output)
        inputs = {plan.id: document_inputs(plan) for plan in plans}
        reasons = {plan.id: _reasons(plan, output, previous.get(plan.id), inputs[plan.id], force) for plan in plans}
        done = {plan.id: BuiltDocument(previous[plan.id], "unchanged") for plan in plans if not reasons[plan.id]}
        if on_document:
            for doc_id in done:
                on_document(doc_id)
        changed = [plan for plan in plans if reasons[plan.id]]
        drawn: dict[str, tuple[str, str]] = {}
        failures = _render_changed(changed, output, inputs, reasons, done, drawn, jobs=jobs, gallery=gallery,
                                   executor=executor, on_document=on_document, together=together)
        documents = [done[plan.id] for plan in plans if plan.id in done]
        removed, removed_files, kept_files = _remove_stale(output, previous, known, done)
        entries = {doc_id: entry for doc_id, entry in previous.items() if doc_id in known}
        entries.update({document.id: document.entry for document in documents})
        out_of_date = [f.id for f in failures if f.id in entries]
        site = read_site_files(output)
        if gallery:
            publish_gallery(output, _in_order([*plans, *others], catalogue_order), entries, drawn, out_of_date={*out_of_date, *held_back})
            index = sha256_of_owned(output / INDEX) if entries else None
            if not entries and INDEX in site and remove_owned(output / INDEX, site[INDEX]):
                removed_files.append(("", INDEX))  # the gallery of a pack with no documents left
            site = {INDEX: index} if index else {}
        write_manifest(output, entries, site)  # last: it vouches for every file written before it
    if not plans and not others:
        gone = f"; removed {len(removed_files)} file(s) of documents no longer in it" if removed_files else ""
        raise NoDocuments(f"the catalogue has no documents: add one under `documents:` (see the README){gone}")
    order = {plan.id: index for index, plan in enumerate(plans)}
    report = BuildReport(documents, sorted(failures, key=lambda f: order[f.id]), removed, removed_files,
                         kept_files, sorted(out_of_date, key=order.__getitem__))
    if failures:
        raise BuildFailed(report)
    return report


def _render_changed(plans: list[DocumentPlan], output: Path, inputs: dict[str, dict[str, str]],
                    reasons: dict[str, list[str]], done: dict[str, BuiltDocument], drawn: dict[str, tuple[str, str]],
                    *, jobs: int, gallery: bool, executor: Executor | None,
                    on_document: Callable[[str], None] | None, together: bool = False) -> list[RenderFailure]:
    """Render ``plans``, adding each success to ``done`` (and its preview to ``drawn``); return the failures."""
    by_id = {plan.id: plan for plan in plans}
    failures: list[RenderFailure] = []

    def record(outcome: Outcome) -> None:
        if isinstance(outcome, Rendered):
            plan = by_id[outcome.id]
            entry = Entry(plan.id, outcome.files, tuple(kind_keys()), plan.audience.id, plan.layout.id,
                          tuple(plan.urls), input_hash(inputs[plan.id]), inputs[plan.id], complete=True)
            done[plan.id] = BuiltDocument(entry, "built", tuple(reasons[plan.id]))
            if outcome.preview:
                drawn[plan.id] = (outcome.sha256, outcome.preview)
        else:
            failures.append(outcome)
        if on_document:
            on_document(outcome.id)

    render_all(plans, output, jobs, record, previews=gallery, executor=executor, together=together)
    return failures


def _reasons(plan: DocumentPlan, output: Path, recorded: Entry | None, inputs: dict[str, str],
             force: bool) -> list[str]:
    """Why this document must be rendered; empty when it is up to date."""
    if force:
        return ["--force"]
    if recorded is None:
        return ["new document"]
    if not recorded.complete:
        return ["its manifest entry is damaged"]
    if recorded.input_hash != input_hash(inputs):
        return describe_changes(recorded.inputs or None, inputs) or ["inputs changed"]
    if list(recorded.kinds) != kind_keys():
        added = [k for k in kind_keys() if k not in recorded.kinds]
        return [f"new output: {', '.join(added)}" if added else "outputs changed"]
    if recorded.primary is None and not plan.web_only:
        return ["PDF missing"]
    if recorded.primary is not None and plan.web_only:
        return ["no PDF for its script"]
    for file in recorded.outputs:
        label = (kind(file.kind) or OUTPUT_KINDS[0]).label
        on_disk = sha256_of_owned(output / file.file)
        if on_disk is None:
            return [f"{label} missing"]
        if on_disk != file.sha256:
            return [f"{label} changed since it was built"]
    return []


def _remove_temporary_files(output: Path, known: set[str]) -> None:
    """Temporary files left by a build that was killed (no build is running: we hold the lock).

    Only packgen's own (``.<name>.<12 hex>.tmp``, for a name packgen writes there), never by pattern
    alone: a folder shared with other files keeps them.
    """
    names = {MANIFEST, INDEX} | {k.filename(doc_id) for doc_id in known for k in OUTPUT_KINDS}
    remove_temporary_files(output, names.__contains__)
    pngs = {RECORD} | {f"{doc_id}.png" for doc_id in known}
    remove_temporary_files(output / PREVIEWS, pngs.__contains__)


def _remove_stale(output: Path, previous: dict[str, Entry], known: set[str], done: dict[str, BuiltDocument]
                  ) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Delete the files the manifest recorded for documents that left the catalogue, and files of
    kinds a rebuilt document no longer has: each only if it is still the file packgen wrote.

    Returns the ids of the documents that left, the (id, file) pairs removed, and those kept
    because they were changed since.
    """
    removed: list[str] = []
    removed_files: list[tuple[str, str]] = []
    kept: list[tuple[str, str]] = []
    for doc_id, entry in sorted(previous.items()):
        if doc_id in known:
            current = done.get(doc_id)
            if current is None or current.status != "built":
                continue
            names = {file.file for file in current.files}
            gone = [file for file in entry.outputs if file.file not in names]
        else:
            removed.append(doc_id)
            gone = list(entry.outputs)
        for file in gone:
            if remove_owned(output / file.file, file.sha256):
                removed_files.append((doc_id, file.file))
            elif (output / file.file).exists() or (output / file.file).is_symlink():
                kept.append((doc_id, file.file))
    return removed, removed_files, kept


def publish_gallery(output: Path, plans: Sequence[DocumentPlan], entries: dict[str, Entry],
                    drawn: dict[str, tuple[str, str]], out_of_date: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Previews of changed PDFs (``drawn`` by the workers already), then ``index.html``."""
    variants = print_variants(plans)
    listed = [gallery_entry(plan, entries[plan.id], plan.id in out_of_date, variants.get(plan.id)) for plan in plans
              if plan.id in entries and _listable(plan, entries[plan.id])]
    update_previews(output, [e for e in listed if e.file], drawn)  # and removes the previews of the rest
    if not listed:
        return
    # The page is in the pack's own language, whichever document comes first (`build --only poster-ur`).
    source = next((plan for plan in plans if plan.translated_words is None), plans[0])
    pack, org = source.pack, source.org
    audiences = list(dict.fromkeys((plan.audience.id, plan.audience.label) for plan in plans))
    write_gallery(output, pack.title, org.name if org else pack.publisher, audiences, listed,
                  language=pack.language, reviewed=pack.reviewed, brand=gallery_brand(source))


def _listable(plan: DocumentPlan, entry: Entry) -> bool:
    """A document the gallery can offer: with its PDF, or web-only with its web page."""
    return entry.primary is not None or (plan.web_only and entry.output("html") is not None)


def gallery_entry(plan: DocumentPlan, entry: Entry, out_of_date: bool = False,
                  variant_of: str | None = None) -> GalleryEntry:
    """The gallery's card of one document; a web-only one (no PDF for its script) says so."""
    pdf = entry.primary
    no_pdf: tuple[str, ...] = ()
    if pdf is None:  # web-only: its web page and text version, and why there is no PDF
        pdf = OutputFile(PRIMARY, "", "", 0)
        no_pdf = tuple(dict.fromkeys(language_name(part.language) for part in (plan, plan.companion)
                                     if part is not None and pdf_refusal(part.language)))
    others = tuple(GalleryFile(file.file, found.label, found.media_type, file.bytes) for file in entry.outputs
                   if file.kind != PRIMARY and (found := kind(file.kind)) is not None)
    return GalleryEntry(id=plan.id, title=plan.title, tagline=plan.tagline, audience_id=plan.audience.id,
                        audience_label=plan.audience.label, format=plan.layout.format_label, pages=pdf.pages or 0,
                        file=pdf.file, bytes=pdf.bytes, sha256=pdf.sha256,
                        covers=tuple(strip_bold(a.title) for a in plan.advice),
                        services=tuple(strip_bold(s.name) for s in plan.services), others=others,
                        out_of_date=out_of_date, help=full_services(plan, plan.words),
                        variant_of=variant_of, language=plan.language, no_pdf=no_pdf)
