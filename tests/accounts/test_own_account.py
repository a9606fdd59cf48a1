"""A user's own account page, and changing their own email address (the password asked
again, the old address told)."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")
EMAIL = reverse("accounts:email-change")


def test_every_role_reaches_their_account_page_from_the_menu(client, users_by_role):
    for user in users_by_role.values():
        client.force_login(user)
        assert f'href="{ACCOUNT}"' in client.get(reverse("home")).content.decode()
        page = client.get(ACCOUNT).content.decode()
        assert user.email in page
        assert f'href="{EMAIL}"' in page


def test_the_account_page_needs_a_sign_in(client):
    assert client.get(ACCOUNT)["Location"].startswith(reverse("accounts:sign-in"))


def test_a_user_changes_their_email_and_the_old_address_is_told(
    client, authority_member, smtp_inbox, django_capture_on_commit_callbacks
):
    old_email = authority_member.email
    client.force_login(authority_member)
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(EMAIL, {"email": "Amir.New@Example.org", "password": PASSWORD})
    assert reply["Location"] == ACCOUNT
    authority_member.refresh_from_db()
    assert authority_member.email == "amir.new@example.org"

    [notice] = smtp_inbox
    assert notice["To"] == old_email
    assert "amir.new@example.org" in notice.get_content()

    client.post(reverse("accounts:sign-out"))
    reply = client.post(
        reverse("accounts:sign-in"), {"username": "amir.new@example.org", "password": PASSWORD}
    )
    assert reply.status_code == 302


def test_changing_the_email_asks_for_the_password(client, unit_staff, smtp_inbox):
    old_email = unit_staff.email
    client.force_login(unit_staff)
    reply = client.post(EMAIL, {"email": "new@example.org", "password": "not my password"})
    assert "That is not your password" in reply.content.decode()
    unit_staff.refresh_from_db()
    assert unit_staff.email == old_email
    assert smtp_inbox == []


def test_another_accounts_email_is_refused(client, unit_staff, authority_member):
    client.force_login(unit_staff)
    reply = client.post(EMAIL, {"email": authority_member.email.upper(), "password": PASSWORD})
    assert "Another account already uses this email address" in reply.content.decode()


def test_a_bad_address_is_refused_next_to_the_field(client, unit_staff):
    client.force_login(unit_staff)
    reply = client.post(EMAIL, {"email": "not an address", "password": PASSWORD})
    assert "Enter a valid email address" in reply.content.decode()
