"""Reads for invitations and attendance, already scoped: a person's name is shown only
to users who may see that contact (``Contact.objects.visible_to``)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from consultations.choices import InvitationStatus
from consultations.models import Attendance, Event, HeadCount, Invitation
from core.small_counts import suppress
from stakeholders.models import Audience, Community, Contact


def invitation_list(*, event: Event, user, status: str = "") -> QuerySet:
    """The event's invitations of contacts the user may see, by name."""
    invitations = Invitation.objects.filter(
        event=event, contact__in=Contact.objects.visible_to(user)
    ).select_related("contact")
    if status:
        invitations = invitations.filter(status=status)
    return invitations.order_by("contact__name", "pk")


def invitation_counts(*, event: Event) -> dict[str, int]:
    """How many of the event's invitations are in each state (every state named), and
    ``total``. Counts only: nothing about who."""
    counts = dict.fromkeys(InvitationStatus.values, 0)
    rows = Invitation.objects.filter(event=event).values("status").annotate(n=Count("pk"))
    for row in rows.order_by():
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[status] for status in InvitationStatus.values)
    return counts


def audiences_for_invitations() -> QuerySet:
    return Audience.objects.order_by("name", "pk")


@dataclass
class AttendanceSheet:
    """The attendance page: invited people the user may see (with whether they came),
    walk-ins the user may see, and how many are hidden from them."""

    invited: list
    walk_ins: list
    hidden: int
    attended_ids: set = field(default_factory=set)


def attendance_sheet(*, event: Event, user) -> AttendanceSheet:
    visible = Contact.objects.visible_to(user)
    invitations = Invitation.objects.filter(event=event)
    invited = list(
        invitations.filter(contact__in=visible)
        .select_related("contact")
        .order_by("contact__name", "pk")
    )
    attendances = Attendance.objects.filter(event=event)
    attended_ids = set(attendances.filter(contact__in=visible).values_list("contact_id", flat=True))
    invited_ids = {invitation.contact_id for invitation in invited}
    walk_ins = list(
        attendances.filter(contact__in=visible)
        .exclude(contact_id__in=invited_ids)
        .select_related("contact")
        .order_by("contact__name", "pk")
    )
    hidden = (
        invitations.exclude(contact__in=visible).count()
        + attendances.exclude(contact__in=visible)
        .exclude(contact__in=invitations.values("contact_id"))
        .count()
    )
    return AttendanceSheet(
        invited=invited, walk_ins=walk_ins, hidden=hidden, attended_ids=attended_ids
    )


def walk_in_candidates(*, event: Event, user, query: str, limit: int = 20) -> QuerySet:
    """Contacts the user may see whose name contains ``query`` or whose email address is
    ``query``, not yet recorded as attending, by name."""
    query = query.strip()
    if len(query) < 2:
        return Contact.objects.none()
    return (
        Contact.objects.visible_to(user)
        .active()
        .filter(Q(name__icontains=query) | Q(email__iexact=query))
        .exclude(attendances__event=event)
        .select_related("home_ward", "home_borough")
        .order_by("name", "pk")[:limit]
    )


@dataclass(frozen=True)
class AttendanceSummary:
    invitations: dict
    attended: int
    walk_ins: int
    head_count: int | None
    community_counts: list[tuple[str, str]]  # (community, count as shown)


def attendance_summary(*, event: Event) -> AttendanceSummary:
    """Counts only (no names): safe for anyone who may read the event. The head counts
    by community are counts of people by special category data: suppressed against the
    total head count as the equality report is (``core.small_counts``)."""
    attendances = Attendance.objects.filter(event=event).aggregate(
        attended=Count("pk"), walk_ins=Count("pk", filter=Q(walk_in=True))
    )
    counts = list(HeadCount.objects.filter(event=event).select_related("community"))
    total = next((count.count for count in counts if count.community_id is None), None)
    by_community = sorted(
        (count for count in counts if count.community_id is not None),
        key=lambda count: count.community.name,
    )
    shown, _ = suppress([count.count for count in by_community], total or 0)
    return AttendanceSummary(
        invitations=invitation_counts(event=event),
        attended=attendances["attended"],
        walk_ins=attendances["walk_ins"],
        head_count=total,
        community_counts=[
            (count.community.name, text) for count, text in zip(by_community, shown, strict=True)
        ],
    )


def head_counts(*, event: Event) -> tuple[int | None, dict[int, int]]:
    """(the total, or None; {community id: count})."""
    total, by_community = None, {}
    for count in HeadCount.objects.filter(event=event):
        if count.community_id is None:
            total = count.count
        else:
            by_community[count.community_id] = count.count
    return total, by_community


def communities() -> QuerySet:
    return Community.objects.order_by("strand", "name")
