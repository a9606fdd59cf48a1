"""Planning in a real browser: plan a consultation, see the clash warning and go ahead
with a reason, invite an audience to one of its events, and record who came."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.choices import ConsultationStatus
from consultations.factories import ConsultationFactory, EventFactory
from consultations.models import Attendance, ClashAcknowledgement, Consultation, Invitation
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory
from stakeholders.models import Audience, Segment
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page):
    assert serious_accessibility_violations(page) == [], page.url


@pytest.fixture
def neighbours(ward):
    """Two residents of the ward who agreed to email, and an audience of the ward."""
    people = [
        ContactFactory(
            name=name, consent=[Channel.EMAIL], home_ward=ward, home_borough=ward.borough
        )
        for name in ("Ada Ward", "Ben Ward")
    ]
    segment = Segment.objects.create(name="Ward residents", filters={"ward": str(ward.pk)})
    audience = Audience.objects.create(name="Ward residents by email", channel=Channel.EMAIL)
    audience.segments.add(segment)
    return people


def test_plan_see_clash_invite_and_record_attendance(page, unit_staff, ward, neighbours):
    today = timezone.localdate()
    ConsultationFactory(
        title="Stop and search review",
        wards=[ward],
        opens_on=today + timedelta(days=10),
        closes_on=today + timedelta(days=12),
        status=ConsultationStatus.PLANNED,
    )
    sign_in(page, unit_staff)

    # Plan a consultation in the same ward five days after the other one.
    page.goto(reverse("consultations:consultation-create"))
    assert_accessible(page)
    page.locator("#id_title").fill("Ward priorities")
    page.locator("#id_why").fill("The ward panel sets priorities.")
    page.locator("#id_can_influence").fill("Which three priorities the team works on.")
    page.locator("#id_engagement_level").select_option(label="Consultation")
    page.get_by_label("Public meeting").check()
    page.locator("#id_unit").fill("Strategic Consultation Unit")
    page.locator("#id_wards").select_option(value=str(ward.pk))
    page.locator("#id_opens_on").fill(str(today + timedelta(days=17)))
    page.locator("#id_closes_on").fill(str(today + timedelta(days=30)))
    page.locator("#id_feedback_promised_by").fill(str(today + timedelta(days=60)))
    page.get_by_role("button", name="Save").click()

    # The clash warning names the other activity; go ahead with a reason.
    warning = page.locator("#clash-warning-heading").locator("xpath=..")
    assert "Stop and search review" in warning.inner_text()
    assert_accessible(page)
    page.get_by_label("Go ahead anyway").check()
    page.get_by_label(re.compile("Why go ahead")).fill("The panel meets on a fixed date.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    planned = Consultation.objects.get(title="Ward priorities")
    assert ClashAcknowledgement.objects.get(consultation=planned).reason == (
        "The panel meets on a fixed date."
    )
    assert_accessible(page)

    # Invite the ward's audience to a meeting of it.
    meeting = EventFactory(consultation=planned, title="Ward priorities meeting", ward=ward)
    page.goto(reverse("consultations:invitation-create", args=[meeting.pk]))
    assert_accessible(page)
    page.get_by_label(re.compile("Audience")).select_option(label="Ward residents by email")
    page.get_by_role("button", name="See who it would invite").click()
    page.get_by_role("button", name="Invite 2 people").click()
    page.wait_for_load_state()
    assert Invitation.objects.filter(event=meeting).count() == 2

    # Record that Ada came.
    page.goto(reverse("consultations:attendance-record", args=[meeting.pk]))
    assert_accessible(page)
    page.get_by_label("Ada Ward").check()
    page.get_by_role("button", name="Save who came").click()
    page.wait_for_load_state()
    assert list(
        Attendance.objects.filter(event=meeting).values_list("contact__name", flat=True)
    ) == ["Ada Ward"]
