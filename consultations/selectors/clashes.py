"""Clash detection (Integration: plan jointly, avoid duplication).

Another activity clashes with the one being planned when it is

- in the same borough or ward and within ``AREA_DAYS`` (7) days of it, or
- aimed at an overlapping audience (a shared consultee category or community) and within
  ``AUDIENCE_DAYS`` (14) days of it: the same fortnight.

"Within N days" compares date spans: a consultation spans ``opens_on`` to ``closes_on``
(or its opening day alone), an event its start to its end (London dates). Two spans are
within N days of each other when the gap between them is at most N days; overlapping
spans are always within. An activity's area is its wards, its boroughs and the boroughs of
its wards; an event without a ward or borough of its own takes its consultation's or
group's. A pan-London activity clashes by area only with other pan-London ones (otherwise
it would clash with everything in London); its audience still counts. Cancelled events
never clash.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from consultations.models import Consultation, Event
from core.bounds import shift_date

AREA_DAYS = 7
AUDIENCE_DAYS = 14


@dataclass(frozen=True)
class Activity:
    """What is being planned, reduced to what clash detection compares."""

    start: dt.date
    end: dt.date
    ward_ids: frozenset[int] = frozenset()
    borough_ids: frozenset[int] = frozenset()
    pan_london: bool = False
    categories: frozenset[str] = frozenset()
    community_ids: frozenset[int] = frozenset()
    exclude_consultation_id: int | None = None
    exclude_event_id: int | None = None


@dataclass(frozen=True)
class Clash:
    """One warning: the other activity, its lead, when, and why it clashes."""

    kind: str  # "consultation", "event" or "group meeting"
    title: str
    lead: str
    start: dt.date
    end: dt.date
    reasons: tuple[str, ...] = field(default_factory=tuple)
    url: str = ""

    @property
    def description(self) -> str:
        """How the clash is kept on record (ClashAcknowledgement.other_activity)."""
        return f"{self.kind.capitalize()} “{self.title}” led by {self.lead}"[:300]


def _london_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _consultation_span_q(start: dt.date, end: dt.date) -> Q:
    """Consultations whose span meets [start, end]."""
    return (
        Q(opens_on__isnull=False)
        & Q(opens_on__lte=end)
        & (Q(closes_on__gte=start) | Q(closes_on__isnull=True, opens_on__gte=start))
    )


def _event_span_q(start: dt.date, end: dt.date) -> Q:
    """Events whose London span meets [start, end]."""
    return Q(starts_at__lt=_london_midnight(shift_date(end, 1))) & Q(
        ends_at__gte=_london_midnight(start)
    )


def _consultation_area_q(activity: Activity) -> Q:
    q = Q(wards__in=activity.ward_ids) | Q(boroughs__in=activity.borough_ids)
    q |= Q(wards__borough__in=activity.borough_ids)
    if activity.pan_london:
        q |= Q(pan_london=True)
    return q


def _event_area_q(activity: Activity) -> Q:
    wards, boroughs = activity.ward_ids, activity.borough_ids
    own = Q(ward__in=wards) | Q(borough__in=boroughs) | Q(ward__borough__in=boroughs)
    inherited = (
        Q(group__ward__in=wards)
        | Q(group__borough__in=boroughs)
        | Q(consultation__wards__in=wards)
        | Q(consultation__boroughs__in=boroughs)
        | Q(consultation__wards__borough__in=boroughs)
    )
    if activity.pan_london:
        inherited |= Q(group__pan_london=True) | Q(consultation__pan_london=True)
    return own | (Q(ward__isnull=True, borough__isnull=True) & inherited)


def _audience_q(activity: Activity, prefix: str = "") -> Q | None:
    q = None
    if activity.categories:
        q = Q(**{f"{prefix}audience_categories__overlap": sorted(activity.categories)})
    if activity.community_ids:
        shared = Q(**{f"{prefix}communities__in": activity.community_ids})
        q = shared if q is None else q | shared
    return q


def _url(name, pk) -> str:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:  # the page is built by another part of the section
        return ""


def _group_lead(group) -> str:
    if group.ward_id:
        names = [str(user) for user in group.ward.sergeants.all()]
        if names:
            return ", ".join(names)
    return "no lead officer recorded"


def _windows(activity: Activity, days: int) -> tuple[dt.date, dt.date]:
    # Held at the ends of the calendar: a row stored in 9999 must not overflow the search.
    return shift_date(activity.start, -days), shift_date(activity.end, days)


def _search(activity: Activity, days: int, consultation_q, event_q):
    start, end = _windows(activity, days)
    consultations = (
        Consultation.objects.filter(_consultation_span_q(start, end) & consultation_q)
        .exclude(pk=activity.exclude_consultation_id)
        .select_related("lead_officer")
        .distinct()
    )
    events = (
        Event.objects.filter(_event_span_q(start, end) & event_q, cancelled=False)
        .exclude(pk=activity.exclude_event_id)
        .select_related("consultation__lead_officer", "group__ward")
        .prefetch_related("group__ward__sergeants")
        .distinct()
    )
    if activity.exclude_consultation_id is not None:
        events = events.exclude(consultation_id=activity.exclude_consultation_id)
    return consultations, events


def find_clashes(activity: Activity) -> list[Clash]:
    """Every other activity that clashes with ``activity``, soonest first, each once with
    all the reasons it clashes."""
    found: dict[tuple[str, int], tuple[object, list[str]]] = {}

    def add(kind, obj, reason):
        _, reasons = found.setdefault((kind, obj.pk), (obj, []))
        if reason not in reasons:
            reasons.append(reason)

    searches = []
    if activity.ward_ids or activity.borough_ids or activity.pan_london:
        searches.append(
            (
                AREA_DAYS,
                _consultation_area_q(activity),
                _event_area_q(activity),
                f"same borough or ward within {AREA_DAYS} days",
            )
        )
    consultation_audience = _audience_q(activity)
    if consultation_audience is not None:
        searches.append(
            (
                AUDIENCE_DAYS,
                consultation_audience,
                _audience_q(activity, prefix="consultation__"),
                f"overlapping audience within {AUDIENCE_DAYS} days",
            )
        )
    for days, consultation_q, event_q, reason in searches:
        consultations, events = _search(activity, days, consultation_q, event_q)
        for consultation in consultations:
            add("consultation", consultation, reason)
        for event in events:
            add("event", event, reason)
    clashes = [
        (_from_consultation if kind == "consultation" else _from_event)(obj, tuple(reasons))
        for (kind, _), (obj, reasons) in found.items()
    ]
    return sorted(clashes, key=lambda clash: (clash.start, clash.title))


def _from_consultation(consultation, reasons) -> Clash:
    return Clash(
        kind="consultation",
        title=consultation.title,
        lead=str(consultation.lead_officer),
        start=consultation.opens_on,
        end=consultation.closes_on or consultation.opens_on,
        reasons=reasons,
        url=_url("consultations:consultation-detail", consultation.pk),
    )


def _from_event(event, reasons) -> Clash:
    if event.consultation_id:
        kind, lead = "event", str(event.consultation.lead_officer)
    else:
        kind, lead = "group meeting", _group_lead(event.group)
    return Clash(
        kind=kind,
        title=event.title,
        lead=lead,
        start=timezone.localdate(event.starts_at),
        end=timezone.localdate(event.ends_at),
        reasons=reasons,
        url=_url("consultations:event-detail", event.pk),
    )


def consultation_activity(consultation: Consultation) -> Activity | None:
    """A saved consultation as an Activity, or None while it has no dates."""
    if consultation.opens_on is None:
        return None
    wards = list(consultation.wards.all())
    return Activity(
        start=consultation.opens_on,
        end=consultation.closes_on or consultation.opens_on,
        ward_ids=frozenset(ward.pk for ward in wards),
        borough_ids=frozenset(
            {borough.pk for borough in consultation.boroughs.all()}
            | {ward.borough_id for ward in wards}
        ),
        pan_london=consultation.pan_london,
        categories=frozenset(consultation.audience_categories),
        community_ids=frozenset(consultation.communities.values_list("pk", flat=True)),
        exclude_consultation_id=consultation.pk,
    )


def event_activity(event: Event) -> Activity:
    """A saved event as an Activity: its own area, else its consultation's or group's; the
    audience of its consultation. Its own consultation's other activities do not clash."""
    ward_ids, borough_ids, pan_london = set(), set(), False
    if event.ward_id or event.borough_id:
        if event.ward_id:
            ward_ids.add(event.ward_id)
            borough_ids.add(event.ward.borough_id)
        if event.borough_id:
            borough_ids.add(event.borough_id)
    elif event.consultation_id:
        wards = event.consultation.wards.all()
        ward_ids = {ward.pk for ward in wards}
        borough_ids = {ward.borough_id for ward in wards} | set(
            event.consultation.boroughs.values_list("pk", flat=True)
        )
        pan_london = event.consultation.pan_london
    elif event.group_id:
        group = event.group
        ward_ids = {group.ward_id} - {None}
        borough_ids = {group.borough_id} - {None}
        pan_london = group.pan_london
    categories, communities = frozenset(), frozenset()
    if event.consultation_id:
        categories = frozenset(event.consultation.audience_categories)
        communities = frozenset(event.consultation.communities.values_list("pk", flat=True))
    return Activity(
        start=timezone.localdate(event.starts_at),
        end=timezone.localdate(event.ends_at),
        ward_ids=frozenset(ward_ids),
        borough_ids=frozenset(borough_ids),
        pan_london=pan_london,
        categories=categories,
        community_ids=communities,
        exclude_consultation_id=event.consultation_id,
        exclude_event_id=event.pk,
    )


def consultation_clashes(consultation: Consultation) -> list[Clash]:
    activity = consultation_activity(consultation)
    return find_clashes(activity) if activity else []


def event_clashes(event: Event) -> list[Clash]:
    return find_clashes(event_activity(event))
