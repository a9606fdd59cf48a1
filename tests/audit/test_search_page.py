"""The audit search page: administrators, and unit staff given the permission; filters;
bad input answered with a message, never a 500."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from core.roles import Role
from engage.navigation import sections_for

pytestmark = pytest.mark.django_db
URL = reverse("audit:entry-list")


@pytest.fixture
def auditing_staff(unit_staff):
    unit_staff.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    return type(unit_staff).objects.get(pk=unit_staff.pk)  # a fresh permission cache


@pytest.fixture
def entries(unit_staff, administrator):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        export = audit_record(
            action=Action.EXPORT,
            actor=unit_staff,
            summary="Exported 2 contacts as CSV",
            contact_ids=[41, 42],
            values={"filter": "q=<b>Jo</b>"},
        )
    with time_machine.travel(datetime.datetime(2026, 5, 9, 10, tzinfo=datetime.UTC)):
        merge = audit_record(action=Action.MERGE, actor=administrator, contact_ids=[42, 43])
    return export, merge


def _titles(response):
    return [entry.pk for entry in response.context["entries"]]


def test_administrators_read_the_trail_and_see_it_in_the_navigation(client, administrator):
    client.force_login(administrator)
    assert client.get(URL).status_code == 200
    assert "audit:entry-list" in [section.url_name for section in sections_for(administrator)]


def test_unit_staff_given_the_permission_read_it(client, auditing_staff, entries):
    client.force_login(auditing_staff)
    response = client.get(URL)
    assert response.status_code == 200
    entries_shown = response.context["entries"]
    shown = {entry.pk for entry in entries_shown if entry.action in ("export", "merge")}
    assert shown == {entry.pk for entry in entries}
    assert "audit:entry-list" in [section.url_name for section in sections_for(auditing_staff)]


@pytest.mark.parametrize(
    "role", [Role.UNIT_STAFF, Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT]
)
def test_everyone_else_is_refused_and_sees_no_link(client, users_by_role, role):
    user = users_by_role[role]
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert "audit:entry-list" not in [section.url_name for section in sections_for(user)]


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_search_by_contact_action_who_and_dates(client, administrator, entries):
    export, merge = entries
    client.force_login(administrator)
    assert _titles(client.get(URL, {"contact": 42})) == [merge.pk, export.pk]
    assert _titles(client.get(URL, {"contact": 41})) == [export.pk]
    assert _titles(client.get(URL, {"action": "merge"})) == [merge.pk]
    assert _titles(client.get(URL, {"actor": "unitstaff"})) == [export.pk]
    assert _titles(client.get(URL, {"since": "2026-03-03", "until": "2026-05-09"})) == [merge.pk]
    assert _titles(client.get(URL, {"until": "2026-03-02"})) == [export.pk]


def test_values_are_shown_escaped(client, administrator, entries):
    client.force_login(administrator)
    page = client.get(URL, {"action": "export"}).content.decode()
    assert "q=&lt;b&gt;Jo&lt;/b&gt;" in page
    assert "<b>Jo</b>" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"since": "9999-12-31"},
        {"until": "not a date"},
        {"contact": "abc"},
        {"contact": "99999999999999999999999"},
        {"contact": "1.5"},
        {"action": "tea_break"},
        {"actor": "x" * 300},
        {"page": "999"},
    ],
)
def test_bad_input_is_answered_without_an_error(client, administrator, entries, params):
    client.force_login(administrator)
    response = client.get(URL, params)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and "page" not in params:
        assert response.context["filter"].form.errors
        assert _titles(response) == []


def test_an_entry_today_is_found_by_todays_date(client, administrator):
    client.force_login(administrator)  # records a sign-in, now
    today = timezone.localdate().isoformat()
    response = client.get(URL, {"since": today, "until": today, "action": "sign_in"})
    assert len(_titles(response)) == 1
