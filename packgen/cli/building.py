"""Commands that make and check the PDFs: build and verify."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UserError
from .app import (
    Output,
    catalogue_option,
    fail_cleanly,
    load_folder,
    localised,
    main,
    org_option,
    org_or_default,
    output_option,
    planned,
    plans_left_out,
    progress,
)

if TYPE_CHECKING:  # names for the annotations only: the commands import lazily, to start fast
    from concurrent.futures import Executor

    from packgen.build.documents import BuildReport
    from packgen.build.manifest import Entry
    from packgen.build.unchanged import Request, Unchanged
    from packgen.catalogue.project import Project
    from packgen.translation.translate import Localised, Refusal


@main.command()
@catalogue_option
@org_option
@output_option
@click.option("--only", multiple=True, metavar="ID", help="Build only this document (repeatable).")
@click.option("--audience", default=None, help="Build only the documents for this audience id.")
@click.option("--layout", default=None, help="Build only the documents with this layout id.")
@click.option("--force", is_flag=True, help="Rebuild every document, even unchanged ones.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents rendered at once, in worker processes (default: one per CPU).")
@click.pass_obj
@fail_cleanly
def build(out: Output, catalogue_path: Path, org_path: Path | None, output: Path | None, only: tuple[str, ...],
          audience: str | None, layout: str | None, force: bool, jobs: int | None) -> None:
    """Build the PDFs into output/ (only what changed since the last build)."""
    import time

    from packgen.build.unchanged import fingerprint, request_for, unchanged_build

    started = time.perf_counter()
    request = request_for(catalogue_path, org_or_default(catalogue_path, org_path), output, only, audience, layout)
    if not force:  # nothing changed? decided from the recorded fingerprints, before parsing anything
        unchanged = unchanged_build(request)
        if unchanged is not None:
            _say_unchanged(out, unchanged, output or catalogue_path.resolve().parent / "output", started)
            return
    before = fingerprint(request)

    from contextlib import ExitStack

    from packgen.build.early import early_pool, early_workers

    with ExitStack() as workers:
        # An early worker, forked before the catalogue's models are imported: it imports the drawing
        # code (and those models) on the other CPU while this process loads and plans, then draws.
        pool = workers.enter_context(early_pool(1)) if early_workers(only, jobs) else None
        report, project, ready, notes, folder = _build_documents(out, catalogue_path, org_path, output, only,
                                                                 audience, layout, force, jobs, pool)
    _print_build_report(out, report, folder)
    closing = _print_web_only(out, ready)
    elapsed = time.perf_counter() - started
    built = len(report.built)
    out.info(f"{built} built, {len(report.documents) - built} unchanged, in {folder} ({elapsed:.1f} s)")
    if ready.refused:
        raise UserError(_refusals(ready.refused))
    # A build that did all it was asked: the next one may find that nothing changed.
    _record_unchanged(request, before, project, report, notes, closing)


def _build_documents(out: Output, catalogue_path: Path, org_path: Path | None, output: Path | None,
                     only: tuple[str, ...], audience: str | None, layout: str | None, force: bool,
                     jobs: int | None, pool: Executor | None) -> tuple[BuildReport, Project, Localised, list[str], Path]:
    """Load, plan and render (in ``pool`` when given): the build command's work before its report."""
    from .startup import collector_paused

    with collector_paused():  # imports and the catalogue's models: kept until the command ends
        from packgen.build.documents import BuildFailed, build_documents
        from packgen.build.workers import available_cpus

        project = load_folder(catalogue_path, org_path)
        for problem in project.warnings:
            out.problem(problem)
        wanted = planned(project, only, audience, layout)
        if not project.catalogue.documents:  # say so, and remove the files of the documents it used to list
            build_documents([], output or project.folder / "output", gallery=True)
        if not wanted:
            raise UserError("no document matches those filters; `packgen list` shows the documents")
        ready = localised(project, wanted)
    notes = _unreviewed(ready)
    for note in notes:
        out.info(note)
    plans = ready.plans
    folder = output or project.folder / "output"
    if not plans:
        raise UserError(_refusals(ready.refused))
    show_bar = not out.quiet and sys.stdout.isatty() and len(plans) > 3
    with progress(len(plans), "Building", hidden=not show_bar) as bar:
        try:
            report = build_documents(plans, folder, force=force, jobs=jobs or available_cpus(),
                                     others=plans_left_out(project, ready),
                                     on_document=lambda _: bar.update(1),
                                     held_back=[refusal.id for refusal in ready.refused],
                                     catalogue_order=[document.id for document in project.catalogue.documents],
                                     executor=pool)
        except BuildFailed as failed:
            _print_build_report(out, failed.report, folder)
            _print_web_only(out, ready)
            for failure in failed.report.failures:
                if failure.detail:
                    out.detail(failure.detail)
            for refusal in ready.refused:
                out.error(refusal.message)
            raise
    return report, project, ready, notes, folder


def _record_unchanged(request: Request, before: dict[str, str], project: Project, report: BuildReport,
                      notes: list[str], closing: list[str]) -> None:
    from packgen.build.lock import BuildLocked
    from packgen.build.unchanged import record_unchanged

    try:
        record_unchanged(request, before, project.files_read, [d.entry for d in report.documents],
                         project.warnings, notes, closing)
    except (BuildLocked, OSError):
        pass  # only a shortcut for the next build: without it, that build checks in full


def _say_unchanged(out: Output, unchanged: Unchanged, folder: Path, started: float) -> None:
    """What the full path prints when every document is unchanged."""
    import time

    for problem in unchanged.warnings:
        out.problem(problem)
    for note in unchanged.notes:
        out.info(note)
    documents = unchanged.documents
    show_bar = not out.quiet and sys.stdout.isatty() and len(documents) > 3
    with progress(len(documents), "Building", hidden=not show_bar) as bar:
        bar.update(len(documents))
    out.info(_TABLE_HEADER)
    for entry in documents:
        out.info(_entry_row(entry, "unchanged"))
    for note in unchanged.closing:
        out.info(note)
    elapsed = time.perf_counter() - started
    out.info(f"0 built, {len(documents)} unchanged, in {folder} ({elapsed:.1f} s)")


def _print_web_only(out: Output, ready: Localised) -> list[str]:
    """Why the web-only documents (Urdu, say) have no PDF: a note, not an error; they were built.
    Returns the lines printed."""
    lines = []
    for plan in ready.web_only:
        lines.append(f"{plan.id}: web page and text version only ({plan.id}.html, {plan.id}.txt), no PDF:")
        lines += [f"  {reason}" for reason in plan.pdf_refused]
    for line in lines:
        out.info(line)
    return lines


def _refusals(refused: list[Refusal]) -> str:
    """Each refused document with its reasons, then what to do."""
    lines = [refusal.message for refusal in refused]
    lines.append(f"{len(refused)} document(s) not built; the others were. Bring the translations (and the org "
                 "profile's `translations:`) up to date (`packgen translations status`) and build again")
    return "\n".join(lines)


def _unreviewed(ready: Localised) -> list[str]:
    return [f"warning: {status.file} is not signed off by a reviewer (X-Reviewed-By in its header)"
            for status in ready.statuses.values() if status.unreadable is None and not status.reviewed_by]


def _print_build_report(out: Output, report: BuildReport, folder: Path) -> None:
    """The summary table, then what was removed."""
    out.info(_TABLE_HEADER)
    for d in report.documents:
        out.info(_entry_row(d.entry, d.status if d.status == "unchanged" else f"built: {_shorten(d.reasons)}"))
    for doc_id in report.out_of_date:
        out.info(f"{doc_id:<28} out of date: the last build failed (the older files are kept)")
    for doc_id, name in report.removed_files:
        why = "is no longer in the catalogue" if doc_id in report.removed else "no longer has this output"
        out.info(f"removed {name} from {folder}: {doc_id} {why}")
    for doc_id, name in report.kept_files:
        out.info(f"kept {folder / name}: it changed since packgen wrote it, so it is yours now "
                 f"({doc_id} is no longer in the catalogue)")


_TABLE_HEADER = f"{'document':<28} {'audience':<14} {'layout':<16} {'pages':>5} {'QR':>3} {'size':>7}  status"


def _entry_row(entry: Entry, status: str) -> str:
    """A document's line in the summary table, from its manifest entry."""
    pdf = entry.primary
    if pdf is None:  # no PDF for its script: its web page's size, no pages, no QR codes
        page = entry.output("html")
        size = page.bytes if page else 0
        return (f"{entry.id:<28} {entry.audience:<14} {entry.layout:<16} {'-':>5} {'-':>3} "
                f"{size / 1024:>5.0f} kB  {status} (web and text only)")
    return (f"{entry.id:<28} {entry.audience:<14} {entry.layout:<16} {pdf.pages or 0:>5} {len(entry.urls):>3} "
            f"{pdf.bytes / 1024:>5.0f} kB  {status}")


def _shorten(reasons: tuple[str, ...], limit: int = 3) -> str:
    shown = "; ".join(reasons[:limit])
    return shown + (f"; and {len(reasons) - limit} more" if len(reasons) > limit else "")


@main.command()
@click.argument("output", type=click.Path(path_type=Path, file_okay=False), required=False)
@catalogue_option
@org_option
@click.pass_obj
@fail_cleanly
def verify(out: Output, output: Path | None, catalogue_path: Path, org_path: Path | None) -> None:
    """Re-read the built PDFs: every QR code decodes to its URL, every expected text is there."""
    from packgen.verify.documents import Verdict, verify_documents

    project = load_folder(catalogue_path, org_path)
    ready = localised(project, planned(project))
    verdicts = verify_documents(ready.plans, output or project.folder / "output")
    verdicts += [Verdict(r.id, problems=[f"not verified: {reason}" for reason in r.reasons]) for r in ready.refused]
    failed = [v for v in verdicts if v.problems]
    web_only = {plan.id for plan in ready.web_only}
    for verdict in verdicts:
        status = "ok" if not verdict.problems else "FAILED"
        if verdict.id in web_only:  # nothing to decode: its web page and text version are checked
            status += " (web page and text version; no PDF for its script)"
        out.info(f"{verdict.id:<28} {verdict.codes:>3} QR codes, {verdict.texts:>3} texts, "
                 f"{verdict.elements:>3} tags  {status}")
        for problem in verdict.problems:
            out.error(f"{verdict.id}: {problem}")
    if failed:
        raise UserError(f"{len(failed)} of {len(verdicts)} documents failed verification")
    out.info(f"all {len(verdicts)} documents verified")
