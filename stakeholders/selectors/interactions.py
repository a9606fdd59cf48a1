"""Reads of the interaction log and of a user's follow-ups due."""

from django.db.models import QuerySet

from stakeholders.models import Contact, Interaction, Organisation


def interactions_for(
    *, user, contact: Contact | None = None, organisation: Organisation | None = None
) -> QuerySet[Interaction]:
    """The log of one contact or one organisation, newest first, if ``user`` may see it
    (an empty log otherwise)."""
    interactions = Interaction.objects.select_related("logged_by")
    if contact is not None:
        visible = Contact.objects.visible_to(user).filter(pk=contact.pk)
        return interactions.filter(contact__in=visible)
    if organisation is not None:
        visible = Organisation.objects.visible_to(user).filter(pk=organisation.pk)
        return interactions.filter(organisation__in=visible)
    raise ValueError("Ask for the log of a contact or an organisation.")


def follow_ups_due(*, user, on=None) -> list[Interaction]:
    """The user's own follow-ups due by ``on`` (today) and not done, most overdue first.

    Each carries ``contact_visible``: whether the user may still open the contact (a
    sergeant's contact may have moved out of their wards since).
    """
    due = list(
        Interaction.objects.follow_ups_due(user=user, on=on)
        .select_related("contact", "organisation")
        .order_by("follow_up_on", "occurred_on", "pk")
    )
    contact_ids = {item.contact_id for item in due if item.contact_id}
    visible = set(
        Contact.objects.visible_to(user).filter(pk__in=contact_ids).values_list("pk", flat=True)
    )
    for item in due:
        item.contact_visible = item.contact_id in visible
    return due
