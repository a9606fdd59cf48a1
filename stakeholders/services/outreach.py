"""Recording that engage invited someone: what the fatigue cap counts."""

from stakeholders.models import Contact, OutreachRecord


def outreach_record(*, contact: Contact, channel: str, description: str) -> OutreachRecord:
    """Called by the apps that send invitations, in the transaction that queues them."""
    record = OutreachRecord(contact=contact, channel=channel, description=description)
    record.full_clean()
    record.save()
    return record
