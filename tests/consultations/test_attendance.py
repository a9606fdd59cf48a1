"""Attendance: tick invited people, add walk-ins (known or new), record head counts;
planners only, a sergeant within their wards and seeing only their wards' contacts."""

import pytest
from django.urls import reverse

from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.models import Attendance, HeadCount, Invitation
from core.roles import Role
from stakeholders.choices import ConsulteeCategory
from stakeholders.models import Community, Contact
from tests.consultations.test_invitations import resident

pytestmark = pytest.mark.django_db


def attendance_url(event):
    return reverse("consultations:attendance-record", kwargs={"pk": event.pk})


def headcount_url(event):
    return reverse("consultations:headcount-record", kwargs={"pk": event.pk})


@pytest.fixture
def ward_event(ward):
    """A ward panel meeting in the sergeant's ward."""
    return EventFactory(consultation=None, group=ConsultativeGroupFactory(ward=ward))


def invited(event, contact):
    Invitation.objects.create(event=event, contact=contact)
    return contact


def attended(event):
    return {a.contact.name: a.walk_in for a in Attendance.objects.filter(event=event)}


def test_staff_tick_invited_people_who_came_and_can_untick(client, unit_staff, ward):
    event = EventFactory()
    ann, bob = invited(event, resident(ward, "Ann")), invited(event, resident(ward, "Bob"))
    client.force_login(unit_staff)

    page = client.get(attendance_url(event)).content.decode()
    assert "Ann" in page and "Bob" in page
    response = client.post(
        attendance_url(event), {"action": "tick", "shown": [ann.pk, bob.pk], "attended": [ann.pk]}
    )
    assert response.status_code == 302
    assert attended(event) == {"Ann": False}

    client.post(
        attendance_url(event), {"action": "tick", "shown": [ann.pk, bob.pk], "attended": [bob.pk]}
    )
    assert attended(event) == {"Bob": False}


def test_a_known_contact_is_found_and_added_as_a_walk_in(client, unit_staff, ward):
    event = EventFactory()
    walker = resident(ward, "Wendy Walker")
    client.force_login(unit_staff)

    found = client.get(attendance_url(event), {"q": "walker"}).content.decode()
    assert "Wendy Walker" in found
    client.post(attendance_url(event), {"action": "walk_in", "contact": walker.pk})

    assert attended(event) == {"Wendy Walker": True}
    again = client.post(attendance_url(event), {"action": "walk_in", "contact": walker.pk})
    assert "already recorded" in again.content.decode()
    assert Attendance.objects.filter(event=event).count() == 1


def test_someone_invited_added_from_the_search_is_not_a_walk_in(client, unit_staff, ward):
    event = EventFactory()
    ann = invited(event, resident(ward, "Ann"))
    client.force_login(unit_staff)

    client.post(attendance_url(event), {"action": "walk_in", "contact": ann.pk})

    assert attended(event) == {"Ann": False}


def test_a_new_person_is_added_as_a_contact_and_a_walk_in(client, unit_staff, ward):
    event = EventFactory()
    client.force_login(unit_staff)

    response = client.post(
        attendance_url(event),
        {
            "action": "new",
            "name": "Nina New",
            "email": "Nina@Example.org",
            "postcode": "sw1a1aa",
            "category": ConsulteeCategory.PUBLIC,
        },
    )

    assert response.status_code == 302
    contact = Contact.objects.get(name="Nina New")
    assert (contact.email, contact.postcode) == ("nina@example.org", "SW1A 1AA")
    assert contact.source.startswith("Walk-in at")
    assert not contact.email_consent  # not contacted until consent is recorded
    assert attended(event) == {"Nina New": True}


def test_a_new_person_with_a_bad_postcode_is_refused_and_keeps_what_was_typed(client, unit_staff):
    event = EventFactory()
    client.force_login(unit_staff)

    response = client.post(
        attendance_url(event),
        {"action": "new", "name": "Nina New", "postcode": "nonsense", "category": "public"},
    )

    assert response.status_code == 200
    assert 'value="Nina New"' in response.content.decode()
    assert not Contact.objects.filter(name="Nina New").exists()
    assert not Attendance.objects.exists()


def test_head_counts_total_and_by_community(client, unit_staff):
    event = EventFactory()
    youth, _ = Community.objects.get_or_create(name="Young people", defaults={"strand": "age"})
    client.force_login(unit_staff)

    page = client.get(headcount_url(event)).content.decode()
    assert "Young people" in page
    response = client.post(headcount_url(event), {"total": 40, f"community_{youth.pk}": 12})

    assert response.status_code == 302
    counts = {h.community_id: h.count for h in HeadCount.objects.filter(event=event)}
    assert counts == {None: 40, youth.pk: 12}

    client.post(headcount_url(event), {"total": 41})  # a blank community count removes it
    counts = {h.community_id: h.count for h in HeadCount.objects.filter(event=event)}
    assert counts == {None: 41}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"total": 5, "community": 9}, "than came in all"),
        ({"community": 9}, "Give the total"),
        ({"total": -1}, "greater than or equal to 0"),
    ],
)
def test_bad_head_counts_are_refused(client, unit_staff, data, message):
    event = EventFactory()
    youth, _ = Community.objects.get_or_create(name="Young people", defaults={"strand": "age"})
    client.force_login(unit_staff)
    post = {"total": data.get("total", "")}
    if "community" in data:
        post[f"community_{youth.pk}"] = data["community"]

    response = client.post(headcount_url(event), post)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HeadCount.objects.exists()


# Sergeants -----------------------------------------------------------------------------


def test_sergeant_records_attendance_in_their_ward_seeing_only_their_wards_names(
    client, sergeant, ward, other_ward, ward_event
):
    local = invited(ward_event, resident(ward, "Lola Local"))
    invited(ward_event, resident(other_ward, "Otto Outside"))
    client.force_login(sergeant)

    page = client.get(attendance_url(ward_event)).content.decode()

    assert "Lola Local" in page
    assert "Otto Outside" not in page
    assert "1 other person" in page
    client.post(
        attendance_url(ward_event), {"action": "tick", "shown": [local.pk], "attended": [local.pk]}
    )
    assert attended(ward_event) == {"Lola Local": False}


def test_sergeant_cannot_tick_or_add_a_contact_outside_their_wards(
    client, sergeant, other_ward, ward_event
):
    outside = invited(ward_event, resident(other_ward, "Otto Outside"))
    client.force_login(sergeant)

    client.post(
        attendance_url(ward_event),
        {"action": "tick", "shown": [outside.pk], "attended": [outside.pk]},
    )
    client.post(attendance_url(ward_event), {"action": "walk_in", "contact": outside.pk})
    found = client.get(attendance_url(ward_event), {"q": "Otto"}).content.decode()

    assert not Attendance.objects.exists()
    assert "Otto Outside" not in found


def test_sergeant_gets_404_for_events_outside_their_wards(client, sergeant, other_ward):
    elsewhere = EventFactory(consultation=ConsultationFactory(wards=[other_ward]))
    client.force_login(sergeant)

    assert client.get(attendance_url(elsewhere)).status_code == 404
    assert client.post(headcount_url(elsewhere), {"total": 3}).status_code == 404
    assert not HeadCount.objects.exists()


def test_sergeant_records_head_counts_in_their_ward(client, sergeant, ward_event):
    client.force_login(sergeant)

    client.post(headcount_url(ward_event), {"total": 12})

    assert HeadCount.objects.get(event=ward_event).count == 12


# Refused roles -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [attendance_url, headcount_url])
def test_authority_member_gets_403_on_every_attendance_page(client, authority_member, ward, url):
    event = EventFactory()
    contact = resident(ward)
    client.force_login(authority_member)

    assert client.get(url(event)).status_code == 403
    assert (
        client.post(
            url(event), {"action": "walk_in", "contact": contact.pk, "total": 3}
        ).status_code
        == 403
    )
    assert not Attendance.objects.exists()
    assert not HeadCount.objects.exists()


@pytest.mark.parametrize("url", [attendance_url, headcount_url])
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.post(url(EventFactory()), {"total": 3})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_STAFF])
def test_planners_may_open_both_pages(client, users_by_role, role):
    event = EventFactory()
    client.force_login(users_by_role[role])
    assert client.get(attendance_url(event)).status_code == 200
    assert client.get(headcount_url(event)).status_code == 200
