"""The areas pages through the test client, as each role and as a signed-out visitor."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from areas.factories import WardFactory
from areas.models import Borough
from core.roles import Role


@pytest.fixture
def camden_ward(db):
    return WardFactory(name="Gospel Oak", borough=Borough.objects.get(name="Camden"))


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.mark.parametrize("url_name", ["areas:ward-list", "areas:borough-list"])
@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_open_the_lists(client, users_by_role, role, url_name):
    response = get(client, users_by_role[role], reverse(url_name))

    assert response.status_code == 200


def test_borough_list_groups_the_boroughs_by_command_unit_with_ward_counts(
    client, unit_staff, camden_ward
):
    response = get(client, unit_staff, reverse("areas:borough-list"))

    content = response.content.decode()
    assert "Central North BCU" in content
    assert content.index("Central North BCU") < content.index("Camden") < content.index("Islington")
    assert reverse("areas:borough-detail", kwargs={"ons_code": "E09000007"}) in content
    assert "1 ward<" in content  # Camden's one ward


def test_london_wide_roles_see_all_wards_in_the_list(client, authority_member, ward, camden_ward):
    response = get(client, authority_member, reverse("areas:ward-list"))

    assert list(response.context["wards"]) == [camden_ward, ward]  # by borough name
    assert "Gospel Oak" in response.content.decode()
    assert "Your wards" not in response.content.decode()


def test_sergeants_ward_list_shows_only_their_wards(
    client, sergeant, ward, other_ward, camden_ward
):
    response = get(client, sergeant, reverse("areas:ward-list"))

    content = response.content.decode()
    assert "Your wards" in content
    assert ward.name in content
    assert other_ward.name not in content
    assert camden_ward.name not in content


def test_sergeant_can_open_their_own_ward(client, sergeant, ward):
    response = get(client, sergeant, ward.get_absolute_url())

    assert response.status_code == 200
    assert ward.ons_code in response.content.decode()


def test_sergeant_gets_404_for_a_ward_that_is_not_theirs(client, sergeant, other_ward):
    response = get(client, sergeant, other_ward.get_absolute_url())

    assert response.status_code == 404


def test_ward_page_shows_its_borough_command_unit_and_current_sergeants(
    client, unit_staff, camden_ward
):
    UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[camden_ward], full_name="Pat Present")
    UserFactory(
        roles=[Role.NEIGHBOURHOOD_SERGEANT],
        wards=[camden_ward],
        full_name="Lee Leftforce",
        is_active=False,
    )

    content = get(client, unit_staff, camden_ward.get_absolute_url()).content.decode()

    assert "Camden" in content
    assert "Central North BCU" in content
    assert "Pat Present" in content
    assert "Lee Leftforce" not in content


def test_borough_page_shows_a_sergeant_only_their_wards_there(client, sergeant, ward, other_ward):
    response = get(client, sergeant, ward.borough.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert ward.name in content
    assert other_ward.name not in content


def test_search_filters_wards_by_name_or_code(client, unit_staff, ward, camden_ward):
    url = reverse("areas:ward-list")

    by_name = get(client, unit_staff, url, q="gospel").content.decode()
    by_code = get(client, unit_staff, url, q=ward.ons_code.lower()).content.decode()
    nothing = get(client, unit_staff, url, q="Atlantis").content.decode()

    assert "Gospel Oak" in by_name
    assert ward.name not in by_name
    assert ward.name in by_code
    assert "Gospel Oak" not in by_code
    assert "No wards match “Atlantis”" in nothing


def test_search_box_has_a_label(client, unit_staff):
    content = get(client, unit_staff, reverse("areas:ward-list")).content.decode()

    assert '<label for="ward-search"' in content
    assert 'id="ward-search"' in content


def test_sergeant_with_no_wards_is_told_so(client, db):
    newcomer = UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT])

    content = get(client, newcomer, reverse("areas:ward-list")).content.decode()

    assert "You have no wards yet" in content


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda ward: reverse("areas:borough-list"), id="borough-list"),
        pytest.param(lambda ward: ward.borough.get_absolute_url(), id="borough-detail"),
        pytest.param(lambda ward: reverse("areas:ward-list"), id="ward-list"),
        pytest.param(lambda ward: ward.get_absolute_url(), id="ward-detail"),
    ],
)
def test_signed_out_visitors_are_sent_to_sign_in(client, ward, url):
    path = url(ward)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))
    assert "next=" in response.url
