"""A sergeant on a phone logs a whole ward panel meeting, with two new priorities, in
one form; the pages have no serious accessibility problems."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.factories import ConsultativeGroupFactory, WardPriorityFactory
from consultations.models import (
    Attendance,
    Event,
    GroupMembership,
    HeadCount,
    MeetingSummary,
    PriorityTheme,
    WardPriority,
)
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page):
    assert serious_accessibility_violations(page) == [], page.url


def test_sergeant_logs_a_meeting_with_two_priorities_on_a_phone(phone_page, sergeant, ward):
    page = phone_page
    # Flushes between transactional tests remove the migration's themes: make our own.
    burglary = PriorityTheme.objects.get_or_create(name="Burglary")[0]
    PriorityTheme.objects.get_or_create(name="Speeding and road safety")
    panel = ConsultativeGroupFactory(ward=ward, name="Riverside ward panel")
    for name in ("Ada Member", "Ben Member"):
        contact = ContactFactory(
            name=name, consent=[Channel.EMAIL], home_ward=ward, home_borough=ward.borough
        )
        GroupMembership.objects.create(group=panel, contact=contact)
    old = WardPriorityFactory(group=panel, theme=burglary, description="Sheds broken into")
    today = timezone.localdate()
    sign_in(page, sergeant)

    page.goto(reverse("consultations:panel-home"))
    assert_accessible(page)
    page.get_by_role("link", name="Log a meeting").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.locator("#id_day").fill(today.isoformat())
    page.get_by_label("Start time").fill("19:00")
    page.get_by_label("End time").fill("20:30")
    page.get_by_label("Venue").fill("St Mary's Hall")
    page.get_by_label("Members of the public who came").fill("9")
    page.get_by_label("Ada Member").check()
    page.locator(f"#id_action_{old.pk}").fill("Patrols and crime prevention visits")
    page.locator(f"#id_outcome_{old.pk}").select_option(label="Resolved")
    page.locator(f"#id_close_{old.pk}").check()
    review = (today + timedelta(days=60)).isoformat()
    for index, (theme, description) in enumerate(
        [
            ("Burglary", "Break-ins on Mill Lane at night"),
            ("Speeding and road safety", "Speeding on the High Street at school times"),
        ]
    ):
        page.locator(f"#id_priorities-{index}-theme").select_option(label=theme)
        page.locator(f"#id_priorities-{index}-description").fill(description)
        page.locator(f"#id_priorities-{index}-review_by").fill(review)
    page.locator("#id_actions-0-description").fill("Ask the council for speed signs")
    page.locator("#id_actions-0-owner").fill("PC Lee")
    page.get_by_label("Next meeting date").fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_load_state()

    assert "logged" in page.content()
    meeting = Event.objects.filter(group=panel).order_by("starts_at").first()
    assert Attendance.objects.filter(event=meeting).count() == 1
    assert HeadCount.objects.get(event=meeting, community=None).count == 9
    assert set(WardPriority.objects.open().values_list("description", flat=True)) == {
        "Break-ins on Mill Lane at night",
        "Speeding on the High Street at school times",
    }
    old.refresh_from_db()
    assert old.outcome == "resolved"
    assert Event.objects.filter(group=panel).count() == 2
    assert MeetingSummary.objects.filter(meeting=meeting).count() == 2
