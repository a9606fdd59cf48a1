"""The planning calendar: month and list views, their filters, and who may read them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.factories import WardFactory
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from core.roles import Role

pytestmark = pytest.mark.django_db

MONTH = {"year": 2031, "month": 3}


def at(day, hour=18):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def march(ward):
    consultation = ConsultationFactory(
        title="Burglary survey",
        wards=[ward],
        unit="Strategic Consultation Unit",
        audience_categories=["public"],
        opens_on=dt.date(2031, 3, 3),
        closes_on=dt.date(2031, 3, 28),
    )
    event = EventFactory(
        consultation=consultation,
        title="Public meeting",
        ward=ward,
        starts_at=at(dt.date(2031, 3, 12)),
    )
    group = ConsultativeGroupFactory(ward=WardFactory(), name="Far ward panel")
    meeting = EventFactory(
        consultation=None, group=group, title="Panel meeting", starts_at=at(dt.date(2031, 3, 20))
    )
    return consultation, event, meeting


def titles(response):
    return [item.title for item in response.context["items"]]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_month(client, users_by_role, role, march):
    client.force_login(users_by_role[role])
    response = client.get(reverse("consultations:calendar-month"), MONTH)
    assert response.status_code == 200
    # A sergeant reads nothing of other wards (docs/security.md): not the far ward's panel.
    far = [] if role == Role.NEIGHBOURHOOD_SERGEANT else ["Panel meeting"]
    assert titles(response) == ["Burglary survey", "Public meeting", *far, "Burglary survey"]
    page = response.content.decode()
    assert "Planning calendar: March 2031" in page
    assert '<th scope="col">Monday</th>' in page
    assert "February 2031" in page and "April 2031" in page  # previous and next month


def test_month_shows_opening_and_closing_days(client, unit_staff, march):
    client.force_login(unit_staff)
    response = client.get(reverse("consultations:calendar-month"), MONTH)
    consultation_items = [i for i in response.context["items"] if i.kind == "consultation"]
    assert [(i.day, i.when) for i in consultation_items] == [
        (dt.date(2031, 3, 3), "Opens"),
        (dt.date(2031, 3, 28), "Closes"),
    ]


def test_other_months_are_empty(client, unit_staff, march):
    client.force_login(unit_staff)
    response = client.get(reverse("consultations:calendar-month"), {"year": 2031, "month": 5})
    assert titles(response) == []
    assert "Nothing planned this month." in response.content.decode()


def test_filter_by_borough(client, unit_staff, march, borough):
    client.force_login(unit_staff)
    response = client.get(
        reverse("consultations:calendar-month"), {**MONTH, "borough": borough.ons_code}
    )
    assert "Panel meeting" not in titles(response)
    assert "Public meeting" in titles(response)


def test_filter_by_kind(client, unit_staff, march):
    client.force_login(unit_staff)
    url = reverse("consultations:calendar-month")
    assert titles(client.get(url, {**MONTH, "kind": "group"})) == ["Panel meeting"]
    assert titles(client.get(url, {**MONTH, "kind": "event"})) == ["Public meeting"]
    assert set(titles(client.get(url, {**MONTH, "kind": "consultation"}))) == {"Burglary survey"}


def test_filter_by_unit_and_audience(client, unit_staff, march):
    client.force_login(unit_staff)
    url = reverse("consultations:calendar-month")
    assert set(titles(client.get(url, {**MONTH, "unit": "strategic"}))) == {
        "Burglary survey",
        "Public meeting",
    }
    assert titles(client.get(url, {**MONTH, "unit": "nobody"})) == []
    assert set(titles(client.get(url, {**MONTH, "audience": "category:public"}))) == {
        "Burglary survey",
        "Public meeting",
    }
    assert titles(client.get(url, {**MONTH, "audience": "category:staff"})) == []


def test_list_is_chronological_and_paginated(client, unit_staff, ward):
    start = dt.date(2031, 1, 1)
    for day in range(55, 0, -1):
        EventFactory(
            title=f"Session {day:02d}", ward=ward, starts_at=at(start + dt.timedelta(days=day))
        )
    client.force_login(unit_staff)
    url = reverse("consultations:calendar-list")
    first = client.get(url, {"from": "2031-01-01"})
    assert titles(first) == [f"Session {day:02d}" for day in range(1, 51)]
    assert first.context["page_obj"].paginator.count == 55
    second = client.get(url, {"from": "2031-01-01", "page": 2})
    assert titles(second) == [f"Session {day:02d}" for day in range(51, 56)]


def test_list_applies_the_filters(client, unit_staff, march):
    client.force_login(unit_staff)
    response = client.get(
        reverse("consultations:calendar-list"), {"from": "2031-03-01", "kind": "group"}
    )
    assert titles(response) == ["Panel meeting"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("consultations:calendar-month", "consultations:calendar-list"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(reverse("accounts:sign-in"))
