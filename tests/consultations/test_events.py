"""Events: sessions of a consultation and meetings of a group, their dates, venue and
access details, and who may add and change them (issue 4, point 3)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import Event

pytestmark = pytest.mark.django_db


def for_consultation(consultation):
    return reverse("consultations:event-create-for-consultation", args=[consultation.pk])


def for_group(group):
    return reverse("consultations:event-create-for-group", args=[group.pk])


def detail(event):
    return reverse("consultations:event-detail", args=[event.pk])


def update(event):
    return reverse("consultations:event-update", args=[event.pk])


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def event_data(**overrides):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)
    data = {
        "title": "Dalston public meeting",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "venue_name": "Dalston Library",
        "venue_address": "Dalston Square, E8 3BQ",
        "step_free": "on",
        "hearing_loop": "on",
        "interpreters": "BSL, Turkish",
        "access_notes": "Quiet room on the first floor.",
        "online_link": "https://meet.example.org/dalston",
        "capacity": "80",
        "reminder_days_before": "3",
        "published": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_unit_staff_add_a_session_to_a_consultation(client, unit_staff):
    consultation = ConsultationFactory()
    client.force_login(unit_staff)
    response = client.post(for_consultation(consultation), event_data())
    event = Event.objects.get(title="Dalston public meeting")
    assert response.status_code == 302
    assert response["Location"] == detail(event)
    assert event.consultation == consultation
    assert event.group is None
    assert event.step_free and event.hearing_loop
    assert event.capacity == 80
    assert event.online_link == "https://meet.example.org/dalston"
    assert event.ends_at - event.starts_at == timedelta(hours=2)


def test_unit_staff_add_a_meeting_to_a_group(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(unit_staff)
    assert client.get(for_group(group)).status_code == 200
    response = client.post(for_group(group), event_data(title="Panel meeting", ward=ward.pk))
    event = Event.objects.get(title="Panel meeting")
    assert response.status_code == 302
    assert event.group == group
    assert event.consultation is None
    assert event.borough == ward.borough
    page = client.get(detail(group.events.get()))
    assert "Panel meeting" in page.text
    assert "Dalston Library" in page.text
    assert "BSL, Turkish" in page.text


def test_an_event_ending_before_it_starts_is_refused_next_to_the_end(client, unit_staff):
    consultation = ConsultationFactory()
    starts = timezone.now() + timedelta(days=3)
    client.force_login(unit_staff)
    response = client.post(
        for_consultation(consultation),
        event_data(starts_at=local(starts), ends_at=local(starts - timedelta(hours=1))),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The event must end after it starts."]
    assert 'value="Dalston public meeting"' in response.text
    assert not Event.objects.exists()


def test_an_online_link_must_be_a_web_address(client, unit_staff):
    consultation = ConsultationFactory()
    client.force_login(unit_staff)
    response = client.post(for_consultation(consultation), event_data(online_link="not a link"))
    assert response.status_code == 200
    assert "online_link" in response.context["form"].errors
    assert not Event.objects.exists()


def test_unit_staff_edit_an_event(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)
    response = client.post(update(event), event_data(title="Moved meeting", cancelled="on"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Moved meeting"
    assert event.cancelled
    assert "Cancelled" in client.get(detail(event)).text


def test_every_signed_in_role_reads_an_event(client, users_by_role):
    event = EventFactory(title="Open meeting", consultation__pan_london=True)
    for user in users_by_role.values():
        client.force_login(user)
        response = client.get(detail(event))
        assert response.status_code == 200
        assert "Open meeting" in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client):
    event = EventFactory()
    for url in (detail(event), update(event), for_consultation(event.consultation)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_authority_members_cannot_add_or_change_events(client, authority_member):
    event = EventFactory(title="Unchanged")
    client.force_login(authority_member)
    assert client.get(update(event)).status_code == 403
    assert client.post(update(event), event_data()).status_code == 403
    assert client.post(for_consultation(event.consultation), event_data()).status_code == 403
    event.refresh_from_db()
    assert event.title == "Unchanged"
    assert Event.objects.count() == 1


def test_sergeant_adds_and_changes_events_in_their_wards_only(client, sergeant, ward, other_ward):
    own_consultation = ConsultationFactory(wards=[ward])
    other_consultation = ConsultationFactory(wards=[other_ward])
    own_group = ConsultativeGroupFactory(ward=ward)
    other_group = ConsultativeGroupFactory(ward=other_ward)
    other_event = EventFactory(consultation=other_consultation, title="Theirs")
    client.force_login(sergeant)

    # Both are near "Theirs" in the same borough: going ahead needs a reason (clash warnings).
    go_ahead = {"acknowledge_clashes": "on", "clash_reason": "Agreed with the unit."}
    assert (
        client.post(for_consultation(own_consultation), {**event_data(title="A"), **go_ahead})
    ).status_code == 302
    assert (
        client.post(for_group(own_group), {**event_data(title="B"), **go_ahead}).status_code == 302
    )
    assert client.post(for_consultation(other_consultation), event_data()).status_code == 404
    assert client.post(for_group(other_group), event_data()).status_code == 404
    assert client.post(update(other_event), event_data(title="Changed")).status_code == 404

    other_event.refresh_from_db()
    assert other_event.title == "Theirs"
    assert set(Event.objects.values_list("title", flat=True)) == {"A", "B", "Theirs"}
    assert client.get(detail(other_event)).status_code == 404


def test_a_sergeant_cannot_add_to_a_london_wide_consultation(client, sergeant):
    consultation = ConsultationFactory(pan_london=True)
    client.force_login(sergeant)
    assert client.get(for_consultation(consultation)).status_code == 404


def test_the_event_page_leaves_room_for_invitations_and_attendance(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)
    response = client.get(detail(event))
    assert "consultations/includes/event_people.html" in [t.name for t in response.templates]
    assert response.context["can_change"] is True


def test_a_meeting_clashing_in_the_same_ward_warns_and_saves_only_with_a_reason(
    client, unit_staff, ward
):
    other = ConsultationFactory(title="Stop and search review", wards=[ward])
    EventFactory(
        consultation=other,
        title="Stop and search public meeting",
        ward=ward,
        starts_at=timezone.now() + timedelta(days=5),
    )
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(unit_staff)
    data = event_data(title="Panel meeting", ward=ward.pk)  # ten days from now: five apart

    warned = client.post(for_group(group), data)
    assert warned.status_code == 200
    assert "this clashes with other activities" in warned.text
    assert "Stop and search public meeting" in warned.text
    assert not Event.objects.filter(title="Panel meeting").exists()

    client.post(
        for_group(group),
        {**data, "acknowledge_clashes": "on", "clash_reason": "The panel fixed its date."},
    )
    event = Event.objects.get(title="Panel meeting")
    assert event.clashes.get().reason == "The panel fixed its date."
