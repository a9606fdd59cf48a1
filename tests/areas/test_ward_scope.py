"""Who sees which wards: the rules predicate and Ward.objects.visible_to must agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.factories import UserFactory
from areas.factories import WardFactory
from areas.models import Borough, Ward
from core.roles import Role


@pytest.fixture
def second_sergeant(other_ward):
    return UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[other_ward])


@pytest.fixture
def far_ward(db):
    """A ward in another borough, assigned to nobody."""
    return WardFactory()


@pytest.fixture
def everyone(users_by_role, second_sergeant, ward, far_ward):
    return {
        **{role.label: user for role, user in users_by_role.items()},
        "second sergeant": second_sergeant,
        "sergeant without wards": UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT]),
        "sergeant who is also unit staff": UserFactory(
            roles=[Role.NEIGHBOURHOOD_SERGEANT, Role.UNIT_STAFF], wards=[ward]
        ),
        "user with no role": UserFactory(),
        "deactivated unit staff": UserFactory(roles=[Role.UNIT_STAFF], is_active=False),
        "signed-out visitor": AnonymousUser(),
    }


def test_permission_and_visible_to_agree_for_every_user_and_ward(everyone):
    wards = list(Ward.objects.all())
    assert len(wards) == 3

    disagreements = [
        (name, ward.name)
        for name, user in everyone.items()
        for ward in wards
        if user.has_perm("areas.view_ward", ward) != Ward.objects.visible_to(user).contains(ward)
    ]

    assert disagreements == []


def test_sergeant_sees_only_their_own_wards(sergeant, second_sergeant, ward, other_ward, far_ward):
    assert list(Ward.objects.visible_to(sergeant)) == [ward]
    assert list(Ward.objects.visible_to(second_sergeant)) == [other_ward]
    assert not sergeant.has_perm("areas.view_ward", other_ward)
    assert not sergeant.has_perm("areas.view_ward", far_ward)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER])
def test_london_wide_roles_see_every_ward(role, users_by_role, ward, other_ward, far_ward):
    user = users_by_role[role]

    assert set(Ward.objects.visible_to(user)) == {ward, other_ward, far_ward}
    assert all(user.has_perm("areas.view_ward", w) for w in (ward, other_ward, far_ward))


def test_users_without_a_role_and_visitors_see_no_wards(everyone):
    for name in ("user with no role", "deactivated unit staff", "signed-out visitor"):
        assert not Ward.objects.visible_to(everyone[name]).exists(), name


def test_the_wards_and_boroughs_each_user_may_place_records_in(
    everyone, ward, other_ward, far_ward
):
    """Ward.objects.editable_by / Borough.objects.editable_by: the choices of every form
    that writes (issue 10, defect 7). Authority members read London but place nothing."""
    placeable = {name: set(Ward.objects.editable_by(user)) for name, user in everyone.items()}
    assert placeable == {
        "Administrator": {ward, other_ward, far_ward},
        "Unit staff": {ward, other_ward, far_ward},
        "Authority member": set(),
        "Neighbourhood sergeant": {ward},
        "second sergeant": {other_ward},
        "sergeant without wards": set(),
        "sergeant who is also unit staff": {ward, other_ward, far_ward},
        "user with no role": set(),
        "deactivated unit staff": set(),
        "signed-out visitor": set(),
    }
    boroughs = {name: set(Borough.objects.editable_by(user)) for name, user in everyone.items()}
    assert boroughs["Neighbourhood sergeant"] == {ward.borough}
    assert boroughs["Unit staff"] == set(Borough.objects.all())
    assert boroughs["Authority member"] == boroughs["signed-out visitor"] == set()
