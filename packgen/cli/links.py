"""`packgen links`: check every link, fix moved ones, stamp the good ones."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UserError
from .app import Output, catalogue_option, fail_cleanly, load_folder, main, org_option

if TYPE_CHECKING:  # names for the annotations only: the commands import lazily, to start fast
    from packgen.catalogue.project import Project
    from packgen.links.check import CheckSettings
    from packgen.links.fix import LinkChanges
    from packgen.links.run import LinksReport


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

    from packgen.links.check import CheckSettings
    from packgen.links.fix import fix_and_stamp
    from packgen.links.run import check_project_links, write_links_report
    from packgen.links.summary import summary_lines

    if allow_host_change and not fix:
        raise click.UsageError("--allow-host-change only works together with --fix")
    project = load_folder(catalogue_path, org_path)
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


def _check_with_progress(out: Output, project: Project, settings: CheckSettings,
                         check: Callable[..., LinksReport]) -> LinksReport:
    """Run the check, with a progress bar on a terminal (the answers can take a few seconds)."""
    import threading

    total = len({s.url for s in project.catalogue.services if s.url})  # org links, if any, come on top
    lock = threading.Lock()
    hidden = out.quiet or not sys.stdout.isatty() or total < 4
    with click.progressbar(length=total, label="Checking links", show_pos=True, hidden=hidden) as bar:
        def advance(_: object) -> None:
            with lock:
                bar.update(1)

        report = check(project, settings, advance)
    if not hidden:
        click.echo("\x1b[1A\x1b[2K", nl=False)  # erase the finished bar: the answer is what stays on screen
    return report


def _print_links_table(out: Output, report: LinksReport) -> None:
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


def _print_link_changes(out: Output, changes: LinkChanges, project: Project) -> None:
    """The rewritten lines as a small diff; links left alone, and why."""
    services = project.catalogue.services
    name = project.catalogue_path.name
    url_lines = [line for line in changes.lines if line.path[-1] != "checked" or out.verbose]
    if url_lines:
        out.info("")
        out.info(f"Changed in {name}:")
    for line in url_lines:
        index = line.path[1]
        out.info(f"  line {line.line} ({services[index].id if isinstance(index, int) else index})")
        if line.before is not None:
            out.info(click.style(f"  - {line.before.strip()}", fg="red"))
        out.info(click.style(f"  + {line.after.strip()}", fg="green"))
    for refusal in changes.refused:
        out.info(f"Not changed: {refusal.owner}: {refusal.reason}")
    for note in changes.notes:
        out.info(f"Check by hand: {note}")
