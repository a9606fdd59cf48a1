"""Checking one row of a file (its values, looked up and validated as the unsaved
Contact or Organisation it would create), and finding the rows that likely repeat an
existing record or an earlier row of the same file."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import connection

from areas.models import Borough, Ward
from stakeholders.choices import Channel, ConsulteeCategory, OrganisationKind
from stakeholders.models import Contact, ImportJob, Organisation
from stakeholders.selectors.duplicates import likely_duplicates_of_many, organisation_name_sql
from stakeholders.services.imports.fields import DEFAULT_PREFIX, field_label, fields_for
from stakeholders.validators import normalise_postcode

Kind = ImportJob.Kind


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


def yes_no(value: str) -> bool:
    """A yes/no cell: blank is no. Shared with the work plan import."""
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
            setattr(contact, name, yes_no(values.get(name, "")))
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
        organisation.pan_london = yes_no(values.get("pan_london", ""))
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
