"""The engage fields an import can fill, for each kind of import, and the column mapping
suggested from a file's headings."""

import re
from dataclasses import dataclass

from django.utils.text import capfirst

from stakeholders.choices import Channel, ConsulteeCategory, OrganisationKind
from stakeholders.models import ImportJob

# Keys of ImportJob.mapping that are not columns: the value used for rows that leave a
# required choice empty (for example "every row is a member of the public").
DEFAULT_PREFIX = "default:"

Kind = ImportJob.Kind


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
