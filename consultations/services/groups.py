"""Writes to the standing consultative groups and their members. Views call these."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from consultations.models import ConsultativeGroup, GroupMembership
from consultations.models.scope import is_planner, is_sergeant
from stakeholders.models import Contact

# The fields a user sets on a group.
GROUP_FIELDS = (
    "name",
    "kind",
    "pan_london",
    "borough",
    "ward",
    "description",
    "meets_every_days",
    "active",
)


def _check_may_change(group: ConsultativeGroup, acting_user) -> None:
    if not ConsultativeGroup.objects.editable_by(acting_user).filter(pk=group.pk).exists():
        raise PermissionDenied("You may not change this group.")


def _check_within_scope(group: ConsultativeGroup, acting_user) -> None:
    """A planner may place a group anywhere; a sergeant only in one of their own wards."""
    if is_planner(acting_user):
        return
    if not is_sergeant(acting_user):
        raise PermissionDenied("Only planners keep the consultative groups.")
    if group.pan_london or not group.ward_id:
        raise ValidationError({"ward": "Choose one of your own wards: you keep their groups."})
    if not acting_user.wards.filter(pk=group.ward_id).exists():
        raise ValidationError({"ward": "This is not one of your wards: choose one of yours."})


def _save(group: ConsultativeGroup, data: dict, acting_user) -> ConsultativeGroup:
    unknown = set(data) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown group fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(group, name, value)
    group.full_clean()
    _check_within_scope(group, acting_user)
    group.save()
    return group


@transaction.atomic
def group_create(*, acting_user, **data) -> ConsultativeGroup:
    """Add a standing group. A ward panel needs its ward (ConsultativeGroup.clean)."""
    return _save(ConsultativeGroup(), data, acting_user)


@transaction.atomic
def group_update(*, group: ConsultativeGroup, acting_user, **data) -> ConsultativeGroup:
    """Change a group the user may change; a sergeant cannot move it out of their wards."""
    _check_may_change(group, acting_user)
    current = ConsultativeGroup.objects.select_for_update().get(pk=group.pk)
    return _save(current, data, acting_user)


@transaction.atomic
def group_member_add(
    *,
    group: ConsultativeGroup,
    contact: Contact,
    acting_user,
    role: str,
    joined_on: date | None = None,
    communities=(),
) -> GroupMembership:
    """Add a contact the user may see to a group they may change, with their role and the
    communities they bring. Someone already a current member is not added twice."""
    _check_may_change(group, acting_user)
    if not Contact.objects.visible_to(acting_user).active().filter(pk=contact.pk).exists():
        raise ValidationError({"contact": "Choose someone from the search results."})
    if group.memberships.filter(contact=contact, left_on__isnull=True).exists():
        raise ValidationError({"contact": f"{contact.name} is already a member of this group."})
    membership = GroupMembership(group=group, contact=contact, role=role, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    membership.communities.set(communities)
    return membership


@transaction.atomic
def group_member_leave(
    *, membership: GroupMembership, acting_user, left_on: date | None = None
) -> GroupMembership:
    """Record that a member has left (today unless said otherwise). Their past membership
    is kept."""
    _check_may_change(membership.group, acting_user)
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError("This member has already left the group.")
    membership.left_on = left_on or timezone.localdate()
    if membership.joined_on and membership.left_on < membership.joined_on:
        raise ValidationError({"left_on": "A member cannot leave before they joined."})
    membership.full_clean()
    membership.save(update_fields=["left_on", "modified"])
    return membership
