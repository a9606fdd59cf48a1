"""Reading a work plan spreadsheet: engage's one spreadsheet reader (core.spreadsheets:
type, encoding, structure, columns, cell length and rows checked), with a work plan's
limits, and engage's export quoting undone."""

from django.conf import settings

from core.spreadsheets import CheckedFile, Limits, Table, check_file, read_table

# A work plan is hundreds of rows; a file of thousands is not a plan.
MAX_ROWS = 5_000
MB = 1024 * 1024

# stakeholders.exports.safe_cell puts an apostrophe before text a spreadsheet would take
# for a formula; reading an export back takes it off again.
QUOTED_FORMULA_STARTS = ("'=", "'+", "'-", "'@")


def plan_limits() -> Limits:
    """One upload size for every import (setting STAKEHOLDERS_IMPORT_MAX_BYTES)."""
    return Limits(
        max_bytes=settings.STAKEHOLDERS_IMPORT_MAX_BYTES,
        max_rows=MAX_ROWS,
        max_unzipped_bytes=50 * MB,
    )


def _unquote(cell: str) -> str:
    return cell[1:] if cell.startswith(QUOTED_FORMULA_STARTS) else cell


def check_plan_file(content: bytes, filename: str) -> CheckedFile:
    """The checks made before any parsing. Raises ValidationError({"file": ...})."""
    return check_file(content, filename, plan_limits())


def read_plan_table(content: bytes, filename: str) -> Table:
    """The headings and rows of a CSV or XLSX file. Raises ValidationError({"file": ...})
    for a file too big, of the wrong type, unreadable, past a limit, or without rows."""
    table = read_table(content, filename, plan_limits())
    return Table(
        headers=[_unquote(heading) for heading in table.headers],
        rows=[(number, [_unquote(cell) for cell in cells]) for number, cells in table.rows],
    )
