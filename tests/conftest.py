"""Shared fixtures: a user for each role, and sample areas."""

import os

import pytest
from django.conf import settings

from accounts.factories import UserFactory
from accounts.roles import Role
from areas.factories import BoroughFactory, WardFactory

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    """Skip, loudly, the tests that need a Redis server when none was found."""
    if settings.REDIS_URL:
        return
    skip = pytest.mark.skip(reason="NO REDIS SERVER: set REDIS_URL or start Redis on :6379")
    for item in items:
        if "redis" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def borough(db):
    return BoroughFactory()


@pytest.fixture
def ward(borough):
    return WardFactory(borough=borough)


@pytest.fixture
def other_ward(borough):
    return WardFactory(borough=borough)


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[Role.ADMINISTRATOR], full_name="Ada Administrator")


@pytest.fixture
def unit_staff(db):
    return UserFactory(roles=[Role.UNIT_STAFF], full_name="Uma Unitstaff")


@pytest.fixture
def authority_member(db):
    return UserFactory(roles=[Role.AUTHORITY_MEMBER], full_name="Amir Authority")


@pytest.fixture
def sergeant(ward):
    return UserFactory(
        roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[ward], full_name="Sam Sergeant"
    )


@pytest.fixture
def users_by_role(administrator, unit_staff, authority_member, sergeant):
    return {
        Role.ADMINISTRATOR: administrator,
        Role.UNIT_STAFF: unit_staff,
        Role.AUTHORITY_MEMBER: authority_member,
        Role.NEIGHBOURHOOD_SERGEANT: sergeant,
    }


@pytest.fixture(autouse=True)
def _playwright_may_share_the_thread():
    """Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
    to run beside one unless told the access is deliberate (it is: one thread, in order)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
