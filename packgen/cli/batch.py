"""`packgen batch`: a personalised pack per organisation in a spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UserError
from .app import Output, catalogue_option, fail_cleanly, load_folder, main, output_option

if TYPE_CHECKING:  # names for the annotations only: the commands import lazily, to start fast
    from packgen.batch.run import OrgOutcome


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

    from packgen.batch.org_table import read_org_table, template_csv

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
    from packgen.batch.run import build_batch
    from packgen.build.workers import available_cpus

    started = time.perf_counter()
    project = load_folder(catalogue_path)
    rows = read_org_table(orgs)
    if not rows:
        raise UserError(f"{orgs} has no organisations below its header row")
    folder = output or project.folder / "output"
    show_bar = not out.quiet and sys.stdout.isatty() and len(rows) > 1
    with click.progressbar(length=len(rows), label="Building packs", show_pos=True, hidden=not show_bar) as bar:
        outcomes = build_batch(project, orgs, rows, folder, force=force, jobs=jobs or available_cpus(),
                               zip_packs=zip_packs, on_org=lambda _: bar.update(1))
    _print_batch_report(out, outcomes, folder, time.perf_counter() - started)


def _print_batch_report(out: Output, outcomes: list[OrgOutcome], folder: Path, elapsed: float) -> None:
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
             f"({rebuilt} rebuilt; {built} documents built, {unchanged} unchanged; {elapsed:.1f} s); "
             f"one line per row in {folder / 'batch-report.csv'}")
    if failed:
        raise UserError(f"{len(failed)} row{'s' if len(failed) > 1 else ''} failed and "
                        f"{'were' if len(failed) > 1 else 'was'} skipped; fix them and run the batch again "
                        "(packs already built are kept)")
