"""Writes to the interaction log: dated entries per contact or organisation, each with
who logged it and an optional follow-up date for the logger's own list."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from core.roles import Role
from stakeholders.models import Contact, Interaction, Organisation


def may_log_interaction(user, *, contact: Contact | None = None, organisation=None) -> bool:
    """Unit staff and administrators log against anyone; a neighbourhood sergeant logs
    only against contacts they may see (those living in their wards), not organisations."""
    if not user.is_authenticated:
        return False
    if user.has_perm("stakeholders.manage_contacts"):
        return contact is None or not contact.is_erased
    if contact is not None and organisation is None:
        return user.has_role(Role.NEIGHBOURHOOD_SERGEANT) and user.has_perm(
            "stakeholders.see_contact", contact
        )
    return False


@transaction.atomic
def interaction_log(
    *,
    contact: Contact | None = None,
    organisation: Organisation | None = None,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    follow_up_on: datetime.date | None = None,
    acting_user,
) -> Interaction:
    """Add an entry to a contact's or an organisation's log, logged by ``acting_user``.

    It happened on or before today; a follow-up is due on or after the day it happened,
    and then appears in the logger's own list of follow-ups due.
    """
    if (contact is None) == (organisation is None):
        raise ValueError("Log an interaction against a contact or an organisation.")
    if not may_log_interaction(acting_user, contact=contact, organisation=organisation):
        raise PermissionDenied("You may not log interactions here.")
    errors = {}
    if occurred_on and occurred_on > timezone.localdate():
        errors["occurred_on"] = "Log an interaction once it has happened: this date is to come."
    if follow_up_on and occurred_on and follow_up_on < occurred_on:
        errors["follow_up_on"] = "The follow-up cannot be due before the interaction happened."
    if errors:
        raise ValidationError(errors)
    interaction = Interaction(
        contact=contact,
        organisation=organisation,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        follow_up_on=follow_up_on,
        logged_by=acting_user,
    )
    interaction.full_clean()
    interaction.save()
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=acting_user,
        target=interaction,
        summary=f"Logged an interaction ({interaction.kind})",
        detail={"fields": ["interaction"], "organisation": getattr(organisation, "pk", None)},
        contact_ids=[contact.pk] if contact else [],
    )
    return interaction


@transaction.atomic
def interaction_follow_up_done(*, interaction: Interaction, acting_user) -> Interaction:
    """Mark a follow-up as done. Only the person who logged it may; doing it twice keeps
    the first time."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if interaction.logged_by_id != acting_user.pk:
        raise PermissionDenied("Only the person who logged this follow-up may mark it done.")
    if interaction.follow_up_on is None:
        raise ValidationError("This interaction has no follow-up.")
    if interaction.follow_up_done_at is None:
        interaction.follow_up_done_at = timezone.now()
        interaction.save(update_fields=["follow_up_done_at", "modified"])
    return interaction
