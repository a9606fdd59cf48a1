"""Out-of-range dates and lengths in the stakeholder forms are refused next to the field,
and nothing is saved (issue 10, defect 6)."""

import datetime

import pytest
from django.urls import reverse

from core.bounds import BOUNDS_MESSAGE
from stakeholders.choices import InteractionKind
from stakeholders.factories import ContactFactory, OrganisationFactory
from stakeholders.models import Interaction

pytestmark = pytest.mark.django_db


def errors(response, name):
    return response.context["form"].errors.get(name, [])


def test_a_contact_verified_in_9999_is_refused(client, unit_staff):
    client.force_login(unit_staff)
    contact = ContactFactory(name="Ann Example")
    response = client.post(
        reverse("stakeholders:contact-update", kwargs={"pk": contact.pk}),
        {
            "name": "Ann Example",
            "category": contact.category,
            "preferred_channel": "email",
            "lawful_basis": contact.lawful_basis,
            "last_verified": "9999-12-31",
            "access_notes": "x" * 10_001,
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert BOUNDS_MESSAGE in errors(response, "last_verified")
    assert any("at most 10000 characters" in e for e in errors(response, "access_notes"))
    contact.refresh_from_db()
    assert contact.last_verified != datetime.date(9999, 12, 31)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_on", "0001-01-01", BOUNDS_MESSAGE),
        ("follow_up_on", "2101-01-01", BOUNDS_MESSAGE),
        ("summary", "x" * 10_001, "at most 10000 characters"),
    ],
)
def test_an_interaction_out_of_range_is_refused(client, unit_staff, field, value, message):
    organisation = OrganisationFactory()
    client.force_login(unit_staff)
    data = {"kind": InteractionKind.values[0], "occurred_on": "2026-06-01", "summary": "Met"}
    response = client.post(
        reverse("stakeholders:organisation-interaction-create", kwargs={"pk": organisation.pk}),
        {**data, field: value},
    )
    assert any(message in e for e in errors(response, field))
    assert not Interaction.objects.exists()


def test_pages_still_answer_with_dates_stored_far_out_of_range(client, unit_staff):
    """Rows stored before the bounds existed break no page (the persistent failure)."""
    from stakeholders.models import Contact, Organisation

    contact = ContactFactory()
    organisation = OrganisationFactory()
    Contact.objects.filter(pk=contact.pk).update(last_verified=datetime.date(1, 1, 1))
    Organisation.objects.filter(pk=organisation.pk).update(
        last_verified=datetime.date(9999, 12, 31)
    )
    Interaction.objects.create(
        contact=contact,
        kind=InteractionKind.values[0],
        summary="Met",
        occurred_on=datetime.date(9999, 12, 31),
        follow_up_on=datetime.date(1, 1, 1),
        logged_by=unit_staff,
    )
    client.force_login(unit_staff)
    for url in [
        reverse("stakeholders:contact-list"),
        reverse("stakeholders:contact-detail", kwargs={"pk": contact.pk}),
        reverse("stakeholders:contact-update", kwargs={"pk": contact.pk}),
        reverse("stakeholders:contact-subject-access", kwargs={"pk": contact.pk}),
        reverse("stakeholders:contact-subject-access-json", kwargs={"pk": contact.pk}),
        reverse("stakeholders:organisation-detail", kwargs={"pk": organisation.pk}),
        reverse("stakeholders:retention-review"),
        reverse("stakeholders:follow-up-list"),
    ]:
        assert client.get(url).status_code == 200, url
