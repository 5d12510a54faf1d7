"""`packgen batch` against hostile and careless spreadsheets: one bad row never stops a batch, the
report is always written and safe to open in Excel, zips hold what they claim, memory stays flat."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from packs import copy_bundled_catalogue, read_yaml, run_cli, write_yaml

from packgen.batch.org_table import MAX_COLUMNS, read_org_table
from packgen.batch.run import slug, spreadsheet_safe
from packgen.errors import UserError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    catalogue = copy_bundled_catalogue(tmp_path)
    data = read_yaml(catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] == "adults-poster"]
    write_yaml(catalogue, data)
    return tmp_path


def batch(folder: Path, table: str, *extra: str) -> tuple[int, str]:
    (folder / "orgs.csv").write_text(table, encoding="utf-8")
    result = run_cli("batch", str(folder / "orgs.csv"), "--catalogue", str(folder / "resources.yaml"),
                     "--jobs", "1", *extra)
    return result.exit_code, result.output


def report_rows(folder: Path) -> list[dict[str, str]]:
    text = (folder / "output" / "batch-report.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# --- 4. the report is safe to open in a spreadsheet ------------------------------------------------


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1+1)", "-2+3", "@cmd", " =1+1",
                                  "\tTab", "\r=1", "\uff1d1+1"])
def test_formula_like_cells_are_neutralised_and_keep_their_text(text: str) -> None:
    safe = spreadsheet_safe(text)
    assert safe == "'" + text


@pytest.mark.parametrize("text", ["St Mary's", "Hilltop Academy", "", "1st Academy", "E=mc2 School"])
def test_ordinary_cells_are_left_alone(text: str) -> None:
    assert spreadsheet_safe(text) == text


def test_the_batch_report_never_writes_a_formula(folder: Path) -> None:
    batch(folder, 'id,name\nsafe-one,"=HYPERLINK(""http://evil"",""click"")"\nsafe-two,+SUM(1+1)\n'
                            'safe-three,@cmd\n')
    rows = report_rows(folder)
    names = [row["name"] for row in rows]
    assert names == ["'=HYPERLINK(\"http://evil\",\"click\")", "'+SUM(1+1)", "'@cmd"]
    for row in rows:
        assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in row.values())


# --- 7. one bad row never stops a batch ---------------------------------------------------------


def test_a_300_character_id_fails_its_row_only_and_the_report_is_written(folder: Path) -> None:
    long_id = "a" * 300
    code, output = batch(folder, f"id,name\n{long_id},Long School\ngood,Good School\n")
    assert code == 1
    assert "row 2" in output and "at most 60 characters" in output
    assert "Traceback" not in output
    rows = report_rows(folder)
    assert [row["status"] for row in rows] == ["failed", "ready"]
    assert (folder / "output" / "good" / "adults-poster.pdf").is_file()


def test_a_row_that_crashes_stays_in_its_row(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import packgen.batch.run

    real = packgen.batch.run._build_org

    def crash_one(project, table, row, org_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        if org_id == "crashes":
            raise RuntimeError("simulated")
        return real(project, table, row, org_id, *args, **kwargs)

    monkeypatch.setattr(packgen.batch.run, "_build_org", crash_one)
    code, output = batch(folder, "id,name\ncrashes,Crash School\ngood,Good School\n")
    assert code == 1 and "row 2 (id crashes): unexpected error (RuntimeError: simulated)" in output
    assert [row["status"] for row in report_rows(folder)] == ["failed", "ready"]


@pytest.mark.parametrize("name, expected", [("Łódź Primary", "lodz-primary"), ("Straße Schule", "strasse-schule"),
                                            ("École Sainte-Anne", "ecole-sainte-anne")])
def test_latin_names_make_ids(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize("name", ["Школа", "日本語の学校"])
def test_a_name_with_no_latin_letters_asks_for_an_id(folder: Path, name: str) -> None:
    code, output = batch(folder, f"name\n{name}\nGood School\n")
    assert code == 1
    assert f"cannot make an id from the name {name!r}" in output and "add an `id` column" in output
    assert "no name" not in output
    code, output = batch(folder, f"id,name\nschool-1,{name}\n")
    assert "cannot make an id" not in output and "Traceback" not in output
    # the bundled fonts have Cyrillic, not Japanese: then the row says so once, blaming the row, not resources.yaml
    assert code == 0 or ("no font has" in output and "in the org profile (org.yaml, or the organisation's row)"
                         in output and output.count("no font has") == 1), output


# --- 2. a zip always holds what it claims -----------------------------------------------------------


def zipped_pdf(folder: Path, org_id: str) -> bytes:
    with zipfile.ZipFile(folder / "output" / f"{org_id}.zip") as bundle:
        return bundle.read(f"{org_id}/adults-poster.pdf")


def test_a_zip_is_brought_up_to_date_even_by_a_run_without_zip(folder: Path) -> None:
    table = "id,name,contact_1\nschool,A School,Call 0111 111 1111\n"
    assert batch(folder, table, "--zip")[0] == 0
    assert batch(folder, table.replace("0111 111 1111", "0222 222 2222"))[0] == 0
    code, output = batch(folder, table.replace("0111 111 1111", "0222 222 2222"), "--zip")
    assert code == 0, output
    pdf = (folder / "output" / "school" / "adults-poster.pdf").read_bytes()
    assert zipped_pdf(folder, "school") == pdf


def test_a_zip_missing_after_a_kill_is_written_by_the_next_run(folder: Path) -> None:
    table = "id,name,contact_1\nschool,A School,Call 0111 111 1111\n"
    assert batch(folder, table, "--zip")[0] == 0
    assert batch(folder, table.replace("0111", "0333"))[0] == 0
    # a kill between the build and the zip: the pack is new, the zip is old
    archive = folder / "output" / "school.zip"
    stale = archive.read_bytes()
    assert batch(folder, table.replace("0111", "0444"), "--zip")[0] == 0
    archive.write_bytes(stale)
    assert batch(folder, table.replace("0111", "0444"), "--zip")[0] == 0
    pdf = (folder / "output" / "school" / "adults-poster.pdf").read_bytes()
    assert hashlib.sha256(zipped_pdf(folder, "school")).digest() == hashlib.sha256(pdf).digest()


# --- 3. bounded resources ----------------------------------------------------------------------------


def test_an_xlsx_declaring_a_huge_sheet_is_refused_before_reading(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "name"
    book.active["XFD1048576"] = "x"
    path = tmp_path / "huge.xlsx"
    book.save(path)
    assert path.stat().st_size < 20_000
    with pytest.raises(UserError, match=r"1,048,576 rows, 16,384 columns.*Delete the unused rows"):
        read_org_table(path)


def test_an_xlsx_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import packgen.batch.org_table

    monkeypatch.setattr(packgen.batch.org_table, "MAX_XLSX_UNPACKED", 8 * 1024 * 1024)  # 500 MB takes long to deflate
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(UserError, match="unpacks to 20 MB; the limit is 8 MB"):
        read_org_table(path)


def test_csv_limits(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("name" + "," * (MAX_COLUMNS + 5) + "\nA School" + ",x" * (MAX_COLUMNS + 5) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="only the first 64 may be filled in"):
        read_org_table(wide)
    long = tmp_path / "long.csv"
    long.write_text("name\n" + "x" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="more than 2,000 characters"):
        read_org_table(long)
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('name\n"A School\n' + "y" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="row"):
        read_org_table(unclosed)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(UserError, match="is not a file"):
        read_org_table(folder)


@pytest.mark.parametrize("cell", ["School\uffff Name", "Call \x07 me", "Line\u2028break"])
def test_unprintable_characters_in_a_row_are_named_in_that_row(folder: Path, cell: str) -> None:
    code, output = batch(folder, f'id,name,contact_1\nschool,"{cell}","{cell}"\ngood,Good School,\n')
    assert code == 1
    assert "row 2 (id school): name: the text has the" in output and "prints as nothing or as a box" in output
    assert "resources.yaml" not in output and (folder / "output" / "good" / "adults-poster.pdf").is_file()
