"""The contact rules decide, in one place, who engage may contact on which channel."""

import pytest

from stakeholders.choices import Channel
from stakeholders.contact_rules import Reason, contactable, exclusion_reason, may_contact
from stakeholders.factories import ContactFactory
from stakeholders.models import Contact
from stakeholders.services.consent import consent_record
from stakeholders.services.outreach import outreach_record

pytestmark = pytest.mark.django_db


def emailable():
    return set(contactable(Contact.objects.all(), Channel.EMAIL))


def test_contact_without_email_consent_is_never_emailable():
    with_consent = ContactFactory(consent=[Channel.EMAIL])
    without = ContactFactory(consent=[Channel.POST])
    assert emailable() == {with_consent}
    assert exclusion_reason(without, Channel.EMAIL) == Reason.NO_CONSENT


def test_withdrawal_takes_effect_at_once(unit_staff):
    contact = ContactFactory(consent=[Channel.EMAIL])
    assert may_contact(contact, Channel.EMAIL)
    consent_record(
        contact=contact,
        channel=Channel.EMAIL,
        granted=False,
        method="email",
        acting_user=unit_staff,
    )
    assert emailable() == set()
    assert exclusion_reason(contact, Channel.EMAIL) == Reason.NO_CONSENT
    assert contact.consent_records.count() == 2  # the log keeps both statements


def test_do_not_contact_overrides_consent():
    contact = ContactFactory(consent=[Channel.EMAIL])
    Contact.objects.filter(pk=contact.pk).update(do_not_contact=True, do_not_contact_reason="Asked")
    assert emailable() == set()
    assert exclusion_reason(contact, Channel.EMAIL) == Reason.DO_NOT_CONTACT


def test_post_needs_a_postal_address():
    contact = ContactFactory(consent=[Channel.POST], address_line_1="")
    assert exclusion_reason(contact, Channel.POST) == Reason.NO_ADDRESS
    assert set(contactable(Contact.objects.all(), Channel.POST)) == set()


def test_fatigue_cap_leaves_out_people_invited_too_often(settings):
    settings.STAKEHOLDERS_FATIGUE_CAP = 2
    tired, fresh = ContactFactory(consent=[Channel.EMAIL]), ContactFactory(consent=[Channel.EMAIL])
    for number in range(2):
        outreach_record(contact=tired, channel=Channel.EMAIL, description=f"Invitation {number}")
    outreach_record(contact=fresh, channel=Channel.EMAIL, description="Invitation")
    assert emailable() == {fresh}
    assert exclusion_reason(tired, Channel.EMAIL) == Reason.OVER_FATIGUE_CAP


def test_no_fatigue_cap_when_the_setting_is_zero(settings):
    settings.STAKEHOLDERS_FATIGUE_CAP = 0
    contact = ContactFactory(consent=[Channel.EMAIL])
    for number in range(5):
        outreach_record(contact=contact, channel=Channel.EMAIL, description=f"Invitation {number}")
    assert emailable() == {contact}


def test_contact_history_records_each_change():
    contact = ContactFactory(name="Ann Original")
    contact.name = "Ann Changed"
    contact.save()
    assert list(contact.events.order_by("pgh_id").values_list("name", flat=True)) == [
        "Ann Original",
        "Ann Changed",
    ]
