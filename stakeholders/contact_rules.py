"""The contact rules: the one place that decides whether engage may contact a person.

Every sending and list feature calls these (audiences, invitations, feedback notices), so
consent, withdrawal, do-not-contact, erasure and the fatigue cap are enforced alike
everywhere. A person may be contacted on a channel when all of these hold:

- they have not been erased and are not marked do-not-contact;
- their latest consent record for that channel gives consent (a withdrawal counts at once);
- engage holds an address for that channel (email, postal address, phone number);
- they are under the fatigue cap: fewer than ``STAKEHOLDERS_FATIGUE_CAP`` invitations in
  the last ``FATIGUE_WINDOW_DAYS`` days (no cap when the setting is 0).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from stakeholders.choices import Channel

FATIGUE_WINDOW_DAYS = 90


class Reason:
    """Why a person is left out of an audience, in the order the checks are made."""

    ERASED = "erased (data protection)"
    DO_NOT_CONTACT = "marked do not contact"
    NO_CONSENT = "no consent for this channel"
    NO_ADDRESS = "no address for this channel"
    OVER_FATIGUE_CAP = "over the fatigue cap"


def fatigue_cap() -> int:
    """The most invitations one person may get in the window; 0 means no cap."""
    return settings.STAKEHOLDERS_FATIGUE_CAP


def _has_address(channel: str) -> Q:
    if channel == Channel.EMAIL:
        return ~Q(email="")
    if channel == Channel.POST:
        return ~Q(address_line_1="") & ~Q(postcode="")
    return ~Q(phone="")


def with_recent_invitations(contacts: QuerySet) -> QuerySet:
    """Annotate ``recent_invitations``: invitations in the fatigue window, to show
    wherever invitations are chosen."""
    since = timezone.now() - timedelta(days=FATIGUE_WINDOW_DAYS)
    return contacts.annotate(
        recent_invitations=Count(
            "outreach_records", filter=Q(outreach_records__sent_at__gte=since), distinct=True
        )
    )


def exclusion_checks(channel: str) -> list[tuple[str, Q]]:
    """(reason, condition that excludes) for each rule, in order, as ORM conditions."""
    checks = [
        (Reason.ERASED, Q(erased_at__isnull=False)),
        (Reason.DO_NOT_CONTACT, Q(do_not_contact=True)),
        (Reason.NO_CONSENT, Q(**{f"{Channel(channel).value}_consent": False})),
        (Reason.NO_ADDRESS, ~_has_address(channel)),
    ]
    if fatigue_cap():
        checks.append((Reason.OVER_FATIGUE_CAP, Q(recent_invitations__gte=fatigue_cap())))
    return checks


def contactable(contacts: QuerySet, channel: str) -> QuerySet:
    """The contacts in ``contacts`` that engage may contact on ``channel`` now."""
    contacts = with_recent_invitations(contacts)
    for _reason, excluded in exclusion_checks(channel):
        contacts = contacts.exclude(excluded)
    return contacts


def exclusion_reason(contact, channel: str) -> str | None:
    """Why ``contact`` may not be contacted on ``channel`` now, or None if they may."""
    contacts = with_recent_invitations(type(contact).objects.filter(pk=contact.pk))
    for reason, excluded in exclusion_checks(channel):
        if contacts.filter(excluded).exists():
            return reason
    return None


def may_contact(contact, channel: str) -> bool:
    return exclusion_reason(contact, channel) is None
