"""Recording consent and its withdrawal. The only writer of Contact.<channel>_consent."""

from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from stakeholders.choices import Channel
from stakeholders.models import ConsentRecord, Contact


@transaction.atomic
def consent_record(
    *,
    contact: Contact,
    channel: str,
    granted: bool,
    method: str,
    wording_version: str = "",
    note: str = "",
    acting_user,
) -> ConsentRecord:
    """Add a consent statement (or withdrawal) and make it the contact's current one.

    A withdrawal takes effect at once: the contact rules read the current flag, which is
    updated in the same transaction as the log.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    record = ConsentRecord(
        contact=contact,
        channel=Channel(channel),
        granted=granted,
        method=method,
        wording_version=wording_version,
        note=note,
        recorded_by=acting_user,
    )
    record.full_clean()
    record.save()
    setattr(contact, f"{record.channel}_consent", granted)
    contact.save(update_fields=[f"{record.channel}_consent", "modified"])
    audit_record(
        action=Action.CONSENT_CHANGE,
        actor=acting_user,
        target=record,
        summary=f"{record.channel} consent {'given' if granted else 'withdrawn'}",
        detail={"channel": record.channel, "granted": granted, "method": method},
        contact_ids=[contact.pk],
    )
    return record


def current_consent(contact: Contact) -> dict[str, ConsentRecord | None]:
    """The latest record for each channel (None where nothing was ever recorded)."""
    latest = {}
    for record in contact.consent_records.all():  # newest first (Meta.ordering)
        latest.setdefault(record.channel, record)
    return {channel: latest.get(channel) for channel in Channel.values}
