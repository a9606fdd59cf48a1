"""Sessions end when left alone and at the end of the day (issue 10, "Sessions").

Idle: 30 minutes without a request. Absolute: 12 hours after signing in, however busy.
Either way the user is signed out and told why on the sign-in page; a public page carries
on as for anyone signed out. Disabling a user or changing a password ends their other
sessions (Django's session hash; kept, and tested here).
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from accounts.services import user_update
from core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 15, 8, 0, tzinfo=datetime.UTC)
STAFF_PAGE = reverse("stakeholders:index")
PUBLIC_PAGE = reverse("consultations:public-event-list")
SIGN_IN = reverse("accounts:sign-in")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, user):
    """Through the sign-in form, as a person does."""
    response = client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content


def is_signed_in(client) -> bool:
    return get_user(client).is_authenticated


def test_a_request_within_30_minutes_keeps_the_session(client, clock, unit_staff):
    sign_in(client, unit_staff)
    for _ in range(4):  # two hours of work, a request every 29 minutes
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(STAFF_PAGE).status_code == 200
    assert is_signed_in(client)


def test_31_minutes_without_a_request_signs_the_user_out_with_a_message(client, clock, unit_staff):
    sign_in(client, unit_staff)
    client.get(STAFF_PAGE)
    clock.shift(datetime.timedelta(minutes=31))

    response = client.get(STAFF_PAGE, follow=True)

    assert response.redirect_chain == [(f"{SIGN_IN}?next={STAFF_PAGE}", 302)]
    assert "You were signed out after 30 minutes without activity." in response.text
    assert not is_signed_in(client)


def test_12_hours_after_signing_in_the_user_is_signed_out_however_busy(client, clock, unit_staff):
    sign_in(client, unit_staff)
    for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
        clock.shift(datetime.timedelta(minutes=20))
        assert client.get(STAFF_PAGE).status_code == 200
    clock.shift(datetime.timedelta(minutes=1))

    response = client.get(STAFF_PAGE, follow=True)

    assert response.redirect_chain[0][0] == f"{SIGN_IN}?next={STAFF_PAGE}"
    assert "because you signed in more than 12 hours ago" in response.text
    assert not is_signed_in(client)


def test_signing_in_again_starts_a_new_session(client, clock, unit_staff):
    sign_in(client, unit_staff)
    clock.shift(datetime.timedelta(hours=1))
    client.get(STAFF_PAGE)  # signed out: idle

    sign_in(client, unit_staff)

    assert client.get(STAFF_PAGE).status_code == 200


def test_a_public_page_carries_on_signed_out_after_the_time_out(client, clock, unit_staff):
    sign_in(client, unit_staff)
    clock.shift(datetime.timedelta(minutes=45))

    response = client.get(PUBLIC_PAGE)

    assert response.status_code == 200
    assert "You were signed out after 30 minutes without activity." in response.text
    assert f'href="{SIGN_IN}"' in response.text  # the navigation offers to sign in
    assert not is_signed_in(client)


def test_a_public_page_does_not_sign_out_an_active_user(client, clock, unit_staff):
    sign_in(client, unit_staff)
    clock.shift(datetime.timedelta(minutes=10))

    assert client.get(PUBLIC_PAGE).status_code == 200
    assert is_signed_in(client)


def test_the_time_outs_come_from_the_settings(client, clock, unit_staff, settings):
    settings.ENGAGE_SESSION_IDLE_MINUTES = 5
    settings.ENGAGE_SESSION_ABSOLUTE_HOURS = 1
    sign_in(client, unit_staff)
    clock.shift(datetime.timedelta(minutes=6))

    response = client.get(STAFF_PAGE, follow=True)
    assert "You were signed out after 5 minutes without activity." in response.text

    sign_in(client, unit_staff)
    for _ in range(16):  # busy, but for more than an hour
        clock.shift(datetime.timedelta(minutes=4))
        client.get(STAFF_PAGE)
    assert "because you signed in more than 1 hour ago" in client.get(SIGN_IN).text


def test_a_session_from_before_the_time_outs_starts_its_clocks_at_its_next_request(
    client, clock, unit_staff
):
    client.force_login(unit_staff)
    session = client.session
    for key in ("engage_signed_in_at", "engage_last_seen"):  # no record of its start
        del session[key]
    session.save()

    assert client.get(STAFF_PAGE).status_code == 200
    clock.shift(datetime.timedelta(minutes=31))
    assert client.get(STAFF_PAGE).status_code == 302


def test_disabling_a_user_ends_their_sessions(clock, administrator, unit_staff):
    theirs = Client()
    sign_in(theirs, unit_staff)

    user_update(
        user=unit_staff,
        email=unit_staff.email,
        full_name=unit_staff.full_name,
        job_title=unit_staff.job_title,
        is_active=False,
        roles=[Role.UNIT_STAFF],
        acting_user=administrator,
    )

    assert theirs.get(STAFF_PAGE).status_code == 302
    assert not is_signed_in(theirs)


def test_changing_a_password_ends_the_users_other_sessions_but_not_this_one(clock, unit_staff):
    laptop, phone = Client(), Client()
    sign_in(laptop, unit_staff)
    sign_in(phone, unit_staff)

    response = laptop.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase for engage",
            "new_password2": "a brand new passphrase for engage",
        },
    )

    assert response.status_code == 302
    assert laptop.get(STAFF_PAGE).status_code == 200
    assert phone.get(STAFF_PAGE).status_code == 302
    assert not is_signed_in(phone)
