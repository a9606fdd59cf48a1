"""Reading a work plan spreadsheet: the stakeholder import's reader (type, encoding and
size checks, spreadsheet row numbers), with engage's export quoting undone."""

from django.core.exceptions import ValidationError

from stakeholders.services.imports.files import Table, max_file_size, read_table

# stakeholders.exports.safe_cell puts an apostrophe before text a spreadsheet would take
# for a formula; reading an export back takes it off again.
QUOTED_FORMULA_STARTS = ("'=", "'+", "'-", "'@")


def _unquote(cell: str) -> str:
    return cell[1:] if cell.startswith(QUOTED_FORMULA_STARTS) else cell


def check_size(size: int) -> None:
    """Refuse a file larger than the stakeholder import takes (one limit for uploads)."""
    if size > max_file_size():
        message = (
            f"This file is {size / 1024 / 1024:.1f} MB; the most engage takes is "
            f"{max_file_size() // 1024 // 1024} MB."
        )
        raise ValidationError({"file": message}, code="invalid_file")


def read_plan_table(content: bytes, filename: str) -> Table:
    """The headings and rows of a CSV or XLSX file. Raises ValidationError({"file": ...})
    for a file too big, of the wrong type, unreadable, or without rows."""
    check_size(len(content))
    table = read_table(content, filename)
    return Table(
        headers=[_unquote(heading) for heading in table.headers],
        rows=[(number, [_unquote(cell) for cell in cells]) for number, cells in table.rows],
    )
