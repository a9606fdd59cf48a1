"""Logging a ward panel meeting in one form: scope, the open-priority limit, closing
needs an outcome, and all-or-nothing saving."""

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
    PanelAction,
    PriorityTheme,
    WardPriority,
)
from tests.consultations.test_invitations import resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward, name="Riverside ward panel")


def member(panel, name):
    contact = resident(panel.ward, name)
    GroupMembership.objects.create(group=panel, contact=contact)
    return contact


def log_url(panel):
    return reverse("consultations:meeting-log", kwargs={"pk": panel.pk})


def meeting_data(**extra):
    day = timezone.localdate()
    data = {
        "day": day.isoformat(),
        "starts": "19:00",
        "ends": "20:30",
        "venue_name": "St Mary's Hall",
        "public_count": "12",
        "next_meeting_on": (day + timedelta(days=60)).isoformat(),
        "priorities-TOTAL_FORMS": "3",
        "priorities-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def new_priority(index, theme, description="Drug dealing by the station"):
    review = (timezone.localdate() + timedelta(days=60)).isoformat()
    return {
        f"priorities-{index}-theme": str(theme.pk),
        f"priorities-{index}-description": description,
        f"priorities-{index}-review_by": review,
    }


@pytest.fixture
def theme():
    return PriorityTheme.objects.get_or_create(name="Drugs")[0]


def test_sergeant_logs_a_whole_meeting(client, sergeant, panel, theme):
    ann, bob = member(panel, "Ann"), member(panel, "Bob")
    old = WardPriorityFactory(group=panel)
    client.force_login(sergeant)
    assert "Ann" in client.get(log_url(panel)).content.decode()

    response = client.post(
        log_url(panel),
        meeting_data(
            present=[ann.pk],
            **{f"action_{old.pk}": "Patrols on the estate", f"outcome_{old.pk}": "resolved"},
            **{f"close_{old.pk}": "on"},
            **new_priority(0, theme),
            **{"actions-0-description": "Write to the council", "actions-0-owner": "PC Lee"},
        ),
    )

    assert response.status_code == 302
    meeting = Event.objects.filter(group=panel).order_by("starts_at").first()
    assert list(Attendance.objects.filter(event=meeting).values_list("contact", flat=True)) == [
        ann.pk
    ]
    assert HeadCount.objects.get(event=meeting, community=None).count == 12
    old.refresh_from_db()
    assert old.outcome == "resolved" and old.closed_at == meeting
    assert old.updates.get().police_action == "Patrols on the estate"
    assert WardPriority.objects.open().get(group=panel).set_at == meeting
    assert PanelAction.objects.get(meeting=meeting).owner == "PC Lee"
    assert Event.objects.filter(group=panel).count() == 2  # the next meeting
    assert set(MeetingSummary.objects.values_list("contact", flat=True)) == {ann.pk, bob.pk}


def test_sergeant_cannot_log_or_edit_another_wards_meeting(client, sergeant, other_ward):
    elsewhere = ConsultativeGroupFactory(ward=other_ward)
    meeting = Event.objects.create(
        group=elsewhere,
        title="Elsewhere",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(sergeant)
    assert client.get(log_url(elsewhere)).status_code == 404
    assert client.post(log_url(elsewhere), meeting_data()).status_code == 404
    edit = reverse("consultations:meeting-edit", kwargs={"pk": meeting.pk})
    assert client.get(edit).status_code == 404


def test_sergeant_edits_their_own_meeting(client, sergeant, panel):
    meeting = Event.objects.create(
        group=panel,
        title="Panel meeting",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    old = PanelAction.objects.create(meeting=meeting, description="Old action", owner="PC Old")
    client.force_login(sergeant)
    edit = reverse("consultations:meeting-edit", kwargs={"pk": meeting.pk})
    assert "Old action" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "day": timezone.localdate().isoformat(),
            "starts": "18:00",
            "ends": "19:00",
            "venue_name": "Library",
            "public_count": "4",
            "existing-TOTAL_FORMS": "1",
            "existing-INITIAL_FORMS": "1",
            "existing-0-id": str(old.pk),
            "existing-0-description": "Old action",
            "existing-0-owner": "PC Old",
            "existing-0-remove": "on",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Leaflet the estate",
            "actions-0-owner": "PCSO Khan",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue_name == "Library"
    assert meeting.panel_actions.get().owner == "PCSO Khan"


def test_a_fourth_open_priority_is_refused_with_the_reason(client, sergeant, panel, theme):
    WardPriorityFactory.create_batch(3, group=panel)
    client.force_login(sergeant)
    response = client.post(log_url(panel), meeting_data(**new_priority(0, theme)))
    page = response.content.decode()
    assert response.status_code == 400
    assert "A ward has at most 3 open priorities: close one, or raise the limit in settings" in page
    assert "Drug dealing by the station" in page  # what was typed is kept
    assert not Event.objects.filter(group=panel).exists()
    assert WardPriority.objects.filter(group=panel).count() == 3


def test_a_fourth_open_priority_passes_when_the_limit_is_raised(
    client, sergeant, panel, theme, settings
):
    settings.WARD_PANEL_MAX_OPEN_PRIORITIES = 4
    WardPriorityFactory.create_batch(3, group=panel)
    client.force_login(sergeant)
    response = client.post(log_url(panel), meeting_data(**new_priority(0, theme)))
    assert response.status_code == 302
    assert WardPriority.objects.open().filter(group=panel).count() == 4


def test_closing_one_makes_room_for_a_new_one(client, sergeant, panel, theme):
    first, *_ = WardPriorityFactory.create_batch(3, group=panel)
    client.force_login(sergeant)
    response = client.post(
        log_url(panel),
        meeting_data(
            **{f"close_{first.pk}": "on", f"outcome_{first.pk}": "improved"},
            **new_priority(0, theme),
        ),
    )
    assert response.status_code == 302
    assert WardPriority.objects.open().filter(group=panel).count() == 3


def test_closing_in_the_meeting_form_needs_an_outcome(client, sergeant, panel):
    priority = WardPriorityFactory(group=panel)
    client.force_login(sergeant)
    response = client.post(log_url(panel), meeting_data(**{f"close_{priority.pk}": "on"}))
    assert response.status_code == 400
    assert "Closing a priority needs its outcome." in response.content.decode()
    priority.refresh_from_db()
    assert priority.is_open


def test_a_bad_priority_row_writes_nothing(client, sergeant, panel, theme):
    ann = member(panel, "Ann")
    client.force_login(sergeant)
    bad = new_priority(1, theme, description="")  # description missing
    response = client.post(
        log_url(panel),
        meeting_data(
            present=[ann.pk],
            **new_priority(0, theme, description="Speeding on the High Street"),
            **bad,
            **{"actions-0-description": "Speed watch", "actions-0-owner": "PC Lee"},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Speeding on the High Street" in page and "Speed watch" in page
    assert "St Mary&#x27;s Hall" in page
    assert not Event.objects.exists()
    assert not Attendance.objects.exists()
    assert not WardPriority.objects.exists()
    assert not MeetingSummary.objects.exists()


def test_authority_member_is_refused_and_anonymous_sent_to_sign_in(client, authority_member, panel):
    assert client.get(log_url(panel)).status_code == 302
    assert "sign-in" in client.get(log_url(panel)).url
    client.force_login(authority_member)
    assert client.get(log_url(panel)).status_code == 403
    assert client.post(log_url(panel), meeting_data()).status_code == 403
    assert not Event.objects.exists()


def test_an_outcome_without_the_police_action_is_refused(client, sergeant, panel):
    priority = WardPriorityFactory(group=panel)
    client.force_login(sergeant)
    response = client.post(log_url(panel), meeting_data(**{f"outcome_{priority.pk}": "worse"}))
    assert response.status_code == 400
    assert "Say what the police did" in response.content.decode()
    assert not Event.objects.exists()
