"""Importing contacts and organisations from a CSV or XLSX file.

upload (``import_job_create``: size, type and content checked, headings read, a column
mapping suggested) → map columns (``import_mapping_set``) → preview (the Celery task
``stakeholders.import_preview`` runs ``import_preview_build``: every row checked with the
model validation the app uses everywhere, every likely duplicate of an existing record
found) → the user chooses rows (``import_selection_save``) → commit
(``import_commit_request`` refuses a selection holding any invalid row; the task
``stakeholders.import_commit`` runs ``import_commit_run``, which writes every chosen row
in one transaction or none at all).

Decisions a user of the import should know (the pages say them too):

- Row numbers are the rows of the spreadsheet: the heading row is row 1.
- A contact's organisation must already be in engage (matched by its exact name, ignoring
  case). An unknown name is an error on that row, never a new organisation made from a
  typing slip: import the organisations first. An organisation's umbrella works the same.
- Consent is never imported: a list does not show who agreed to what wording, so every
  imported contact starts with no consent, to be recorded on the contact afterwards.
- The uploaded file, and the rows copied from it into the preview, are deleted when the
  job is done or has failed: personal data does not linger here.

The two long steps are not one transaction each, on purpose: they write the job's
progress (``processed_rows``) every ``PROGRESS_EVERY`` rows in short transactions of their
own, so the progress bar moves. The commit checks and builds every row first, then writes
them all, and marks the job done, inside a single transaction.
"""

import csv
import io
import logging
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from uuid import uuid4

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils.text import capfirst

from areas.models import Borough, Ward
from stakeholders.choices import Channel, ConsulteeCategory, OrganisationKind
from stakeholders.models import Contact, ImportJob, Membership, Organisation
from stakeholders.selectors.duplicates import likely_duplicates_of_many, organisation_name_sql
from stakeholders.validators import normalise_postcode

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 10 * 1024 * 1024  # 10 MB
MAX_ROWS = 50_000
PROGRESS_EVERY = 50
EXTENSIONS = (".csv", ".xlsx")
# Keys of ImportJob.mapping that are not columns: the value used for rows that leave a
# required choice empty (for example "every row is a member of the public").
DEFAULT_PREFIX = "default:"

Kind = ImportJob.Kind
Status = ImportJob.Status


# --- The fields an import can fill ----------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    """One engage field a file column can be mapped to."""

    name: str
    label: str  # as it reads inside a sentence: "Row 7, postcode: ..."
    required: bool = False
    synonyms: tuple[str, ...] = ()
    help_text: str = ""
    choices: type | None = None  # a TextChoices whose value or label a cell may hold

    @property
    def title(self) -> str:
        return capfirst(self.label)

    @property
    def takes_default(self) -> bool:
        """A required choice may be given one value for rows whose cell is empty."""
        return self.required and self.choices is not None


YES_NO = "yes or no (blank means no)"
CONTACT_FIELDS = (
    ImportField("name", "name", True, ("fullname", "contactname", "contact", "person")),
    ImportField("job_title", "role or job title", False, ("jobtitle", "role", "position")),
    ImportField(
        "category",
        "consultee category",
        True,
        ("category", "consulteecategory", "consulteetype", "type"),
        choices=ConsulteeCategory,
    ),
    ImportField("email", "email address", False, ("email", "emailaddress", "mail")),
    ImportField(
        "phone",
        "phone number",
        False,
        ("phone", "telephone", "tel", "telephonenumber", "mobile", "mobilenumber", "contactnumber"),
        "A UK number, or an international one starting +.",
    ),
    ImportField(
        "address_line_1", "address line 1", False, ("address", "address1", "street", "addressline")
    ),
    ImportField("address_line_2", "address line 2", False, ("address2",)),
    ImportField("town", "town or city", False, ("town", "city", "towncity")),
    ImportField("postcode", "postcode", False, ("postalcode", "zip", "zipcode")),
    ImportField(
        "home_borough",
        "home borough",
        False,
        ("borough", "localauthority"),
        "The borough's name or its ONS code (E09…).",
    ),
    ImportField(
        "home_ward",
        "home ward",
        False,
        ("ward",),
        "The ward's name (within the home borough) or its ONS code (E05…).",
    ),
    ImportField(
        "organisation",
        "organisation",
        False,
        ("organization", "org", "organisationname", "organizationname", "group", "company"),
        "The exact name of an organisation already in engage.",
    ),
    ImportField(
        "organisation_role",
        "role in the organisation",
        False,
        ("organisationrole", "organizationrole", "roleinorganisation", "roleinorganization"),
    ),
    ImportField(
        "preferred_channel",
        "preferred channel",
        False,
        ("channel", "contactpreference", "preferredcontactmethod"),
        choices=Channel,
    ),
    ImportField("language", "preferred language", False, ("language",)),
    ImportField("needs_interpreter", "needs an interpreter", False, ("interpreter",), YES_NO),
    ImportField("needs_bsl", "needs a BSL interpreter", False, ("bsl", "needsbsl"), YES_NO),
    ImportField("needs_large_print", "needs large print", False, ("largeprint",), YES_NO),
    ImportField(
        "needs_step_free", "needs step-free access", False, ("stepfree", "stepfreeaccess"), YES_NO
    ),
    ImportField("access_notes", "other access needs", False, ("accessneeds", "accessnotes")),
    ImportField(
        "last_verified",
        "date last verified",
        False,
        ("lastverified", "verified", "dateverified"),
        "A date, like 23/11/2026.",
    ),
)
ORGANISATION_FIELDS = (
    ImportField(
        "name",
        "name",
        True,
        ("organisation", "organization", "organisationname", "organizationname", "group"),
    ),
    ImportField(
        "kind",
        "kind of organisation",
        True,
        ("kind", "type", "organisationtype", "organizationtype", "sector", "category"),
        choices=OrganisationKind,
    ),
    ImportField(
        "parent",
        "umbrella organisation",
        False,
        ("umbrella", "umbrellabody", "parent", "parentorganisation", "parentorganization"),
        "The exact name of an organisation already in engage.",
    ),
    ImportField("pan_london", "serves all of London", False, ("panlondon", "londonwide"), YES_NO),
    ImportField(
        "boroughs",
        "boroughs served",
        False,
        ("boroughs", "borough", "areasserved"),
        "Borough names or ONS codes, separated by semicolons.",
    ),
    ImportField("website", "website", False, ("web", "url", "site", "www")),
    ImportField("email", "general email address", False, ("email", "emailaddress", "mail")),
    ImportField(
        "phone", "general phone number", False, ("phone", "telephone", "tel", "phonenumber")
    ),
    ImportField("notes", "notes", False, ("note", "comments", "description")),
    ImportField(
        "last_verified",
        "date last verified",
        False,
        ("lastverified", "verified", "dateverified"),
        "A date, like 23/11/2026.",
    ),
)
FIELDS = {Kind.CONTACTS: CONTACT_FIELDS, Kind.ORGANISATIONS: ORGANISATION_FIELDS}


def fields_for(kind: str) -> tuple[ImportField, ...]:
    return FIELDS[Kind(kind)]


def field_label(kind: str, name: str) -> str:
    for import_field in fields_for(kind):
        if import_field.name == name:
            return import_field.label
    return "row" if name == "row" else name.replace("_", " ")


def _squash(text: str) -> str:
    """'E-mail ' -> 'email'; 'Post code' -> 'postcode': headings compared loosely."""
    return re.sub(r"[^a-z0-9]", "", (text or "").casefold())


def suggest_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """For each engage field, the index of the column that most likely holds it.

    A heading matches a field by its name, its label or a synonym, ignoring case, spaces
    and punctuation. Each column is suggested for one field at most.
    """
    by_heading = {}
    for index, heading in enumerate(headers):
        by_heading.setdefault(_squash(heading), index)
    mapping, used = {}, set()
    for import_field in fields_for(kind):
        names = (import_field.name, import_field.label, *import_field.synonyms)
        for candidate in map(_squash, names):
            index = by_heading.get(candidate)
            if index is not None and index not in used:
                mapping[import_field.name] = index
                used.add(index)
                break
    return mapping


# --- Reading files -------------------------------------------------------------------


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


# --- Checking one row ----------------------------------------------------------------


def _normal(text: str) -> str:
    """Names compared loosely: case, '&' for 'and', punctuation and spacing ignored."""
    text = (text or "").casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


class Lookups:
    """Boroughs, wards and organisations by the names and codes a file may use, read once
    per run so that checking a row costs no queries."""

    def __init__(self, kind: str):
        self.boroughs = {}
        for borough in Borough.objects.all():
            self.boroughs[borough.ons_code.upper()] = borough
            self.boroughs[_normal(borough.name)] = borough
            for prefix in ("london borough of ", "royal borough of "):
                if _normal(borough.name).startswith(prefix):
                    self.boroughs[_normal(borough.name).removeprefix(prefix)] = borough
        self.wards_by_code, self.wards_by_name = {}, defaultdict(list)
        if kind == Kind.CONTACTS:
            for ward in Ward.objects.select_related("borough"):
                self.wards_by_code[ward.ons_code.upper()] = ward
                self.wards_by_name[_normal(ward.name)].append(ward)
        self.organisations = defaultdict(list)
        for pk, name in Organisation.objects.values_list("pk", "name"):
            self.organisations[name.strip().casefold()].append(pk)

    def borough(self, value: str) -> Borough:
        borough = self.boroughs.get(value.strip().upper()) or self.boroughs.get(_normal(value))
        if borough is None:
            raise ValidationError(
                f"“{value}” is not a London borough. Use its name, like Camden, "
                "or its ONS code, like E09000007."
            )
        return borough

    def ward(self, value: str, borough: Borough | None) -> Ward:
        ward = self.wards_by_code.get(value.strip().upper())
        if ward is not None:
            return ward
        candidates = self.wards_by_name.get(_normal(value), [])
        if borough is not None:
            candidates = [ward for ward in candidates if ward.borough_id == borough.pk]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            where = f" in {borough.name}" if borough else ""
            raise ValidationError(
                f"There is no ward called “{value}”{where}. Use its name or its ONS code, "
                "like E05013656."
            )
        raise ValidationError(
            f"More than one borough has a ward called “{value}”. Add a home borough "
            "column, or use the ward's ONS code."
        )

    def organisation(self, value: str) -> int:
        matches = self.organisations.get(value.strip().casefold(), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(
                f"There is no organisation called “{value}” in engage. Add it (or import "
                "the organisations) first, or correct the name."
            )
        raise ValidationError(
            f"More than one organisation is called “{value}”. Merge or rename them first."
        )


def _choice(value: str, choices) -> str:
    wanted = _normal(value.replace("_", " "))
    for option_value, option_label in choices.choices:
        # "Media" will do for "Media (including ethnic and specialist media)".
        short_label = str(option_label).split("(")[0]
        names = (option_value.replace("_", " "), option_label, short_label)
        if wanted in map(_normal, names):
            return option_value
    options = ", ".join(str(label) for label in choices.labels)
    raise ValidationError(f"“{value}” is not one of the choices: {options}.")


def _yes_no(value: str) -> bool:
    answer = value.strip().casefold()
    if answer in ("", "no", "n", "false", "0", "f"):
        return False
    if answer in ("yes", "y", "true", "1", "t", "x", "✓"):
        return True
    raise ValidationError(f"Enter yes or no, not “{value}”.")


def _date(value: str) -> date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValidationError(f"“{value}” is not a date. Enter one like 23/11/2026.")


def _website(value: str) -> str:
    value = value.strip()
    return value if not value or "://" in value else f"https://{value}"


@dataclass
class RowResult:
    """One checked row: the unsaved object it would create, and what is wrong with it."""

    instance: Contact | Organisation | None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field name, message)
    organisation_id: int | None = None  # a contact's membership
    organisation_role: str = ""
    borough_ids: list[int] = field(default_factory=list)  # an organisation's boroughs


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def _model_errors(result: RowResult, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        name = "row" if name == "__all__" else name
        for message in messages:
            result.errors.append((name, message))


def check_contact_row(values: dict[str, str], lookups: Lookups, *, source: str) -> RowResult:
    """The contact this row would create, checked by Contact.full_clean() (the model
    validation every other way of adding a contact uses: phone number, postcode, email
    address, choices), with its borough, ward and organisation looked up."""
    result = RowResult(instance=None)
    contact = Contact(source=source[:200])
    plain = (
        "name",
        "job_title",
        "email",
        "phone",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "language",
        "access_notes",
    )
    for name in plain:
        setattr(contact, name, values.get(name, ""))
    # Tidied as the model's clean() would, before the length checks see them.
    contact.postcode = normalise_postcode(contact.postcode)
    contact.email = contact.email.strip()
    for name, parse, choices in (
        ("category", _choice, ConsulteeCategory),
        ("preferred_channel", _choice, Channel),
    ):
        if values.get(name):
            try:
                setattr(contact, name, parse(values[name], choices))
            except ValidationError as error:
                result.errors += [(name, message) for message in _messages(error)]
    for name in ("needs_interpreter", "needs_bsl", "needs_large_print", "needs_step_free"):
        try:
            setattr(contact, name, _yes_no(values.get(name, "")))
        except ValidationError as error:
            result.errors += [(name, message) for message in _messages(error)]
    if values.get("last_verified"):
        try:
            contact.last_verified = _date(values["last_verified"])
        except ValidationError as error:
            result.errors += [("last_verified", message) for message in _messages(error)]
    borough = None
    if values.get("home_borough"):
        try:
            borough = contact.home_borough = lookups.borough(values["home_borough"])
        except ValidationError as error:
            result.errors += [("home_borough", message) for message in _messages(error)]
    if values.get("home_ward"):
        try:
            contact.home_ward = lookups.ward(values["home_ward"], borough)
        except ValidationError as error:
            result.errors += [("home_ward", message) for message in _messages(error)]
    if values.get("organisation"):
        try:
            result.organisation_id = lookups.organisation(values["organisation"])
            result.organisation_role = values.get("organisation_role", "")[:200]
        except ValidationError as error:
            result.errors += [("organisation", message) for message in _messages(error)]
    elif values.get("organisation_role"):
        result.errors.append(
            ("organisation_role", "A role in an organisation needs the organisation too.")
        )
    _required(Kind.CONTACTS, values, result)
    already = {name for name, _ in result.errors}
    try:
        # Borough and ward were looked up above; the one check constraint concerns
        # do-not-contact, which an import never sets, and the database holds it anyway.
        contact.full_clean(
            exclude=["home_borough", "home_ward", *already],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        _model_errors(result, error)
    result.errors = _tidy(Kind.CONTACTS, result.errors)
    result.instance = contact
    return result


def check_organisation_row(values: dict[str, str], lookups: Lookups) -> RowResult:
    """The organisation this row would create, checked by Organisation.full_clean()."""
    result = RowResult(instance=None)
    organisation = Organisation(
        name=values.get("name", ""),
        email=values.get("email", ""),
        phone=values.get("phone", ""),
        notes=values.get("notes", ""),
        website=_website(values.get("website", "")),
    )
    if values.get("kind"):
        try:
            organisation.kind = _choice(values["kind"], OrganisationKind)
        except ValidationError as error:
            result.errors += [("kind", message) for message in _messages(error)]
    try:
        organisation.pan_london = _yes_no(values.get("pan_london", ""))
    except ValidationError as error:
        result.errors += [("pan_london", message) for message in _messages(error)]
    if values.get("last_verified"):
        try:
            organisation.last_verified = _date(values["last_verified"])
        except ValidationError as error:
            result.errors += [("last_verified", message) for message in _messages(error)]
    if values.get("parent"):
        try:
            organisation.parent_id = lookups.organisation(values["parent"])
        except ValidationError as error:
            result.errors += [("parent", message) for message in _messages(error)]
    for part in filter(None, (p.strip() for p in re.split(r"[;\n]", values.get("boroughs", "")))):
        try:
            result.borough_ids.append(lookups.borough(part).pk)
        except ValidationError as error:
            result.errors += [("boroughs", message) for message in _messages(error)]
    _required(Kind.ORGANISATIONS, values, result)
    already = {name for name, _ in result.errors}
    try:
        organisation.full_clean(
            exclude=["parent", *already], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        _model_errors(result, error)
    result.errors = _tidy(Kind.ORGANISATIONS, result.errors)
    result.instance = organisation
    return result


def _required(kind: str, values: dict[str, str], result: RowResult) -> None:
    for import_field in fields_for(kind):
        if import_field.required and not values.get(import_field.name, "").strip():
            result.errors.append((import_field.name, f"Enter the {import_field.label}."))


def _tidy(kind: str, errors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One error per field (the first says what to fix; "too long" after "not a postcode"
    adds nothing), in the order the fields are listed; whole-row errors last."""
    order = {f.name: index for index, f in enumerate(fields_for(kind))}
    first = {}
    for name, message in errors:
        first.setdefault(name, message)
    return sorted(first.items(), key=lambda item: order.get(item[0], len(order)))


def row_values(job: ImportJob, cells: list[str]) -> dict[str, str]:
    """The engage field values of one row, through the job's column mapping; a required
    choice left empty takes the default the user chose on the mapping page."""
    values = {}
    for import_field in fields_for(job.kind):
        index = job.mapping.get(import_field.name)
        value = cells[index].strip() if index is not None and index < len(cells) else ""
        if not value and import_field.takes_default:
            value = job.mapping.get(DEFAULT_PREFIX + import_field.name, "")
        if value:
            values[import_field.name] = value
    return values


def check_row(job: ImportJob, values: dict[str, str], lookups: Lookups) -> RowResult:
    if job.kind == Kind.CONTACTS:
        return check_contact_row(values, lookups, source=f"Import: {job.original_name}")
    return check_organisation_row(values, lookups)


def error_text(kind: str, row: int, name: str, message: str) -> str:
    """'Row 7, postcode: Enter a UK postcode, like SW1A 1AA.'"""
    if name == "row":
        return f"Row {row}: {message}"
    return f"Row {row}, {field_label(kind, name)}: {message}"


# --- Likely duplicates ---------------------------------------------------------------


def _contact_reasons(existing: Contact, row: Contact) -> str:
    """Why an existing contact was found for a row, in the duplicate review's words."""
    reasons = []
    if row.email and existing.email.strip().casefold() == row.email.strip().casefold():
        reasons.append("same email address")
    if row.phone and existing.phone == row.phone:
        reasons.append("same phone number")
    if row.postcode and existing.postcode == row.postcode:
        reasons.append("similar name, same postcode")
    return "; ".join(reasons) or "similar name, same organisation"


ORGANISATION_LOOKALIKES_SQL = """
WITH r (position, norm, email) AS (
    SELECT position, {row_name}, lower(btrim(email))
    FROM unnest(%s::int[], %s::text[], %s::text[]) AS r(position, name, email)
)
SELECT r.position, o.id, 'same name' FROM r JOIN {organisation} o ON {name} = r.norm
WHERE r.norm <> ''
UNION
SELECT r.position, o.id, 'same email address' FROM r
JOIN {organisation} o ON lower(btrim(o.email)) = r.email
WHERE r.email <> ''
ORDER BY 1, 2
"""


def _organisation_lookalikes(instances: list[Organisation]) -> list[list[dict]]:
    """Existing organisations with the same name, once case, punctuation and common words
    ("the", "ltd", "group" ...) are set aside as the duplicate review does, or the same
    general email address. One query for the whole file."""
    sql = ORGANISATION_LOOKALIKES_SQL.format(
        row_name=organisation_name_sql("name"),
        name=organisation_name_sql("o.name"),
        organisation=connection.ops.quote_name(Organisation._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                list(range(len(instances))),
                [instance.name for instance in instances],
                [instance.email for instance in instances],
            ],
        )
        found = cursor.fetchall()
    names = Organisation.objects.in_bulk({pk for _, pk, _ in found})
    reasons = defaultdict(list)
    for position, pk, reason in found:
        reasons[(position, pk)].append(reason)
    matches = [[] for _ in instances]
    for (position, pk), why in reasons.items():
        if pk in names:
            matches[position].append({"id": pk, "name": names[pk].name, "reason": "; ".join(why)})
    return matches


def _likely_duplicates(job: ImportJob, entries: list[dict], results: list[RowResult]):
    """For each row, the existing records it likely repeats, as ``{"id", "name",
    "reason"}``: for contacts by the duplicate review's own rules
    (stakeholders.selectors.duplicates), in one look-up for the whole file."""
    if job.kind == Kind.ORGANISATIONS:
        return _organisation_lookalikes([result.instance for result in results])
    found = likely_duplicates_of_many([entry["values"] for entry in entries], user=job.created_by)
    return [
        [
            {"id": c.pk, "name": c.name, "reason": _contact_reasons(c, result.instance)}
            for c in contacts
        ]
        for contacts, result in zip(found, results, strict=True)
    ]


def _repeats_in_file(kind: str, rows: list[dict], results: list[RowResult]) -> None:
    """Mark a row that repeats an earlier row of the same file (same email address for
    contacts, same name for organisations)."""
    first_row = {}
    for entry, result in zip(rows, results, strict=True):
        instance = result.instance
        if kind == Kind.CONTACTS:
            key = ("email", (instance.email or "").strip().casefold())
            reason = "same email address"
        else:
            key = ("name", _normal(instance.name))
            reason = "same name"
        if not key[1]:
            continue
        if key in first_row:
            entry["duplicates"].append({"row": first_row[key], "reason": reason})
        else:
            first_row[key] = entry["row"]


# --- Services ------------------------------------------------------------------------


def _check_may_import(acting_user) -> None:
    if acting_user is None or not acting_user.has_perm("stakeholders.manage_contacts"):
        raise PermissionDenied("Only unit staff and administrators import into engage.")


def _progress(job: ImportJob, processed: int) -> None:
    """Move the progress bar: a short transaction of its own, outside any other."""
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed)
    job.processed_rows = processed


def _dispatch(task_name: str, job: ImportJob) -> None:
    # Imported here: the tasks module imports this one.
    from stakeholders import tasks

    getattr(tasks, task_name).delay_on_commit(job.pk)


@transaction.atomic
def import_job_create(*, kind: str, uploaded_file, acting_user) -> ImportJob:
    """Store an uploaded file as a new import job, once its size, type and content have
    been checked, with its headings read and a column mapping suggested.

    Raises ValidationError({"file": ...}) for a file that cannot be imported.
    """
    _check_may_import(acting_user)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose contacts or organisations."})
    name = PurePath(uploaded_file.name or "").name
    if uploaded_file.size > MAX_FILE_SIZE:
        raise _file_error(
            f"This file is {uploaded_file.size / 1024 / 1024:.1f} MB; the most engage takes "
            f"is {MAX_FILE_SIZE // 1024 // 1024} MB. Split it into smaller files."
        )
    uploaded_file.seek(0)
    content = uploaded_file.read()
    table = read_table(content, name)
    job = ImportJob(
        kind=kind,
        original_name=name[:255],
        headers=table.headers,
        mapping=suggest_mapping(kind, table.headers),
        total_rows=len(table.rows),
        created_by=acting_user,
    )
    # A random file name: the original may itself say something about people.
    job.file.save(f"{uuid4().hex}{PurePath(name).suffix.lower()}", ContentFile(content), save=False)
    job.full_clean(exclude=["headers", "mapping", "preview", "selected_rows", "result"])
    job.save()
    return job


@transaction.atomic
def import_mapping_set(*, job: ImportJob, mapping: dict, acting_user) -> ImportJob:
    """Save which column holds which engage field and start checking every row.

    ``mapping``: engage field name → column index, plus ``"default:<field>"`` → a choice
    value for a required choice (category, kind) whose cell is empty or has no column.
    """
    _check_may_import(acting_user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (Status.UPLOADED, Status.PREVIEWED):
        raise ValidationError("This import is already under way or finished.")
    clean, errors = {}, {}
    for import_field in fields_for(job.kind):
        index = mapping.get(import_field.name)
        if index not in (None, ""):
            try:
                index = int(index)
            except (TypeError, ValueError):
                index = -1
            if not 0 <= index < len(job.headers):
                errors[import_field.name] = "Choose one of the file's columns."
                continue
            clean[import_field.name] = index
        if import_field.takes_default:
            default = mapping.get(DEFAULT_PREFIX + import_field.name) or ""
            if default and default not in import_field.choices.values:
                errors[import_field.name] = "Choose one of the listed values."
            elif default:
                clean[DEFAULT_PREFIX + import_field.name] = default
        if import_field.required and import_field.name not in clean:
            if import_field.takes_default and clean.get(DEFAULT_PREFIX + import_field.name):
                continue
            errors.setdefault(
                import_field.name,
                f"Choose the column that holds the {import_field.label}"
                + (", or a value for every row." if import_field.takes_default else "."),
            )
    if errors:
        raise ValidationError(errors)
    job.mapping = clean
    job.status = Status.PREVIEWING
    job.processed_rows = 0
    job.preview = []
    job.selected_rows = []
    job.failure = ""
    job.save(
        update_fields=[
            "mapping",
            "status",
            "processed_rows",
            "preview",
            "selected_rows",
            "failure",
            "modified",
        ]
    )
    _dispatch("import_preview", job)
    return job


def _read_job_file(job: ImportJob) -> Table:
    with job.file.open("rb") as handle:
        content = handle.read()
    return read_table(content, job.file.name)


def import_preview_build(*, job: ImportJob) -> ImportJob:
    """Check every row of the file and look for likely duplicates; store the result as the
    job's preview and choose, to start with, the valid rows that duplicate nothing.

    Not one transaction: progress is written as it goes (see the module notes).
    """
    if job.status != Status.PREVIEWING:
        return job
    try:
        table = _read_job_file(job)
    except (ValidationError, OSError, ValueError) as error:
        message = "; ".join(_messages(error)) if isinstance(error, ValidationError) else ""
        return import_job_fail(job=job, reason=message or "The uploaded file could not be read.")
    lookups = Lookups(job.kind)
    job.total_rows = len(table.rows)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows, processed_rows=0)
    entries, results = [], []
    for done, (number, cells) in enumerate(table.rows, start=1):
        values = row_values(job, cells)
        result = check_row(job, values, lookups)
        entries.append(
            {
                "row": number,
                "values": values,
                "errors": [
                    {
                        "field": name,
                        "label": field_label(job.kind, name),
                        "message": message,
                        "text": error_text(job.kind, number, name, message),
                    }
                    for name, message in result.errors
                ],
                "duplicates": [],
            }
        )
        results.append(result)
        if done % PROGRESS_EVERY == 0:
            _progress(job, done)
    for entry, matches in zip(entries, _likely_duplicates(job, entries, results), strict=True):
        entry["duplicates"].extend(matches)
    _repeats_in_file(job.kind, entries, results)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.PREVIEWING:
            return locked  # someone changed the mapping meanwhile; that run wins
        locked.preview = entries
        locked.selected_rows = [
            e["row"] for e in entries if not e["errors"] and not e["duplicates"]
        ]
        locked.processed_rows = locked.total_rows = len(entries)
        locked.status = Status.PREVIEWED
        locked.save(
            update_fields=[
                "preview",
                "selected_rows",
                "processed_rows",
                "total_rows",
                "status",
                "modified",
            ]
        )
    return locked


def _preview_rows(job: ImportJob) -> dict[int, dict]:
    return {entry["row"]: entry for entry in job.preview}


def rows_text(rows) -> str:
    rows = sorted(rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"


@transaction.atomic
def import_selection_save(*, job: ImportJob, rows, acting_user) -> ImportJob:
    """Remember which rows the user chose (ticks survive paging through the preview)."""
    _check_may_import(acting_user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.PREVIEWED:
        raise ValidationError("Rows can be chosen only once every row has been checked.")
    known = _preview_rows(job)
    unknown = set(rows) - set(known)
    if unknown:
        raise ValidationError(f"The file has no {rows_text(unknown)}.")
    job.selected_rows = sorted(set(rows))
    job.save(update_fields=["selected_rows", "modified"])
    return job


@transaction.atomic
def import_commit_request(*, job: ImportJob, rows, acting_user) -> ImportJob:
    """Start importing the chosen rows. Refused, with nothing written, if there are none
    or if any chosen row has an error: every chosen row is imported, or none is."""
    job = import_selection_save(job=job, rows=rows, acting_user=acting_user)
    if not job.selected_rows:
        raise ValidationError("Choose at least one row to import.")
    known = _preview_rows(job)
    invalid = [row for row in job.selected_rows if known[row]["errors"]]
    if invalid:
        raise ValidationError(
            f"Nothing was imported: {rows_text(invalid)} "
            f"{'has errors' if len(invalid) == 1 else 'have errors'}. Correct the file and "
            "upload it again, or untick those rows."
        )
    job.status = Status.IMPORTING
    job.processed_rows = 0
    job.failure = ""
    job.save(update_fields=["status", "processed_rows", "failure", "modified"])
    _dispatch("import_commit", job)
    return job


def _create_contacts(job: ImportJob, results: list[RowResult]) -> int:
    contacts = Contact.objects.bulk_create([result.instance for result in results])
    memberships = [
        Membership(
            contact=contact,
            organisation_id=result.organisation_id,
            role=result.organisation_role,
        )
        for contact, result in zip(contacts, results, strict=True)
        if result.organisation_id
    ]
    Membership.objects.bulk_create(memberships)
    return len(contacts)


def _create_organisations(job: ImportJob, results: list[RowResult]) -> int:
    organisations = Organisation.objects.bulk_create([result.instance for result in results])
    through = Organisation.boroughs.through
    through.objects.bulk_create(
        [
            through(organisation_id=organisation.pk, borough_id=borough_id)
            for organisation, result in zip(organisations, results, strict=True)
            for borough_id in dict.fromkeys(result.borough_ids)
        ]
    )
    return len(organisations)


def import_commit_run(*, job: ImportJob) -> ImportJob:
    """Write every chosen row, in one transaction, and mark the job done in it too; or,
    if any chosen row no longer passes its checks (say an organisation was deleted since
    the preview), write nothing and send the job back to its preview with the errors.

    Every row is checked again first (the progress bar shows this), then all are written.
    """
    if job.status != Status.IMPORTING:
        return job
    lookups = Lookups(job.kind)
    chosen = set(job.selected_rows)
    results, invalid = [], {}
    for done, entry in enumerate(job.preview, start=1):
        if entry["row"] in chosen:
            result = check_row(job, entry["values"], lookups)
            if result.errors:
                invalid[entry["row"]] = result.errors
            results.append(result)
        if done % PROGRESS_EVERY == 0:
            _progress(job, done)
    if invalid:
        return _back_to_preview(job, invalid)
    with transaction.atomic(), pghistory.context(user=job.created_by_id, import_job=job.pk):
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.IMPORTING:
            return locked  # another worker got here first
        if job.kind == Kind.CONTACTS:
            created = _create_contacts(locked, results)
        else:
            created = _create_organisations(locked, results)
        locked.status = Status.DONE
        locked.processed_rows = locked.total_rows
        locked.result = {
            "created": created,
            "left_out": locked.total_rows - created,
        }
        locked.preview = []  # personal data: the records now hold it, the job need not
        locked.selected_rows = []
        locked.save(
            update_fields=[
                "status",
                "processed_rows",
                "result",
                "preview",
                "selected_rows",
                "modified",
            ]
        )
        transaction.on_commit(lambda: _delete_file(locked))
    return locked


def _back_to_preview(job: ImportJob, invalid: dict[int, list]) -> ImportJob:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.IMPORTING:
            return locked
        for entry in locked.preview:
            if entry["row"] in invalid:
                entry["errors"] = [
                    {
                        "field": name,
                        "label": field_label(locked.kind, name),
                        "message": message,
                        "text": error_text(locked.kind, entry["row"], name, message),
                    }
                    for name, message in invalid[entry["row"]]
                ]
        locked.status = Status.PREVIEWED
        locked.processed_rows = locked.total_rows
        locked.failure = (
            f"Nothing was imported: {rows_text(invalid)} no longer "
            f"{'passes its' if len(invalid) == 1 else 'pass their'} checks (something in "
            "engage changed since the preview). See the errors below."
        )
        locked.save(update_fields=["preview", "status", "processed_rows", "failure", "modified"])
    return locked


def _delete_file(job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def import_job_fail(*, job: ImportJob, reason: str) -> ImportJob:
    """Mark a job failed, say why, and delete its file and the rows copied from it."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or locked.status == Status.DONE:
            return locked or job
        locked.status = Status.FAILED
        locked.failure = reason
        locked.preview = []
        locked.selected_rows = []
        locked.save(update_fields=["status", "failure", "preview", "selected_rows", "modified"])
        transaction.on_commit(lambda: _delete_file(locked))
    return locked
