"""Reading an uploaded CSV or XLSX file into a table of headings and rows, with its type
and content checked."""

import csv
import io
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)


def max_file_size() -> int:
    """The largest upload accepted, in bytes (setting STAKEHOLDERS_IMPORT_MAX_BYTES)."""
    return settings.STAKEHOLDERS_IMPORT_MAX_BYTES


MAX_ROWS = 50_000
EXTENSIONS = (".csv", ".xlsx")


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the spreadsheet, cells)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="invalid_file")


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content[:8192]:
        raise _file_error(
            "This file is not a CSV: it holds binary data. Upload a CSV or an XLSX file."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(
            "This CSV is not saved as UTF-8 text, so its letters could be misread. In Excel "
            "choose Save As, then “CSV UTF-8 (Comma delimited)”, and upload that."
        ) from None
    # The separator is whichever of , ; or tab the heading row uses most (Excel in some
    # locales writes semicolons). Quotes are always double quotes: guessing them from the
    # data would take the apostrophe in O'Brien for one.
    heading = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=heading.count) if any(d in heading for d in ",;\t") else ","
    try:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise _file_error(f"This CSV could not be read: {error}.") from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if not content.startswith(b"PK\x03\x04"):
        raise _file_error("This is not an XLSX workbook. Upload a CSV or an XLSX file.")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        logger.info("Unreadable XLSX upload: %s", error)
        raise _file_error(
            "This XLSX workbook could not be read. Save it again from your spreadsheet "
            "program (or as CSV UTF-8) and upload it again."
        ) from None
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(content: bytes, filename: str) -> Table:
    """The heading row and the data rows of a CSV (UTF-8, with or without a byte-order
    mark) or of the first sheet of an XLSX workbook. Blank rows are left out, but row
    numbers stay those of the spreadsheet. Raises ValidationError({"file": ...})."""
    extension = PurePath(filename).suffix.lower()
    if extension not in EXTENSIONS:
        raise _file_error("Upload a CSV (.csv) or an Excel workbook (.xlsx).")
    if not content.strip():
        raise _file_error("This file is empty.")
    raw_rows = _read_csv(content) if extension == ".csv" else _read_xlsx(content)
    if not raw_rows or not any(raw_rows[0]):
        raise _file_error("The first row must hold the column headings, and it is empty.")
    headers = list(raw_rows[0])
    while headers and not headers[-1]:
        headers.pop()
    headers = [
        heading or f"Column {index + 1} (no heading)" for index, heading in enumerate(headers)
    ]
    rows = []
    for number, cells in enumerate(raw_rows[1:], start=2):
        if not any(cells):
            continue
        cells = (list(cells) + [""] * len(headers))[: len(headers)]
        rows.append((number, cells))
    if not rows:
        raise _file_error("The file has headings but no rows to import.")
    if len(rows) > MAX_ROWS:
        raise _file_error(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.")
    return Table(headers=headers, rows=rows)
