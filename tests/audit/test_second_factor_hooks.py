"""Setting up, moving and removing a second factor, and making backup codes, are recorded;
checking a code (which django-otp saves on the device) is not."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action, AuditEntry
from tests.accounts.two_factor import app_code, set_up_app
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def summaries(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(action=Action.SECOND_FACTOR_CHANGE, target_id=str(user.pk))
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def test_setting_up_an_app_through_the_page_is_recorded(client, sergeant):
    client.force_login(sergeant)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=sergeant, confirmed=False)
    client.post(
        reverse("accounts:two-factor-setup"), {"code": app_code(device), "password": PASSWORD}
    )
    assert summaries(sergeant) == ["Authenticator app set up", "Backup codes made"]


def test_a_code_checked_at_sign_in_is_no_change(client, sergeant):
    with time_machine.travel(timezone.now(), tick=False):
        device, _codes = set_up_app(sergeant)
        before = summaries(sergeant)
        client.post(reverse("accounts:sign-in"), {"username": sergeant.email, "password": PASSWORD})
        client.post(reverse("accounts:two-factor-verify"), {"code": app_code(device)})
    assert "_auth_user_id" in client.session
    assert summaries(sergeant) == before


def test_removing_the_second_factor_is_recorded(client, sergeant):
    with time_machine.travel(timezone.now(), tick=False):
        device, _codes = set_up_app(sergeant)
        client.post(reverse("accounts:sign-in"), {"username": sergeant.email, "password": PASSWORD})
        client.post(reverse("accounts:two-factor-verify"), {"code": app_code(device)})
        client.post(reverse("accounts:two-factor-remove"), {"password": PASSWORD})
    assert summaries(sergeant)[-1] == "Authenticator app removed"
    assert not TOTPDevice.objects.filter(user=sergeant).exists()
