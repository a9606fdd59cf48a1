"""Writes to contacts: create and update, with their topics and memberships, all or nothing.

Consent is not changed here: only stakeholders.services.consent writes it. Every change is
recorded in the contact's history (django-pghistory) with the acting user, inside a web
request or not.
"""

from collections.abc import Iterable

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from stakeholders.models import Contact, Membership, Organisation, Topic
from stakeholders.models.contacts import CONTACT_DETAIL_FIELDS

# The fields a person may set on the contact form, the import, or any other caller.
EDITABLE_FIELDS = frozenset(CONTACT_DETAIL_FIELDS)
# Fields Contact.clean() may rewrite (normalised postcode and email, borough from ward).
_CLEANED_FIELDS = ("postcode", "email", "home_borough")

MembershipInput = tuple[Organisation, str]  # (organisation, the person's role in it)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable on a contact: {', '.join(sorted(unknown))}")


def _history_context(acting_user):
    """Name the acting user in the history (a web request names them already; this covers
    commands and tasks). Without one, whatever context is open is kept as it is."""
    return pghistory.context(**({"user": acting_user.pk} if acting_user is not None else {}))


def _set_memberships(contact: Contact, memberships: Iterable[MembershipInput]) -> None:
    wanted: dict[int, MembershipInput] = {}
    for organisation, role in memberships:
        if organisation.pk in wanted:
            raise ValidationError(
                {"memberships": f"{organisation} is listed more than once; list it once."}
            )
        wanted[organisation.pk] = (organisation, role or "")
    existing = {membership.organisation_id: membership for membership in contact.memberships.all()}
    for organisation_id, membership in existing.items():
        if organisation_id not in wanted:
            membership.delete()
    for organisation_id, (organisation, role) in wanted.items():
        membership = existing.get(organisation_id)
        if membership is None:
            membership = Membership(contact=contact, organisation=organisation, role=role)
            membership.full_clean()
            membership.save()
        elif membership.role != role:
            membership.role = role
            membership.full_clean()
            membership.save(update_fields=["role", "modified"])


@transaction.atomic
def contact_create(
    *,
    acting_user,
    topics: Iterable[Topic] = (),
    memberships: Iterable[MembershipInput] = (),
    **fields,
) -> Contact:
    """Add a contact with the given field values, topics and memberships.

    Raises ValidationError (keyed by field) and writes nothing if anything is invalid.
    """
    _check_fields(fields)
    with _history_context(acting_user):
        contact = Contact(**fields)
        contact.full_clean()
        contact.save()
        contact.topics.set(topics)
        _set_memberships(contact, memberships)
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=acting_user,
        target=contact,
        summary=f"Added contact {contact.pk}",
        detail={"fields": sorted(name for name, value in fields.items() if value)},
        contact_ids=[contact.pk],
    )
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    acting_user,
    topics: Iterable[Topic] | None = None,
    memberships: Iterable[MembershipInput] | None = None,
    **fields,
) -> Contact:
    """Change a contact's details; ``topics``/``memberships`` replace the current ones
    when given (None leaves them alone). All or nothing, like contact_create."""
    _check_fields(fields)
    with _history_context(acting_user):
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        changed = {name for name, value in fields.items() if getattr(contact, name) != value}
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.full_clean()
        contact.save(update_fields=sorted({*fields, *_CLEANED_FIELDS, "modified"}))
        if topics is not None:
            contact.topics.set(topics)
        if memberships is not None:
            _set_memberships(contact, memberships)
    changed |= {name for name, given in (("topics", topics), ("memberships", memberships)) if given}
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=acting_user,
        target=contact,
        summary=f"Changed contact {contact.pk}",
        detail={"fields": sorted(changed)},
        contact_ids=[contact.pk],
    )
    return contact
