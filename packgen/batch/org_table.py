"""Read a spreadsheet of organisations (CSV as Excel writes it, or .xlsx) into rows of text.

Row numbers are the ones the user sees in Excel: the header is row 1, the first organisation
row 2. Headers are matched loosely ("Contact 1", "contact_1" and "CONTACT-1" are one column), but
an unknown column is an error, so a typo never silently drops a school's contact line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from packgen.errors import UserError

MAX_CONTACTS = 6
COLUMNS = ("id", "name", "logo", "primary", "accent", "contacts_heading",
           *(f"contact_{n}" for n in range(1, MAX_CONTACTS + 1)), "footer", "email")
REQUIRED = ("name",)
MAX_ROWS = 100_000

TEMPLATE_ROWS = (
    ("st-marys", "St Mary's C of E Primary School", "logos/st-marys.png", "#1b3a5c", "#b4232a", "In school, talk to",
     "Mrs A Patel, Designated Safeguarding Lead (Room 14)", "Mr B Jones, Deputy DSL (main office)",
     "Derbyshire Police: 101", "", "", "", "", "safeguarding@st-marys.example"),
    ("hilltop-academy", "Hilltop Academy", "", "", "", "",
     "Ms C Okafor, Designated Safeguarding Lead", "", "", "", "", "", "Hilltop Academy safeguarding team", ""),
)


@dataclass(frozen=True)
class OrgRow:
    """One organisation's cells, by column name; empty cells are left out."""

    number: int
    values: dict[str, str]

    @property
    def label(self) -> str:
        """How messages name the row: ``row 17 (id st-marys)``."""
        named = self.values.get("id") or self.values.get("name")
        return f"row {self.number}" + (f" ({'id' if 'id' in self.values else 'name'} {named})" if named else "")


def read_org_table(path: Path) -> list[OrgRow]:
    """Every non-empty row of a .csv or .xlsx file; a user error if the file or its header is unusable."""
    if not path.is_file():
        raise UserError(f"no spreadsheet at {path}; `packgen batch --template {path.name}` writes an example")
    if path.suffix.lower() == ".xlsx":
        table = _read_xlsx(path)
    elif path.suffix.lower() in (".csv", ".txt"):
        table = _read_csv(path)
    else:
        raise UserError(f"{path.name}: expected a .csv or .xlsx file (in Excel: File > Save As > CSV UTF-8)")
    if not table:
        raise UserError(f"{path.name} is empty; its first row must name the columns: {', '.join(COLUMNS)}")
    header = _columns(path.name, table[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {name: cell.strip() for name, cell in zip(header, cells) if name and cell and cell.strip()}
        if values:
            rows.append(OrgRow(number, values))
    if len(rows) > MAX_ROWS:
        raise UserError(f"{path.name} has {len(rows):,} organisations; the limit is {MAX_ROWS:,}")
    return rows


def template_csv() -> str:
    """An example spreadsheet with every column, for `packgen batch --template`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return buffer.getvalue()


def _normalise(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _columns(name: str, header: list[str]) -> list[str]:
    columns = [_normalise(cell) for cell in header]
    unknown = [cell for cell, column in zip(header, columns) if column and column not in COLUMNS]
    if unknown:
        raise UserError(f"{name} row 1: unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(map(repr, unknown))} (expected some of: {', '.join(COLUMNS)})")
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise UserError(f"{name} row 1: column {', '.join(map(repr, repeated))} appears more than once")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UserError(f"{name} row 1: no {', '.join(missing)!s} column; the first row must name the columns "
                        f"(expected some of: {', '.join(COLUMNS)})")
    return columns


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's plain "CSV" on Windows
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    except csv.Error as exc:
        raise UserError(f"{path.name}: not a readable CSV file ({exc})") from None


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # only when an .xlsx is given

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UserError(f"{path.name}: not a readable .xlsx file ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the user typed it: 101 stays "101", not "101.0"; an empty cell is ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
