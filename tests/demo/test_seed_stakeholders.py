"""The demo's stakeholders: a few hundred fictional contacts and about 80 organisations,
consent recorded through the service, lists, follow-ups and planted duplicates."""

from io import StringIO

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import Upper

from accounts.models import User
from areas.models import Ward
from consultations.models import Consultation, ConsultativeGroup
from demo.seed import seed
from demo.stakeholders import DEMO_STAFF_EMAIL, EMAIL_DOMAINS, WORDING_VERSION, seed_stakeholders
from stakeholders.choices import Channel, OrganisationKind
from stakeholders.models import (
    ConsentRecord,
    Contact,
    EqualityProfile,
    Interaction,
    Membership,
    Organisation,
    Segment,
    StaticList,
)
from stakeholders.selectors.contacts import contact_search
from stakeholders.services.consent import current_consent


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at the end (seeding
    takes seconds; the tests only read)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        seed(stdout=out)  # seed_demo's whole seed, which includes seed_stakeholders
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def staff(seeded, db):
    return User.objects.get(email=DEMO_STAFF_EMAIL)


def test_a_few_hundred_clearly_fictional_contacts_and_about_80_organisations(seeded, db):
    assert 250 <= Contact.objects.count() <= 400
    assert 70 <= Organisation.objects.count() <= 100
    assert "planted duplicate" in seeded
    emails = Contact.objects.exclude(email="").values_list("email", flat=True)
    assert emails
    assert all(email.lower().rsplit("@", 1)[1] in EMAIL_DOMAINS for email in emails)
    phones = Contact.objects.exclude(phone="").values_list("phone", flat=True)
    assert phones
    assert all(phone.as_e164.startswith("+44207946") for phone in phones)  # Ofcom drama range


def test_contacts_and_organisations_spread_over_the_wards_that_exist(seeded, db):
    boroughs_with_wards = set(Ward.objects.values_list("borough__name", flat=True))
    contact_boroughs = set(
        Contact.objects.exclude(home_borough=None).values_list("home_borough__name", flat=True)
    )
    assert contact_boroughs == boroughs_with_wards
    assert Contact.objects.values("home_ward").distinct().count() > 15
    assert Organisation.objects.filter(wards__isnull=False).distinct().count() > 20


def test_organisations_have_kinds_umbrellas_communities_topics_and_a_contact(seeded, db):
    assert Organisation.objects.values("kind").distinct().count() >= 8
    umbrellas = Organisation.objects.filter(kind=OrganisationKind.UMBRELLA)
    assert umbrellas.annotate(n=Count("members")).filter(n__gt=0).count() >= 3
    assert Organisation.objects.exclude(communities=None).count() > 60
    assert Organisation.objects.exclude(topics=None).count() > 60
    led = Organisation.objects.exclude(single_point_of_contact=None)
    assert led.count() > 30
    for organisation in led:
        assert Membership.objects.filter(
            organisation=organisation, contact=organisation.single_point_of_contact
        ).exists()
    assert Membership.objects.values("role").distinct().count() > 3


def test_consent_flags_agree_with_the_consent_log(seeded, db):
    for contact in Contact.objects.prefetch_related("consent_records"):
        latest = current_consent(contact)
        for channel in Channel.values:
            record = latest[channel]
            assert contact.has_consent(channel) == bool(record and record.granted)
    records = ConsentRecord.objects.all()
    assert set(records.values_list("method", "wording_version").distinct()) == {
        ("paper_form", WORDING_VERSION)
    }
    assert records.filter(granted=False).exists()  # some withdrawals
    assert Contact.objects.filter(email_consent=True).count() > 150  # consent for most
    do_not_contact = Contact.objects.filter(do_not_contact=True)
    assert do_not_contact.exists()
    assert not do_not_contact.filter(do_not_contact_reason="").exists()


def test_demo_staff_user_has_follow_ups_due(seeded, staff):
    assert Interaction.objects.follow_ups_due(user=staff).exists()
    assert Interaction.objects.filter(contact__isnull=False, logged_by=staff).count() >= 50


def test_segments_and_static_lists_to_build_audiences_from(seeded, staff):
    segments = Segment.objects.all()
    assert segments.count() >= 2
    for segment in segments:
        search = contact_search(user=staff, params=segment.filters)
        assert search.form.is_valid(), search.form.errors
        assert search.qs.exists()
    lists = StaticList.objects.annotate(n=Count("members"))
    assert lists.count() >= 2
    assert all(static_list.n > 10 for static_list in lists)


def test_equality_profiles_have_explicit_consent_or_an_objection(seeded, db):
    profiles = EqualityProfile.objects.all()
    assert profiles.count() > 50
    answered = profiles.filter(objected=False)
    assert not answered.filter(explicit_consent_given_on=None).exists()
    assert profiles.filter(objected=True).exists()


def _pairs(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_planted_duplicates_of_every_kind(seeded, db):
    same_email = (
        Contact.objects.exclude(email="")
        .values(normalised=Upper("email"))
        .annotate(n=Count("pk"), spellings=Count("email", distinct=True))
        .filter(n__gt=1, spellings__gt=1)
    )
    assert same_email.count() >= 3
    same_phone = (
        Contact.objects.exclude(phone="").values("phone").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert same_phone.count() >= 3
    similar_names_same_postcode = _pairs(
        "SELECT count(*) FROM stakeholders_contact a JOIN stakeholders_contact b "
        "ON a.postcode = b.postcode AND a.id < b.id AND a.name <> b.name "
        "WHERE similarity(a.name, b.name) > 0.5"
    )
    assert similar_names_same_postcode >= 3
    similar_organisations = _pairs(
        "SELECT count(*) FROM stakeholders_organisation a JOIN stakeholders_organisation b "
        "ON a.id < b.id WHERE similarity(a.name, b.name) > 0.7"
    )
    assert similar_organisations >= 3


def test_seeding_again_adds_nothing(seeded, db):
    counts = (Contact.objects.count(), Organisation.objects.count(), Interaction.objects.count())
    out = StringIO()
    seed_stakeholders(stdout=out)
    assert "left as they are" in out.getvalue()
    assert (
        Contact.objects.count(),
        Organisation.objects.count(),
        Interaction.objects.count(),
    ) == counts


def test_the_same_seed_gives_the_same_people(seeded, db):
    before = list(Contact.objects.order_by("pk").values_list("name", "email", "postcode"))
    Interaction.objects.all().delete()
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    Segment.objects.all().delete()
    StaticList.objects.all().delete()
    seed_stakeholders(stdout=StringIO())
    after = list(Contact.objects.order_by("pk").values_list("name", "email", "postcode"))
    assert after == before


def test_works_without_wards_or_demo_users(seeded, db):
    Consultation.objects.all().delete()
    ConsultativeGroup.objects.all().delete()
    Interaction.objects.all().delete()
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    Segment.objects.all().delete()
    StaticList.objects.all().delete()
    Ward.objects.all().delete()
    User.objects.all().delete()
    seed_stakeholders(stdout=StringIO())
    assert Contact.objects.count() > 250
    assert not Contact.objects.exclude(home_ward=None).exists()
    assert Contact.objects.values("home_borough").distinct().count() == 5
    assert not Interaction.objects.exists()
