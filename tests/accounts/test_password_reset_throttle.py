"""The password reset throttle (issue 10, defect 2): at most a few emails an hour for one
address and from one client address, answered as usual so nothing is given away."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import PasswordResetRequest

pytestmark = pytest.mark.django_db

CLIENT = "203.0.113.10"
PROXY = "10.0.0.5"


def ask_for_reset(client, email, **headers):
    headers.setdefault("REMOTE_ADDR", CLIENT)
    return client.post(reverse("accounts:password-reset"), {"email": email}, **headers)


@pytest.fixture
def now():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_ten_requests_for_one_account_send_at_most_the_limit(client, unit_staff, smtp_inbox):
    replies = [ask_for_reset(client, unit_staff.email) for _ in range(10)]
    assert len(smtp_inbox) == 3
    # Every request gets the same answer, sent or not.
    assert {reply["Location"] for reply in replies} == {reverse("accounts:password-reset-done")}


def test_the_limit_per_account_holds_from_any_client_address(client, unit_staff, smtp_inbox):
    for number in range(5):
        ask_for_reset(client, unit_staff.email, REMOTE_ADDR=f"198.51.100.{number}")
    assert len(smtp_inbox) == 3


def test_one_client_address_asking_for_many_accounts_is_limited(client, settings, smtp_inbox):
    settings.ENGAGE_PASSWORD_RESETS_PER_ADDRESS = 4
    users = UserFactory.create_batch(10)
    for user in users:
        ask_for_reset(client, user.email)
    assert len(smtp_inbox) == 4


def test_requests_for_unknown_addresses_count_too(client, settings, unit_staff, smtp_inbox):
    settings.ENGAGE_PASSWORD_RESETS_PER_ADDRESS = 4
    for number in range(4):
        ask_for_reset(client, f"nobody{number}@example.org")
    ask_for_reset(client, unit_staff.email)
    assert smtp_inbox == []


def test_behind_the_trusted_proxy_client_addresses_are_counted_apart(client, settings, smtp_inbox):
    settings.ENGAGE_TRUSTED_PROXIES = [PROXY]
    settings.ENGAGE_PASSWORD_RESETS_PER_ADDRESS = 2
    for number, user in enumerate(UserFactory.create_batch(6)):
        ask_for_reset(
            client, user.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}"
        )
    assert len(smtp_inbox) == 6
    for user in UserFactory.create_batch(6):
        ask_for_reset(client, user.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert len(smtp_inbox) == 6 + 2


def test_an_hour_later_a_link_can_be_sent_again(client, unit_staff, smtp_inbox, now):
    for _ in range(4):
        ask_for_reset(client, unit_staff.email)
    assert len(smtp_inbox) == 3
    now.shift(datetime.timedelta(minutes=61))
    ask_for_reset(client, unit_staff.email)
    assert len(smtp_inbox) == 4


def test_only_keyed_hashes_are_kept_and_only_for_the_hour(client, unit_staff, now):
    ask_for_reset(client, unit_staff.email)
    stored = " ".join(str(value) for value in PasswordResetRequest.objects.values().get().values())
    assert unit_staff.email not in stored
    assert CLIENT not in stored
    now.shift(datetime.timedelta(minutes=61))
    ask_for_reset(client, "someone@example.org")
    assert PasswordResetRequest.objects.count() == 1
