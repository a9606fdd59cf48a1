"""Writes to a ward panel's members beyond joining and leaving (those are in
consultations/services/groups.py)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from consultations.models import ConsultativeGroup, GroupMembership


@transaction.atomic
def panel_member_set_reminders(
    *, membership: GroupMembership, wants_reminders: bool, acting_user
) -> GroupMembership:
    """Record whether a member wants reminding before meetings (they asked, or stopped)."""
    if (
        not ConsultativeGroup.objects.editable_by(acting_user)
        .filter(pk=membership.group_id)
        .exists()
    ):
        raise PermissionDenied("You may not change this panel.")
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    membership.wants_reminders = wants_reminders
    membership.full_clean()
    membership.save(update_fields=["wants_reminders", "modified"])
    return membership
