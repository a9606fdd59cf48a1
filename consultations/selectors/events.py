"""Reads of events and of the standing groups that meet in them, scoped and shaped for
the pages. (The group reads live here beside the events they hold.)"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from consultations.models import BriefingMaterial, ConsultativeGroup, Event, GroupMembership
from stakeholders.models import Contact

# Events ------------------------------------------------------------------------------


def event_detail_queryset(*, user) -> QuerySet[Event]:
    """What an event page looks an event up in (everyone signed in reads events)."""
    return Event.objects.visible_to(user).select_related("consultation", "group", "borough", "ward")


def event_editable_queryset(*, user) -> QuerySet[Event]:
    """What an event's edit and upload pages look it up in: outside the user's scope, 404."""
    return Event.objects.editable_by(user).select_related("consultation", "group")


def event_materials(*, event: Event) -> QuerySet[BriefingMaterial]:
    return event.materials.order_by("title", "pk")


def material_download_queryset(*, user) -> QuerySet[BriefingMaterial]:
    """The briefing files a signed-in user may download: those of the events they read."""
    return BriefingMaterial.objects.filter(event__in=Event.objects.visible_to(user).values("pk"))


def public_upcoming_events(*, now=None) -> QuerySet[Event]:
    """What the public list shows: published, not cancelled, not yet over, soonest first."""
    now = now or timezone.now()
    return (
        Event.objects.published()
        .filter(ends_at__gte=now)
        .select_related("consultation", "group", "borough", "ward")
        .order_by("starts_at", "pk")
    )


def public_event_queryset() -> QuerySet[Event]:
    """What a public event page looks an event up in: published only (cancelled ones say
    so), else 404."""
    return Event.objects.filter(published=True).select_related(
        "consultation", "group", "borough", "ward"
    )


# Groups ------------------------------------------------------------------------------


def group_list_queryset(*, user, kind: str = "") -> QuerySet[ConsultativeGroup]:
    """Every group (none holds personal data), with how many current members it has."""
    groups = (
        ConsultativeGroup.objects.visible_to(user)
        .select_related("borough", "ward")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("name", "pk")
    )
    if kind:
        groups = groups.filter(kind=kind)
    return groups


def group_detail_queryset(*, user) -> QuerySet[ConsultativeGroup]:
    return ConsultativeGroup.objects.visible_to(user).select_related("borough", "ward")


def group_editable_queryset(*, user) -> QuerySet[ConsultativeGroup]:
    """What a group's write pages look it up in: outside the user's scope, 404."""
    return ConsultativeGroup.objects.editable_by(user).select_related("borough", "ward")


@dataclass(frozen=True)
class GroupMembers:
    """A group's current members as ``user`` may see them: the named ones are contacts the
    user may see; the others are only counted."""

    named: list[GroupMembership]
    others: int

    @property
    def total(self) -> int:
        return len(self.named) + self.others


def group_members(*, user, group: ConsultativeGroup) -> GroupMembers:
    """Names only of contacts ``user`` may see (a sergeant: those in their wards; an
    authority member: nobody); everyone else is counted, never named."""
    current = GroupMembership.objects.filter(group=group, left_on__isnull=True)
    visible = Contact.objects.visible_to(user).values("pk")
    named = list(
        current.filter(contact__in=visible)
        .select_related("contact")
        .prefetch_related("communities")
        .order_by("role", "contact__name", "pk")
    )
    others = current.exclude(contact__in=visible).count()
    return GroupMembers(named=named, others=others)


def group_events(*, group: ConsultativeGroup, now=None) -> tuple[list[Event], list[Event]]:
    """The group's meeting programme: upcoming meetings, and the last ten held."""
    now = now or timezone.now()
    events = group.events.select_related("borough", "ward")
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:10])
    return upcoming, past


def membership_candidates(*, user, group: ConsultativeGroup, query: str, limit: int = 20):
    """Contacts ``user`` may see matching ``query`` (part of a name, or a whole email
    address), who are not current members: at most ``limit`` + 1, so the page can say
    there are more. Uses the name trigram and upper(email) indexes at 100,000 contacts."""
    query = query.strip()
    if len(query) < 2:
        return Contact.objects.none()
    match = Q(name__icontains=query)
    if "@" in query:
        match |= Q(email__iexact=query)
    members = group.memberships.filter(left_on__isnull=True).values("contact_id")
    return (
        Contact.objects.visible_to(user)
        .active()
        .filter(match)
        .exclude(pk__in=members)
        .select_related("home_ward")
        .order_by("name", "pk")[: limit + 1]
    )
