"""Writes for areas: loading London's wards from the ONS lookup file."""

import csv
import io
import logging
import re
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from areas.models import Borough, Ward

logger = logging.getLogger(__name__)

# The ONS names its columns after the edition's year (WD22CD, WD24CD, ...).
WARD_CODE_COLUMN = re.compile(r"WD\d\dCD", re.IGNORECASE)
WARD_NAME_COLUMN = re.compile(r"WD\d\dNM", re.IGNORECASE)
BOROUGH_CODE_COLUMN = re.compile(r"LAD\d\dCD", re.IGNORECASE)
EXPECTED_COLUMNS = "WDyyCD (ward code), WDyyNM (ward name) and LADyyCD (local authority code)"
MAX_REPORTED_ERRORS = 20


@dataclass
class WardImportReport:
    """What an import did. Errors are not listed here: any error stops the whole import."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_outside_mps: int = 0  # the City of London and everywhere outside London


@transaction.atomic
def wards_import(*, file: BinaryIO, acting_user=None) -> WardImportReport:
    """Create or update the wards of the 32 boroughs from an ONS ward lookup CSV.

    ``file`` is opened in binary (an uploaded file will do). Wards are keyed by ONS code,
    so re-running with the same or a newer edition updates rather than duplicates. Either
    every London row is valid and the import happens, or ValidationError lists the problems
    and nothing is written. Wards missing from the file are left alone: they may have
    panels and priorities attached.
    """
    header, rows = _read_csv(file)
    code_at, name_at, borough_at = _column_positions(header)
    boroughs = {borough.ons_code: borough for borough in Borough.objects.all()}
    existing = Ward.objects.in_bulk(field_name="ons_code")
    report = WardImportReport()
    to_create, to_update, errors, first_seen = [], [], [], {}

    for row_number, row in rows:
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        borough = boroughs.get(cells[borough_at].upper())
        if borough is None:
            report.skipped_outside_mps += 1
            continue
        code, name = cells[code_at], cells[name_at]
        if code and code in first_seen:
            errors.append(f"Row {row_number}: ward code {code} is also on row {first_seen[code]}.")
            continue
        first_seen[code] = row_number
        ward = existing.get(code)
        if ward is None:
            ward = Ward(ons_code=code, name=name, borough=borough)
            to_create.append(ward)
        elif ward.name == name and ward.borough_id == borough.pk:
            report.unchanged += 1
            continue
        else:
            ward.name, ward.borough = name, borough
            to_update.append(ward)
        errors.extend(_row_errors(ward, row_number))

    if errors:
        raise ValidationError(_summarise(errors))
    Ward.objects.bulk_create(to_create)
    now = timezone.now()  # bulk_update does not touch auto_now fields by itself
    for ward in to_update:
        ward.modified = now
    Ward.objects.bulk_update(to_update, ["name", "borough", "modified"])
    report.created, report.updated = len(to_create), len(to_update)
    logger.info("Wards imported by %s: %s", acting_user or "an unnamed user", report)
    return report


def _read_csv(file: BinaryIO) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows, numbered as a spreadsheet would (header is row 1)."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not a CSV file (it is not UTF-8 text). If it is a spreadsheet, "
            "save it as 'CSV UTF-8' first."
        ) from None
    if "\x00" in text:  # valid UTF-8 but binary all the same
        raise ValidationError("The file is not a CSV file (it contains binary data).")
    if not text.strip():
        raise ValidationError("The file is empty.")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ValidationError(f"The file could not be read as CSV: {error}.") from None
    header, *rows = records
    numbered = [(n, row) for n, row in enumerate(rows, start=2) if any(map(str.strip, row))]
    return [column.strip() for column in header], numbered


def _column_positions(header: list[str]) -> tuple[int, int, int]:
    positions = []
    for pattern in (WARD_CODE_COLUMN, WARD_NAME_COLUMN, BOROUGH_CODE_COLUMN):
        matches = [i for i, column in enumerate(header) if pattern.fullmatch(column)]
        if len(matches) != 1:
            found = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
            raise ValidationError(
                f"The file's first row must name the columns {EXPECTED_COLUMNS}, once each, "
                f"where yy is the edition's year (e.g. WD24CD, WD24NM, LAD24CD). "
                f"Found: {found or 'no columns'}."
            )
        positions.append(matches[0])
    return tuple(positions)


def _row_errors(ward: Ward, row_number: int) -> list[str]:
    """Field validation of one row. Uniqueness was settled by keying on the code, the
    borough came from the database and the check constraint repeats the code's validator,
    so those checks, a query each per row, are skipped."""
    try:
        ward.full_clean(exclude=["borough"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [
            f"Row {row_number}: {Ward._meta.get_field(field).verbose_name} "
            f"'{getattr(ward, field)}': {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _summarise(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    hidden = len(errors) - MAX_REPORTED_ERRORS
    return [*errors[:MAX_REPORTED_ERRORS], f"... and {hidden} more problems."]
