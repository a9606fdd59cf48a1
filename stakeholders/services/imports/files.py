"""The stakeholder import's file limits, for engage's one spreadsheet reader
(core.spreadsheets: type, encoding, structure, columns, cell length and rows checked)."""

from django.conf import settings

from core.spreadsheets import CheckedFile, Limits, Table, check_file
from core.spreadsheets import read_table as read_spreadsheet

MAX_ROWS = 50_000


def max_file_size() -> int:
    """The largest upload accepted, in bytes (setting STAKEHOLDERS_IMPORT_MAX_BYTES)."""
    return settings.STAKEHOLDERS_IMPORT_MAX_BYTES


def limits() -> Limits:
    """Contact lists run to tens of thousands of rows; files past a couple of megabytes are
    read by the worker (see jobs.import_job_create)."""
    return Limits(max_bytes=max_file_size(), max_rows=MAX_ROWS)


def check_upload(content: bytes, filename: str) -> CheckedFile:
    """The cheap checks, before any parsing. Raises ValidationError({"file": ...})."""
    return check_file(content, filename, limits())


def read_table(content: bytes, filename: str) -> Table:
    """The headings and rows of a CSV or of an XLSX workbook's first sheet, within the
    limits. Raises ValidationError({"file": ...})."""
    return read_spreadsheet(content, filename, limits())
