"""Reading the spreadsheet of organisations: CSV as Excel writes it, and .xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest

from packgen.batch.org_table import COLUMNS, OrgRow, read_org_table, template_csv
from packgen.errors import UserError


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_excel_csv_utf8_with_bom_crlf_and_quoted_fields(tmp_path: Path) -> None:
    text = ('id,name,contact_1,contact_2\r\n'
            'st-marys,"St Mary\'s, Derby","Mrs A Patel, DSL ""Room 14""","Line one\r\nline two"\r\n'
            '\r\n'
            ',Ysgol Gymraeg Llanŵ,,\r\n')
    rows = read_org_table(write(tmp_path / "orgs.csv", "\ufeff".encode() + text.encode("utf-8")))
    assert rows == [
        OrgRow(2, {"id": "st-marys", "name": "St Mary's, Derby", "contact_1": 'Mrs A Patel, DSL "Room 14"',
                   "contact_2": "Line one\r\nline two"}),
        OrgRow(4, {"name": "Ysgol Gymraeg Llanŵ"}),  # rows as Excel numbers them: a cell may hold a line break
    ]


def test_plain_utf8_semicolons_and_loose_headers(tmp_path: Path) -> None:
    rows = read_org_table(write(tmp_path / "orgs.csv", b"Name; Contact 1 ;CONTACT-2\nHilltop;A;B\n"))
    assert rows == [OrgRow(2, {"name": "Hilltop", "contact_1": "A", "contact_2": "B"})]


def test_windows_excel_csv_in_cp1252(tmp_path: Path) -> None:
    rows = read_org_table(write(tmp_path / "orgs.csv", "name,footer\nCaf\u00e9 Academy,\u00a9 2026\n".encode("cp1252")))
    assert rows[0].values == {"name": "Caf\u00e9 Academy", "footer": "\u00a9 2026"}


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "contact_1"])
    sheet.append(["police", "Derbyshire Police", 101])
    sheet.append([None, None, None])
    sheet.append(["school", "Hilltop", "Ms C Okafor"])
    book.save(tmp_path / "orgs.xlsx")
    assert read_org_table(tmp_path / "orgs.xlsx") == [
        OrgRow(2, {"id": "police", "name": "Derbyshire Police", "contact_1": "101"}),
        OrgRow(4, {"id": "school", "name": "Hilltop", "contact_1": "Ms C Okafor"}),
    ]


def test_the_template_reads_back_with_every_column(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(template_csv(), encoding="utf-8-sig", newline="")
    rows = read_org_table(path)
    assert [r.values["id"] for r in rows] == ["st-marys", "hilltop-academy"]
    assert template_csv().splitlines()[0].split(",") == list(COLUMNS)


@pytest.mark.parametrize(("content", "message"), [
    (b"name,contact 7\nA,B\n", "orgs.csv row 1: unknown column 'contact 7' (expected some of: id, name,"),
    (b"id,contact_1\nx,B\n", "orgs.csv row 1: no name column"),
    (b"name,Name\nA,B\n", "orgs.csv row 1: column 'name' appears more than once"),
    (b"", "orgs.csv is empty; its first row must name the columns"),
])
def test_unusable_headers_are_user_errors(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(UserError) as caught:
        read_org_table(write(tmp_path / "orgs.csv", content))
    assert str(caught.value).startswith(message)


def test_other_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"orgs.ods: expected a .csv or .xlsx file"):
        read_org_table(write(tmp_path / "orgs.ods", b"x"))
    with pytest.raises(UserError, match=r"orgs.xlsx: not a readable .xlsx file"):
        read_org_table(write(tmp_path / "orgs.xlsx", b"not a zip"))
    with pytest.raises(UserError, match=r"no spreadsheet at .*missing.csv; `packgen batch --template"):
        read_org_table(tmp_path / "missing.csv")
