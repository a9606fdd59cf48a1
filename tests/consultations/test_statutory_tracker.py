"""The statutory duty tracker (issue 5, point 7): each of the four section 34 columns is
worked out from the records and flips from no to yes when a qualifying record is added;
records outside the last 12 months leave it at no."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.factories import BoroughFactory, WardFactory
from areas.models import Ward
from consultations.choices import ConsultationStatus, GroupKind
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import HeadCount, MeetingSummary
from consultations.selectors.panel_reports import statutory_tracker
from stakeholders.factories import ContactFactory

pytestmark = pytest.mark.django_db

TRACKER = reverse("consultations:statutory-tracker")
DUTIES = ("consulted", "informed", "met_regularly", "fed_back")
LONG_AGO = timedelta(days=400)


def duties(user, ward):
    row = statutory_tracker(user=user, wards=Ward.objects.filter(pk=ward.pk)).get()
    return {duty: getattr(row, duty) for duty in DUTIES}


def none_met():
    return dict.fromkeys(DUTIES, False)


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward)


def meeting(panel, *, ago=timedelta(days=30), **kwargs):
    starts = timezone.now() - ago
    return EventFactory(
        consultation=None,
        group=panel,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **kwargs,
    )


def test_a_ward_with_no_records_meets_no_duty(unit_staff, ward, panel):
    assert duties(unit_staff, ward) == none_met()


def test_consulted_when_a_consultation_covering_the_ward_opened_in_the_window(
    unit_staff, ward, borough
):
    today = timezone.localdate()
    ConsultationFactory(wards=[ward], status=ConsultationStatus.OPEN, opens_on=today - LONG_AGO)
    ConsultationFactory(
        wards=[ward], status=ConsultationStatus.PLANNED, opens_on=today - timedelta(days=5)
    )
    assert duties(unit_staff, ward)["consulted"] is False
    borough_wide = ConsultationFactory(
        status=ConsultationStatus.CLOSED,
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=30),
    )
    borough_wide.boroughs.set([borough])
    assert duties(unit_staff, ward) == {**none_met(), "consulted": True}


def test_consulted_by_a_pan_london_consultation(unit_staff, ward):
    ConsultationFactory(
        pan_london=True,
        status=ConsultationStatus.OPEN,
        opens_on=timezone.localdate() - timedelta(days=3),
    )
    assert duties(unit_staff, ward)["consulted"] is True


def test_consulted_when_the_ward_panel_met(unit_staff, ward, panel):
    meeting(panel, ago=LONG_AGO)
    meeting(panel, ago=timedelta(days=10), cancelled=True)
    meeting(panel, ago=-timedelta(days=10))  # not yet held
    assert duties(unit_staff, ward)["consulted"] is False
    meeting(panel, ago=timedelta(days=10))
    assert duties(unit_staff, ward)["consulted"] is True


def test_informed_by_a_published_event_of_the_panel(unit_staff, ward, panel):
    meeting(panel, ago=LONG_AGO, published=True)
    assert duties(unit_staff, ward)["informed"] is False
    meeting(panel, published=True)
    assert duties(unit_staff, ward)["informed"] is True


def test_informed_by_a_published_consultation_event_in_the_ward(unit_staff, ward):
    starts = timezone.now() - timedelta(days=20)
    EventFactory(ward=ward, starts_at=starts, ends_at=starts + timedelta(hours=1))
    assert duties(unit_staff, ward)["informed"] is False  # not published
    EventFactory(ward=ward, published=True, starts_at=starts, ends_at=starts + timedelta(hours=1))
    assert duties(unit_staff, ward)["informed"] is True


def test_regular_public_meetings_need_two_held_meetings_with_a_public_count(
    unit_staff, ward, panel
):
    first = meeting(panel, ago=timedelta(days=100))
    HeadCount.objects.create(event=first, count=14)
    second = meeting(panel, ago=timedelta(days=40))
    assert duties(unit_staff, ward)["met_regularly"] is False  # second has no count
    old = meeting(panel, ago=LONG_AGO)
    HeadCount.objects.create(event=old, count=9)
    assert duties(unit_staff, ward)["met_regularly"] is False  # outside the window
    HeadCount.objects.create(event=second, count=11)
    assert duties(unit_staff, ward)["met_regularly"] is True


def test_a_cancelled_meeting_does_not_count_as_a_public_meeting(unit_staff, ward, panel):
    held = meeting(panel, ago=timedelta(days=100))
    HeadCount.objects.create(event=held, count=14)
    cancelled = meeting(panel, ago=timedelta(days=40), cancelled=True)
    HeadCount.objects.create(event=cancelled, count=0)
    assert duties(unit_staff, ward)["met_regularly"] is False


def test_fed_back_when_feedback_promised_in_the_window_was_published(unit_staff, ward):
    today = timezone.localdate()
    ConsultationFactory(
        wards=[ward],
        status=ConsultationStatus.FEEDBACK_PUBLISHED,
        opens_on=today - timedelta(days=600),
        closes_on=today - timedelta(days=550),
        feedback_promised_by=today - LONG_AGO,
    )
    ConsultationFactory(
        wards=[ward],
        status=ConsultationStatus.CLOSED,
        opens_on=today - timedelta(days=90),
        closes_on=today - timedelta(days=60),
        feedback_promised_by=today - timedelta(days=10),
    )
    assert duties(unit_staff, ward)["fed_back"] is False
    ConsultationFactory(
        wards=[ward],
        status=ConsultationStatus.ARCHIVED,
        opens_on=today - timedelta(days=300),
        closes_on=today - timedelta(days=250),
        feedback_promised_by=today - timedelta(days=200),
    )
    assert duties(unit_staff, ward)["fed_back"] is True


def test_a_sent_meeting_summary_is_information_and_feedback(unit_staff, ward, panel):
    held = meeting(panel, ago=LONG_AGO + timedelta(days=10))
    MeetingSummary.objects.create(
        meeting=held,
        contact=ContactFactory(),
        status=MeetingSummary.Status.SENT,
        sent_at=timezone.now() - LONG_AGO,
    )
    recent = meeting(panel)
    queued = MeetingSummary.objects.create(meeting=recent, contact=ContactFactory())
    found = duties(unit_staff, ward)
    assert (found["informed"], found["fed_back"]) == (False, False)
    queued.status = MeetingSummary.Status.SENT
    queued.sent_at = timezone.now()
    queued.save()
    found = duties(unit_staff, ward)
    assert (found["informed"], found["fed_back"]) == (True, True)


def test_records_of_another_ward_do_not_count(unit_staff, ward, other_ward):
    other_panel = ConsultativeGroupFactory(ward=other_ward)
    for ago in (timedelta(days=100), timedelta(days=40)):
        held = meeting(other_panel, ago=ago, published=True)
        HeadCount.objects.create(event=held, count=10)
    assert duties(unit_staff, ward) == none_met()
    assert duties(unit_staff, other_ward) == {
        "consulted": True,
        "informed": True,
        "met_regularly": True,
        "fed_back": False,
    }


def test_a_group_that_is_not_the_ward_panel_does_not_count(unit_staff, ward):
    iag = ConsultativeGroupFactory(kind=GroupKind.IAG, ward=ward)
    meeting(iag)
    assert duties(unit_staff, ward)["consulted"] is False


def test_the_tracker_takes_a_fixed_number_of_queries(
    unit_staff, borough, django_assert_max_num_queries
):
    for _ in range(15):
        panel = ConsultativeGroupFactory(ward=WardFactory(borough=borough))
        HeadCount.objects.create(event=meeting(panel, published=True), count=5)
    with django_assert_max_num_queries(1):
        rows = list(statutory_tracker(user=unit_staff, wards=Ward.objects.all()))
    assert len(rows) == 15
    assert all(row.consulted and row.informed for row in rows)


# The page ----------------------------------------------------------------------------


def test_authority_member_reads_the_tracker_for_a_borough(
    client, authority_member, ward, panel, django_assert_max_num_queries
):
    elsewhere = WardFactory(borough=BoroughFactory(), name="Faraway ward")
    meeting(panel, published=True)
    client.force_login(authority_member)
    with django_assert_max_num_queries(8):
        response = client.get(TRACKER, {"borough": ward.borough.ons_code})
    page = response.content.decode()
    assert response.status_code == 200
    assert [row.pk for row in response.context["rows"]] == [ward.pk]
    assert ward.name in page
    assert elsewhere.name not in page
    assert "section 34" in page
    assert response.context["totals"] == {
        "consulted": 1,
        "informed": 1,
        "met_regularly": 0,
        "fed_back": 0,
    }


def test_all_of_london_when_no_borough_or_an_unknown_one_is_asked_for(
    client, unit_staff, ward, other_ward
):
    client.force_login(unit_staff)
    response = client.get(TRACKER, {"borough": "E09999999"})
    assert response.status_code == 200
    assert "No borough has that code" in response.content.decode()
    assert {row.pk for row in response.context["rows"]} == {ward.pk, other_ward.pk}


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(TRACKER)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
