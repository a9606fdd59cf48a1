"""Standing consultative groups: the list, one group, adding and editing, members joining
and leaving, and who may do what (issue 4, point 2)."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from areas.factories import WardFactory
from consultations.choices import GroupKind, GroupRole
from consultations.factories import ConsultativeGroupFactory
from consultations.models import ConsultativeGroup, GroupMembership
from core.roles import Role
from stakeholders.factories import ContactFactory
from stakeholders.models import Community

pytestmark = pytest.mark.django_db

LIST = reverse("consultations:group-list")
CREATE = reverse("consultations:group-create")


def detail(group):
    return reverse("consultations:group-detail", args=[group.pk])


def update(group):
    return reverse("consultations:group-update", args=[group.pk])


def member_add(group):
    return reverse("consultations:group-member-add", args=[group.pk])


def member_leave(membership):
    return reverse("consultations:group-member-leave", args=[membership.group_id, membership.pk])


def group_data(**overrides):
    data = {
        "name": "Dalston ward panel",
        "kind": GroupKind.WARD_PANEL,
        "description": "Sets the ward's three priorities.",
        "meets_every_days": "60",
        "active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in ("", None)}


def member(group, contact, **kwargs):
    return GroupMembership.objects.create(group=group, contact=contact, **kwargs)


# Adding and editing ------------------------------------------------------------------


def test_unit_staff_add_a_ward_panel(client, unit_staff, ward):
    client.force_login(unit_staff)
    response = client.post(CREATE, group_data(ward=ward.pk))
    group = ConsultativeGroup.objects.get(name="Dalston ward panel")
    assert response.status_code == 302
    assert response["Location"] == detail(group)
    assert group.ward == ward
    assert group.borough == ward.borough
    assert group.meets_every_days == 60


def test_a_ward_panel_without_a_ward_is_refused_next_to_the_ward_field(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(CREATE, group_data())
    assert response.status_code == 200
    assert response.context["form"].errors["ward"] == ["A ward panel belongs to a ward."]
    assert "Nothing has been saved yet" in response.text
    assert 'value="Dalston ward panel"' in response.text
    assert not ConsultativeGroup.objects.exists()


def test_a_borough_group_needs_no_ward(client, unit_staff, borough):
    client.force_login(unit_staff)
    response = client.post(
        CREATE,
        group_data(name="Hackney SNB", kind=GroupKind.BOROUGH_GROUP, borough=borough.pk),
    )
    assert response.status_code == 302
    assert ConsultativeGroup.objects.get(name="Hackney SNB").ward is None


def test_unit_staff_edit_a_group(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(unit_staff)
    response = client.post(update(group), group_data(name="Renamed panel", ward=ward.pk))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Renamed panel"


def test_the_list_and_the_page_show_the_group(client, authority_member, ward):
    group = ConsultativeGroupFactory(name="Haggerston ward panel", ward=ward)
    client.force_login(authority_member)
    listing = client.get(LIST)
    page = client.get(detail(group))
    assert "Haggerston ward panel" in listing.text
    assert page.status_code == 200
    assert ward.name in page.text


def test_the_list_filters_by_kind(client, unit_staff, ward, borough):
    ConsultativeGroupFactory(name="Panel A", ward=ward)
    ConsultativeGroupFactory(name="Youth B", kind=GroupKind.YOUTH_PANEL, ward=None, borough=borough)
    client.force_login(unit_staff)
    response = client.get(LIST, {"kind": GroupKind.YOUTH_PANEL})
    assert "Youth B" in response.text
    assert "Panel A" not in response.text


# Who may change which group ----------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, ward):
    group = ConsultativeGroupFactory(ward=ward)
    for url in (LIST, detail(group), CREATE, update(group), member_add(group)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_authority_members_may_read_but_not_write(client, authority_member, ward):
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(authority_member)
    assert client.get(detail(group)).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, group_data(ward=ward.pk)).status_code == 403
    assert client.post(update(group), group_data(ward=ward.pk)).status_code == 403
    assert client.get(member_add(group)).status_code == 403
    assert ConsultativeGroup.objects.count() == 1


def test_sergeant_changes_a_group_in_their_ward(client, sergeant, ward):
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(sergeant)
    response = client.post(update(group), group_data(name="Our panel", ward=ward.pk))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Our panel"


def test_sergeant_gets_404_for_other_wards_groups(client, sergeant, other_ward):
    group = ConsultativeGroupFactory(ward=other_ward, name="Not theirs")
    contact = ContactFactory(home_ward=other_ward)
    membership = member(group, contact)
    client.force_login(sergeant)
    assert client.get(update(group)).status_code == 404
    assert client.post(update(group), group_data(ward=other_ward.pk)).status_code == 404
    assert client.get(member_add(group)).status_code == 404
    assert client.post(member_leave(membership)).status_code == 404
    group.refresh_from_db()
    membership.refresh_from_db()
    assert group.name == "Not theirs"
    assert membership.left_on is None


def test_sergeant_cannot_move_a_group_out_of_their_wards(client, sergeant, ward, other_ward):
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(sergeant)
    response = client.post(update(group), group_data(ward=other_ward.pk))
    assert response.status_code == 200
    assert "ward" in response.context["form"].errors
    group.refresh_from_db()
    assert group.ward == ward


def test_sergeant_adds_a_group_only_in_their_ward(client, sergeant, ward, other_ward):
    client.force_login(sergeant)
    refused = client.post(CREATE, group_data(ward=other_ward.pk))
    assert refused.status_code == 200
    assert "ward" in refused.context["form"].errors
    assert not ConsultativeGroup.objects.exists()
    accepted = client.post(CREATE, group_data(ward=ward.pk))
    assert accepted.status_code == 302
    assert ConsultativeGroup.objects.get().ward == ward


def test_the_edit_link_shows_only_to_those_who_may_change(client, sergeant, ward, other_ward):
    own = ConsultativeGroupFactory(ward=ward)
    other = ConsultativeGroupFactory(ward=other_ward)
    client.force_login(sergeant)
    assert update(own) in client.get(detail(own)).text
    assert update(other) not in client.get(detail(other)).text


# Members -----------------------------------------------------------------------------


def test_the_member_search_finds_people_by_name_and_lists_no_one_else(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    ContactFactory(name="Fatima Hassan", email="fatima@example.org")
    ContactFactory(name="George Brown")
    client.force_login(unit_staff)
    response = client.get(member_add(group), {"q": "fatim"})
    assert "Fatima Hassan" in response.text
    assert "George Brown" not in response.text
    by_email = client.get(member_add(group), {"q": "FATIMA@example.org"})
    assert "Fatima Hassan" in by_email.text


def test_before_searching_no_contacts_are_listed(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    ContactFactory(name="Fatima Hassan")
    client.force_login(unit_staff)
    response = client.get(member_add(group))
    assert response.status_code == 200
    assert "Fatima Hassan" not in response.text


def test_unit_staff_add_a_member_with_role_date_and_communities(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    contact = ContactFactory(name="Fatima Hassan")
    community, _ = Community.objects.get_or_create(
        name="Somali community", defaults={"strand": "ethnicity"}
    )
    client.force_login(unit_staff)
    response = client.post(
        member_add(group),
        {
            "q": "Fatima",
            "contact": contact.pk,
            "role": GroupRole.CHAIR,
            "joined_on": "2024-04-01",
            "communities": [community.pk],
        },
    )
    assert response.status_code == 302
    membership = GroupMembership.objects.get(group=group, contact=contact)
    assert membership.role == GroupRole.CHAIR
    assert str(membership.joined_on) == "2024-04-01"
    assert list(membership.communities.all()) == [community]
    page = client.get(detail(group))
    assert "Fatima Hassan" in page.text
    assert "Somali community" in page.text


def test_adding_without_choosing_a_person_says_so(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    client.force_login(unit_staff)
    response = client.post(member_add(group), {"q": "", "role": GroupRole.MEMBER})
    assert response.status_code == 200
    assert "Search for the person" in response.text
    assert not GroupMembership.objects.exists()


def test_a_current_member_is_not_added_twice(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    contact = ContactFactory(name="Fatima Hassan")
    member(group, contact)
    client.force_login(unit_staff)
    response = client.post(member_add(group), {"contact": contact.pk, "role": GroupRole.MEMBER})
    assert response.status_code == 200
    assert GroupMembership.objects.filter(group=group, contact=contact).count() == 1


def test_sergeant_cannot_add_a_contact_from_outside_their_wards(client, sergeant, ward, other_ward):
    group = ConsultativeGroupFactory(ward=ward)
    inside = ContactFactory(name="Inside Person", home_ward=ward)
    outside = ContactFactory(name="Outside Person", home_ward=other_ward)
    client.force_login(sergeant)
    search = client.get(member_add(group), {"q": "Person"})
    assert "Inside Person" in search.text
    assert "Outside Person" not in search.text
    refused = client.post(member_add(group), {"contact": outside.pk, "role": GroupRole.MEMBER})
    assert refused.status_code == 200
    assert not GroupMembership.objects.filter(contact=outside).exists()
    accepted = client.post(member_add(group), {"contact": inside.pk, "role": GroupRole.MEMBER})
    assert accepted.status_code == 302
    assert GroupMembership.objects.filter(contact=inside, group=group).exists()


def test_a_member_leaves_and_their_past_membership_is_kept(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    membership = member(group, ContactFactory(name="Fatima Hassan"))
    client.force_login(unit_staff)
    response = client.post(member_leave(membership), follow=True)
    assert response.redirect_chain == [(detail(group), 302)]
    assert "Fatima Hassan has left" in response.text
    membership.refresh_from_db()
    assert membership.left_on is not None
    page = client.get(detail(group))
    assert "Fatima Hassan" not in page.text
    assert "0 current members" in page.text


def test_leaving_is_post_only(client, unit_staff, ward):
    group = ConsultativeGroupFactory(ward=ward)
    membership = member(group, ContactFactory())
    client.force_login(unit_staff)
    assert client.get(member_leave(membership)).status_code == 405
    membership.refresh_from_db()
    assert membership.left_on is None


def test_authority_member_cannot_record_a_leaver(client, authority_member, ward):
    group = ConsultativeGroupFactory(ward=ward)
    membership = member(group, ContactFactory())
    client.force_login(authority_member)
    assert client.post(member_leave(membership)).status_code == 403
    membership.refresh_from_db()
    assert membership.left_on is None


# Who sees whose name -----------------------------------------------------------------


def test_sergeant_sees_no_names_of_members_outside_their_wards(client, sergeant, ward, other_ward):
    group = ConsultativeGroupFactory(kind=GroupKind.BOROUGH_GROUP, ward=None, borough=ward.borough)
    member(group, ContactFactory(name="Neighbour Inside", home_ward=ward))
    member(group, ContactFactory(name="Stranger Outside", home_ward=other_ward))
    member(group, ContactFactory(name="Another Outside", home_ward=WardFactory()))
    client.force_login(sergeant)
    response = client.get(detail(group))
    assert "Neighbour Inside" in response.text
    assert "Stranger Outside" not in response.text
    assert "Another Outside" not in response.text
    assert "3 current members" in response.text
    assert "2 other members whose details you cannot see" in response.text


def test_authority_members_see_counts_but_no_names(client, authority_member, ward):
    group = ConsultativeGroupFactory(ward=ward)
    member(group, ContactFactory(name="Fatima Hassan", home_ward=ward))
    member(group, ContactFactory(name="George Brown", home_ward=ward))
    client.force_login(authority_member)
    response = client.get(detail(group))
    assert "Fatima Hassan" not in response.text
    assert "George Brown" not in response.text
    assert "2 current members" in response.text
    assert "2 members whose details you cannot see" in response.text


def test_unit_staff_see_every_members_name(client, unit_staff, ward, other_ward):
    group = ConsultativeGroupFactory(ward=ward)
    member(group, ContactFactory(name="Fatima Hassan", home_ward=ward))
    member(group, ContactFactory(name="George Brown", home_ward=other_ward))
    client.force_login(unit_staff)
    response = client.get(detail(group))
    assert "Fatima Hassan" in response.text
    assert "George Brown" in response.text
    assert "cannot see" not in response.text


def test_a_second_sergeant_elsewhere_cannot_change_the_group(client, ward, other_ward):
    group = ConsultativeGroupFactory(ward=ward)
    elsewhere = UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[other_ward])
    client.force_login(elsewhere)
    assert client.get(update(group)).status_code == 404
    assert client.get(detail(group)).status_code == 404
