"""The second factor (issue 10, build 1): TOTP with backup codes, required of unit staff and
administrators (and so for the Django admin) when ENGAGE_REQUIRE_2FA is on; each code
works once; the password is asked again before any change to it."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import Role
from tests.accounts.two_factor import app_code, set_up_app
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SET_UP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")
BACKUP_CODES = reverse("accounts:two-factor-backup-codes")
REMOVE = reverse("accounts:two-factor-remove")
HOME = reverse("home")


@pytest.fixture
def required(settings):
    settings.ENGAGE_REQUIRE_2FA = True


@pytest.fixture
def now():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"username": user.email, "password": password})


def enter_code(client, code, next_url=""):
    return client.post(VERIFY, {"code": code, "next": next_url})


def lands_on(response, path):
    return response.status_code == 302 and response["Location"].split("?")[0] == path


# --- Who must have one --------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_staff_without_a_second_factor_are_sent_to_set_one_up_and_reach_nothing_else(
    client, users_by_role, role, required
):
    sign_in(client, users_by_role[role])
    for path in (HOME, reverse("stakeholders:index"), reverse("accounts:account"), VERIFY):
        assert lands_on(client.get(path), SET_UP), path
    assert lands_on(client.post(reverse("accounts:user-create"), {}), SET_UP)
    assert client.get(SET_UP).status_code == 200
    assert lands_on(client.post(reverse("accounts:sign-out")), HOME)


def test_the_django_admin_needs_the_second_factor_too(client, administrator, required):
    sign_in(client, administrator)
    assert lands_on(client.get(reverse("admin:index")), SET_UP)


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_authority_members_and_sergeants_are_not_forced(client, users_by_role, role, required):
    sign_in(client, users_by_role[role])
    assert client.get(HOME).status_code == 200


def test_with_the_setting_off_staff_are_not_forced(client, unit_staff, settings):
    settings.ENGAGE_REQUIRE_2FA = False
    sign_in(client, unit_staff)
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(("debug", "required"), [("false", "True"), ("true", "False")])
def test_the_setting_is_on_by_default_in_production_and_off_in_make_run(debug, required):
    environment = {key: value for key, value in os.environ.items() if key != "ENGAGE_REQUIRE_2FA"}
    environment["DEBUG"] = debug
    result = subprocess.run(
        [sys.executable, "-c", "import engage.settings as s; print(s.ENGAGE_REQUIRE_2FA)"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == required


def test_the_admin_site_itself_refuses_a_session_without_the_code(rf, administrator, required):
    from django.contrib import admin
    from django_otp.middleware import OTPMiddleware

    request = rf.get("/admin/")
    request.user, request.session = administrator, {}
    OTPMiddleware(lambda request: None)(request)
    assert not admin.site.has_permission(request)


# --- Setting it up --------------------------------------------------------------------


def test_staff_set_up_an_app_and_are_shown_backup_codes_once(client, unit_staff, required):
    sign_in(client, unit_staff)
    page = client.get(SET_UP).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=unit_staff, confirmed=False)
    key = re.search(r'font-monospace fs-5 text-break">([A-Z2-7 ]+)<', page).group(1)
    assert key.replace(" ", "") in device.config_url
    assert client.get(SET_UP).content.decode().count(key) == 1  # the same key on reload

    reply = client.post(SET_UP, {"code": app_code(device), "password": PASSWORD})
    assert lands_on(reply, BACKUP_CODES)
    shown = client.get(BACKUP_CODES).content.decode()
    codes = set(StaticToken.objects.filter(device__user=unit_staff).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in shown for code in codes)
    assert "They will not be shown again" in shown

    again = client.get(BACKUP_CODES).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 unused backup codes" in again
    assert client.get(HOME).status_code == 200  # set up, and verified by doing it


def test_set_up_asks_for_the_password_again(client, unit_staff, required):
    sign_in(client, unit_staff)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=unit_staff)
    reply = client.post(SET_UP, {"code": app_code(device), "password": "not my password"})
    assert "That is not your password" in reply.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_set_up_refuses_a_wrong_code(client, unit_staff, required):
    sign_in(client, unit_staff)
    client.get(SET_UP)
    reply = client.post(SET_UP, {"code": "000000", "password": PASSWORD})
    assert "That code did not match" in reply.content.decode()
    assert not TOTPDevice.objects.filter(user=unit_staff, confirmed=True).exists()
    assert lands_on(client.get(HOME), SET_UP)


def test_moving_to_a_new_app_replaces_the_old_one(client, sergeant, now):
    old_device, old_codes = set_up_app(sergeant)
    sign_in(client, sergeant)
    enter_code(client, app_code(old_device))
    client.get(SET_UP)
    new_device = TOTPDevice.objects.get(user=sergeant, confirmed=False)
    now.shift(datetime.timedelta(seconds=30))
    client.post(SET_UP, {"code": app_code(new_device), "password": PASSWORD})
    assert list(TOTPDevice.objects.filter(user=sergeant)) == [new_device]
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


# --- Signing in with it ---------------------------------------------------------------


def test_a_user_with_a_second_factor_enters_a_code_after_the_password(client, sergeant, now):
    device, _codes = set_up_app(sergeant)
    target = reverse("areas:ward-list")
    reply = client.post(
        reverse("accounts:sign-in") + f"?next={target}",
        {"username": sergeant.email, "password": PASSWORD, "next": target},
    )
    assert lands_on(client.get(reply["Location"]), VERIFY)
    assert lands_on(client.get(HOME), VERIFY)
    reply = enter_code(client, app_code(device), next_url=target)
    assert reply["Location"] == target
    assert client.get(HOME).status_code == 200


def test_a_code_works_once(client, unit_staff, required, now):
    device, _codes = set_up_app(unit_staff)
    code = app_code(device)
    sign_in(client, unit_staff)
    assert lands_on(enter_code(client, code), HOME)

    client.post(reverse("accounts:sign-out"))
    now.shift(datetime.timedelta(seconds=5))  # the same 30-second step: the code is unchanged
    sign_in(client, unit_staff)
    replay = enter_code(client, code)
    assert replay.status_code == 200
    assert "That code did not work" in replay.content.decode()
    assert lands_on(client.get(HOME), VERIFY)

    now.shift(datetime.timedelta(seconds=30))
    assert lands_on(enter_code(client, app_code(device)), HOME)


def test_each_backup_code_works_once(client, unit_staff, required, now):
    _device, codes = set_up_app(unit_staff)
    sign_in(client, unit_staff)
    assert lands_on(enter_code(client, codes[0].upper()), HOME)
    client.post(reverse("accounts:sign-out"))

    sign_in(client, unit_staff)
    assert "That code did not work" in enter_code(client, codes[0]).content.decode()
    now.shift(datetime.timedelta(minutes=1))  # past the pause the wrong try brought
    assert lands_on(enter_code(client, codes[1]), HOME)
    assert StaticToken.objects.filter(device__user=unit_staff).count() == 8


def test_wrong_codes_make_the_user_wait(client, unit_staff, required, now):
    device, _codes = set_up_app(unit_staff)
    sign_in(client, unit_staff)
    enter_code(client, "000000")
    paused = enter_code(client, app_code(device))  # right, but too soon after a wrong one
    assert "Too many wrong codes" in paused.content.decode()
    now.shift(datetime.timedelta(seconds=30))
    assert lands_on(enter_code(client, app_code(device)), HOME)


def test_after_a_code_the_admin_site_opens(client, administrator, required, now):
    device, _codes = set_up_app(administrator)
    sign_in(client, administrator)
    enter_code(client, app_code(device))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_verify_page_does_not_send_people_off_site(client, sergeant, now):
    device, _codes = set_up_app(sergeant)
    sign_in(client, sergeant)
    reply = enter_code(client, app_code(device), next_url="https://evil.example.org/")
    assert reply["Location"] == HOME


# --- Backup codes and turning it off (the password asked again) ----------------------


def test_new_backup_codes_need_the_password_and_replace_the_old(client, sergeant, now):
    device, old_codes = set_up_app(sergeant)
    sign_in(client, sergeant)
    enter_code(client, app_code(device))
    refused = client.post(BACKUP_CODES, {"password": "not my password"})
    assert "That is not your password" in refused.content.decode()
    assert StaticToken.objects.filter(token__in=old_codes).count() == 10

    assert lands_on(client.post(BACKUP_CODES, {"password": PASSWORD}), BACKUP_CODES)
    shown = client.get(BACKUP_CODES).content.decode()
    new_codes = StaticToken.objects.filter(device__user=sergeant).values_list("token", flat=True)
    assert all(code in shown for code in new_codes)
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_a_sergeant_turns_the_second_factor_off_with_their_password(client, sergeant, now):
    device, _codes = set_up_app(sergeant)
    sign_in(client, sergeant)
    enter_code(client, app_code(device))
    refused = client.post(REMOVE, {"password": "not my password"})
    assert "That is not your password" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=sergeant).exists()

    assert lands_on(client.post(REMOVE, {"password": PASSWORD}), reverse("accounts:account"))
    assert not TOTPDevice.objects.filter(user=sergeant).exists()
    assert not StaticToken.objects.filter(device__user=sergeant).exists()


def test_staff_who_must_have_it_cannot_turn_it_off(client, unit_staff, required, now):
    device, _codes = set_up_app(unit_staff)
    sign_in(client, unit_staff)
    enter_code(client, app_code(device))
    assert "cannot be turned off" in client.get(REMOVE).content.decode()
    client.post(REMOVE, {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=unit_staff).exists()


def test_the_account_page_links_every_change(client, sergeant, now):
    client.force_login(sergeant)
    page = client.get(reverse("accounts:account")).content.decode()
    assert SET_UP in page
    assert reverse("accounts:email-change") in page
    assert reverse("accounts:password-change") in page
    device, _codes = set_up_app(sergeant)
    sign_in(client, sergeant)
    enter_code(client, app_code(device))
    page = client.get(reverse("accounts:account")).content.decode()
    assert BACKUP_CODES in page
    assert REMOVE in page
    assert "10 unused backup codes" in page
    assert reverse("accounts:account") in client.get(HOME).content.decode()  # the menu


# --- When a phone is lost --------------------------------------------------------------


def test_an_administrator_removes_a_lost_app_in_the_django_admin(
    client, administrator, unit_staff, required, now
):
    device, _codes = set_up_app(administrator)
    lost, _lost_codes = set_up_app(unit_staff)
    sign_in(client, administrator)
    enter_code(client, app_code(device))
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk])
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    client.post(delete, {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
