"""What a sergeant's home shows: their wards' panels, what is next, what is overdue."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Min, Prefetch, Q
from django.utils import timezone

from consultations.choices import GroupKind
from consultations.models import ConsultativeGroup, GroupMembership, WardPriority
from stakeholders.models import Contact


def home_panels(*, user):
    """Ward panels the user runs (a sergeant: their wards'; planners: all), each with
    ``next_meeting``, ``last_meeting``, ``open_priorities``, ``overdue_meeting``."""
    now = timezone.now()
    return (
        ConsultativeGroup.objects.editable_by(user)
        .filter(kind=GroupKind.WARD_PANEL, active=True)
        .select_related("ward", "borough")
        .annotate(
            next_meeting=Min(
                "events__starts_at",
                filter=Q(events__starts_at__gte=now, events__cancelled=False),
            ),
            last_meeting=Max(
                "events__starts_at",
                filter=Q(events__starts_at__lt=now, events__cancelled=False),
            ),
        )
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=WardPriority.objects.open().select_related("theme").order_by("review_by"),
                to_attr="open_priorities",
            )
        )
        .order_by("ward__name", "name")
    )


def decorate(panels) -> list:
    """Add the overdue flags the page shows to each panel of a page."""
    today = timezone.localdate()
    limit = timezone.now() - timedelta(days=settings.WARD_PANEL_OVERDUE_DAYS)
    for panel in panels:
        panel.overdue_meeting = panel.last_meeting is None or panel.last_meeting < limit
        for priority in panel.open_priorities:
            priority.overdue = priority.review_by < today
        panel.overdue_priorities = sum(1 for p in panel.open_priorities if p.overdue)
    return panels


def present_choices(*, panel, user):
    """Current members of the panel the user can see, for the tick list."""
    current = GroupMembership.objects.filter(group=panel, left_on__isnull=True).values("contact_id")
    return Contact.objects.visible_to(user).filter(pk__in=current).order_by("name")


def priority_history(priority: WardPriority):
    return priority.updates.select_related("meeting").order_by("reported_on", "pk")
