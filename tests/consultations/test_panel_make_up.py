"""A ward panel's make-up counts members by the communities they bring (gender including
transgender, sexual orientation, faith, ...): special category data, so small counts are
suppressed as on the equality report (defect 10 of issue 10), for every reader."""

import re

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from consultations.factories import ConsultativeGroupFactory
from consultations.models import GroupMembership
from core.roles import Role
from core.small_counts import COMPLEMENT, SMALL
from stakeholders.factories import ContactFactory
from stakeholders.models import Community

pytestmark = pytest.mark.django_db


def community(name, strand):
    return Community.objects.get_or_create(name=name, defaults={"strand": strand})[0]


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward, name="Hoxton ward panel")


def add_members(panel, count, *communities):
    for _ in range(count):
        membership = GroupMembership.objects.create(group=panel, contact=ContactFactory())
        membership.communities.set(communities)


@pytest.fixture
def one_trans_member(panel):
    """Seven members: one brings a transgender community, six bring young people."""
    add_members(panel, 1, community("Transgender people (test)", Community.Strand.GENDER))
    add_members(panel, 6, community("Young people (test)", Community.Strand.AGE))
    return panel


def cell(html: str, label: str) -> str:
    """The count shown in the make-up row headed ``label``."""
    match = re.search(
        rf'<th scope="row">{re.escape(label)}</th>\s*<td class="text-end">\s*([^<\s]+)', html
    )
    assert match, label
    return match.group(1).replace("&lt;", "<")


def make_up_page(client, user, panel) -> str:
    client.force_login(user)
    response = client.get(reverse("consultations:panel-members", args=[panel.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def other_wards_sergeant(other_ward):
    return UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[other_ward])


@pytest.mark.parametrize("reader", ["authority_member", "sergeant", "unit_staff"])
def test_a_single_transgender_member_is_shown_as_fewer_than_five(
    client, request, one_trans_member, reader
):
    html = make_up_page(client, request.getfixturevalue(reader), one_trans_member)
    assert cell(html, "Transgender people (test)") == SMALL
    assert cell(html, "Gender, including transgender") == SMALL


def test_another_wards_sergeant_cannot_open_the_make_up_at_all(
    client, other_wards_sergeant, one_trans_member
):
    client.force_login(other_wards_sergeant)
    url = reverse("consultations:panel-members", args=[one_trans_member.pk])
    assert client.get(url).status_code == 404


def test_the_count_next_to_a_hidden_one_is_hidden_too_so_the_total_gives_nothing_away(
    client, authority_member, one_trans_member
):
    """7 members, 6 of them bringing an age community: with the total shown, a visible 6
    would leave the hidden gender count as 7 - 6 = 1."""
    html = make_up_page(client, authority_member, one_trans_member)
    assert "7 current members" in html
    assert cell(html, "Age") == COMPLEMENT
    assert cell(html, "Young people (test)") == COMPLEMENT  # it would give the Age count
    assert cell(html, "No community on record") == "0"
    assert cell(html, "Disability") == "0"  # a gap: nobody is disclosed by a zero


def test_counts_of_five_or_more_are_shown(client, authority_member, panel):
    add_members(panel, 5, community("Faith groups (test)", Community.Strand.FAITH))
    add_members(panel, 6, community("Older people (test)", Community.Strand.AGE))
    html = make_up_page(client, authority_member, panel)
    assert cell(html, "Faith and belief") == "5"
    assert cell(html, "Faith groups (test)") == "5"
    assert cell(html, "Age") == "6"
    assert cell(html, "Older people (test)") == "6"


def test_a_member_bringing_two_communities_of_a_strand_counts_once_for_it(
    client, authority_member, panel
):
    youth = community("Young people (test)", Community.Strand.AGE)
    elders = community("Older people (test)", Community.Strand.AGE)
    add_members(panel, 5, youth, elders)
    html = make_up_page(client, authority_member, panel)
    assert cell(html, "Age") == "5"
    assert cell(html, "Young people (test)") == cell(html, "Older people (test)") == "5"


def test_communities_within_a_strand_are_suppressed_against_the_strand_count(
    client, authority_member, panel
):
    """Six members bring the gender strand, one of them a transgender community: the
    other community's count is hidden too, or 6 - 5 would give the 1 away."""
    women = community("Women (test)", Community.Strand.GENDER)
    trans = community("Transgender people (test)", Community.Strand.GENDER)
    add_members(panel, 5, women)
    add_members(panel, 1, trans)
    add_members(panel, 5)  # bring nothing on record
    html = make_up_page(client, authority_member, panel)
    assert cell(html, "Gender, including transgender") == "6"
    assert cell(html, "Transgender people (test)") == SMALL
    assert cell(html, "Women (test)") == COMPLEMENT
    assert cell(html, "No community on record") == "5"


# The same rule where else engage counts people by community: an event's head counts.


def dd_after(html: str, label: str) -> str:
    match = re.search(rf"<dt[^>]*>{re.escape(label)}</dt>\s*<dd[^>]*>\s*([^<\s]+)", html)
    assert match, label
    return match.group(1).replace("&lt;", "<")


def test_an_events_head_counts_by_community_are_suppressed(client, authority_member):
    from consultations.factories import EventFactory
    from consultations.models import HeadCount

    event = EventFactory()
    HeadCount.objects.create(event=event, community=None, count=30)
    trans = community("Transgender people (test)", Community.Strand.GENDER)
    youth = community("Young people (test)", Community.Strand.AGE)
    HeadCount.objects.create(event=event, community=trans, count=2)
    HeadCount.objects.create(event=event, community=youth, count=12)
    client.force_login(authority_member)
    html = client.get(event.get_absolute_url()).content.decode()
    assert dd_after(html, "Head count (anonymous)") == "30"
    assert dd_after(html, "Transgender people (test)") == SMALL
    assert dd_after(html, "Young people (test)") == COMPLEMENT
