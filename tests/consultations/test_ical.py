"""The public iCalendar feeds: they parse, and hold published events only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from areas.factories import WardFactory
from consultations.choices import ConsultationStatus
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory

pytestmark = pytest.mark.django_db


def at(day, hour=18):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT"))


@pytest.fixture
def events(ward):
    consultation = ConsultationFactory(
        why="Deciding next year's priorities.",
        can_influence="Which streets are patrolled.",
        status=ConsultationStatus.PLANNED,
    )
    published = EventFactory(
        consultation=consultation,
        title="Published meeting",
        ward=ward,
        published=True,
        starts_at=at(dt.date(2031, 7, 1)),
        venue_name="Town Hall",
    )
    EventFactory(title="Unpublished meeting", ward=ward, published=False)
    EventFactory(title="Cancelled meeting", ward=ward, published=True, cancelled=True)
    EventFactory(
        title="Draft consultation meeting",
        consultation=ConsultationFactory(status=ConsultationStatus.DRAFT),
        ward=ward,
        published=True,
    )
    elsewhere = EventFactory(title="Elsewhere meeting", ward=WardFactory(), published=True)
    group = ConsultativeGroupFactory(ward=ward)
    panel = EventFactory(consultation=None, group=group, title="Panel meeting", published=True)
    return {"published": published, "elsewhere": elsewhere, "panel": panel, "group": group}


def test_all_feed_parses_and_holds_published_events_only(client, events):
    calendar = feed(client, reverse("consultations:ical-all"))
    assert summaries(calendar) == ["Elsewhere meeting", "Panel meeting", "Published meeting"]


def test_feed_entry_carries_time_place_why_and_what_can_be_influenced(client, events):
    calendar = feed(client, reverse("consultations:ical-all"))
    (entry,) = [c for c in calendar.walk("VEVENT") if c["SUMMARY"] == "Published meeting"]
    event = events["published"]
    assert entry["UID"] == f"event-{event.pk}@engage"
    assert entry.decoded("DTSTART") == event.starts_at
    assert entry.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert entry.decoded("DTEND") == event.ends_at
    assert "Town Hall" in str(entry["LOCATION"])
    assert "Deciding next year's priorities." in str(entry["DESCRIPTION"])
    assert "Which streets are patrolled." in str(entry["DESCRIPTION"])
    assert str(entry["URL"]).endswith(reverse("consultations:public-event-list"))


def test_uid_is_stable_between_fetches(client, events):
    url = reverse("consultations:ical-all")
    first = [str(c["UID"]) for c in feed(client, url).walk("VEVENT")]
    second = [str(c["UID"]) for c in feed(client, url).walk("VEVENT")]
    assert first == second


def test_borough_feed_holds_that_boroughs_published_events(client, events, borough):
    calendar = feed(client, reverse("consultations:ical-borough", args=[borough.ons_code]))
    assert summaries(calendar) == ["Panel meeting", "Published meeting"]


def test_unknown_borough_is_not_found(client, events):
    assert client.get(reverse("consultations:ical-borough", args=["E09999999"])).status_code == 404


def test_group_feed_holds_that_groups_meetings(client, events):
    calendar = feed(client, reverse("consultations:ical-group", args=[events["group"].pk]))
    assert summaries(calendar) == ["Panel meeting"]


def test_unknown_group_is_not_found(client, events):
    assert client.get(reverse("consultations:ical-group", args=[999999])).status_code == 404


def test_feeds_need_no_account(client, events, authority_member):
    # Signed out (above) and signed in as any role alike.
    client.force_login(authority_member)
    assert client.get(reverse("consultations:ical-all")).status_code == 200


def test_feeds_leave_out_events_long_past(client, events, ward):
    long_ago = timezone.now() - dt.timedelta(days=365)
    EventFactory(
        title="Last year's meeting",
        ward=ward,
        published=True,
        starts_at=long_ago,
        ends_at=long_ago + dt.timedelta(hours=2),
    )
    calendar = feed(client, reverse("consultations:ical-all"))
    assert "Last year's meeting" not in summaries(calendar)
