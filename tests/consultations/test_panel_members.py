"""A ward panel's members and make-up (issue 5, point 2): names only within the reader's
scope, the make-up as counts, and the reminders switch for planners in scope."""

from datetime import date

import pytest
from django.urls import reverse

from consultations.choices import GroupKind, GroupRole
from consultations.factories import ConsultativeGroupFactory
from consultations.models import GroupMembership
from stakeholders.factories import ContactFactory
from stakeholders.models import Community

pytestmark = pytest.mark.django_db


def members_url(panel):
    return reverse("consultations:panel-members", args=[panel.pk])


def reminders_url(membership):
    return reverse(
        "consultations:panel-member-reminders", args=[membership.group_id, membership.pk]
    )


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward, name="Dalston ward panel")


@pytest.fixture
def communities(db):
    youth, _ = Community.objects.get_or_create(
        name="Young people (test)", defaults={"strand": Community.Strand.AGE}
    )
    elders, _ = Community.objects.get_or_create(
        name="Older people (test)", defaults={"strand": Community.Strand.AGE}
    )
    faith, _ = Community.objects.get_or_create(
        name="Faith groups (test)", defaults={"strand": Community.Strand.FAITH}
    )
    return youth, elders, faith


@pytest.fixture
def memberships(panel, ward, other_ward, communities):
    youth, elders, faith = communities
    local = GroupMembership.objects.create(
        group=panel,
        contact=ContactFactory(name="Lena Local", home_ward=ward),
        role=GroupRole.CHAIR,
        joined_on=date(2025, 3, 4),
    )
    local.communities.set([youth, elders])
    outsider = GroupMembership.objects.create(
        group=panel,
        contact=ContactFactory(name="Otto Outsider", home_ward=other_ward),
        role=GroupRole.MEMBER,
    )
    outsider.communities.set([faith])
    left = GroupMembership.objects.create(
        group=panel,
        contact=ContactFactory(name="Lars Leaver", home_ward=ward),
        joined_on=date(2024, 1, 10),
        left_on=date(2025, 1, 10),
    )
    left.communities.set([faith])
    return local, outsider, left


def test_sergeant_sees_names_only_in_their_wards_and_others_counted(
    client, sergeant, panel, memberships
):
    client.force_login(sergeant)
    response = client.get(members_url(panel))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lena Local" in page
    assert "4 Mar 2025" in page
    assert "Older people (test), Young people (test)" in page
    assert "Otto Outsider" not in page
    assert "1 current member whose details you cannot see" in page
    assert "Lars Leaver" in page
    assert "10 Jan 2025" in page


def test_make_up_counts_every_current_member_by_strand_and_community(
    client, sergeant, panel, memberships
):
    client.force_login(sergeant)
    make_up = client.get(members_url(panel)).context["make_up"]
    assert make_up.members == 2
    by_strand = dict(make_up.by_strand)
    # Counts from 1 to 4 are suppressed (tests/consultations/test_panel_make_up.py).
    assert by_strand["Age"] == "<5"
    assert by_strand["Faith and belief"] == "<5"  # Otto, counted though not named
    assert by_strand["Disability"] == "0"
    assert dict(make_up.by_community) == {
        "Young people (test)": "<5",
        "Older people (test)": "<5",
        "Faith groups (test)": "<5",
    }
    assert make_up.bringing_none == "0"


def test_authority_member_sees_counts_but_no_names(client, authority_member, panel, memberships):
    client.force_login(authority_member)
    response = client.get(members_url(panel))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lena Local" not in page
    assert "Otto Outsider" not in page
    assert "2 current members whose details you cannot see" in page
    assert "Send reminders" not in page


def test_unit_staff_see_every_name(client, unit_staff, panel, memberships):
    client.force_login(unit_staff)
    page = client.get(members_url(panel)).content.decode()
    assert "Lena Local" in page
    assert "Otto Outsider" in page


def test_anonymous_is_sent_to_sign_in(client, panel):
    response = client.get(members_url(panel))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_a_group_that_is_not_a_ward_panel_is_not_found(client, unit_staff, ward):
    group = ConsultativeGroupFactory(kind=GroupKind.IAG, ward=ward)
    client.force_login(unit_staff)
    assert client.get(members_url(group)).status_code == 404


def test_sergeant_switches_reminders_on_and_off_for_a_member(client, sergeant, panel, memberships):
    local = memberships[0]
    client.force_login(sergeant)
    response = client.post(reminders_url(local), {"wants_reminders": "on"}, follow=True)
    local.refresh_from_db()
    assert local.wants_reminders is True
    assert "Lena Local will be reminded before meetings." in response.content.decode()
    client.post(reminders_url(local), {})
    local.refresh_from_db()
    assert local.wants_reminders is False


def test_sergeant_cannot_switch_reminders_outside_their_wards(
    client, sergeant, other_ward, memberships
):
    other_panel = ConsultativeGroupFactory(ward=other_ward)
    membership = GroupMembership.objects.create(
        group=other_panel, contact=ContactFactory(home_ward=other_ward)
    )
    client.force_login(sergeant)
    assert client.post(reminders_url(membership), {"wants_reminders": "on"}).status_code == 404
    membership.refresh_from_db()
    assert membership.wants_reminders is False


def test_sergeant_cannot_switch_reminders_of_a_member_they_cannot_see(
    client, sergeant, memberships
):
    outsider = memberships[1]
    client.force_login(sergeant)
    assert client.post(reminders_url(outsider), {"wants_reminders": "on"}).status_code == 404


def test_reminders_of_a_past_member_cannot_be_switched(client, unit_staff, memberships):
    client.force_login(unit_staff)
    assert client.post(reminders_url(memberships[2]), {"wants_reminders": "on"}).status_code == 404


def test_authority_member_may_not_switch_reminders(client, authority_member, memberships):
    client.force_login(authority_member)
    response = client.post(reminders_url(memberships[0]), {"wants_reminders": "on"})
    assert response.status_code == 403
    memberships[0].refresh_from_db()
    assert memberships[0].wants_reminders is False


def test_switching_reminders_needs_a_post(client, unit_staff, memberships):
    client.force_login(unit_staff)
    assert client.get(reminders_url(memberships[0])).status_code == 405
