"""`packgen batch`: one pack per organisation, bad rows skipped, resumable, zips.

Uses a two-document copy of the bundled catalogue (a poster and a folded leaflet) so a batch of a
few organisations stays quick; every layout kind's drawing of the org is tested in test_org*.py.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import Result
from packs import copy_bundled_catalogue, read_yaml, run_cli, write_yaml

from packgen.batch.run import slug
from packgen.verify import pdf_inspect

DOCUMENTS = ["adults-poster", "parents-trifold"]
HEADER = "id,name,logo,primary,contact_1,contact_2\r\n"
GOOD_ROWS = (
    'st-marys,St Mary\'s C of E Primary,logo.png,#1d3557,"Mrs A Patel, DSL (Room 14)",Derbyshire Police: 101\r\n'
    'hilltop,Hilltop Academy,,,"Ms C Okafor, DSL",\r\n'
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    catalogue = copy_bundled_catalogue(tmp_path)
    data = read_yaml(catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] in DOCUMENTS]
    write_yaml(catalogue, data)
    from PIL import Image

    Image.new("RGB", (300, 200), "#1d3557").save(tmp_path / "logo.png")
    return tmp_path


def batch(folder: Path, table: str, *extra: str, name: str = "orgs.csv") -> Result:
    (folder / name).write_bytes("\ufeff".encode() + table.encode())
    return run_cli("batch", str(folder / name), "--catalogue", str(folder / "resources.yaml"), *extra)


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(pdf_inspect.extract_text(pdf)).split())


def test_each_pack_carries_its_own_org_and_no_other(folder: Path) -> None:
    result = batch(folder, HEADER + GOOD_ROWS)
    assert result.exit_code == 0, result.output
    assert "2 of 2 organisations' packs up to date" in result.output
    for org_id, mine, theirs in (("st-marys", ["St Mary's C of E Primary", "Mrs A Patel, DSL (Room 14)",
                                               "Derbyshire Police: 101"], "Hilltop"),
                                 ("hilltop", ["Hilltop Academy", "Ms C Okafor, DSL"], "St Mary")):
        pdfs = sorted((folder / "output" / org_id).glob("*.pdf"))
        assert [p.stem for p in pdfs] == sorted(DOCUMENTS)
        for pdf in pdfs:
            text = text_of(pdf)
            assert all(line in text for line in mine), (pdf, text)
            assert theirs not in text
    page = (folder / "output" / "hilltop" / "index.html").read_text(encoding="utf-8")
    assert "<title>Sextortion" in page and "| Hilltop Academy</title>" in page and "St Mary" not in page


def test_bad_rows_are_named_and_skipped_and_the_rest_build(folder: Path) -> None:
    (folder / "not-a-logo.png").write_text("hello")
    rows = (HEADER + GOOD_ROWS
            + "no-name,,,,A contact,\r\n"
            + "bad-logo,Bad Logo School,not-a-logo.png,,,\r\n"
            + "bad-colour,Pale School,,#6fa8dc,,\r\n"
            + "hilltop,Hilltop Again,,,,\r\n")
    result = batch(folder, rows)
    assert result.exit_code == 1
    out = result.output
    assert "orgs.csv row 4 (id no-name): name:" in out
    assert "orgs.csv row 5 (id bad-logo): logo:" in out
    assert "orgs.csv row 6 (id bad-colour): primary:" in out and "#6fa8dc" in out
    assert "orgs.csv row 7 (id hilltop): id 'hilltop' is already used by row 3" in out
    assert "2 of 6 organisations' packs up to date" in out
    assert "4 rows failed and were skipped" in out
    assert sorted(p.name for p in (folder / "output").iterdir()) == ["batch-report.csv", "hilltop", "st-marys"]
    import csv

    report = list(csv.DictReader((folder / "output" / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["row"], r["id"], r["status"]) for r in report] == [
        ("2", "st-marys", "ready"), ("3", "hilltop", "ready"), ("4", "no-name", "failed"),
        ("5", "bad-logo", "failed"), ("6", "bad-colour", "failed"), ("7", "hilltop", "failed")]
    assert report[4]["problems"].startswith("orgs.csv row 6 (id bad-colour): primary:")


def test_a_second_run_skips_everything_and_one_changed_contact_rebuilds_one_org(folder: Path) -> None:
    assert batch(folder, HEADER + GOOD_ROWS).exit_code == 0
    outputs = {org: {p.name: p.stat().st_mtime_ns for p in (folder / "output" / org).glob("*.pdf")}
               for org in ("st-marys", "hilltop")}

    again = batch(folder, HEADER + GOOD_ROWS)
    assert "(0 rebuilt; 0 documents built, 4 unchanged;" in again.output

    changed = batch(folder, HEADER + GOOD_ROWS.replace("Ms C Okafor, DSL", "Mr D Singh, DSL"))
    assert "(1 rebuilt; 2 documents built, 2 unchanged;" in changed.output
    for org, before in outputs.items():
        after = {p.name: p.stat().st_mtime_ns for p in (folder / "output" / org).glob("*.pdf")}
        assert (after != before) == (org == "hilltop")
    assert "Mr D Singh, DSL" in text_of(folder / "output" / "hilltop" / "adults-poster.pdf")


def test_zip_holds_each_orgs_pdfs(folder: Path) -> None:
    result = batch(folder, HEADER + GOOD_ROWS, "--zip")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(folder / "output" / "st-marys.zip") as bundle:
        assert sorted(bundle.namelist()) == [f"st-marys/{d}.pdf" for d in sorted(DOCUMENTS)]
        assert bundle.read("st-marys/adults-poster.pdf") == (folder / "output/st-marys/adults-poster.pdf").read_bytes()
    first = (folder / "output" / "st-marys.zip").read_bytes()
    assert batch(folder, HEADER + GOOD_ROWS, "--zip", "--force").exit_code == 0
    assert (folder / "output" / "st-marys.zip").read_bytes() == first  # reproducible


def test_xlsx_batch(folder: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "Contact 1"])
    book.active.append(["Derbyshire Police", "Call 101"])
    book.save(folder / "orgs.xlsx")
    result = run_cli("batch", str(folder / "orgs.xlsx"), "--catalogue", str(folder / "resources.yaml"))
    assert result.exit_code == 0, result.output
    assert "Call 101" in text_of(folder / "output" / "derbyshire-police" / "adults-poster.pdf")


def test_template_is_written_once(folder: Path) -> None:
    target = folder / "orgs.csv"
    assert run_cli("batch", "--template", str(target)).exit_code == 0
    assert target.read_bytes().startswith("\ufeffid,name,".encode())
    again = run_cli("batch", "--template", str(target))
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.parametrize(("name", "expected"), [
    ("St Mary's C of E Primary", "st-marys-c-of-e-primary"),
    ("Ysgol Gymraeg Llanŵ", "ysgol-gymraeg-llanw"),
    ("  ", ""),
])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_a_contact_with_a_placeholder_resolves_and_a_bad_one_fails_its_row(folder: Path) -> None:
    """Issue 10: a spreadsheet contact may say {childline.phone}; a misspelt one is a row problem."""
    rows = (HEADER + 'good,Good School,,,"Childline, any time: {childline.phone}",\r\n'
            + 'bad,Bad School,,,"Childline: {chidline.phone}",\r\n')
    result = batch(folder, rows)
    assert result.exit_code == 1
    assert "orgs.csv row 3 (id bad): contact_1: unknown service 'chidline' in {chidline.phone}" in result.output
    assert "Traceback" not in result.output
    pdfs = sorted((folder / "output" / "good").glob("*.pdf"))
    assert pdfs and all("Childline, any time: 0800 1111" in text_of(pdf) for pdf in pdfs)


def test_a_good_row_starts_building_before_the_later_rows_are_checked(folder: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import packgen.batch.run as run
    from packgen.batch.org_table import read_org_table
    from packgen.catalogue.project import load_project

    started = threading.Event()
    checked: list[tuple[int, bool]] = []  # (row, had the first school started building when it was checked)
    real_check, real_build = run.check_row, run._build_org_safely

    def check_row(*args: object) -> object:
        row = args[2]
        if row.number == 4:  # the last row waits (up to 60 s) for the first school to start building
            started.wait(60)
        checked.append((row.number, started.is_set()))
        return real_check(*args)  # type: ignore[arg-type]

    def build_org(*args: object, **kwargs: object) -> object:
        started.set()
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "check_row", check_row)
    monkeypatch.setattr(run, "_build_org_safely", build_org)
    table = folder / "orgs.csv"
    table.write_text(HEADER + GOOD_ROWS + "st-marys,Again,,,Mr B,\r\n", encoding="utf-8")
    outcomes = run.build_batch(load_project(folder / "resources.yaml"), table, read_org_table(table),
                               folder / "output", jobs=1)
    assert checked[0] == (2, False) and checked[-1] == (4, True), checked  # built while row 4 was not checked
    assert [(o.row, o.failed) for o in outcomes] == [(2, False), (3, False), (4, True)]
    assert outcomes[2].problems == ("orgs.csv row 4 (id st-marys): id 'st-marys' is already used by row 2; give each "
                                    "organisation its own id",)  # still checked in order
