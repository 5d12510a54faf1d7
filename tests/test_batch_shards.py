"""`packgen batch --shard K/N` and `--merge-reports`: stable shards, every row in exactly one, merged reports.

The CLI tests reuse test_batch's two-document catalogue, so a sharded batch of three schools stays quick.
"""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

import pytest
from packs import run_cli
from test_batch import GOOD_ROWS, HEADER, batch, folder  # noqa: F401  (folder is a fixture)

from packgen.batch.org_table import OrgRow
from packgen.batch.shards import MergedReport, Shard, merge_reports, row_key, rows_in_shard, shard_index
from packgen.errors import UserError

ROWS = GOOD_ROWS.splitlines(keepends=True)[1] + 'oakfield,Oakfield Primary,,,"Mr E Lee, DSL",\r\n'  # shards 1/2, 2/2


def org_rows(ids: list[str], first: int = 2) -> list[OrgRow]:
    return [OrgRow(first + n, {"id": org_id, "name": f"School {org_id}"}) for n, org_id in enumerate(ids)]


def test_the_shard_of_an_id_is_sha256_mod_n_and_pinned() -> None:
    """Pinned values: a change of hashing would move schools between machines across versions."""
    for org_id in ("st-marys", "school-00002", "ysgol-gymraeg-aberystwyth"):
        expected = int(hashlib.sha256(org_id.encode()).hexdigest()[:16], 16)
        assert [shard_index(org_id, n) for n in (1, 2, 3, 7)] == [expected % n for n in (1, 2, 3, 7)]
    assert [shard_index("st-marys", 4), shard_index("hilltop", 8), shard_index("school-00002", 8)] == [2, 6, 7]


def test_shards_partition_the_rows_and_adding_or_reordering_rows_moves_no_one() -> None:
    ids = [f"school-{n:05d}" for n in range(1, 1001)]
    before = {shard: [row_key(r) for r in rows_in_shard(org_rows(ids), Shard(shard, 4))] for shard in range(1, 5)}
    assert sorted(org_id for found in before.values() for org_id in found) == sorted(ids)  # each row once
    assert all(180 <= len(found) <= 320 for found in before.values()), {k: len(v) for k, v in before.items()}
    more = ids + [f"school-{n:05d}" for n in range(1001, 1501)]
    random.Random(17).shuffle(more)
    for shard in range(1, 5):
        after = {row_key(r) for r in rows_in_shard(org_rows(more), Shard(shard, 4))}
        assert set(before[shard]) == after & set(ids)  # old rows stay put; new ones are spread
        assert after - set(ids)


def test_row_key_is_the_batch_id_then_the_name_slug_then_the_row() -> None:
    assert row_key(OrgRow(2, {"id": "st-marys", "name": "St Mary's"})) == "st-marys"
    assert row_key(OrgRow(3, {"name": "St Mary's C of E Primary"})) == "st-marys-c-of-e-primary"
    assert row_key(OrgRow(4, {"contact_1": "A teacher"})) == "row 4"


@pytest.mark.parametrize("text", ["0/4", "5/4", "1/0", "a/b", "1", "2/3/4", "-1/2", ""])
def test_bad_shard_values_are_refused_naming_the_value(text: str) -> None:
    with pytest.raises(UserError, match=r"--shard .*K/N"):
        Shard.parse(text)


def test_shard_parse() -> None:
    assert Shard.parse(" 3 / 8 ") == Shard(3, 8)
    assert Shard(3, 8).report_name == "batch-report-3-of-8.csv" and str(Shard(3, 8)) == "3/8"


def report_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


def test_sharded_batch_builds_each_school_once_and_the_merge_equals_the_unsharded_report(folder: Path) -> None:
    shards = folder / "shards"
    for number in (1, 2):
        result = batch(folder, HEADER + ROWS, "--jobs", "1", "--shard", f"{number}/2", "--output", str(shards / f"machine-{number}"))
        assert result.exit_code == 0, result.output
        assert f"Shard {number}/2: 1 of the spreadsheet's organisations" in result.output
    built = sorted(p.parent.name + "/" + p.parent.parent.name for p in shards.glob("*/*/*.pdf"))
    assert built == sorted(f"{org}/machine-{m}" for org, m in (("hilltop", 1), ("oakfield", 2)) for _ in range(2))
    assert not (shards / "machine-1" / "batch-report.csv").exists()

    merged = run_cli("batch", "--merge-reports", "--output", str(shards))
    assert merged.exit_code == 0, merged.output
    assert "Merged 2 shard reports" in merged.output and "2 rows (2 ready)" in merged.output

    whole = batch(folder, HEADER + ROWS, "--jobs", "1", "--output", str(folder / "whole"))
    assert whole.exit_code == 0, whole.output
    assert (shards / "batch-report.csv").read_bytes() == (folder / "whole" / "batch-report.csv").read_bytes()
    assert [r["id"] for r in report_rows(shards / "batch-report.csv")] == ["hilltop", "oakfield"]


def write_report(path: Path, rows: list[tuple[str, str, str]], header: str = "row,id,name,status") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [header] + [f"{row},{org_id},School,{status}" for row, org_id, status in rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    return path


def test_merge_sorts_rows_and_counts_statuses(tmp_path: Path) -> None:
    reports = [write_report(tmp_path / "a" / "batch-report-2-of-2.csv", [("3", "b", "ready"), ("10", "d", "failed")]),
               write_report(tmp_path / "b" / "batch-report-1-of-2.csv", [("2", "a", "ready"), ("4", "c", "ready")])]
    merged = merge_reports(reports, tmp_path / "batch-report.csv")
    assert merged == MergedReport(tmp_path / "batch-report.csv", 2, 4, {"ready": 3, "failed": 1})
    assert [r["row"] for r in report_rows(tmp_path / "batch-report.csv")] == ["2", "3", "4", "10"]


@pytest.mark.parametrize(("files", "message"), [
    ({"batch-report-1-of-3.csv": [("2", "a", "ready")], "batch-report-3-of-3.csv": [("3", "b", "ready")]},
     r"1 of 3 shard reports missing: batch-report-2-of-3\.csv"),
    ({"batch-report-1-of-2.csv": [("2", "a", "ready")], "batch-report-2-of-3.csv": [("3", "b", "ready")]},
     r"different shard counts \(2, 3\)"),
    ({"batch-report-1-of-2.csv": [("2", "a", "ready")], "batch-report-2-of-2.csv": [("2", "a", "ready")]},
     r"row 2 is also in another shard's report"),
    ({}, r"no shard reports"),
])
def test_merge_refuses_incomplete_or_mixed_runs(tmp_path: Path, files: dict[str, list[tuple[str, str, str]]],
                                               message: str) -> None:
    reports = [write_report(tmp_path / name, rows) for name, rows in files.items()]
    with pytest.raises(UserError, match=message):
        merge_reports(reports, tmp_path / "batch-report.csv")
    assert not (tmp_path / "batch-report.csv").exists()


def test_merge_refuses_two_copies_of_a_shard_and_different_columns(tmp_path: Path) -> None:
    one = write_report(tmp_path / "x" / "batch-report-1-of-2.csv", [("2", "a", "ready")])
    copy = write_report(tmp_path / "y" / "batch-report-1-of-2.csv", [("2", "a", "ready")])
    with pytest.raises(UserError, match=r"shard 1/2 has two reports"):
        merge_reports([one, copy], tmp_path / "batch-report.csv")
    other = write_report(tmp_path / "y" / "batch-report-2-of-2.csv", [("3", "b", "ready")], header="row,id,status,name")
    with pytest.raises(UserError, match=r"columns differ"):
        merge_reports([one, other], tmp_path / "batch-report.csv")


def test_merge_cli_reports_failures_with_a_non_zero_exit_and_refuses_orgs(folder: Path) -> None:
    out = folder / "gathered"
    write_report(out / "batch-report-1-of-1.csv", [("2", "a", "ready"), ("3", "b", "failed")])
    result = run_cli("batch", "--merge-reports", "--output", str(out))
    assert result.exit_code == 1
    assert "2 rows (1 failed, 1 ready)" in result.output and "1 row failed" in result.output
    assert (out / "batch-report.csv").is_file()
    (folder / "orgs.csv").write_text(HEADER + ROWS, encoding="utf-8")
    refused = run_cli("batch", str(folder / "orgs.csv"), "--merge-reports", "--output", str(out))
    assert refused.exit_code == 2 and "--merge-reports takes no ORGS" in refused.output
    bad = run_cli("batch", str(folder / "orgs.csv"), "--shard", "3/2", "--catalogue", str(folder / "resources.yaml"))
    assert bad.exit_code == 1 and "--shard '3/2'" in bad.output and "Traceback" not in bad.output
