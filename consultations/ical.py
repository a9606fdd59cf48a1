"""iCalendar feeds of published events, built with the ``icalendar`` package.

Feeds are public: they carry only what the public event list shows (no personal data).
Times are in UTC; each event's UID is stable, so calendar apps update rather than
duplicate an event when it changes.
"""

import datetime as dt

from icalendar import Calendar
from icalendar import Event as ICalEvent

PRODID = "-//engage//Consultation and engagement events//EN"


def event_uid(event) -> str:
    return f"event-{event.pk}@engage"


def _description(event) -> str:
    parts = []
    if event.consultation_id:
        consultation = event.consultation
        parts.append(f"Why it is happening: {consultation.why}")
        parts.append(f"What you can influence: {consultation.can_influence}")
        if consultation.already_fixed:
            parts.append(f"What is already decided: {consultation.already_fixed}")
    elif event.group_id:
        parts.append(f"A meeting of {event.group.name}.")
        if event.group.description:
            parts.append(event.group.description)
    access = [
        label
        for label, offered in (
            ("step-free access", event.step_free),
            ("hearing loop", event.hearing_loop),
        )
        if offered
    ]
    if event.interpreters:
        access.append(f"interpreters: {event.interpreters}")
    if access:
        parts.append(f"Access: {', '.join(access)}.")
    if event.access_notes:
        parts.append(event.access_notes)
    if event.online_link:
        parts.append(f"Join online: {event.online_link}")
    return "\n\n".join(parts)


def _location(event) -> str:
    parts = [event.venue_name, event.venue_address]
    if not event.venue_address:
        if event.ward_id:
            parts.append(str(event.ward))
        elif event.borough_id:
            parts.append(event.borough.name)
    location = ", ".join(part for part in parts if part)
    return location or ("Online" if event.online_link else "")


def build_calendar(events, *, name: str, url: str) -> bytes:
    """An iCalendar (RFC 5545) document of ``events``; ``url`` is the public event list."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = dt.datetime.now(tz=dt.UTC)
    for event in events:
        entry = ICalEvent()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", stamp)
        entry.add("last-modified", event.modified.astimezone(dt.UTC))
        entry.add("dtstart", event.starts_at.astimezone(dt.UTC))
        entry.add("dtend", event.ends_at.astimezone(dt.UTC))
        entry.add("summary", event.title)
        location = _location(event)
        if location:
            entry.add("location", location)
        entry.add("description", _description(event))
        entry.add("url", url)
        calendar.add_component(entry)
    return calendar.to_ical()
