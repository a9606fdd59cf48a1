import time

import pytest
from django.urls import reverse

from accounts.models import User
from core.roles import Role
from tests.accounts.emails import choose_password_from_email
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def new_user_form(**overrides):
    data = {
        "full_name": "Nadia Newcomer",
        "email": "Nadia.Newcomer@example.org",
        "job_title": "Consultation officer",
        "roles": [Role.UNIT_STAFF.value],
    }
    return {**data, **overrides}


def test_administrator_sees_every_account(client, administrator, users_by_role):
    client.force_login(administrator)
    page = client.get(reverse("accounts:user-list")).content.decode()
    for user in users_by_role.values():
        assert user.email in page


@pytest.mark.parametrize(
    "role", [Role.UNIT_STAFF, Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT]
)
def test_other_roles_cannot_manage_accounts(client, users_by_role, role):
    client.force_login(users_by_role[role])
    assert client.get(reverse("accounts:user-list")).status_code == 403
    response = client.post(reverse("accounts:user-create"), new_user_form())
    assert response.status_code == 403
    assert not User.objects.filter(email="nadia.newcomer@example.org").exists()


def test_administrator_creates_a_unit_staff_account(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("accounts:user-create"), new_user_form())
    assert response.status_code == 302
    user = User.objects.get(email="nadia.newcomer@example.org")
    assert user.roles == {Role.UNIT_STAFF}
    assert not user.has_usable_password()
    assert not user.is_staff


def test_a_sergeant_needs_a_ward(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user-create"),
        new_user_form(roles=[Role.NEIGHBOURHOOD_SERGEANT.value]),
    )
    assert response.status_code == 200
    assert "A neighbourhood sergeant needs at least one ward." in response.content.decode()
    assert "Nadia Newcomer" in response.content.decode()  # what was typed is kept
    assert not User.objects.filter(email="nadia.newcomer@example.org").exists()


def test_only_sergeants_are_given_wards(client, administrator, ward):
    client.force_login(administrator)
    response = client.post(reverse("accounts:user-create"), new_user_form(wards=[ward.pk]))
    assert "Only neighbourhood sergeants are assigned wards." in response.content.decode()
    assert not User.objects.filter(email="nadia.newcomer@example.org").exists()


def test_email_already_in_use_is_refused(client, administrator, unit_staff):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user-create"), new_user_form(email=unit_staff.email.upper())
    )
    assert "Another account already uses this email address." in response.content.decode()
    assert User.objects.filter(email__iexact=unit_staff.email).count() == 1


def test_missing_role_and_bad_email_are_shown_next_to_the_fields(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user-create"), new_user_form(roles=[], email="not-an-email")
    )
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "This field is required." in page
    assert User.objects.count() == 1


def test_administrator_assigns_wards_to_a_sergeant(client, administrator, sergeant, other_ward):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user-update", args=[sergeant.pk]),
        {
            "full_name": sergeant.full_name,
            "email": sergeant.email,
            "job_title": "",
            "is_active": "on",
            "roles": [Role.NEIGHBOURHOOD_SERGEANT.value],
            "wards": [other_ward.pk],
        },
    )
    assert response.status_code == 302
    assert list(sergeant.wards.all()) == [other_ward]


def test_administrator_cannot_remove_their_own_administrator_role(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user-update", args=[administrator.pk]),
        {
            "full_name": administrator.full_name,
            "email": administrator.email,
            "is_active": "on",
            "roles": [Role.UNIT_STAFF.value],
        },
    )
    assert "You cannot remove your own administrator role" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.roles == {Role.ADMINISTRATOR}


def test_editing_an_unknown_account_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("accounts:user-update", args=[999999])).status_code == 404


def test_deactivated_user_loses_their_roles(unit_staff):
    unit_staff.is_active = False
    assert not unit_staff.has_role(Role.UNIT_STAFF)


@pytest.mark.redis
def test_new_user_is_emailed_a_link_and_can_then_sign_in(
    client, administrator, smtp_inbox, celery_worker
):
    """The whole path: view → on commit → Redis → worker → SMTP → the link works."""
    client.force_login(administrator)
    client.post(reverse("accounts:user-create"), new_user_form())
    deadline = time.monotonic() + 15
    while not smtp_inbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp_inbox) == 1, "the worker did not send the invitation"
    message = smtp_inbox[0]
    assert message["To"] == "nadia.newcomer@example.org"
    client.logout()
    choose_password_from_email(client, message, PASSWORD)
    signed_in = client.post(
        reverse("accounts:sign-in"),
        {"username": "nadia.newcomer@example.org", "password": PASSWORD},
    )
    assert signed_in.status_code == 302
