"""Fan a batch out over machines: `packgen batch ORGS --shard K/N` and `packgen batch --merge-reports`.

A row belongs to shard ``sha256(id) mod N`` (shards numbered 1..N), where the id is the one the
batch gives the organisation (its ``id`` cell, else the slug of its name). The hash depends on
nothing but the id, so adding, removing or reordering rows never moves another organisation to
another shard, and rows sharing an id land in the same shard, where the batch blames the second.
Each shard writes ``batch-report-K-of-N.csv``; merging checks that every shard of one run is
there exactly once and writes the rows, in spreadsheet order, to one ``batch-report.csv``.

Imports only the standard library and the batch's own helpers: no ReportLab, no click.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from packgen.batch.org_table import OrgRow
from packgen.batch.run import REPORT, slug
from packgen.errors import UserError
from packgen.files import write_atomically

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
_SHARD_REPORT = re.compile(r"batch-report-(\d+)-of-(\d+)\.csv")
MAX_SHARDS = 10_000


@dataclass(frozen=True)
class Shard:
    """Shard ``number`` (1-based) of ``count``."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"3/8"`` -> Shard(3, 8); a user error naming the value for anything else."""
        found = _SHARD.fullmatch(text)
        if not found or not 1 <= int(found[1]) <= int(found[2]) <= MAX_SHARDS:
            raise UserError(f"--shard {text!r}: give K/N with 1 <= K <= N <= {MAX_SHARDS}, e.g. --shard 1/4")
        return cls(int(found[1]), int(found[2]))

    def holds(self, org_id: str) -> bool:
        return shard_index(org_id, self.count) == self.number - 1

    @property
    def report_name(self) -> str:
        return f"batch-report-{self.number}-of-{self.count}.csv"

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def shard_index(org_id: str, count: int) -> int:
    """0-based shard of an id: the first 8 bytes of its SHA-256, big-endian, mod ``count``."""
    return int.from_bytes(hashlib.sha256(org_id.encode("utf-8")).digest()[:8], "big") % count


def row_key(row: OrgRow) -> str:
    """What a row is sharded by: the id the batch will use (its id cell, else its name's slug).

    A row with neither (an error the batch reports) is keyed by its row number, so exactly one
    shard reports it.
    """
    return row.values.get("id") or slug(row.values.get("name", "")) or f"row {row.number}"


def rows_in_shard(rows: list[OrgRow], shard: Shard) -> list[OrgRow]:
    return [row for row in rows if shard.holds(row_key(row))]


@dataclass(frozen=True)
class MergedReport:
    path: Path
    shards: int
    rows: int
    statuses: dict[str, int]  # e.g. {"ready": 190, "failed": 2}


def find_shard_reports(folder: Path) -> list[Path]:
    """Every ``batch-report-K-of-N.csv`` under ``folder`` (shards' outputs copied side by side or nested)."""
    return sorted(path for path in folder.rglob("batch-report-*-of-*.csv") if _SHARD_REPORT.fullmatch(path.name))


def merge_reports(reports: list[Path], target: Path) -> MergedReport:
    """Check that ``reports`` are shards 1..N of one run, each once, and write their rows to ``target``.

    The rows are sorted by their spreadsheet row number; the columns are the shards' own (they
    must agree), so the merged file reads exactly like the report of an unsharded batch.
    """
    if not reports:
        raise UserError(f"no shard reports (batch-report-K-of-N.csv) found for {target.parent}; run "
                        "`packgen batch ORGS --shard K/N` first, and gather the shards' output folders there")
    by_shard: dict[tuple[int, int], Path] = {}
    for path in reports:
        found = _SHARD_REPORT.fullmatch(path.name)
        if not found:
            raise UserError(f"{path}: not a shard's report (expected a name like batch-report-1-of-4.csv)")
        key = (int(found[1]), int(found[2]))
        if key in by_shard:
            raise UserError(f"shard {key[0]}/{key[1]} has two reports: {by_shard[key]} and {path}; keep one")
        by_shard[key] = path
    counts = sorted({count for _, count in by_shard})
    if len(counts) > 1:
        raise UserError(f"the reports come from runs with different shard counts ({', '.join(map(str, counts))}); "
                        "merge the shards of one run")
    (count,) = counts
    missing = [number for number in range(1, count + 1) if (number, count) not in by_shard]
    if missing:
        names = ", ".join(Shard(number, count).report_name for number in missing)
        raise UserError(f"{len(missing)} of {count} shard reports missing: {names}; run those shards "
                        "(or gather their output) before merging")
    header: list[str] | None = None
    rows: dict[str, list[str]] = {}
    for number in range(1, count + 1):
        path = by_shard[(number, count)]
        file_header, file_rows = _read_report(path)
        if header is None:
            header = file_header
        elif file_header != header:
            raise UserError(f"{path}: its columns differ from the other shards' ({', '.join(file_header)}); "
                            "were the shards built with different packgen versions?")
        for values in file_rows:
            row = values[0]
            if row in rows:
                raise UserError(f"{path}: row {row} is also in another shard's report; were two shards given "
                                "the same --shard value?")
            rows[row] = values
    assert header is not None
    ordered = sorted(rows.values(), key=lambda values: (int(values[0]) if values[0].isdigit() else 0, values[0]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(ordered)
    write_atomically(target, ("\ufeff" + buffer.getvalue()).encode("utf-8"))  # the BOM tells Excel it is UTF-8
    statuses: dict[str, int] = {}
    if "status" in header:
        column = header.index("status")
        for values in ordered:
            statuses[values[column]] = statuses.get(values[column], 0) + 1
    return MergedReport(target, count, len(ordered), statuses)


def _read_report(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read this shard report ({exc})") from None
    table = [values for values in csv.reader(io.StringIO(text, newline="")) if values]
    if not table or not table[0] or table[0][0] != "row":
        raise UserError(f"{path}: not a batch report (its first column must be 'row')")
    return table[0], table[1:]


__all__ = ["REPORT", "MergedReport", "Shard", "find_shard_reports", "merge_reports", "row_key", "rows_in_shard",
           "shard_index"]
