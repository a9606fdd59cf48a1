"""Reads for the planning calendar (month and list views) and the iCalendar feeds.

A consultation appears on the day it opens and the day it closes; an event (a session of a
consultation) and a group meeting on the day it starts.
"""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from consultations.models import Consultation, ConsultativeGroup, Event

KIND_LABELS = {
    "consultation": "Consultation",
    "event": "Consultation event",
    "group": "Group meeting",
}


@dataclass(frozen=True)
class CalendarItem:
    day: dt.date
    kind: str  # a key of KIND_LABELS
    title: str
    url: str
    when: str  # "Opens", "Closes" or the start time
    lead: str = ""
    place: str = ""
    cancelled: bool = False
    sort_time: dt.time = dt.time.min

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def event_in_borough_q(borough) -> Q:
    """Events in ``borough``: by their own ward or borough, or, having neither, by their
    consultation's or group's scope (all of London counts for every borough)."""
    own = Q(borough=borough) | Q(ward__borough=borough)
    inherited = (
        Q(consultation__boroughs=borough)
        | Q(consultation__wards__borough=borough)
        | Q(consultation__pan_london=True)
        | Q(group__borough=borough)
        | Q(group__ward__borough=borough)
        | Q(group__pan_london=True)
    )
    return own | (Q(ward__isnull=True, borough__isnull=True) & inherited)


def _consultation_filters(consultations, filters):
    if borough := filters.get("borough"):
        consultations = consultations.filter(
            Q(pan_london=True) | Q(boroughs=borough) | Q(wards__borough=borough)
        )
    if unit := filters.get("unit"):
        consultations = consultations.filter(unit__icontains=unit)
    if audience := filters.get("audience"):
        kind, _, value = audience.partition(":")
        if kind == "category":
            consultations = consultations.filter(audience_categories__contains=[value])
        elif kind == "community" and value.isdigit():
            consultations = consultations.filter(communities=int(value))
    return consultations.distinct()


def _event_filters(events, filters):
    kind = filters.get("kind")
    if kind == "event":
        events = events.filter(consultation__isnull=False)
    elif kind == "group":
        events = events.filter(group__isnull=False)
    if borough := filters.get("borough"):
        events = events.filter(event_in_borough_q(borough))
    if unit := filters.get("unit"):
        events = events.filter(consultation__unit__icontains=unit)
    if audience := filters.get("audience"):
        category_or_community, _, value = audience.partition(":")
        if category_or_community == "category":
            events = events.filter(consultation__audience_categories__contains=[value])
        elif category_or_community == "community" and value.isdigit():
            events = events.filter(consultation__communities=int(value))
    return events.distinct()


def _event_item(event) -> CalendarItem:
    starts = timezone.localtime(event.starts_at)
    owner = event.consultation or event.group
    lead = str(event.consultation.lead_officer) if event.consultation_id else owner.name
    place = ", ".join(part for part in (event.venue_name, str(event.ward or "")) if part)
    return CalendarItem(
        day=starts.date(),
        kind="event" if event.consultation_id else "group",
        title=event.title,
        url=_event_url(event),
        when=f"{starts:%H:%M}",
        lead=lead,
        place=place or (event.borough.name if event.borough_id else ""),
        cancelled=event.cancelled,
        sort_time=starts.time(),
    )


def _event_url(event) -> str:
    from django.urls import NoReverseMatch

    try:
        return event.get_absolute_url()
    except NoReverseMatch:  # the event pages are built by another part of the section
        owner = event.consultation or event.group
        try:
            return owner.get_absolute_url()
        except NoReverseMatch:
            return ""


def calendar_items(*, user, start: dt.date, end: dt.date, filters: dict) -> list[CalendarItem]:
    """Every calendar item from ``start`` to ``end`` (inclusive) the user may see, in date
    and time order. ``filters``: borough (a Borough), unit (text), kind, audience
    ("category:<value>" or "community:<pk>")."""
    kind = filters.get("kind")
    items: list[CalendarItem] = []
    if kind in (None, "", "consultation"):
        consultations = _consultation_filters(
            Consultation.objects.visible_to(user).filter(
                Q(opens_on__range=(start, end)) | Q(closes_on__range=(start, end))
            ),
            filters,
        ).select_related("lead_officer")
        for consultation in consultations:
            for when, day in (("Opens", consultation.opens_on), ("Closes", consultation.closes_on)):
                if day and start <= day <= end:
                    items.append(
                        CalendarItem(
                            day=day,
                            kind="consultation",
                            title=consultation.title,
                            url=consultation.get_absolute_url(),
                            when=when,
                            lead=str(consultation.lead_officer),
                            place=consultation.unit,
                        )
                    )
    if kind in (None, "", "event", "group"):
        events = _event_filters(
            Event.objects.visible_to(user).filter(
                starts_at__gte=_midnight(start), starts_at__lt=_midnight(end + dt.timedelta(days=1))
            ),
            filters,
        ).select_related("consultation__lead_officer", "group", "ward__borough", "borough")
        items.extend(_event_item(event) for event in events)
    return sorted(items, key=lambda item: (item.day, item.sort_time, item.title))


def month_weeks(year: int, month: int, items: list[CalendarItem]):
    """The month as weeks (Monday first) of (date, in this month, items that day)."""
    by_day: dict[dt.date, list[CalendarItem]] = {}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = pycalendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


# The iCalendar feeds: public, so published events only --------------------------------


# How far back a feed reaches: calendar apps need what is coming, not years of history.
FEED_HISTORY = dt.timedelta(days=90)


def published_events(*, borough=None, group: ConsultativeGroup | None = None):
    """Published, not cancelled events of the last 90 days and the future, optionally of
    one borough or one group."""
    events = Event.objects.published().filter(ends_at__gte=timezone.now() - FEED_HISTORY)
    if borough is not None:
        events = events.filter(event_in_borough_q(borough)).distinct()
    if group is not None:
        events = events.filter(group=group)
    return events.select_related("consultation", "group", "ward__borough", "borough").order_by(
        "starts_at", "pk"
    )
