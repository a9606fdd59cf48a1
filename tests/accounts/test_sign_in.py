import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import Role
from tests.accounts.emails import choose_password_from_email
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password})


def test_user_signs_in_with_email_in_any_case(client, unit_staff):
    response = sign_in(client, unit_staff.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert f"Welcome, {unit_staff.get_short_name()}" in home.content.decode()


def test_wrong_password_is_refused_with_a_message(client, unit_staff):
    response = sign_in(client, unit_staff.email, "not the password")
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_user_cannot_sign_in(client, unit_staff):
    unit_staff.is_active = False
    unit_staff.save()
    sign_in(client, unit_staff.email)
    assert "_auth_user_id" not in client.session


def test_sign_in_returns_to_the_page_asked_for(client, unit_staff):
    target = reverse("areas:ward-list")
    response = client.post(
        reverse("accounts:sign-in") + f"?next={target}",
        {"username": unit_staff.email, "password": PASSWORD, "next": target},
    )
    assert response["Location"] == target


def test_sign_out_ends_the_session(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_user_changes_their_password(client, authority_member):
    client.force_login(authority_member)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer new passphrase",
            "new_password2": "a much longer new passphrase",
        },
    )
    assert response.status_code == 302
    authority_member.refresh_from_db()
    assert authority_member.check_password("a much longer new passphrase")


def test_password_change_refuses_a_short_password_next_to_the_field(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(PASSWORD)


def test_password_reset_sends_a_working_link_by_smtp(client, unit_staff, smtp_inbox):
    response = client.post(reverse("accounts:password-reset"), {"email": unit_staff.email})
    assert response.status_code == 302
    assert len(smtp_inbox) == 1
    message = smtp_inbox[0]
    assert message["To"] == unit_staff.email
    assert message["Subject"] == "Reset your engage password"
    form_page = choose_password_from_email(client, message, "brand new long passphrase")
    assert "Choose a password" in form_page
    unit_staff.refresh_from_db()
    assert unit_staff.check_password("brand new long passphrase")


def test_password_reset_for_unknown_address_sends_nothing(client, smtp_inbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert smtp_inbox == []


def test_home_page_names_the_users_roles(client, unit_staff):
    unit_staff.groups.add(*Group.objects.filter(name=Role.AUTHORITY_MEMBER.value))
    client.force_login(unit_staff)
    page = client.get(reverse("home")).content.decode()
    assert "You are signed in as authority member and unit staff." in page
