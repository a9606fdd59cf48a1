"""Sign-in lockouts (issue 10, defect 2): wrong passwords lock an account for the client
address they came from, for a cool-off, with a clear page; not for everyone."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from core.roles import Role
from tests.accounts.emails import choose_password_from_email
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
PROXY = "10.0.0.5"


def sign_in(client, email, password=PASSWORD, **headers):
    headers.setdefault("REMOTE_ADDR", HOME)
    return client.post(
        reverse("accounts:sign-in"), {"username": email, "password": password}, **headers
    )


def guess(client, email, times=None, **headers):
    """Wrong passwords: 30 of them, or as many as the (lowered) limit."""
    times = times or min(30, settings.AXES_FAILURE_LIMIT)
    return [sign_in(client, email, "wrong guess", **headers) for _ in range(times)]


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def three_tries(settings):
    """A lower limit, so that tests of what happens around a lockout stay quick."""
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def now():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_thirty_wrong_passwords_lock_the_account_for_that_address(client, unit_staff, now):
    replies = guess(client, unit_staff.email)
    assert replies[0].status_code == 200  # the ordinary "wrong password" answer at first
    assert replies[-1].status_code == 429

    reply = sign_in(client, unit_staff.email)  # the right password, from the same address
    assert reply.status_code == 429
    assert not signed_in(client)
    page = reply.content.decode()
    assert "Signing in is paused" in page
    assert "paused for 15 minutes" in page
    assert reverse("accounts:password-reset") in page


def test_the_locked_account_still_signs_in_from_another_address(client, unit_staff, now):
    guess(client, unit_staff.email)
    reply = sign_in(client, unit_staff.email, REMOTE_ADDR=ELSEWHERE)
    assert reply.status_code == 302
    assert signed_in(client)


def test_the_address_can_still_sign_in_to_other_accounts(
    client, unit_staff, authority_member, three_tries
):
    guess(client, unit_staff.email)
    assert sign_in(client, authority_member.email).status_code == 302
    assert signed_in(client)


def test_after_the_cool_off_the_right_password_works_again(client, unit_staff, now, three_tries):
    guess(client, unit_staff.email)
    now.shift(datetime.timedelta(minutes=14))
    assert sign_in(client, unit_staff.email).status_code == 429
    # That try started the wait again.
    now.shift(datetime.timedelta(minutes=16))
    assert sign_in(client, unit_staff.email).status_code == 302
    assert signed_in(client)


def test_the_limit_and_cool_off_are_settings(client, unit_staff, settings, now):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
    replies = guess(client, unit_staff.email, times=3)
    assert [reply.status_code for reply in replies] == [200, 200, 429]
    assert "paused for 5 minutes" in replies[-1].content.decode()


def test_changing_the_case_of_the_email_gives_no_fresh_guesses(client, unit_staff, settings):
    settings.AXES_FAILURE_LIMIT = 4
    guess(client, unit_staff.email.lower(), times=2)
    guess(client, unit_staff.email.upper(), times=2)
    assert sign_in(client, unit_staff.email.title()).status_code == 429


def test_a_right_password_clears_the_count(client, unit_staff, settings):
    settings.AXES_FAILURE_LIMIT = 4
    guess(client, unit_staff.email, times=3)
    sign_in(client, unit_staff.email)
    client.post(reverse("accounts:sign-out"))
    guess(client, unit_staff.email, times=3)
    assert sign_in(client, unit_staff.email).status_code == 302


def test_behind_the_trusted_proxy_each_client_address_is_locked_apart(
    client, unit_staff, settings, three_tries
):
    settings.ENGAGE_TRUSTED_PROXIES = [PROXY]
    guess(client, unit_staff.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)
    locked = sign_in(client, unit_staff.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)
    assert locked.status_code == 429
    other = sign_in(client, unit_staff.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert other.status_code == 302


def test_a_forwarded_header_from_an_untrusted_address_does_not_evade_the_lock(
    client, unit_staff, settings, three_tries
):
    settings.ENGAGE_TRUSTED_PROXIES = [PROXY]
    for number in range(3):
        sign_in(client, unit_staff.email, "wrong guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    reply = sign_in(client, unit_staff.email, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert reply.status_code == 429


def test_resetting_the_password_ends_the_lockout(client, unit_staff, smtp_inbox, three_tries):
    guess(client, unit_staff.email)
    client.post(reverse("accounts:password-reset"), {"email": unit_staff.email})
    choose_password_from_email(client, smtp_inbox[0], "a new and much longer passphrase")
    reply = sign_in(client, unit_staff.email, "a new and much longer passphrase")
    assert reply.status_code == 302
    assert signed_in(client)


def test_the_django_admin_sign_in_is_locked_too(client, three_tries):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    guess(client, admin.email)
    reply = client.post(
        reverse("admin:login"),
        {"username": admin.email, "password": PASSWORD},
        REMOTE_ADDR=HOME,
    )
    assert reply.status_code == 429
    assert not signed_in(client)
