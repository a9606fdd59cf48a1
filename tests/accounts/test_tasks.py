from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_expired_sessions_are_cleared_and_live_ones_kept():
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_sign_in_records_past_their_use_are_purged(client, unit_staff, settings):
    from axes.models import AccessAttempt

    from accounts.models import PasswordResetRequest
    from accounts.tasks import purge_sign_in_records

    client.post(
        reverse("accounts:sign-in"), {"username": unit_staff.email, "password": "wrong guess"}
    )
    client.post(reverse("accounts:password-reset"), {"email": "someone@example.org"})
    assert purge_sign_in_records() == 0
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(hours=1)):
        assert purge_sign_in_records() == 2
    assert not AccessAttempt.objects.exists()
    assert not PasswordResetRequest.objects.exists()
