"""The one reader of uploaded spreadsheets (CSV or XLSX) for every importer in engage, with
limits that hold before and while the file is read.

A crafted file must not tie up a web process or a worker: a few kilobytes of XLSX can
declare 16,000 columns or unpack to a 40 MB cell. So, in this order:

1. ``check_file`` looks at the file without parsing it: its size, its type by content
   (never by the name's ending alone), a CSV's encoding, NUL bytes and longest line, an
   XLSX's zip directory (the unpacked size of its members, how tightly each is packed,
   macros, the workbook part it must have). It is cheap, and says how much text reading
   the file would parse (``work_bytes``), which importers use to read small files in the
   request and larger ones in a Celery worker.
2. ``read_table`` then reads the rows, refusing as soon as a row passes the column limit,
   a cell the length limit, or the file the row limit.

Every refusal is ``ValidationError({"file": message})``, said so the uploader can mend it.
"""

import csv
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError

from core.office_files import MB, XLSX, inspect_office_zip

logger = logging.getLogger(__name__)

EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Limits:
    """What an importer accepts. The defaults suit any table engage imports."""

    max_bytes: int  # the uploaded file
    max_rows: int  # data rows, the heading row apart
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_line_chars: int = 100_000  # a CSV's longest line
    max_unzipped_bytes: int = 100 * MB  # an XLSX's members, unpacked, in all
    max_ratio: int = 100  # how far one XLSX member (past 1 MB) may expand
    # The most text (a CSV's bytes, an XLSX's unpacked members) read in a web request;
    # larger files are read by a worker.
    inline_work_bytes: int = 2 * MB


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the spreadsheet, cells)


@dataclass(frozen=True)
class CheckedFile:
    extension: str  # ".csv" or ".xlsx"
    work_bytes: int  # how much text reading it parses

    def read_inline(self, limits: Limits) -> bool:
        """Small enough to read in a web request."""
        return self.work_bytes <= limits.inline_work_bytes


def file_error(message: str, code: str = "invalid_file") -> ValidationError:
    return ValidationError({"file": message}, code=code)


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


# --- Checking, without parsing --------------------------------------------------------


def _check_csv(content: bytes, limits: Limits) -> str:
    """The CSV's text, once its encoding, bytes and lines pass."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise file_error(
            "This CSV is saved as UTF-16 (“Unicode text”), which engage does not read. In "
            "Excel choose Save As, then “CSV UTF-8 (Comma delimited)”, and upload that."
        )
    if b"\x00" in content:
        raise file_error(
            "This file is not a CSV: it holds binary data. Upload a CSV or an XLSX file."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_error(
            "This CSV is not saved as UTF-8 text, so its letters could be misread. In Excel "
            "choose Save As, then “CSV UTF-8 (Comma delimited)”, and upload that."
        ) from None
    longest = max(map(len, text.split("\n")))
    if longest > limits.max_line_chars:
        raise file_error(
            f"A line of this CSV is {longest:,} characters long; engage reads lines of at "
            f"most {limits.max_line_chars:,}. Is it really a CSV with one row a line?"
        )
    return text


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file over the size limit: call it before reading an upload into memory."""
    if size > limits.max_bytes:
        raise file_error(
            f"This file is {megabytes(size)}; the most engage takes is "
            f"{limits.max_bytes // MB} MB. Split it into smaller files.",
            "file_size",
        )


def _check(content: bytes, filename: str, limits: Limits) -> tuple[CheckedFile, str | None]:
    extension = PurePath(filename).suffix.lower()
    if extension not in EXTENSIONS:
        raise file_error("Upload a CSV (.csv) or an Excel workbook (.xlsx).")
    check_size(len(content), limits)
    if not content.strip():
        raise file_error("This file is empty.")
    if extension == ".csv":
        text = _check_csv(content, limits)
        return CheckedFile(extension=extension, work_bytes=len(content)), text
    if not content.startswith(b"PK\x03\x04"):
        raise file_error("This is not an XLSX workbook. Upload a CSV or an XLSX file.")
    package = inspect_office_zip(
        io.BytesIO(content),
        max_unzipped_bytes=limits.max_unzipped_bytes,
        max_ratio=limits.max_ratio,
    )
    if package.content_type != XLSX:
        raise file_error(
            "This file is not an Excel workbook (.xlsx), whatever its name says. Upload a CSV "
            "or an XLSX file."
        )
    return CheckedFile(extension=extension, work_bytes=package.unzipped_bytes), None


def check_file(content: bytes, filename: str, limits: Limits) -> CheckedFile:
    """Refuse, cheaply, a file engage should not parse; otherwise say what it is and how
    much reading it would parse. Raises ValidationError({"file": ...})."""
    return _check(content, filename, limits)[0]


# --- Reading, within the limits -------------------------------------------------------


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


def _csv_rows(text: str) -> Iterator[list[str]]:
    # The separator is whichever of , ; or tab the heading row uses most (Excel in some
    # locales writes semicolons). Quotes are always double quotes: guessing them from the
    # data would take the apostrophe in O'Brien for one.
    heading = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=heading.count) if any(d in heading for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error as error:  # e.g. a quoted cell that never ends (over 131,072 chars)
        raise file_error(f"This CSV could not be read: {error}.") from None


def _xlsx_rows(content: bytes, limits: Limits) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        logger.info("Unreadable XLSX upload: %s", error)
        raise file_error(
            "This XLSX workbook could not be read. Save it again from your spreadsheet "
            "program (or as CSV UTF-8) and upload it again."
        ) from None
    try:
        if not workbook.worksheets:
            return
        # One column past the limit is read, to see whether anything is there; a sheet
        # claiming thousands of columns is not padded out to all of them.
        for row in workbook.worksheets[0].iter_rows(
            max_col=limits.max_columns + 1, values_only=True
        ):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _within_limits(rows: Iterator[list[str]], limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells without trailing blanks) for each row, refusing at the first row
    past a limit."""
    for number, cells in enumerate(rows, start=1):
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > limits.max_columns:
            raise file_error(
                f"Row {number} of this file has more than {limits.max_columns} columns; engage "
                f"reads at most {limits.max_columns}. Delete the columns it does not need.",
                "too_many_columns",
            )
        for column, cell in enumerate(cells, start=1):
            if len(cell) > limits.max_cell_chars:
                raise file_error(
                    f"The cell in row {number}, column {column} holds {len(cell):,} characters; "
                    f"engage takes at most {limits.max_cell_chars:,} in a cell.",
                    "cell_too_long",
                )
        yield number, cells


def read_table(content: bytes, filename: str, limits: Limits) -> Table:
    """The heading row and the data rows of a CSV (UTF-8, with or without a byte-order
    mark) or of the first sheet of an XLSX workbook, checked first (``check_file``).
    Blank rows are left out, but row numbers stay those of the spreadsheet. Raises
    ValidationError({"file": ...})."""
    checked, text = _check(content, filename, limits)
    raw = _csv_rows(text) if checked.extension == ".csv" else _xlsx_rows(content, limits)
    rows = _within_limits(raw, limits)
    first = next(rows, None)
    if first is None or not any(first[1]):
        raise file_error("The first row must hold the column headings, and it is empty.")
    headers = [
        heading or f"Column {index + 1} (no heading)" for index, heading in enumerate(first[1])
    ]
    table = Table(headers=headers, rows=[])
    for number, cells in rows:
        if not any(cells):
            continue
        if len(table.rows) == limits.max_rows:
            raise file_error(
                f"The file has more than {limits.max_rows:,} rows. Split it into smaller files.",
                "too_many_rows",
            )
        table.rows.append((number, (cells + [""] * len(headers))[: len(headers)]))
    if not table.rows:
        raise file_error("The file has headings but no rows to import.")
    return table
