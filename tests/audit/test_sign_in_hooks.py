"""Sign-ins, failed sign-ins and sign-outs are recorded, with the client's address."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password):
    return client.post(
        reverse("accounts:sign-in"),
        {"username": email, "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_a_sign_in_is_recorded_with_the_address(client, unit_staff):
    _sign_in(client, unit_staff.email, PASSWORD)
    entry = AuditEntry.objects.get(action=Action.SIGN_IN)
    assert entry.actor == unit_staff
    assert entry.client_address == "203.0.113.9"
    assert entry.target_id == str(unit_staff.pk)


def test_a_failed_sign_in_names_the_account_tried_but_not_the_password(client, unit_staff):
    _sign_in(client, unit_staff.email.upper(), "not the password")
    entry = AuditEntry.objects.get(action=Action.SIGN_IN_FAILED)
    assert entry.actor is None
    assert entry.target_id == str(unit_staff.pk)
    assert entry.client_address == "203.0.113.9"
    assert entry.values.get(key="username").value == unit_staff.email.upper()
    assert "not the password" not in str(list(entry.values.values_list("value", flat=True)))


def test_a_failed_sign_in_for_an_unknown_address_is_recorded(client):
    _sign_in(client, "nobody@example.org", "whatever it is")
    entry = AuditEntry.objects.get(action=Action.SIGN_IN_FAILED)
    assert entry.target_type is None
    assert entry.detail == {"known_account": False}


def test_a_sign_out_is_recorded(client, unit_staff):
    client.force_login(unit_staff)
    client.post(reverse("accounts:sign-out"))
    assert AuditEntry.objects.get(action=Action.SIGN_OUT).actor == unit_staff


def test_a_lockout_is_recorded_once_with_the_account_and_address(client, unit_staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _sign_in(client, unit_staff.email, "not the password")

    entry = AuditEntry.objects.get(action=Action.LOCKOUT)
    assert entry.target_id == str(unit_staff.pk)
    assert entry.client_address == "203.0.113.9"
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED).count() == 3
