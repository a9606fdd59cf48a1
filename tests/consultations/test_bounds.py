"""Out-of-range input is refused next to its field, never a server error (issue 10, defect
6): dates within core.bounds' window, counts and lengths within what the columns hold; and
rows already stored out of range break no page and no later save."""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.choices import ConsultationStatus
from consultations.factories import (
    ConsultationFactory,
    ConsultativeGroupFactory,
    EventFactory,
    WardPriorityFactory,
)
from consultations.models import Event, HeadCount, PanelAction, WardPriority
from core.bounds import BOUNDS_MESSAGE, MAX_COUNT

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(9999, 12, 31)


def london(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward, name="Riverside ward panel")


def meeting_data(**extra):
    day = timezone.localdate()
    return {
        "day": day.isoformat(),
        "starts": "19:00",
        "ends": "20:30",
        "venue_name": "St Mary's Hall",
        "public_count": "12",
        "priorities-TOTAL_FORMS": "3",
        "priorities-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        **extra,
    }


def edit_data(**extra):
    return {
        "day": timezone.localdate().isoformat(),
        "starts": "19:00",
        "ends": "20:30",
        "venue_name": "St Mary's Hall",
        "existing-TOTAL_FORMS": "0",
        "existing-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        **extra,
    }


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def event_data(starts, **extra):
    return {
        "title": "Panel meeting",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "reminder_days_before": "3",
        "acknowledge_clashes": "on",
        "clash_reason": "Agreed with the unit.",
        **extra,
    }


def errors(response, name, form="form"):
    return response.context[form].errors.get(name, [])


# --- The two 500s of the report ------------------------------------------------------


def test_a_meeting_dated_9999_is_refused_next_to_its_date(client, sergeant, panel):
    client.force_login(sergeant)
    url = reverse("consultations:meeting-log", kwargs={"pk": panel.pk})
    response = client.post(url, meeting_data(day=FAR_FUTURE.isoformat()))
    assert response.status_code == 400
    assert BOUNDS_MESSAGE in errors(response, "day")
    assert not Event.objects.exists()


def test_a_public_count_too_big_for_the_database_is_refused_next_to_it(client, sergeant, panel):
    client.force_login(sergeant)
    url = reverse("consultations:meeting-log", kwargs={"pk": panel.pk})
    response = client.post(url, meeting_data(public_count="999999999999"))
    assert response.status_code == 400
    assert errors(response, "public_count") == [
        f"Ensure this value is less than or equal to {MAX_COUNT}."
    ]
    assert not Event.objects.exists()
    assert not HeadCount.objects.exists()


def test_an_event_already_stored_in_9999_can_be_saved_again_and_moved_back(client, sergeant, panel):
    """The persistent failure: with one event stored at 9999-12-31, every save of it raised
    OverflowError in the clash check."""
    event = EventFactory(consultation=None, group=panel, ward=panel.ward, title="Far away")
    starts = london(9999, 12, 31, 19, 0)
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts, ends_at=starts + timedelta(minutes=30)
    )
    client.force_login(sergeant)
    url = reverse("consultations:event-update", args=[event.pk])

    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, event_data(starts, ends_at=local(starts + timedelta(minutes=30))))
    assert response.status_code == 200
    assert BOUNDS_MESSAGE in errors(response, "starts_at")

    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(days=5)
    assert client.post(url, event_data(soon)).status_code == 302
    event.refresh_from_db()
    assert event.starts_at == soon


def test_saving_another_event_next_to_one_stored_in_9999_works(client, sergeant, panel):
    far = EventFactory(consultation=None, group=panel, ward=panel.ward, title="Far away")
    starts = london(9999, 12, 31, 19, 0)
    Event.objects.filter(pk=far.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=1))
    client.force_login(sergeant)
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(days=5)
    url = reverse("consultations:event-create-for-group", args=[panel.pk])
    assert client.post(url, event_data(soon, title="Soon")).status_code == 302
    assert Event.objects.filter(title="Soon").exists()


def test_a_meeting_stored_in_9999_can_be_corrected(client, sergeant, panel):
    meeting = EventFactory(consultation=None, group=panel, ward=panel.ward)
    starts = london(9999, 12, 31, 19, 0)
    Event.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    client.force_login(sergeant)
    url = reverse("consultations:meeting-edit", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, edit_data()).status_code == 302
    meeting.refresh_from_db()
    assert timezone.localdate(meeting.starts_at) == timezone.localdate()


# --- Pages with rows already out of range --------------------------------------------


def test_pages_still_answer_with_dates_stored_far_out_of_range(client, unit_staff, sergeant, panel):
    consultation = ConsultationFactory(wards=[panel.ward], status=ConsultationStatus.OPEN)
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens_on=datetime.date(1, 1, 1), closes_on=FAR_FUTURE, feedback_promised_by=FAR_FUTURE
    )
    meeting = EventFactory(consultation=None, group=panel, ward=panel.ward)
    starts = london(9999, 12, 31, 19, 0)
    Event.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    type(panel).objects.filter(pk=panel.pk).update(meets_every_days=32767)
    priority = WardPriorityFactory(group=panel)
    WardPriority.objects.filter(pk=priority.pk).update(review_by=FAR_FUTURE)
    PanelAction.objects.create(meeting=meeting, description="Patrol", owner="PC", due_on=FAR_FUTURE)
    pages = [
        reverse("consultations:index"),
        reverse("consultations:consultation-list"),
        reverse("consultations:consultation-detail", args=[consultation.pk]),
        reverse("consultations:consultation-update", args=[consultation.pk]),
        reverse("consultations:event-detail", args=[meeting.pk]),
        reverse("consultations:group-detail", args=[panel.pk]),
        reverse("consultations:priority-detail", args=[priority.pk]),
        reverse("consultations:panel-home"),
        reverse("consultations:statutory-tracker"),
        reverse("consultations:panel-overview"),
        reverse("consultations:panel-members", args=[panel.pk]),
        reverse("consultations:calendar-list"),
        reverse("consultations:calendar-month"),
        reverse("home"),
    ]
    for user in (unit_staff, sergeant):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code in (200, 403), page


# --- Per form: the message next to the field -----------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("next_meeting_on", "2101-01-01", BOUNDS_MESSAGE),
        ("day", "1989-12-31", BOUNDS_MESSAGE),
        ("venue_name", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_the_meeting_form_bounds_each_field(client, sergeant, panel, field, value, message):
    client.force_login(sergeant)
    url = reverse("consultations:meeting-log", kwargs={"pk": panel.pk})
    response = client.post(url, meeting_data(**{field: value}))
    assert message in errors(response, field)
    assert not Event.objects.exists()


def test_a_new_priority_review_date_out_of_range_is_refused(client, sergeant, panel):
    from consultations.models import PriorityTheme

    theme = PriorityTheme.objects.first() or PriorityTheme.objects.create(name="Burglary")
    client.force_login(sergeant)
    url = reverse("consultations:meeting-log", kwargs={"pk": panel.pk})
    data = meeting_data(
        **{
            "priorities-0-theme": theme.pk,
            "priorities-0-description": "Burglary on the estate",
            "priorities-0-review_by": "2200-01-01",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert BOUNDS_MESSAGE in response.context["priorities"].forms[0].errors["review_by"]
    assert not Event.objects.exists()


def test_an_action_due_date_out_of_range_is_refused(client, sergeant, panel):
    client.force_login(sergeant)
    url = reverse("consultations:meeting-log", kwargs={"pk": panel.pk})
    data = meeting_data(
        **{
            "actions-0-description": "Patrol the park",
            "actions-0-owner": "PC Jones",
            "actions-0-due_on": "9999-12-31",
        }
    )
    response = client.post(url, data)
    assert BOUNDS_MESSAGE in response.context["actions"].forms[0].errors["due_on"]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capacity", "999999999999", f"Ensure this value is less than or equal to {MAX_COUNT}."),
        ("reminder_days_before", "99999", "Ensure this value is less than or equal to 60."),
        ("access_notes", "x" * 10001, "at most 10000 characters"),
    ],
)
def test_the_event_form_bounds_each_field(client, unit_staff, panel, field, value, message):
    client.force_login(unit_staff)
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(days=5)
    url = reverse("consultations:event-create-for-group", args=[panel.pk])
    response = client.post(url, event_data(soon, **{field: value}))
    assert response.status_code == 200
    assert any(message in error for error in errors(response, field))
    assert not Event.objects.exists()


def test_the_event_form_refuses_a_start_in_9999(client, unit_staff, panel):
    client.force_login(unit_staff)
    starts = london(9999, 12, 30, 19, 0)
    url = reverse("consultations:event-create-for-group", args=[panel.pk])
    response = client.post(url, event_data(starts))
    assert BOUNDS_MESSAGE in errors(response, "starts_at")
    assert BOUNDS_MESSAGE in errors(response, "ends_at")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opens_on", "9999-12-31", BOUNDS_MESSAGE),
        ("closes_on", "0001-01-01", BOUNDS_MESSAGE),
        ("feedback_promised_by", "2101-01-01", BOUNDS_MESSAGE),
        ("estimated_cost", "-1", "Ensure this value is greater than or equal to 0."),
        ("actual_cost", "100000000", "no more than 8 digits before the decimal point"),
        ("why", "x" * 10001, "at most 10000 characters"),
    ],
)
def test_the_consultation_form_bounds_each_field(client, unit_staff, field, value, message):
    client.force_login(unit_staff)
    data = {
        "title": "Bounds",
        "why": "Why",
        "can_influence": "What",
        "engagement_level": "consultation",
        "lead_officer": unit_staff.pk,
        "unit": "Unit",
        "pan_london": "on",
        field: value,
    }
    response = client.post(reverse("consultations:consultation-create"), data)
    assert response.status_code == 200
    assert any(message in error for error in errors(response, field)), errors(response, field)


def test_head_counts_too_big_are_refused_next_to_the_field(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)
    url = reverse("consultations:headcount-record", kwargs={"pk": event.pk})
    response = client.post(url, {"total": "999999999999"})
    assert response.status_code == 200
    assert errors(response, "total") == [f"Ensure this value is less than or equal to {MAX_COUNT}."]
    assert not HeadCount.objects.exists()


def test_findings_times_raised_too_big_is_refused(client, unit_staff):
    consultation = ConsultationFactory(status=ConsultationStatus.OPEN)
    client.force_login(unit_staff)
    url = reverse("consultations:finding-create", args=[consultation.pk])
    response = client.post(
        url, {"title": "Lighting", "source": "response", "times_raised": "999999999999"}
    )
    assert errors(response, "times_raised") == [
        f"Ensure this value is less than or equal to {MAX_COUNT}."
    ]


def test_group_meeting_interval_and_membership_dates_are_bounded(client, unit_staff, panel):
    client.force_login(unit_staff)
    response = client.post(
        reverse("consultations:group-update", args=[panel.pk]),
        {
            "name": panel.name,
            "kind": panel.kind,
            "ward": panel.ward_id,
            "meets_every_days": "99999",
        },
    )
    assert "Ensure this value is less than or equal to 366." in errors(response, "meets_every_days")


def test_the_models_refuse_out_of_range_values_on_every_path(panel):
    """full_clean (which every service calls) applies the same bounds as the forms."""
    starts = london(2101, 1, 1, 19, 0)
    event = Event(group=panel, title="Far", starts_at=starts, ends_at=starts + timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert set(refused.value.error_dict) >= {"starts_at", "ends_at"}
    with pytest.raises(ValidationError) as refused:
        HeadCount(event=EventFactory(), count=MAX_COUNT + 1).full_clean()
    assert "count" in refused.value.error_dict


def test_the_clash_check_copes_with_the_ends_of_the_calendar(panel):
    """Defence in depth: rows stored before the bounds existed never overflow the search."""
    from consultations.selectors.clashes import Activity, find_clashes

    EventFactory(consultation=None, group=panel, ward=panel.ward)
    for start, end in [
        (datetime.date.max, datetime.date.max),
        (datetime.date.min, datetime.date.min),
        (datetime.date.min, datetime.date.max),
    ]:
        activity = Activity(start=start, end=end, ward_ids=frozenset({panel.ward_id}))
        assert isinstance(find_clashes(activity), list)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_the_calendar_list_from_the_ends_of_the_calendar_shows_today(client, unit_staff, value):
    client.force_login(unit_staff)
    response = client.get(reverse("consultations:calendar-list"), {"from": value})
    assert response.status_code == 200
    assert response.context["start"] == timezone.localdate()


@pytest.mark.parametrize("year", ["9999", "-1", "99999999999999999999"])
def test_the_calendar_month_of_a_year_out_of_range_shows_this_year(client, unit_staff, year):
    client.force_login(unit_staff)
    response = client.get(reverse("consultations:calendar-month"), {"year": year, "month": "12"})
    assert response.status_code == 200
    assert response.context["month_start"].year == timezone.localdate().year


def test_the_meeting_service_refuses_a_public_count_too_big(sergeant, panel):
    from consultations.services.meetings import meeting_log

    with pytest.raises(ValidationError) as refused:
        meeting_log(
            panel=panel,
            day=timezone.localdate(),
            starts=datetime.time(19),
            ends=datetime.time(20),
            public_count=999_999_999_999,
            acting_user=sergeant,
        )
    assert "public_count" in refused.value.error_dict
    assert not HeadCount.objects.exists()
