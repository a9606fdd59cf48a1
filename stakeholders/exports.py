"""Spreadsheet exports (CSV and XLSX) of any list of rows, safe to open in a spreadsheet.

Used by the contact export and the organisation export alike:

    export_response(
        headers=["Name", "Email"],
        rows=((contact.name, contact.email) for contact in contacts),
        filename="contacts-2026-11-23",
        file_format="csv",  # or "xlsx"
    )

Every text cell passes through ``safe_cell``: a value a spreadsheet would read as a
formula (one starting with ``=``, ``+``, ``-`` or ``@``, or a tab or carriage return) is
prefixed with an apostrophe, so a name like ``=HYPERLINK(...)`` typed into engage by
anyone is shown as text, never run (OWASP "CSV injection"). Numbers that merely carry a
sign, such as a phone number in E.164 form (``+442079460000``), are left as they are.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"^[+-]?\d[\d ]*(\.\d+)?$")


def safe_cell(value):
    """The value as a spreadsheet cell: text that could be read as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.match(text):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands back what it was given (for streaming)."""

    def write(self, value):
        return value


def _csv_lines(headers, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so Excel reads the file as UTF-8
    yield writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        yield writer.writerow([_csv_value(safe_cell(value)) for value in row])


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _xlsx_value(value):
    value = safe_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def export_response(
    *, headers: Sequence[str], rows: Iterable[Sequence], filename: str, file_format: str
):
    """A download of ``rows`` under ``headers`` as ``filename``.csv or .xlsx.

    ``rows`` may be a generator (for example over ``queryset.iterator()``): the CSV is
    streamed as it is produced, the XLSX is written row by row to a temporary file.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format {file_format!r}; use one of {FORMATS}.")
    if file_format == CSV:
        response = StreamingHttpResponse(
            _csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Export")
    sheet.append([_xlsx_value(header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )
