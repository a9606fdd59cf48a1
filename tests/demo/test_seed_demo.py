from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from areas.models import Ward
from core.roles import Role
from demo.seed import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db


def seed_demo(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_makes_one_sign_in_per_role_and_prints_them():
    output = seed_demo()
    for demo in DEMO_USERS:
        user = User.objects.get(email=demo.email)
        assert user.roles == {demo.role}
        assert user.check_password(DEMO_PASSWORD)
        assert demo.email in output
    assert Ward.objects.exists()


def test_demo_sergeant_has_wards_and_nobody_else_does():
    seed_demo()
    sergeant = User.objects.get(email="sergeant@engage.example")
    assert sergeant.wards.count() == 2
    others = User.objects.exclude(groups__name=Role.NEIGHBOURHOOD_SERGEANT.value)
    assert not others.filter(wards__isnull=False).exists()


def test_seed_demo_twice_adds_nothing_the_second_time():
    seed_demo()
    counts = (User.objects.count(), Ward.objects.count())
    seed_demo()
    assert (User.objects.count(), Ward.objects.count()) == counts


def test_if_empty_leaves_a_database_with_users_alone(unit_staff):
    output = seed_demo("--if-empty")
    assert "left as it is" in output
    assert not User.objects.filter(email__endswith="@engage.example").exists()
