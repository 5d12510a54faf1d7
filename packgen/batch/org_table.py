"""Read a spreadsheet of organisations (CSV as Excel writes it, or .xlsx) into rows of text.

Row numbers are the ones the user sees in Excel: the header is row 1, the first organisation
row 2. Headers are matched loosely ("Contact 1", "contact_1" and "CONTACT-1" are one column), but
an unknown column is an error, so a typo never silently drops a school's contact line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packgen.errors import UserError

MAX_CONTACTS = 6
COLUMNS = ("id", "name", "logo", "primary", "accent", "contacts_heading",
           *(f"contact_{n}" for n in range(1, MAX_CONTACTS + 1)), "footer", "email")
# The org's own words in another language: the column of the text, then the language tag
# ("contacts_heading_cy", "Contact 1 cy", "footer_pa_Arab"), for the documents in that language.
TRANSLATED = re.compile(r"(name|contacts_heading|contact_[1-%d]|footer)_([a-z]{2,3}(?:_[a-z0-9]{2,8})*)" % MAX_CONTACTS)
REQUIRED = ("name",)
MAX_ROWS = 100_000  # organisations
MAX_COLUMNS = 64  # cells read per row (there are 13 columns; the rest must be empty)
MAX_CELL = 2_000  # characters in one cell
MAX_FILE_BYTES = 50 * 1024 * 1024  # a .csv or .xlsx on disk
MAX_XLSX_UNPACKED = 500 * 1024 * 1024  # all of an .xlsx's parts, uncompressed

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
    """Every non-empty row of a .csv or .xlsx file; a user error if the file or its header is unusable.

    Memory stays flat whatever the file claims: the size is checked before reading, an .xlsx's
    declared sheet size and unpacked size too, and reading stops at the limits.
    """
    if not path.exists():
        raise UserError(f"no spreadsheet at {path}; `packgen batch --template {path.name}` writes an example")
    if not path.is_file():
        raise UserError(f"{path} is not a file (expected a .csv or .xlsx spreadsheet)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserError(f"{path.name} is {size / 1024 / 1024:.0f} MB; the limit is "
                        f"{MAX_FILE_BYTES // 1024 // 1024} MB (is it the right file?)")
    if path.suffix.lower() == ".xlsx":
        table = _read_xlsx(path)
    elif path.suffix.lower() in (".csv", ".txt"):
        table = _read_csv(path)
    else:
        raise UserError(f"{path.name}: expected a .csv or .xlsx file (in Excel: File > Save As > CSV UTF-8)")
    first = next(table, None)
    if first is None:
        raise UserError(f"{path.name} is empty; its first row must name the columns: {', '.join(COLUMNS)}")
    header = _columns(path.name, first[1])
    rows = []
    for number, cells in table:
        long = next((name for name, cell in zip(header, cells) if len(cell) > MAX_CELL), None)
        if long is not None:
            raise UserError(f"{path.name} row {number}: the {long or 'unnamed'} cell has more than {MAX_CELL:,} "
                            "characters; is the row right?")
        values = {name: cell.strip() for name, cell in zip(header, cells) if name and cell and cell.strip()}
        if values:
            rows.append(OrgRow(number, values))
            if len(rows) > MAX_ROWS:
                raise UserError(f"{path.name} has more than {MAX_ROWS:,} organisations; the limit is {MAX_ROWS:,} "
                                "(split it into several files)")
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
    unknown = [cell for cell, column in zip(header, columns)
               if column and column not in COLUMNS and not TRANSLATED.fullmatch(column)]
    if unknown:
        raise UserError(f"{name} row 1: unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(map(repr, unknown))} (expected some of: {', '.join(COLUMNS)}; or one of "
                        "name, contacts_heading, contact_1 ... contact_6, footer followed by a language, "
                        "e.g. contact_1_cy)")
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise UserError(f"{name} row 1: column {', '.join(map(repr, repeated))} appears more than once")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UserError(f"{name} row 1: no {', '.join(missing)!s} column; the first row must name the columns "
                        f"(expected some of: {', '.join(COLUMNS)})")
    return columns


def _read_csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each line, as Excel numbers them; at most MAX_COLUMNS cells each."""
    data = path.read_bytes()  # at most MAX_FILE_BYTES
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's plain "CSV" on Windows
    del data
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0][:10_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    return _csv_rows(path, reader)


def _csv_rows(path: Path, reader: Any) -> Iterator[tuple[int, list[str]]]:
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UserError(f"{path.name} row {number + 1}: not a readable CSV line ({exc}); is a quote "
                            "left open?") from None
        number += 1
        if any(cell.strip() for cell in cells[MAX_COLUMNS:]):
            raise UserError(f"{path.name} row {number}: {len(cells)} cells; only the first {MAX_COLUMNS} may "
                            "be filled in")
        yield number, cells[:MAX_COLUMNS]


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    _check_xlsx_size(path)
    from openpyxl import load_workbook  # only when an .xlsx is given

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UserError(f"{path.name}: not a readable .xlsx file ({type(exc).__name__})") from None
    return _xlsx_rows(path, workbook, sheet)


def _xlsx_rows(path: Path, workbook: Any, sheet: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        declared = sheet.calculate_dimension(force=False) if hasattr(sheet, "calculate_dimension") else ""
    except Exception:
        declared = ""
    max_row, max_col = getattr(sheet, "max_row", None), getattr(sheet, "max_column", None)
    if isinstance(max_row, int) and isinstance(max_col, int) and (max_row > MAX_ROWS + 1 or max_col > MAX_COLUMNS):
        workbook.close()
        raise UserError(f"{path.name}: its first sheet says it spans {declared or 'more cells than allowed'} "
                        f"({max_row:,} rows, {max_col:,} columns); the limit is {MAX_ROWS + 1:,} rows and "
                        f"{MAX_COLUMNS} columns. Delete the unused rows and columns below and to the right of "
                        "the table (or save it as CSV UTF-8), then try again")
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1,
                                                     max_col=MAX_COLUMNS), start=1):
            yield number, [_cell_text(value) for value in row]
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"{path.name}: not a readable .xlsx file ({type(exc).__name__})") from None
    finally:
        workbook.close()


def _check_xlsx_size(path: Path) -> None:
    """Refuse a zip bomb before openpyxl unpacks anything: by the sizes the archive declares."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        raise UserError(f"{path.name}: not a readable .xlsx file (it is not a zip archive); save it again from "
                        "Excel, or as CSV UTF-8") from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise UserError(f"{path.name} unpacks to {unpacked / 1024 / 1024:,.0f} MB; the limit is "
                        f"{MAX_XLSX_UNPACKED // 1024 // 1024} MB (save it as CSV UTF-8, or remove what is "
                        "not the table)")


def _cell_text(value: object) -> str:
    """A cell as the user typed it: 101 stays "101", not "101.0"; an empty cell is ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
