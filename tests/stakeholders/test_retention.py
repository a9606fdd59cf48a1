"""The retention review lists contacts nobody has verified for the configured number of
months, and lets staff mark them verified or erase them in bulk."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from stakeholders.factories import ContactFactory
from stakeholders.models import Contact
from stakeholders.selectors.data_protection import contacts_due_for_review, months_before
from stakeholders.services.data_protection import contact_erase, contacts_verify
from stakeholders.views import data_protection as views

pytestmark = pytest.mark.django_db

URL = reverse("stakeholders:retention-review")


def added_on(contact, day: date) -> Contact:
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    Contact.objects.filter(pk=contact.pk).update(created=moment)
    return contact


@pytest.fixture
def people(settings, unit_staff):
    """One contact on each side of every edge, with a 24-month retention period."""
    settings.STAKEHOLDERS_RETENTION_MONTHS = 24
    today = timezone.localdate()
    cutoff = months_before(today, 24)
    long_ago = today - timedelta(days=365 * 3)
    erased = ContactFactory(name="Erased Stale", last_verified=long_ago)
    contact_erase(contact=erased, reason="retention", acting_user=unit_staff)
    return {
        "stale": ContactFactory(name="Stale Verified", last_verified=cutoff - timedelta(days=1)),
        "on_cutoff": ContactFactory(name="Verified On Cutoff", last_verified=cutoff),
        "fresh": ContactFactory(name="Fresh Verified", last_verified=today - timedelta(days=60)),
        "never_old": added_on(ContactFactory(name="Never Verified Old"), long_ago),
        "never_new": ContactFactory(name="Never Verified New"),
        "verified_recently_added_long_ago": added_on(
            ContactFactory(name="Old But Checked", last_verified=today), long_ago
        ),
    }


def test_selector_lists_exactly_the_stale_contacts_oldest_first(people, unit_staff):
    due = list(contacts_due_for_review(user=unit_staff))
    assert due == [people["never_old"], people["stale"]]


def test_page_lists_exactly_the_stale_contacts(client, unit_staff, people):
    client.force_login(unit_staff)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stale Verified" in html and "Never Verified Old" in html
    for name in ["Verified On Cutoff", "Fresh Verified", "Never Verified New", "Old But Checked"]:
        assert name not in html
    assert "Erased contact" not in html
    assert "2 contacts due for review" in html


def test_retention_period_comes_from_settings(client, unit_staff, people, settings):
    settings.STAKEHOLDERS_RETENTION_MONTHS = 1
    due = set(contacts_due_for_review(user=unit_staff))
    assert people["fresh"] in due  # verified 60 days ago: more than a month
    assert people["never_new"] not in due


def test_page_is_paginated(client, unit_staff, people, monkeypatch):
    monkeypatch.setattr(views, "RETENTION_PAGE_SIZE", 1)
    client.force_login(unit_staff)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Never Verified Old" in first and "Stale Verified" not in first
    assert "Stale Verified" in second and "Page 2 of 2" in second


def test_bulk_verify_marks_the_ticked_contacts_verified_today(client, unit_staff, people):
    client.force_login(unit_staff)
    ticked = [people["stale"].pk, people["never_old"].pk]
    response = client.post(URL, {"contacts": ticked, "action": "verify"}, follow=True)
    assert "2 contacts marked as verified today." in response.content.decode()
    today = timezone.localdate()
    assert set(Contact.objects.filter(pk__in=ticked).values_list("last_verified", flat=True)) == {
        today
    }
    assert list(contacts_due_for_review(user=unit_staff)) == []


def test_bulk_erase_with_the_typed_word_erases_the_ticked_contacts(client, unit_staff, people):
    client.force_login(unit_staff)
    response = client.post(
        URL,
        {
            "contacts": [people["stale"].pk, people["never_old"].pk],
            "action": "erase",
            "reason": "retention",
            "confirm": "ERASE",
        },
        follow=True,
    )
    assert "2 contacts erased." in response.content.decode()
    for key in ["stale", "never_old"]:
        people[key].refresh_from_db()
        assert people[key].is_erased and people[key].name == "Erased contact"
    people["fresh"].refresh_from_db()
    assert not people["fresh"].is_erased


@pytest.mark.parametrize(
    ("typed", "reason", "error"),
    [
        ("erase", "retention", "Type ERASE in capitals to confirm."),
        ("ERASE", "", "Choose why this contact is being erased."),
    ],
)
def test_bulk_erase_without_confirmation_erases_nothing_and_keeps_the_ticks(
    client, unit_staff, people, typed, reason, error
):
    client.force_login(unit_staff)
    response = client.post(
        URL,
        {
            "contacts": [people["stale"].pk],
            "action": "erase",
            "reason": reason,
            "confirm": typed,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    pk = people["stale"].pk
    assert re.search(rf'value="{pk}"\s+id="contact-{pk}"[^>]*\bchecked\b', html)
    assert not re.search(rf'value="{people["never_old"].pk}"[^>]*\bchecked\b', html)
    assert not Contact.objects.filter(erased_at__isnull=False, name="Stale Verified").exists()
    people["stale"].refresh_from_db()
    assert not people["stale"].is_erased


def test_nothing_ticked_is_an_error(client, unit_staff, people):
    client.force_login(unit_staff)
    response = client.post(URL, {"action": "verify"})
    assert "Tick at least one contact." in response.content.decode()


def test_contacts_not_due_for_review_cannot_be_acted_on(client, unit_staff, people):
    client.force_login(unit_staff)
    fresh = people["fresh"]
    response = client.post(
        URL, {"contacts": [fresh.pk], "action": "erase", "reason": "retention", "confirm": "ERASE"}
    )
    assert "Select a valid choice." in response.content.decode()
    fresh.refresh_from_db()
    assert not fresh.is_erased


def test_verify_service_skips_erased_contacts_and_needs_staff(unit_staff, sergeant, people):
    erased = Contact.objects.get(erased_at__isnull=False)
    assert contacts_verify(contacts=[erased, people["stale"]], acting_user=unit_staff) == 1
    erased.refresh_from_db()
    assert erased.last_verified is None
    with pytest.raises(PermissionDenied):
        contacts_verify(contacts=[people["never_old"]], acting_user=sergeant)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 24, date(2024, 1, 15)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_administrator_may_use_the_review(client, administrator, people):
    client.force_login(administrator)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_other_roles_are_refused(client, users_by_role, people, role):
    client.force_login(users_by_role[role])
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"contacts": [people["stale"].pk], "action": "verify"})
    assert response.status_code == 403
    people["stale"].refresh_from_db()
    assert people["stale"].last_verified != timezone.localdate()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_page_says_when_contacts_nobody_verifies_are_erased_automatically(
    client, unit_staff, settings
):
    settings.ENGAGE_RETENTION_DAYS = {**settings.ENGAGE_RETENTION_DAYS, "contacts_unverified": 800}
    client.force_login(unit_staff)
    html = client.get(URL).content.decode()
    assert "erased automatically, each night, once 800 days have passed" in html
