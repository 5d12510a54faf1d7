"""The ``packgen`` command line: parse arguments, call one function, print its result or error.

Only this module prints or chooses exit codes: 0 success, 1 invalid input or failed check, 2 usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import Problem, UserError, ValidationFailed, summarise

CATALOGUE_HELP = "The catalogue to read (default: resources.yaml in the current folder)."


class Output:
    """Where messages go, honouring --quiet, --verbose and NO_COLOR."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.colour = False if "NO_COLOR" in os.environ else None

    def info(self, message: str = "") -> None:
        if not self.quiet:
            click.echo(message, color=self.colour)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(message, color=self.colour)

    def problem(self, problem: Problem) -> None:
        colour = "red" if problem.severity == "error" else "yellow"
        if problem.severity == "error" or not self.quiet:
            click.echo(click.style(str(problem), fg=colour), err=True, color=self.colour)

    def error(self, message: str) -> None:
        click.echo(click.style(f"error: {message}", fg="red"), err=True, color=self.colour)


def fail_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user errors into a message and exit status 1; bugs keep their traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out: Output = click.get_current_context().find_object(Output) or Output()
        try:
            return command(*args, **kwargs)
        except ValidationFailed as exc:
            for problem in exc.problems:
                out.problem(problem)
            out.error(summarise(exc.problems))
            sys.exit(1)
        except UserError as exc:
            out.error(str(exc))
            sys.exit(1)

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper


catalogue_option = click.option(
    "--catalogue", "-c", "catalogue_path", type=click.Path(path_type=Path, dir_okay=False),
    default=Path("resources.yaml"), show_default=True, help=CATALOGUE_HELP)
org_option = click.option("--org", "org_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
                          help="An org profile (name, logo, colours, local contacts); default: org.yaml if present.")


def _org_or_default(catalogue_path: Path, org_path: Path | None) -> Path | None:
    if org_path is not None:
        return org_path
    candidate = catalogue_path.parent / "org.yaml"
    return candidate if candidate.is_file() else None


def _load(catalogue_path: Path, org_path: Path | None = None) -> Any:
    from .project import load_project

    if not catalogue_path.exists():
        raise UserError(f"no catalogue at {catalogue_path}; run `packgen init my-pack` to start one, "
                        "or pass --catalogue FILE")
    return load_project(catalogue_path, _org_or_default(catalogue_path, org_path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="packgen")
@click.option("--quiet", "-q", is_flag=True, help="Only print errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print more detail.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Make sextortion-safety posters, leaflets and wallet cards from one YAML catalogue.

    Run the commands inside a folder holding resources.yaml (start one with `packgen init`).
    """
    ctx.obj = Output(quiet=quiet, verbose=verbose)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("my-pack"))
@click.pass_obj
@fail_cleanly
def init(out: Output, folder: Path) -> None:
    """Write a starter folder (the bundled UK catalogue and layouts) into FOLDER."""
    from .starter import write_starter

    written = write_starter(folder)
    out.info(f"Created {folder} with {len(written)} files. Next:")
    out.info(f"  cd {folder}\n  packgen validate\n  packgen build")


@main.command()
@catalogue_option
@org_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.pass_obj
@fail_cleanly
def validate(out: Output, catalogue_path: Path, org_path: Path | None, strict: bool) -> None:
    """Check the catalogue, layouts and org profile; list every problem with file:line:column."""
    project = _load(catalogue_path, org_path)
    for problem in project.warnings:
        out.problem(problem)
    catalogue = project.catalogue
    counts = (f"{len(catalogue.audiences)} audiences, {len(catalogue.services)} services, "
              f"{len(catalogue.advice)} advice items, {len(catalogue.documents)} documents")
    if project.warnings:
        count = len(project.warnings)
        out.info(f"{catalogue_path}: valid, with {count} warning{'' if count == 1 else 's'} ({counts})")
        if strict:
            raise UserError("--strict: warnings count as errors")
    else:
        out.info(f"{catalogue_path}: valid ({counts})")


@main.command(name="list")
@catalogue_option
@click.pass_obj
@fail_cleanly
def list_command(out: Output, catalogue_path: Path) -> None:
    """Show the audiences, layouts and documents a build would make."""
    from .plan import plan_documents

    project = _load(catalogue_path)
    catalogue = project.catalogue
    out.info("Audiences:")
    for audience in catalogue.audiences:
        out.info(f"  {audience.id:<16} {audience.label}")
    out.info("Layouts:")
    for layout in sorted(project.layouts.values(), key=lambda l: l.id):
        out.info(f"  {layout.id:<16} {layout.kind:<8} {layout.description or ''}")
    out.info("Documents:")
    for plan in plan_documents(catalogue, project.layouts):
        out.info(f"  {plan.id:<28} {plan.audience.id:<14} {plan.layout.id:<16} "
                 f"{len(plan.advice)} advice, {len(plan.services)} services, {len(plan.urls)} QR codes")


@main.command()
@click.argument("kind", type=click.Choice(["catalogue", "layout", "org"]), default="catalogue")
@click.pass_obj
def schema(out: Output, kind: str) -> None:
    """Print the JSON Schema of resources.yaml (or a layout, or org.yaml) for editor autocompletion."""
    from .schema import json_schema_text

    click.echo(json_schema_text(kind), nl=False)


def _plans(project: Any, only: tuple[str, ...] = (), audience: str | None = None, layout: str | None = None) -> Any:
    from .plan import plan_documents

    return plan_documents(project.catalogue, project.layouts, only=only, audience=audience, layout=layout,
                          org=project.org)


output_option = click.option("--output", "-o", "output", type=click.Path(path_type=Path, file_okay=False),
                             default=None, help="Output folder (default: output/ next to the catalogue).")


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

    from .build import BuildFailed, build_documents
    from .workers import available_cpus

    started = time.perf_counter()
    project = _load(catalogue_path, org_path)
    for problem in project.warnings:
        out.problem(problem)
    plans = _plans(project, only, audience, layout)
    if not plans:
        raise UserError("no document matches those filters; `packgen list` shows the documents")
    folder = output or project.folder / "output"
    show_bar = not out.quiet and sys.stdout.isatty() and len(plans) > 3
    with click.progressbar(length=len(plans), label="Building", show_pos=True, hidden=not show_bar) as bar:
        try:
            report = build_documents(plans, folder, force=force, jobs=jobs or available_cpus(),
                                     others=_plans_left_out(project, plans),
                                     on_document=lambda _: bar.update(1))
        except BuildFailed as failed:
            _print_build_report(out, failed.report, folder)
            for failure in failed.report.failures:
                if failure.detail:
                    out.detail(failure.detail)
            raise
    _print_build_report(out, report, folder)
    elapsed = time.perf_counter() - started
    built = len(report.built)
    out.info(f"{built} built, {len(report.documents) - built} unchanged, in {folder} ({elapsed:.1f} s)")


def _plans_left_out(project: Any, plans: list[Any]) -> list[Any]:
    """The catalogue's other documents: kept in output/ and listed in its gallery."""
    chosen = {plan.id for plan in plans}
    return [plan for plan in _plans(project) if plan.id not in chosen]


def _print_build_report(out: Output, report: Any, folder: Path) -> None:
    """The summary table, then what was removed."""
    out.info(f"{'document':<28} {'audience':<14} {'layout':<16} {'pages':>5} {'QR':>3} {'size':>7}  status")
    for d in report.documents:
        status = d.status if d.status == "unchanged" else f"built: {_shorten(d.reasons)}"
        out.info(f"{d.id:<28} {d.audience:<14} {d.layout:<16} {d.pages:>5} {len(d.urls):>3} "
                 f"{d.bytes / 1024:>5.0f} kB  {status}")
    for doc_id in report.removed:
        out.info(f"removed {doc_id}.pdf from {folder}: {doc_id} is no longer in the catalogue")


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
    from .verify import verify_documents

    project = _load(catalogue_path, org_path)
    verdicts = verify_documents(_plans(project), output or project.folder / "output")
    failed = [v for v in verdicts if v.problems]
    for verdict in verdicts:
        status = "ok" if not verdict.problems else "FAILED"
        out.info(f"{verdict.id:<28} {verdict.codes:>3} QR codes, {verdict.texts:>3} texts  {status}")
        for problem in verdict.problems:
            out.error(f"{verdict.id}: {problem}")
    if failed:
        raise UserError(f"{len(failed)} of {len(verdicts)} documents failed verification")
    out.info(f"all {len(verdicts)} documents verified")


# --- links -------------------------------------------------------------------------------------

_LINK_LABELS = {"ok": "ok", "moved": "moved", "redirected": "redirects", "blocked": "blocked",
                "client-error": "BROKEN", "server-error": "SITE ERROR", "timeout": "NO ANSWER",
                "unreachable": "CAN'T CONNECT", "tls-error": "INSECURE", "redirect-loop": "LOOP",
                "bad-redirect": "BAD REDIRECT"}


@main.command()
@catalogue_option
@org_option
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=10.0, show_default=True,
              help="Seconds to wait for each site to answer.")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write every result (with its redirect chain) to FILE as JSON.")
@click.option("--fix", is_flag=True, help="Rewrite links that moved permanently, in resources.yaml, keeping "
              "its comments and layout.")
@click.option("--allow-host-change", is_flag=True, help="With --fix: also rewrite links that moved to another site.")
@click.option("--stamp", is_flag=True, help="Set `checked:` to today on every service whose link works.")
@click.pass_obj
@fail_cleanly
def links(out: Output, catalogue_path: Path, org_path: Path | None, timeout: float, report_path: Path | None,
          fix: bool, allow_host_change: bool, stamp: bool) -> None:
    """Check every web address: is it there, has it moved, does it answer in time.

    Prints one row per service, with the documents that print it, then what to do next. Exits
    with status 1 when a link is broken; moved, redirected and blocked links are warnings.
    """
    import datetime as dt

    from .link_check import CheckSettings
    from .link_fix import fix_and_stamp
    from .link_summary import summary_lines
    from .links import check_project_links, write_links_report

    if allow_host_change and not fix:
        raise click.UsageError("--allow-host-change only works together with --fix")
    project = _load(catalogue_path, org_path)
    report = _check_with_progress(out, project, CheckSettings(timeout=timeout), check_project_links)
    if not report.links:
        out.info("No service in the catalogue has a web address: there is nothing to check.")
        return
    if report_path:
        write_links_report(report, report_path, str(project.catalogue_path))
    if report.no_network:
        raise UserError(report.no_network)
    _print_links_table(out, report)
    changes = None
    if fix or stamp:
        changes = fix_and_stamp(project, report, fix=fix, stamp=stamp, allow_host_change=allow_host_change,
                                today=dt.date.today())
        _print_link_changes(out, changes, project)
    out.info("")
    for line in summary_lines(report, changes, fix, project.catalogue_path.name):
        out.info(line)
    if report.broken:
        names = ", ".join(c.link.owner for c in report.broken)
        count = len(report.broken)
        raise UserError(f"{count} of {len(report.links)} links {'is' if count == 1 else 'are'} broken: {names}")


def _check_with_progress(out: Output, project: Any, settings: Any, check: Callable[..., Any]) -> Any:
    """Run the check, with a progress bar on a terminal (the answers can take a few seconds)."""
    import threading

    total = len({s.url for s in project.catalogue.services if s.url})  # org links, if any, come on top
    lock = threading.Lock()
    hidden = out.quiet or not sys.stdout.isatty() or total < 4
    with click.progressbar(length=total, label="Checking links", show_pos=True, hidden=hidden) as bar:
        def advance(_: Any) -> None:
            with lock:
                bar.update(1)

        return check(project, settings, advance)


def _print_links_table(out: Output, report: Any) -> None:
    """service | result | detail | documents, in catalogue order; --verbose adds each redirect hop."""
    rows = [(c, c.link.owner, _LINK_LABELS[c.outcome], "" if c.outcome == "ok" else c.result.detail)
            for c in report.links]
    owner_width = max([len("service")] + [len(row[1]) for row in rows])
    label_width = max([len("result")] + [len(row[2]) for row in rows])
    detail_width = min(60, max([len("detail")] + [len(row[3]) for row in rows]))
    out.info(f"{'service':<{owner_width}}  {'result':<{label_width}}  {'detail':<{detail_width}}  documents")
    for checked, owner, label, detail in rows:
        colour = "green" if label == "ok" else ("red" if checked.outcome.broken else "yellow")
        result = click.style(f"{label:<{label_width}}", fg=colour)
        documents = _documents_cell(checked.link.documents, out.verbose)
        out.info(f"{owner:<{owner_width}}  {result}  {detail:<{detail_width}}  {documents}")
        for hop in checked.result.hops if len(checked.result.hops) > 1 else ():
            out.detail(f"{'':<{owner_width}}    {hop.method} {hop.url} -> {hop.status}")


def _documents_cell(documents: tuple[str, ...], everything: bool) -> str:
    if not documents:
        return "(in no document)"
    if everything or len(documents) <= 2:
        return ", ".join(documents)
    return f"{', '.join(documents[:2])} and {len(documents) - 2} more"


def _print_link_changes(out: Output, changes: Any, project: Any) -> None:
    """The rewritten lines as a small diff; links left alone, and why."""
    services = project.catalogue.services
    name = project.catalogue_path.name
    url_lines = [line for line in changes.lines if line.path[-1] != "checked" or out.verbose]
    if url_lines:
        out.info("")
        out.info(f"Changed in {name}:")
    for line in url_lines:
        out.info(f"  line {line.line} ({services[line.path[1]].id})")
        if line.before is not None:
            out.info(click.style(f"  - {line.before.strip()}", fg="red"))
        out.info(click.style(f"  + {line.after.strip()}", fg="green"))
    for refusal in changes.refused:
        out.info(f"Not changed: {refusal.owner}: {refusal.reason}")
    for note in changes.notes:
        out.info(f"Check by hand: {note}")


# --- batch ---------------------------------------------------------------------------------------


@main.command()
@click.argument("orgs", type=click.Path(path_type=Path, dir_okay=False), required=False)
@catalogue_option
@output_option
@click.option("--template", is_flag=True, help="Write an example spreadsheet to ORGS (default orgs.csv) and stop.")
@click.option("--zip", "zip_packs", is_flag=True, help="Also write output/<org-id>.zip with each pack's PDFs.")
@click.option("--force", is_flag=True, help="Rebuild every pack, even unchanged ones.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents rendered at once, in worker processes (default: one per CPU).")
@click.pass_obj
@fail_cleanly
def batch(out: Output, orgs: Path | None, catalogue_path: Path, output: Path | None, template: bool,
          zip_packs: bool, force: bool, jobs: int | None) -> None:
    """Build one personalised pack per organisation listed in ORGS (.csv or .xlsx) into output/<org-id>/."""
    import time

    from .org_table import read_org_table, template_csv

    if template:
        target = orgs or Path("orgs.csv")
        if target.exists():
            raise UserError(f"{target} already exists; give another file name")
        target.write_text(template_csv(), encoding="utf-8-sig", newline="")  # the BOM tells Excel it is UTF-8
        out.info(f"Wrote {target}: one row per organisation. Fill it in (Excel: save as CSV UTF-8 or .xlsx), "
                 f"then run `packgen batch {target}`")
        return
    if orgs is None:
        raise click.UsageError("give the spreadsheet of organisations (or --template to write an example)")
    from .batch import build_batch
    from .workers import available_cpus

    started = time.perf_counter()
    project = _load(catalogue_path)
    rows = read_org_table(orgs)
    if not rows:
        raise UserError(f"{orgs} has no organisations below its header row")
    folder = output or project.folder / "output"
    show_bar = not out.quiet and sys.stdout.isatty() and len(rows) > 1
    with click.progressbar(length=len(rows), label="Building packs", show_pos=True, hidden=not show_bar) as bar:
        outcomes = build_batch(project, orgs, rows, folder, force=force, jobs=jobs or available_cpus(),
                               zip_packs=zip_packs, on_org=lambda _: bar.update(1))
    _print_batch_report(out, outcomes, folder, time.perf_counter() - started)


def _print_batch_report(out: Output, outcomes: list[Any], folder: Path, elapsed: float) -> None:
    for o in outcomes:
        if not o.failed:
            status = f"{o.built} built, {o.unchanged} unchanged" + (f", {o.zip.name}" if o.zip else "")
            out.detail(f"row {o.row:<5} {o.id:<32} {status}")
    failed = [o for o in outcomes if o.failed]
    for outcome in failed:
        for problem in outcome.problems:
            out.error(problem)
    built, unchanged = sum(o.built for o in outcomes), sum(o.unchanged for o in outcomes)
    rebuilt = sum(1 for o in outcomes if o.built and not o.failed)
    out.info(f"{len(outcomes) - len(failed)} of {len(outcomes)} organisations' packs up to date in {folder} "
             f"({rebuilt} rebuilt; {built} documents built, {unchanged} unchanged; {elapsed:.1f} s)")
    if failed:
        raise UserError(f"{len(failed)} row{'s' if len(failed) > 1 else ''} failed and "
                        f"{'were' if len(failed) > 1 else 'was'} skipped; fix them and run the batch again "
                        "(packs already built are kept)")
