"""Password rules (issue 10, build 1): common passwords are refused, long passphrases are
welcome (nothing caps the length short)."""

import pytest
from django.urls import reverse

from tests.accounts.emails import choose_password_from_email
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PASSPHRASE = ("the quick brown fox jumps over the lazy dog by the old mill pond " * 2)[:100]


def change_password(client, new_password):
    return client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )


def test_a_100_character_passphrase_is_accepted(client, unit_staff):
    assert len(PASSPHRASE) == 100
    client.force_login(unit_staff)
    assert change_password(client, PASSPHRASE).status_code == 302
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(PASSPHRASE)


def test_a_common_password_is_refused_though_long_enough(client, unit_staff):
    client.force_login(unit_staff)
    reply = change_password(client, "password1234")
    assert "This password is too common" in reply.content.decode()
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(PASSWORD)


def test_a_reset_accepts_the_passphrase_and_refuses_the_common_password(
    client, unit_staff, smtp_inbox
):
    client.post(reverse("accounts:password-reset"), {"email": unit_staff.email})
    page = choose_password_from_email(client, smtp_inbox[0], "password1234")
    assert "Choose a password" in page
    unit_staff.refresh_from_db()
    assert not unit_staff.check_password("password1234")

    client.post(reverse("accounts:password-reset"), {"email": unit_staff.email})
    choose_password_from_email(client, smtp_inbox[1], PASSPHRASE)
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(PASSPHRASE)
