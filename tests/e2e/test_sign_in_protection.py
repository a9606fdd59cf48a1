"""Signing in with a second factor, and a lockout, in a real browser on a phone: the pages
work at 360 px and pass axe-core."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor import app_code
from tests.conftest import PASSWORD
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def problems_on(page) -> list[str]:
    found = serious_accessibility_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        found.append(f"the page scrolls sideways ({width} px wide)")
    return found


def test_staff_set_up_and_then_use_the_second_factor_on_a_phone(phone_page, unit_staff, settings):
    settings.ENGAGE_REQUIRE_2FA = True
    page, problems = phone_page, {}
    with time_machine.travel(timezone.now()) as clock:
        sign_in(page, unit_staff)
        assert page.get_by_role("heading", level=1).inner_text() == "Set up two-factor sign-in"
        assert page.get_by_role("img", name="QR code to add engage to your authenticator app")
        problems["set up"] = problems_on(page)

        device = TOTPDevice.objects.get(user=unit_staff, confirmed=False)
        page.get_by_label("The 6-digit code your app shows").fill(app_code(device))
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Backup codes"
        assert page.locator(".backup-codes li").count() == 10
        problems["backup codes"] = problems_on(page)
        page.get_by_role("link", name="I have kept them: carry on").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")

        menu = page.get_by_role("navigation", name="Main")
        menu.get_by_role("button", name="Show or hide the menu").click()
        menu.get_by_role("link", name="your account").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Your account"
        problems["your account"] = problems_on(page)

        menu.get_by_role("button", name="Show or hide the menu").click()
        menu.get_by_role("button", name="Sign out").click()
        clock.shift(datetime.timedelta(seconds=31))  # the next code, as the app would show
        sign_in(page, unit_staff)
        assert page.get_by_role("heading", level=1).inner_text() == "Enter your code"
        problems["enter your code"] = problems_on(page)
        device.refresh_from_db()
        page.get_by_label("Code").fill(app_code(device))
        page.get_by_role("button", name="Continue").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_lockout_page_on_a_phone(phone_page, unit_staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(phone_page, unit_staff, password="a wrong guess")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Signing in is paused"
    assert problems_on(phone_page) == []
    phone_page.get_by_role("link", name="reset it by email").click()
    assert phone_page.url.endswith(reverse("accounts:password-reset"))
