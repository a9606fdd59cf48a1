"""Recording consent given or withdrawn through the contact's consent page."""

import pytest
from django.urls import reverse

from stakeholders.choices import Channel
from stakeholders.contact_rules import Reason, contactable, exclusion_reason
from stakeholders.factories import ContactFactory
from stakeholders.models import ConsentRecord, Contact

pytestmark = pytest.mark.django_db


def consent_url(contact):
    return reverse("stakeholders:contact-consent", args=[contact.pk])


def emailable():
    return set(contactable(Contact.objects.all(), Channel.EMAIL))


@pytest.fixture
def staff_client(client, unit_staff):
    client.force_login(unit_staff)
    return client


def test_unit_staff_record_consent_given(staff_client, unit_staff):
    contact = ContactFactory(name="Newly Keen")
    assert emailable() == set()
    response = staff_client.post(
        consent_url(contact),
        {
            "channel": "email",
            "granted": "given",
            "method": "online_form",
            "wording_version": "v3 2026",
            "note": "Signed up at the ward panel",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert emailable() == {contact}
    record = ConsentRecord.objects.get(contact=contact)
    assert (record.channel, record.granted, record.method, record.wording_version) == (
        "email",
        True,
        "online_form",
        "v3 2026",
    )
    assert record.recorded_by == unit_staff
    detail = " ".join(staff_client.get(contact.get_absolute_url()).content.decode().split())
    assert "gave email consent; recorded." in detail
    assert "online form, recorded by Uma Unitstaff (wording v3 2026)" in detail
    assert "Signed up at the ward panel" in detail


def test_withdrawal_through_the_page_takes_effect_at_once(staff_client):
    contact = ContactFactory(name="Changed Mind", consent=[Channel.EMAIL, Channel.POST])
    assert emailable() == {contact}
    response = staff_client.post(
        consent_url(contact), {"channel": "email", "granted": "withdrawn", "method": "email"}
    )
    assert response.status_code == 302
    assert emailable() == set()
    assert exclusion_reason(contact, Channel.EMAIL) == Reason.NO_CONSENT
    assert exclusion_reason(contact, Channel.POST) is None  # other channels unchanged
    detail = " ".join(staff_client.get(contact.get_absolute_url()).content.decode().split())
    assert "left out of every email list" in detail
    assert "No: no consent for this channel" in detail
    assert contact.consent_records.count() == 3  # two given, one withdrawn: the log keeps all


def test_consent_given_needs_the_wording_version(staff_client):
    contact = ContactFactory()
    response = staff_client.post(
        consent_url(contact), {"channel": "post", "granted": "given", "method": "paper_form"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["wording_version"] == [
        "Say which consent wording they agreed to."
    ]
    assert 'id="error_1_id_wording_version"' in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_missing_choices_are_shown_next_to_their_fields(staff_client):
    contact = ContactFactory()
    response = staff_client.post(consent_url(contact), {"channel": "fax"})
    errors = response.context["form"].errors
    assert set(errors) == {"channel", "granted", "method"}
    assert not ConsentRecord.objects.exists()


def test_consent_form_can_start_on_a_channel(staff_client):
    contact = ContactFactory()
    response = staff_client.get(consent_url(contact), {"channel": "phone"})
    assert response.context["form"].initial == {"channel": "phone"}


def test_sergeant_cannot_record_consent(client, sergeant, ward):
    mine = ContactFactory(home_ward=ward, home_borough=ward.borough)
    client.force_login(sergeant)
    assert client.get(consent_url(mine)).status_code == 403
    response = client.post(
        consent_url(mine), {"channel": "email", "granted": "withdrawn", "method": "email"}
    )
    assert response.status_code == 403
    assert not ConsentRecord.objects.exists()


def test_authority_member_cannot_record_consent(client, authority_member):
    contact = ContactFactory()
    client.force_login(authority_member)
    assert client.get(consent_url(contact)).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(consent_url(ContactFactory()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_consent_page_for_an_unknown_contact_is_not_found(staff_client):
    assert (
        staff_client.get(reverse("stakeholders:contact-consent", args=[999999])).status_code == 404
    )
