"""seed_scale builds London-scale stakeholder data quickly; here at a small scale."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.db.models.functions import Upper

from areas.factories import WardFactory
from demo.stakeholders import EMAIL_DOMAINS
from stakeholders.choices import Channel
from stakeholders.models import ConsentRecord, Contact, Membership, Organisation
from stakeholders.services.consent import current_consent

pytestmark = pytest.mark.django_db


def seed_scale(*args) -> str:
    """The command without consultations (their own tests cover the scale function)."""
    out = StringIO()
    call_command(
        "seed_scale", "--events", "0", "--invitations", "0", "--plan-items", "0", *args, stdout=out
    )
    return out.getvalue()


@pytest.fixture
def wards(borough):
    return WardFactory.create_batch(6, borough=borough)


def test_makes_the_numbers_asked_for_and_prints_timings(wards):
    output = seed_scale("--contacts", "500", "--organisations", "50")
    assert Contact.objects.count() == 500
    assert Organisation.objects.count() == 50
    assert "500 contacts:" in output and "Done in" in output
    memberships = Membership.objects.count()
    assert 550 <= memberships <= 950  # about 1.5 per contact
    assert f"{memberships} memberships" in output


def test_consent_flags_match_the_latest_consent_record_per_channel(wards):
    seed_scale("--contacts", "500", "--organisations", "50")
    contacts = Contact.objects.prefetch_related("consent_records")
    for contact in contacts:
        latest = current_consent(contact)
        for channel in Channel.values:
            record = latest[channel]
            assert contact.has_consent(channel) == bool(record and record.granted), (
                contact.pk,
                channel,
            )
    assert Contact.objects.filter(email_consent=True).count() > 250
    assert ConsentRecord.objects.filter(granted=False).exists()  # some withdrawals


def test_data_is_fictional_spread_over_areas_and_about_one_percent_duplicates(wards):
    seed_scale("--contacts", "600", "--organisations", "50")
    emails = Contact.objects.exclude(email="").values_list("email", flat=True)
    assert all(email.lower().rsplit("@", 1)[1] in EMAIL_DOMAINS for email in emails)
    assert Contact.objects.filter(home_ward__in=wards).count() > 300
    assert Contact.objects.values("home_borough").distinct().count() > 10
    same_email = (
        Contact.objects.exclude(email="")
        .values(normalised=Upper("email"))
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    same_phone = (
        Contact.objects.exclude(phone="").values("phone").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert same_email.count() >= 1 and same_phone.count() >= 1
    assert Organisation.objects.exclude(single_point_of_contact=None).exists()
    assert Organisation.objects.exclude(parent=None).exists()


def test_history_triggers_are_off_for_the_load_unless_asked(wards):
    contact_event = apps.get_model("stakeholders", "ContactEvent")
    membership_event = apps.get_model("stakeholders", "MembershipEvent")
    seed_scale("--contacts", "100", "--organisations", "10")
    assert not contact_event.objects.exists()
    assert not membership_event.objects.exists()
    seed_scale("--contacts", "100", "--organisations", "10", "--with-history")
    assert contact_event.objects.count() == 100


def test_works_with_no_wards_at_all():
    seed_scale("--contacts", "200", "--organisations", "20")
    assert Contact.objects.count() == 200
    assert not Contact.objects.filter(home_ward__isnull=False).exists()
    assert not Contact.objects.filter(home_borough__isnull=True).exists()


def test_a_second_run_adds_different_people(wards):
    seed_scale("--contacts", "200", "--organisations", "20")
    seed_scale("--contacts", "200", "--organisations", "20")
    assert Contact.objects.count() == 400
    emails = Contact.objects.exclude(email="").values(normalised=Upper("email"))
    repeated = emails.annotate(n=Count("pk")).filter(n__gt=1).count()
    assert repeated <= 10  # only the planted duplicates, not the whole first run again


def test_refuses_nonsense_counts():
    with pytest.raises(CommandError):
        seed_scale("--contacts", "-1")


def test_seed_scale_adds_consultation_events_and_invitations(wards, unit_staff):
    from consultations.models import Event, Invitation

    out = StringIO()
    call_command(
        "seed_scale",
        "--contacts",
        "300",
        "--organisations",
        "30",
        "--events",
        "20",
        "--invitations",
        "60",
        stdout=out,
    )
    assert Event.objects.filter(consultation__isnull=False).count() <= 20
    assert Event.objects.count() >= 20  # the ward panels' meetings come on top
    assert Invitation.objects.count() == 60
