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
@click.option("--email", "email", default=None, metavar="ID",
              help="Also write output/<org-id>/ID.eml: an email draft of document ID from each organisation.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents rendered at once, in worker processes (default: one per CPU).")
@click.option("--shard", "shard_text", metavar="K/N", default=None,
              help="Build only shard K of N (rows by a stable hash of their id), for fanning out over machines; "
                   "the report is batch-report-K-of-N.csv.")
@click.option("--merge-reports", "merge", is_flag=True,
              help="Combine the shards' batch-report-K-of-N.csv files found under the output folder into its "
                   "batch-report.csv, and stop.")
@click.pass_obj
@fail_cleanly
def batch(out: Output, orgs: Path | None, catalogue_path: Path, output: Path | None, template: bool,
          zip_packs: bool, force: bool, jobs: int | None, shard_text: str | None, merge: bool,
          email: str | None = None) -> None:
    """Build one personalised pack per organisation listed in ORGS (.csv or .xlsx) into output/<org-id>/."""
    import time

    from packgen.batch.org_table import read_org_table, template_csv

    if merge:
        if orgs is not None or shard_text is not None:
            raise click.UsageError("--merge-reports takes no ORGS and no --shard: it reads the shards' reports "
                                   "from the output folder (--output)")
        _merge_reports(out, output or catalogue_path.parent / "output")
        return

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
    shard = None
    if shard_text is not None:
        from packgen.batch.shards import Shard

        shard = Shard.parse(shard_text)
    project = load_folder(catalogue_path)
    if email and email not in {document.id for document in project.catalogue.documents}:
        raise UserError(f"--email: unknown document {email!r} (expected one of: "
                        f"{', '.join(sorted(d.id for d in project.catalogue.documents))})")
    rows = read_org_table(orgs)
    if not rows:
        raise UserError(f"{orgs} has no organisations below its header row")
    report_name = "batch-report.csv"
    if shard is not None:
        from packgen.batch.shards import rows_in_shard

        rows, report_name = rows_in_shard(rows, shard), shard.report_name
        out.info(f"Shard {shard}: {len(rows)} of the spreadsheet's organisations")
    folder = output or project.folder / "output"
    show_bar = not out.quiet and sys.stdout.isatty() and len(rows) > 1
    with click.progressbar(length=len(rows), label="Building packs", show_pos=True, hidden=not show_bar) as bar:
        outcomes = build_batch(project, orgs, rows, folder, force=force, jobs=jobs or available_cpus(),
                               zip_packs=zip_packs, on_org=lambda _: bar.update(1), report_name=report_name,
                               email=email)
    _print_batch_report(out, outcomes, folder, time.perf_counter() - started, report_name)


def _merge_reports(out: Output, folder: Path) -> None:
    from packgen.batch.run import REPORT
    from packgen.batch.shards import find_shard_reports, merge_reports

    merged = merge_reports(find_shard_reports(folder), folder / REPORT)
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(merged.statuses.items()))
    out.info(f"Merged {merged.shards} shard reports into {merged.path}: {merged.rows} rows"
             + (f" ({statuses})" if statuses else ""))
    failed = merged.statuses.get("failed", 0)
    if failed:
        raise UserError(f"{failed} row{'s' if failed > 1 else ''} failed; see {merged.path}")


def _print_batch_report(out: Output, outcomes: list[OrgOutcome], folder: Path, elapsed: float,
                        report_name: str) -> None:
    for o in outcomes:
        if not o.failed:
            status = f"{o.built} built, {o.unchanged} unchanged" + (f", {o.zip.name}" if o.zip else "")
            status += f", {o.draft.name}" if o.draft else ""
            out.detail(f"row {o.row:<5} {o.id:<32} {status}")
    failed = [o for o in outcomes if o.failed]
    for outcome in failed:
        for problem in outcome.problems:
            out.error(problem)
    built, unchanged = sum(o.built for o in outcomes), sum(o.unchanged for o in outcomes)
    rebuilt = sum(1 for o in outcomes if o.built and not o.failed)
    out.info(f"{len(outcomes) - len(failed)} of {len(outcomes)} organisations' packs up to date in {folder} "
             f"({rebuilt} rebuilt; {built} documents built, {unchanged} unchanged; {elapsed:.1f} s); "
             f"one line per row in {folder / report_name}")
    if failed:
        raise UserError(f"{len(failed)} row{'s' if len(failed) > 1 else ''} failed and "
                        f"{'were' if len(failed) > 1 else 'was'} skipped; fix them and run the batch again "
                        "(packs already built are kept)")
