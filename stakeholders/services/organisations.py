"""Writes to organisations. Views call these; they never save organisations themselves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from stakeholders.models import Organisation

# The plain fields a user sets on an organisation (the many-to-many ones follow).
_FIELDS = (
    "name",
    "kind",
    "parent",
    "pan_london",
    "single_point_of_contact",
    "website",
    "email",
    "phone",
    "notes",
    "last_verified",
)
_RELATIONS = ("boroughs", "wards", "communities", "topics")


def _check_may_manage(acting_user):
    if not acting_user.has_perm("stakeholders.manage_contacts"):
        raise PermissionDenied("Only unit staff and administrators keep the organisations.")


def _check_single_point_of_contact(organisation, contact, *, previous_id):
    """The single point of contact is one of the organisation's own people (an existing
    choice is kept even if they have since left, until someone changes it)."""
    if contact is None or contact.pk == previous_id:
        return
    if (
        organisation.pk is None
        or not contact.memberships.filter(organisation_id=organisation.pk).exists()
    ):
        raise ValidationError(
            {"single_point_of_contact": "Choose someone who belongs to this organisation."}
        )


def _save(organisation, *, fields, relations, previous_spoc_id):
    for name, value in fields.items():
        setattr(organisation, name, value)
    _check_single_point_of_contact(
        organisation, fields.get("single_point_of_contact"), previous_id=previous_spoc_id
    )
    organisation.full_clean()
    organisation.save()
    for name, values in relations.items():
        getattr(organisation, name).set(values)
    return organisation


def _audit(organisation, acting_user, *, verb: str, fields) -> None:
    spoc = organisation.single_point_of_contact_id
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=acting_user,
        target=organisation,
        summary=f"{verb} organisation {organisation.pk}",
        detail={"fields": sorted(fields)},
        contact_ids=[spoc] if spoc else [],
    )


def _split(data):
    unknown = set(data) - set(_FIELDS) - set(_RELATIONS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {', '.join(sorted(unknown))}")
    fields = {name: data[name] for name in _FIELDS if name in data}
    relations = {name: list(data[name]) for name in _RELATIONS if name in data}
    return fields, relations


@transaction.atomic
def organisation_create(*, acting_user, **data) -> Organisation:
    """Add an organisation. ``data`` holds model field values (``boroughs``, ``wards``,
    ``communities``, ``topics`` as iterables). A new organisation has no people yet, so
    its single point of contact is chosen once someone belongs to it."""
    _check_may_manage(acting_user)
    fields, relations = _split(data)
    organisation = _save(
        Organisation(),
        fields=fields,
        relations=relations,
        previous_spoc_id=None,
    )
    _audit(organisation, acting_user, verb="Added", fields=[*fields, *relations])
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, acting_user, **data) -> Organisation:
    """Change an organisation. Its umbrella cannot be itself or one of its own members
    (Organisation.clean, backed by a check constraint for the direct case)."""
    _check_may_manage(acting_user)
    fields, relations = _split(data)
    previous = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = [name for name, value in fields.items() if getattr(previous, name) != value]
    organisation = _save(
        previous,
        fields=fields,
        relations=relations,
        previous_spoc_id=previous.single_point_of_contact_id,
    )
    _audit(organisation, acting_user, verb="Changed", fields=[*changed, *relations])
    return organisation
