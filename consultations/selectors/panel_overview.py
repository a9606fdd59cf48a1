"""The pan-London picture of ward panels (issue 5, point 8): open priorities by theme and
borough, and the panels without a meeting in the last quarter. Counted in the database
(GROUP BY), never by loading rows."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from consultations.choices import GroupKind
from consultations.models import ConsultativeGroup, Event, PriorityTheme, WardPriority

QUARTER_DAYS = 90


@dataclass(frozen=True)
class CrossTable:
    """Open priorities: one row per borough, one column per theme, with totals."""

    themes: list  # PriorityTheme, in their order
    rows: list  # (borough name, [count per theme], row total)
    theme_totals: list
    total: int


def open_priorities_by_theme_and_borough() -> CrossTable:
    counts = (
        WardPriority.objects.open()
        .filter(group__kind=GroupKind.WARD_PANEL)
        .values("group__ward__borough__name", "theme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    themes = list(PriorityTheme.objects.all())
    by_borough: dict[str, dict[int, int]] = {}
    for row in counts:
        by_borough.setdefault(row["group__ward__borough__name"], {})[row["theme_id"]] = row["n"]
    rows = []
    for borough in sorted(by_borough):
        cells = [by_borough[borough].get(theme.pk, 0) for theme in themes]
        rows.append((borough, cells, sum(cells)))
    theme_totals = [sum(row[1][i] for row in rows) for i in range(len(themes))]
    return CrossTable(themes, rows, theme_totals, sum(theme_totals))


def _ward_panels_with_last_meeting() -> QuerySet:
    now = timezone.now()
    return ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL, active=True).annotate(
        last_meeting=Max(
            "events__starts_at", filter=Q(events__cancelled=False, events__starts_at__lte=now)
        )
    )


def _no_meeting_since() -> Q:
    since = timezone.now() - timedelta(days=QUARTER_DAYS)
    return Q(last_meeting__isnull=True) | Q(last_meeting__lt=since)


def panels_without_recent_meeting() -> QuerySet:
    """Active ward panels with no meeting in the last quarter, by borough and ward, each
    annotated with ``last_meeting`` (None if it never met)."""
    return (
        _ward_panels_with_last_meeting()
        .filter(_no_meeting_since())
        .select_related("ward__borough")
        .order_by("ward__borough__name", "ward__name", "pk")
    )


def panels_by_borough() -> list[dict]:
    """Per borough: active ward panels, how many had no meeting in the last quarter, and
    open priorities. Figures only: no names."""
    now = timezone.now()
    last_meeting = (
        Event.objects.filter(group=OuterRef("pk"), cancelled=False, starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    panels = (
        ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL, active=True)
        .alias(last_meeting=Subquery(last_meeting))
        .values("ward__borough__name")
        .annotate(panels=Count("pk"), not_met=Count("pk", filter=_no_meeting_since()))
        .order_by()
    )
    figures = {
        row["ward__borough__name"]: {
            "panels": row["panels"],
            "not_met": row["not_met"],
            "open_priorities": 0,
        }
        for row in panels
    }
    open_counts = (
        WardPriority.objects.open()
        .filter(group__kind=GroupKind.WARD_PANEL, group__active=True)
        .values("group__ward__borough__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in open_counts:
        borough = row["group__ward__borough__name"]
        figures.setdefault(borough, {"panels": 0, "not_met": 0, "open_priorities": 0})
        figures[borough]["open_priorities"] = row["n"]
    return [{"borough": name, **figures[name]} for name in sorted(figures)]
