"""Erasure removes a person's data everywhere, history tables included, keeping the
anonymous row for counts; it needs the word ERASE and a reason, and only staff may do it."""

import logging

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from core.roles import Role
from stakeholders import personal_data
from stakeholders.choices import Channel
from stakeholders.contact_rules import Reason, contactable, exclusion_reason
from stakeholders.factories import ContactFactory, MembershipFactory
from stakeholders.models import (
    ConsentRecord,
    Contact,
    EqualityProfile,
    Interaction,
    Membership,
    Organisation,
    OutreachRecord,
    StaticListMember,
)
from stakeholders.services.data_protection import contact_erase, contacts_erase
from tests.stakeholders.test_subject_access import (
    EMAIL,
    NAME,
    FakeInvitationData,
    build_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    """A stand-in for a lower app that holds data about contacts."""
    fake = FakeInvitationData()
    personal_data.register(fake)
    yield fake
    personal_data.unregister(fake)


HISTORY_TABLES = [
    "stakeholders_contactevent",
    "stakeholders_membershipevent",
    "stakeholders_organisationevent",
    "pghistory_context",
]


def rows_mentioning(text: str) -> dict[str, int]:
    """How many rows of each history table contain ``text`` anywhere, by raw SQL."""
    found = {}
    with connection.cursor() as cursor:
        for table in HISTORY_TABLES:
            cursor.execute(
                f"SELECT count(*) FROM {table} AS t WHERE t::text ILIKE %s",  # noqa: S608
                [f"%{text}%"],
            )
            found[table] = cursor.fetchone()[0]
    return found


def erase_url(contact):
    return reverse("stakeholders:contact-erase", args=[contact.pk])


def test_erasure_removes_personal_data_and_keeps_the_anonymous_row(unit_staff, ward, provider):
    contact = build_person(staff=unit_staff, ward=ward)
    outreach_before = OutreachRecord.objects.filter(contact=contact).count()

    contact_erase(contact=contact, reason="request", acting_user=unit_staff)

    contact.refresh_from_db()
    assert contact.is_erased
    assert contact.name == "Erased contact"
    for field in ["email", "phone", "job_title", "address_line_1", "postcode", "source", "town"]:
        assert not getattr(contact, field), field
    assert contact.home_ward is None
    assert contact.home_borough == ward.borough  # kept for anonymous counts by borough
    assert not (contact.email_consent or contact.post_consent or contact.phone_consent)
    assert contact.do_not_contact and contact.do_not_contact_reason == "Erased"
    assert not contact.topics.exists()
    assert not ConsentRecord.objects.filter(contact=contact).exists()
    assert not Interaction.objects.filter(contact=contact).exists()
    assert not EqualityProfile.objects.filter(contact=contact).exists()
    assert not StaticListMember.objects.filter(contact=contact).exists()
    assert not Membership.objects.filter(contact=contact).exists()
    assert not Organisation.objects.filter(single_point_of_contact=contact).exists()
    # Kept: the row itself (counts) and the outreach records (the fatigue cap, counts).
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert OutreachRecord.objects.filter(contact=contact).count() == outreach_before > 0
    assert provider.erased == [contact.pk]


def test_erasure_deletes_the_history_rows_too(unit_staff, provider):
    contact = build_person(staff=unit_staff)
    membership_ids = list(contact.memberships.values_list("pk", flat=True))
    contact_event = apps.get_model("stakeholders", "ContactEvent")
    membership_event = apps.get_model("stakeholders", "MembershipEvent")
    assert contact_event.objects.filter(pgh_obj_id=contact.pk, email=EMAIL).exists()
    assert rows_mentioning(EMAIL)["stakeholders_contactevent"] > 0

    contact_erase(contact=contact, reason="request", acting_user=unit_staff)

    events = contact_event.objects.filter(pgh_obj_id=contact.pk)
    assert not events.filter(name=NAME).exists()
    assert not events.filter(email__iexact=EMAIL).exists()
    assert not events.exists()  # not even the snapshot the erasure itself wrote
    assert not membership_event.objects.filter(pgh_obj_id__in=membership_ids).exists()
    assert not membership_event.objects.filter(contact_id=contact.pk).exists()
    assert set(rows_mentioning(EMAIL).values()) == {0}
    assert set(rows_mentioning(NAME).values()) == {0}


def test_erasure_removes_the_admin_log_entries_naming_them(administrator):
    contact = ContactFactory(name=NAME)
    LogEntry.objects.log_actions(
        user_id=administrator.pk, queryset=[contact], action_flag=CHANGE, change_message="Fixed"
    )
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    contact_erase(contact=contact, reason="request", acting_user=administrator)
    assert not LogEntry.objects.filter(object_repr=NAME).exists()


def test_erasure_leaves_other_people_and_their_history_alone(unit_staff):
    contact = build_person(staff=unit_staff)
    other = ContactFactory(name="Someone Else", email="someone.else@example.net")
    other_membership = MembershipFactory(contact=other)
    contact_erase(contact=contact, reason="request", acting_user=unit_staff)
    other.refresh_from_db()
    assert other.name == "Someone Else"
    assert rows_mentioning("someone.else@example.net")["stakeholders_contactevent"] == 1
    assert Membership.objects.filter(pk=other_membership.pk).exists()
    assert apps.get_model("stakeholders", "MembershipEvent").objects.filter(
        pgh_obj_id=other_membership.pk
    )


def test_erased_contact_never_appears_in_a_contactable_audience(unit_staff):
    contact = ContactFactory(consent=[Channel.EMAIL, Channel.POST])
    contact_erase(contact=contact, reason="retention", acting_user=unit_staff)
    for channel in Channel.values:
        assert contact not in contactable(Contact.objects.all(), channel)
        assert exclusion_reason(contact, channel) == Reason.ERASED


def test_erasure_logs_who_and_when_without_personal_data(
    unit_staff, caplog, django_capture_on_commit_callbacks
):
    contact = ContactFactory(name=NAME, email=EMAIL)
    with (
        caplog.at_level(logging.INFO, logger="stakeholders.services.data_protection"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        contact_erase(contact=contact, reason="request", acting_user=unit_staff)
    [record] = [r for r in caplog.records if r.name == "stakeholders.services.data_protection"]
    message = record.getMessage()
    assert f"Contact {contact.pk} erased by user {unit_staff.pk}" in message
    assert NAME not in message and EMAIL not in message


def test_a_failure_part_way_erases_nothing(unit_staff):
    class BrokenProvider(FakeInvitationData):
        def erase(self, contact):
            raise RuntimeError("the invitations app is down")

    broken = BrokenProvider()
    contact = build_person(staff=unit_staff)
    personal_data.register(broken)
    try:
        with pytest.raises(RuntimeError):
            contact_erase(contact=contact, reason="request", acting_user=unit_staff)
    finally:
        personal_data.unregister(broken)
    contact.refresh_from_db()
    assert contact.name == NAME and not contact.is_erased
    assert ConsentRecord.objects.filter(contact=contact).exists()
    assert rows_mentioning(EMAIL)["stakeholders_contactevent"] > 0


def test_erasing_twice_is_refused(unit_staff):
    contact = ContactFactory()
    contact_erase(contact=contact, reason="request", acting_user=unit_staff)
    with pytest.raises(ValidationError, match="already been erased"):
        contact_erase(contact=contact, reason="request", acting_user=unit_staff)


def test_erasure_needs_a_reason_from_the_list(unit_staff):
    contact = ContactFactory(name=NAME)
    with pytest.raises(ValidationError):
        contact_erase(contact=contact, reason="because", acting_user=unit_staff)
    contact.refresh_from_db()
    assert contact.name == NAME


def test_only_staff_may_erase_through_the_service(sergeant, ward):
    contact = ContactFactory(name=NAME, home_ward=ward, home_borough=ward.borough)
    with pytest.raises(PermissionDenied):
        contact_erase(contact=contact, reason="request", acting_user=sergeant)
    with pytest.raises(PermissionDenied):
        contacts_erase(contacts=[contact], reason="request", acting_user=sergeant)
    contact.refresh_from_db()
    assert contact.name == NAME


# --- the page -------------------------------------------------------------------------


def test_confirm_page_explains_what_is_removed_and_kept(client, unit_staff):
    contact = ContactFactory(name=NAME)
    client.force_login(unit_staff)
    response = client.get(erase_url(contact))
    html = response.content.decode()
    assert response.status_code == 200
    assert "What is removed" in html and "What is kept, anonymously" in html
    assert "Erasure cannot be undone." in html
    assert "Type ERASE to confirm" in html


@pytest.mark.parametrize(
    ("typed", "reason", "error"),
    [
        ("erase", "request", "Type ERASE in capitals to confirm."),
        ("", "request", "Type ERASE in capitals to confirm."),
        ("ERASE", "", "Choose why this contact is being erased."),
        ("ERASE", "whim", "Select a valid choice."),
    ],
)
def test_bad_confirmation_erases_nothing(client, unit_staff, typed, reason, error):
    contact = ContactFactory(name=NAME, email=EMAIL)
    client.force_login(unit_staff)
    response = client.post(erase_url(contact), {"confirm": typed, "reason": reason})
    assert response.status_code == 200
    assert error in response.content.decode()
    contact.refresh_from_db()
    assert contact.name == NAME and contact.email == EMAIL and not contact.is_erased


def test_typing_erase_erases_and_shows_the_remaining_shell(client, unit_staff):
    contact = ContactFactory(name=NAME, email=EMAIL)
    client.force_login(unit_staff)
    response = client.post(erase_url(contact), {"confirm": "ERASE", "reason": "request"})
    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:contact-subject-access", args=[contact.pk])
    contact.refresh_from_db()
    assert contact.is_erased
    html = client.get(response["Location"]).content.decode()
    assert "Contact erased." in html
    assert NAME not in html and EMAIL not in html


def test_erasing_an_erased_contact_again_shows_why_not(client, unit_staff):
    contact = ContactFactory()
    contact_erase(contact=contact, reason="request", acting_user=unit_staff)
    erased_at = Contact.objects.get(pk=contact.pk).erased_at
    client.force_login(unit_staff)
    assert "nothing more to erase" in client.get(erase_url(contact)).content.decode()
    response = client.post(erase_url(contact), {"confirm": "ERASE", "reason": "request"})
    assert "nothing more to erase" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).erased_at == erased_at


def test_administrator_may_erase(client, administrator):
    contact = ContactFactory()
    client.force_login(administrator)
    client.post(erase_url(contact), {"confirm": "ERASE", "reason": "not_needed"})
    contact.refresh_from_db()
    assert contact.is_erased


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_other_roles_may_not_open_or_post_the_erase_page(client, users_by_role, ward, role):
    contact = ContactFactory(name=NAME, home_ward=ward, home_borough=ward.borough)
    client.force_login(users_by_role[role])
    assert client.get(erase_url(contact)).status_code == 403
    response = client.post(erase_url(contact), {"confirm": "ERASE", "reason": "request"})
    assert response.status_code == 403
    contact.refresh_from_db()
    assert not contact.is_erased


def test_anonymous_visitor_is_sent_to_sign_in(client):
    contact = ContactFactory()
    response = client.post(erase_url(contact), {"confirm": "ERASE", "reason": "request"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    contact.refresh_from_db()
    assert not contact.is_erased


def test_missing_contact_answers_404(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(erase_url(Contact(pk=999_999))).status_code == 404


def relations_to_contact() -> set[str]:
    """Every foreign key to Contact in every installed app, history tables and the
    tables of many-to-many fields included: "app_label.Model.field"."""
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Contact
    }


def test_every_relation_to_a_contact_is_taken_care_of_by_someone():
    """A new table pointing at contacts must be named by the stakeholders app or by a
    registered provider (so subject access, erasure and merge reach it)."""
    unhandled = relations_to_contact() - personal_data.covered_relations()
    assert not unhandled, f"Nobody exports, erases or merges these: {sorted(unhandled)}"


def test_no_provider_names_a_relation_that_does_not_exist():
    assert personal_data.covered_relations() <= relations_to_contact()


# Imports under way hold copies of people's details ------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def import_holding(unit_staff, *rows, preview=False, name="people.xlsx"):
    from stakeholders.services.imports import (
        import_job_create,
        import_mapping_set,
        import_preview_build,
    )
    from tests.stakeholders.fixtures.import_files import CONTACT_HEADINGS, xlsx_upload

    job = import_job_create(
        kind="contacts",
        uploaded_file=xlsx_upload([CONTACT_HEADINGS, *rows], name=name),
        acting_user=unit_staff,
    )
    if preview:
        job = import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)
        job = import_preview_build(job=job)
    return job


def a_row(name, email="", phone=""):
    return [name, email, phone, "", "Member of the public", "", "", "", ""]


@pytest.mark.parametrize("preview", [False, True], ids=["uploaded", "previewed"])
@pytest.mark.parametrize(
    "cells",
    [
        {"name": "Someone Else", "email": EMAIL.upper()},
        {"name": "Someone Else", "phone": "07700 900123"},
        {"name": "Someone Else", "phone": "+44 7700 900 123"},
        {"name": f"  {NAME.lower()} "},
    ],
    ids=["email", "national phone", "international phone", "name"],
)
def test_erasure_stops_an_import_holding_the_person_and_deletes_its_file_and_rows(
    unit_staff, media, django_capture_on_commit_callbacks, preview, cells
):
    contact = build_person(staff=unit_staff)
    job = import_holding(
        unit_staff, a_row("Ann Other", "ann@example.org"), a_row(**cells), preview=preview
    )
    stored = media / job.file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        contact_erase(contact=contact, reason="request", acting_user=unit_staff)

    job.refresh_from_db()
    assert job.status == job.Status.FAILED
    assert "asked for their data to be erased" in job.failure
    assert job.preview == [] and job.selected_rows == []
    assert not job.file and not stored.exists()


def test_erasure_leaves_imports_not_holding_the_person_alone(
    unit_staff, media, django_capture_on_commit_callbacks
):
    contact = build_person(staff=unit_staff)
    job = import_holding(unit_staff, a_row("Ann Other", "ann@example.org"), preview=True)

    with django_capture_on_commit_callbacks(execute=True):
        contact_erase(contact=contact, reason="request", acting_user=unit_staff)

    job.refresh_from_db()
    assert job.status == job.Status.PREVIEWED
    assert job.preview and (media / job.file.name).exists()


def test_erasure_clears_the_person_from_organisation_history(unit_staff):
    contact = build_person(staff=unit_staff)
    events = apps.get_model("stakeholders", "OrganisationEvent").objects
    assert events.filter(single_point_of_contact_id=contact.pk).exists()

    contact_erase(contact=contact, reason="request", acting_user=unit_staff)

    assert not events.filter(single_point_of_contact_id=contact.pk).exists()
