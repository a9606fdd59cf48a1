"""Every choice a sergeant submits is limited to their own wards, server-side (issue 10,
defect 7): a tampered form naming another ward, borough, group or contact is refused next
to the field, and nothing is saved; the services refuse the same."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from areas.factories import BoroughFactory, WardFactory
from consultations.choices import ConsultationStatus, FindingSource, GroupKind, GroupRole
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import Attendance, Consultation, ConsultativeGroup, Event, Finding
from consultations.services.events import event_create
from consultations.services.findings import finding_create
from stakeholders.factories import ContactFactory
from stakeholders.models import Contact

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Select a valid choice"


@pytest.fixture
def far_ward(db):
    """A ward in another borough."""
    return WardFactory(borough=BoroughFactory())


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward, name="Our ward panel")


@pytest.fixture
def other_panel(other_ward):
    return ConsultativeGroupFactory(ward=other_ward, name="Their ward panel")


@pytest.fixture
def consultation(ward):
    return ConsultationFactory(wards=[ward], status=ConsultationStatus.OPEN)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def event_data(**overrides):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)
    data = {
        "title": "Panel meeting",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "venue_name": "Community hall",
        "reminder_days_before": "3",
        "acknowledge_clashes": "on",
        "clash_reason": "Agreed with the unit.",
    }
    data.update(overrides)
    return data


def field_errors(response, name) -> list[str]:
    return response.context["form"].errors.get(name, [])


# --- Events ----------------------------------------------------------------------------


def test_sergeant_cannot_put_an_event_of_their_panel_in_another_ward(
    client, sergeant, panel, other_ward
):
    client.force_login(sergeant)
    url = reverse("consultations:event-create-for-group", args=[panel.pk])
    response = client.post(url, event_data(ward=other_ward.pk))
    assert response.status_code == 200
    assert INVALID_CHOICE in field_errors(response, "ward")[0]
    assert INVALID_CHOICE in response.content.decode()
    assert not Event.objects.exists()


def test_sergeant_cannot_put_an_event_of_their_consultation_in_another_borough(
    client, sergeant, consultation, far_ward
):
    client.force_login(sergeant)
    url = reverse("consultations:event-create-for-consultation", args=[consultation.pk])
    response = client.post(url, event_data(borough=far_ward.borough_id))
    assert INVALID_CHOICE in field_errors(response, "borough")[0]
    response = client.post(url, event_data(ward=far_ward.pk))
    assert INVALID_CHOICE in field_errors(response, "ward")[0]
    assert not Event.objects.exists()


def test_sergeant_cannot_move_their_event_to_another_ward(client, sergeant, panel, other_ward):
    event = EventFactory(consultation=None, group=panel, ward=panel.ward, title="Ours")
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:event-update", args=[event.pk]),
        event_data(title="Moved", ward=other_ward.pk),
    )
    assert INVALID_CHOICE in field_errors(response, "ward")[0]
    event.refresh_from_db()
    assert (event.title, event.ward) == ("Ours", panel.ward)


def test_sergeant_places_an_event_in_their_own_ward(client, sergeant, panel, ward):
    client.force_login(sergeant)
    url = reverse("consultations:event-create-for-group", args=[panel.pk])
    response = client.post(url, event_data(ward=ward.pk, borough=ward.borough_id))
    assert response.status_code == 302
    assert Event.objects.get().ward == ward


def test_the_ward_choices_a_sergeant_sees_are_their_own(client, sergeant, panel, other_ward):
    client.force_login(sergeant)
    form = client.get(reverse("consultations:event-create-for-group", args=[panel.pk])).context[
        "form"
    ]
    assert list(form.fields["ward"].queryset) == [panel.ward]


def test_sergeant_keeps_a_ward_the_unit_chose_when_editing_other_details(
    client, sergeant, panel, other_ward
):
    event = EventFactory(consultation=None, group=panel, ward=other_ward, title="Ours")
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:event-update", args=[event.pk]),
        event_data(title="Renamed", ward=other_ward.pk),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.ward) == ("Renamed", other_ward)


def test_planners_place_events_in_any_ward(client, unit_staff, panel, far_ward):
    client.force_login(unit_staff)
    url = reverse("consultations:event-create-for-group", args=[panel.pk])
    assert client.post(url, event_data(ward=far_ward.pk)).status_code == 302
    assert Event.objects.get().ward == far_ward


def test_the_event_service_refuses_a_sergeant_another_wards_ward(sergeant, panel, other_ward):
    starts = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        event_create(
            group=panel,
            acting_user=sergeant,
            title="Panel meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            ward=other_ward,
        )
    assert "ward" in refused.value.error_dict
    assert not Event.objects.exists()


# --- Findings --------------------------------------------------------------------------


def finding_data(**overrides):
    return {
        "title": "Lighting",
        "source": FindingSource.GROUP_MEETING,
        "times_raised": "1",
        **overrides,
    }


def test_sergeant_cannot_tie_a_finding_to_another_wards_group(
    client, sergeant, consultation, other_panel
):
    client.force_login(sergeant)
    url = reverse("consultations:finding-create", args=[consultation.pk])
    response = client.post(url, finding_data(group=other_panel.pk))
    assert response.status_code == 200
    assert INVALID_CHOICE in field_errors(response, "group")[0]
    assert not Finding.objects.exists()


def test_sergeant_cannot_move_a_finding_to_another_wards_group(
    client, sergeant, consultation, panel, other_panel
):
    finding = finding_create(
        consultation=consultation,
        title="Lighting",
        source=FindingSource.GROUP_MEETING,
        group=panel,
        acting_user=sergeant,
    )
    client.force_login(sergeant)
    url = reverse("consultations:finding-update", args=[finding.pk])
    response = client.post(url, finding_data(title="Moved", group=other_panel.pk))
    assert INVALID_CHOICE in field_errors(response, "group")[0]
    finding.refresh_from_db()
    assert (finding.title, finding.group) == ("Lighting", panel)


def test_sergeant_ties_a_finding_to_their_own_panel(client, sergeant, consultation, panel):
    client.force_login(sergeant)
    url = reverse("consultations:finding-create", args=[consultation.pk])
    assert client.post(url, finding_data(group=panel.pk)).status_code == 302
    assert Finding.objects.get().group == panel


def test_the_finding_service_refuses_a_sergeant_another_wards_group(
    sergeant, consultation, other_panel
):
    with pytest.raises(ValidationError) as refused:
        finding_create(
            consultation=consultation,
            title="Lighting",
            source=FindingSource.GROUP_MEETING,
            group=other_panel,
            acting_user=sergeant,
        )
    assert "group" in refused.value.error_dict
    assert not Finding.objects.exists()


def test_planners_tie_findings_to_any_group(unit_staff, consultation, other_panel):
    finding = finding_create(
        consultation=consultation,
        title="Lighting",
        source=FindingSource.GROUP_MEETING,
        group=other_panel,
        acting_user=unit_staff,
    )
    assert finding.group == other_panel


# --- Forms already limited: pinned ---------------------------------------------------


def test_sergeant_cannot_plan_a_consultation_in_another_ward(client, sergeant, other_ward):
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:consultation-create"),
        {
            "title": "Theirs",
            "why": "Why",
            "can_influence": "What",
            "engagement_level": "consultation",
            "lead_officer": sergeant.pk,
            "unit": "SN team",
            "wards": [other_ward.pk],
        },
    )
    assert INVALID_CHOICE in field_errors(response, "wards")[0]
    assert not Consultation.objects.exists()


def test_sergeant_cannot_put_a_group_in_another_ward(client, sergeant, other_ward, far_ward):
    client.force_login(sergeant)
    data = {"name": "Theirs", "kind": GroupKind.WARD_PANEL, "active": "on"}
    url = reverse("consultations:group-create")
    response = client.post(url, {**data, "ward": other_ward.pk})
    assert INVALID_CHOICE in field_errors(response, "ward")[0]
    response = client.post(url, {**data, "borough": far_ward.borough_id})
    assert INVALID_CHOICE in field_errors(response, "borough")[0]
    assert not ConsultativeGroup.objects.exists()


def test_sergeant_cannot_add_a_contact_of_another_ward_to_their_panel(
    client, sergeant, panel, other_ward
):
    outsider = ContactFactory(home_ward=other_ward, name="Olive Outsider")
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:group-member-add", args=[panel.pk]),
        {"contact": outsider.pk, "role": GroupRole.MEMBER},
    )
    assert response.status_code == 200
    assert field_errors(response, "contact")
    assert not panel.memberships.exists()


def test_sergeant_cannot_say_a_walk_in_lives_in_another_ward(
    client, sergeant, panel, ward, other_ward
):
    event = EventFactory(consultation=None, group=panel, ward=ward)
    client.force_login(sergeant)
    response = client.post(
        reverse("consultations:attendance-record", args=[event.pk]),
        {
            "action": "new",
            "name": "Nina New",
            "category": "public",
            "home_ward": other_ward.pk,
        },
    )
    assert INVALID_CHOICE in response.context["new_form"].errors["home_ward"][0]
    assert not Contact.objects.filter(name="Nina New").exists()
    assert not Attendance.objects.exists()
