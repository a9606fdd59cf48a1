from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
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
