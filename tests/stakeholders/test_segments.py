"""Saved segments: a contact search kept by name and evaluated afresh each time it is used."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from core.roles import Role
from stakeholders.choices import Channel, ConsulteeCategory
from stakeholders.factories import ContactFactory
from stakeholders.models import Segment
from stakeholders.selectors.audiences import audience_recipients
from stakeholders.services.lists import audience_create, segment_create

pytestmark = pytest.mark.django_db


def create_url(**search):
    return f"{reverse('stakeholders:segment-create')}?{urlencode(search, doseq=True)}"


def detail_url(segment):
    return reverse("stakeholders:segment-detail", args=[segment.pk])


@pytest.fixture
def segment(unit_staff, ward):
    return segment_create(
        name="Statutory in the ward",
        filters={"ward": str(ward.pk), "category": ConsulteeCategory.STATUTORY},
        acting_user=unit_staff,
    )


def test_the_save_page_shows_the_search_in_words_and_how_many_match(client, unit_staff, ward):
    ContactFactory(home_ward=ward, home_borough=ward.borough, category="statutory")
    ContactFactory(home_ward=ward, home_borough=ward.borough, category="public")
    client.force_login(unit_staff)

    response = client.get(create_url(ward=ward.pk, category="statutory", page=2))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Home ward" in content
    assert ward.name in content
    assert "Statutory consultee" in content
    assert response.context["match_count"] == 1
    assert "<strong>1</strong> contact matches now" in content


def test_a_segment_keeps_only_the_search_criteria(client, unit_staff, ward):
    client.force_login(unit_staff)
    url = create_url(
        q=" Smith ", ward=ward.pk, consent="email", page=3, sort="name", csrfmiddlewaretoken="x"
    )

    response = client.post(url, {"name": "Smiths in the ward", "description": "For the panel"})

    segment = Segment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(segment)
    assert segment.filters == {"q": "Smith", "ward": str(ward.pk), "consent": "email"}
    assert segment.created_by == unit_staff
    assert segment.description == "For the panel"


def test_a_segment_is_evaluated_afresh_each_time(client, unit_staff, segment, ward):
    ContactFactory(name="Early Bird", home_ward=ward, category="statutory", consent=["email"])
    client.force_login(unit_staff)
    assert [c.name for c in client.get(detail_url(segment)).context["contacts"]] == ["Early Bird"]

    ContactFactory(name="Late Comer", home_ward=ward, category="statutory", consent=["email"])
    ContactFactory(name="Not Statutory", home_ward=ward, category="public", consent=["email"])

    page = client.get(detail_url(segment))
    assert [c.name for c in page.context["contacts"]] == ["Early Bird", "Late Comer"]
    assert "Late Comer" in page.content.decode()
    audience = audience_create(
        name="Panel", channel=Channel.EMAIL, segments=[segment], acting_user=unit_staff
    )
    assert len(audience_recipients(audience, user=unit_staff)) == 2


def test_segment_detail_pages_the_contacts(client, unit_staff):
    for number in range(55):
        ContactFactory(name=f"Person {number:02d}", category="staff")
    segment = segment_create(name="Staff", filters={"category": "staff"}, acting_user=unit_staff)
    client.force_login(unit_staff)

    first = client.get(detail_url(segment))
    second = client.get(detail_url(segment), {"page": 2})

    assert len(first.context["contacts"]) == 50
    assert [c.name for c in second.context["contacts"]] == [f"Person {n}" for n in range(50, 55)]
    assert "<strong>55</strong> contacts" in first.content.decode()


def test_a_segment_needs_a_name(client, unit_staff):
    client.force_login(unit_staff)

    response = client.post(create_url(category="statutory"), {"name": "", "description": "Kept"})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "Kept" in response.content.decode()
    assert not Segment.objects.exists()


def test_a_segment_name_is_used_once_whatever_its_case(client, unit_staff, segment):
    client.force_login(unit_staff)

    response = client.post(create_url(category="public"), {"name": "STATUTORY in the ward"})

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "There is already a segment called “STATUTORY in the ward”. Choose another name."
    ]
    assert Segment.objects.count() == 1


def test_a_search_with_no_criteria_cannot_be_saved(client, unit_staff):
    client.force_login(unit_staff)

    response = client.post(create_url(page=2), {"name": "Everyone"})

    assert response.status_code == 200
    assert "A segment needs at least one search criterion" in response.content.decode()
    assert not Segment.objects.exists()


def test_a_search_that_makes_no_sense_cannot_be_saved(client, unit_staff):
    client.force_login(unit_staff)

    response = client.post(create_url(ward=999999), {"name": "Nowhere"})

    assert "The search cannot be saved as it is" in response.content.decode()
    assert not Segment.objects.exists()


def test_a_segment_whose_search_stopped_making_sense_matches_nobody(client, unit_staff, segment):
    ContactFactory(category="statutory")
    Segment.objects.filter(pk=segment.pk).update(filters={"ward": "999999"})
    client.force_login(unit_staff)

    page = client.get(detail_url(segment))

    assert list(page.context["contacts"]) == []
    assert "no longer makes sense" in page.content.decode()


def test_the_segment_list_shows_each_segments_criteria(client, unit_staff, segment, ward):
    client.force_login(unit_staff)

    content = client.get(reverse("stakeholders:segment-list")).content.decode()

    assert "Statutory in the ward" in content
    assert f"Home ward: {ward}" in content
    assert "Consultee category: Statutory consultee" in content


def test_staff_delete_a_segment(client, unit_staff, segment):
    client.force_login(unit_staff)

    response = client.post(reverse("stakeholders:segment-delete", args=[segment.pk]))

    assert response.status_code == 302
    assert not Segment.objects.exists()


def segment_urls(segment):
    return [
        reverse("stakeholders:segment-list"),
        create_url(category="statutory"),
        detail_url(segment),
    ]


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_staff_and_administrators_may_use_the_segment_pages(client, users_by_role, role, segment):
    client.force_login(users_by_role[role])
    for url in segment_urls(segment):
        assert client.get(url).status_code == 200, url
    response = client.post(create_url(category="public"), {"name": f"Public ({role})"})
    assert response.status_code == 302
    assert Segment.objects.filter(created_by=users_by_role[role]).exists()


@pytest.mark.parametrize("role", [Role.NEIGHBOURHOOD_SERGEANT, Role.AUTHORITY_MEMBER])
def test_sergeants_and_authority_members_are_refused_the_segment_pages(
    client, users_by_role, role, segment
):
    client.force_login(users_by_role[role])
    for url in segment_urls(segment):
        assert client.get(url).status_code == 403, url
    assert client.post(create_url(category="public"), {"name": "Public"}).status_code == 403
    delete = reverse("stakeholders:segment-delete", args=[segment.pk])
    assert client.post(delete).status_code == 403
    assert list(Segment.objects.all()) == [segment]


def test_signed_out_visitors_are_sent_to_sign_in_from_the_segment_pages(client, segment):
    for url in segment_urls(segment):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
