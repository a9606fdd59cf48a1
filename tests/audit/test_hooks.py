"""Each kind of event writes its entry, in the same transaction as the change: exports
with their filter and row count, subject access, erasure, merges, consent, and changes to
personal data, bulk ones included."""

import pytest
from django.db import transaction
from django.urls import reverse

from audit.models import Action, AuditEntry, AuditValue
from audit.services import audit_export
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory
from stakeholders.models import Contact, StaticList
from stakeholders.services.consent import consent_record
from stakeholders.services.contacts import contact_update
from stakeholders.services.data_protection import contacts_verify
from stakeholders.services.lists import static_list_add_contacts
from stakeholders.services.merge import contacts_merge
from workplans.factories import PlanItemFactory

pytestmark = pytest.mark.django_db


def _only(action):
    return AuditEntry.objects.get(action=action)


@pytest.fixture
def staff_client(client, unit_staff):
    client.force_login(unit_staff)
    return client


def test_a_contact_export_records_the_filter_the_rows_and_who(staff_client, unit_staff):
    jo, _ = ContactFactory(name="Jo Bloggs"), ContactFactory(name="Sam Other")
    response = staff_client.get(
        reverse("stakeholders:contact-export"),
        {"q": "Jo Bloggs", "format": "csv"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 200
    entry = _only(Action.EXPORT)
    assert entry.actor == unit_staff
    assert entry.client_address == "192.0.2.7"
    assert (entry.detail["rows"], entry.detail["format"]) == (1, "csv")
    assert entry.detail["filter_parameters"] == ["format", "q"]
    assert entry.contact_ids == [jo.pk]
    assert entry.values.get(key="filter").value == "q=Jo+Bloggs&format=csv"
    assert "Jo" not in str(entry.detail) + entry.summary  # values only beside the entry


def test_an_organisation_export_records_its_row_count(staff_client):
    staff_client.get(reverse("stakeholders:organisation-export"), {"format": "xlsx"})
    assert _only(Action.EXPORT).detail["rows"] == 0


def test_the_subject_access_download_and_page_are_recorded(staff_client):
    contact = ContactFactory()
    staff_client.get(reverse("stakeholders:contact-subject-access-json", args=[contact.pk]))
    staff_client.get(reverse("stakeholders:contact-subject-access", args=[contact.pk]))
    entries = AuditEntry.objects.filter(action=Action.SUBJECT_ACCESS_EXPORT)
    assert sorted(entry.detail["format"] for entry in entries) == ["json", "page"]
    assert all(entry.contact_ids == [contact.pk] for entry in entries)


def test_erasure_is_recorded_and_forgets_the_persons_values(staff_client, unit_staff):
    contact = ContactFactory(name="Jo Bloggs", email="jo.bloggs@example.org")
    staff_client.get(reverse("stakeholders:contact-export"), {"q": "jo.bloggs@example.org"})
    staff_client.get(reverse("stakeholders:contact-export"), {"q": "Jo Bloggs"})
    assert AuditValue.objects.filter(key="filter").count() == 2

    response = staff_client.post(
        reverse("stakeholders:contact-erase", args=[contact.pk]),
        {"confirm": "ERASE", "reason": "request"},
    )
    assert response.status_code == 302

    erasure = _only(Action.ERASURE)
    assert (erasure.actor, erasure.contact_ids) == (unit_staff, [contact.pk])
    assert erasure.detail == {"reason": "request"}
    assert not AuditValue.objects.filter(key="filter").exists()
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 2  # the facts stay


def test_a_merge_names_both_contacts_and_the_fields_taken(unit_staff):
    winner, loser = ContactFactory(job_title="Chair"), ContactFactory(job_title="Treasurer")
    contacts_merge(
        winner=winner, loser=loser, field_choices={"job_title": "loser"}, acting_user=unit_staff
    )
    entry = _only(Action.MERGE)
    assert entry.contact_ids == sorted([winner.pk, loser.pk])
    assert entry.detail == {"merged_id": loser.pk, "fields": ["job_title"]}
    assert "Treasurer" not in str(entry.detail)


def test_a_consent_change_is_recorded(staff_client, unit_staff):
    contact = ContactFactory()
    staff_client.post(
        reverse("stakeholders:contact-consent", args=[contact.pk]),
        {"channel": "email", "granted": "withdrawn", "method": "verbal", "note": "Moved away"},
    )
    entry = _only(Action.CONSENT_CHANGE)
    assert (entry.actor, entry.contact_ids) == (unit_staff, [contact.pk])
    assert entry.detail == {"channel": "email", "granted": False, "method": "verbal"}


def test_a_contact_edit_records_the_fields_changed_not_their_values(unit_staff):
    contact = ContactFactory(job_title="Chair")
    contact_update(
        contact=contact, acting_user=unit_staff, job_title="Secretary", name=contact.name
    )
    entry = AuditEntry.objects.get(
        action=Action.PERSONAL_DATA_CHANGE, contact_ids=[contact.pk], summary__startswith="Changed"
    )
    assert entry.detail == {"fields": ["job_title"]}


def test_bulk_changes_record_every_contact_they_touched(unit_staff):
    contacts = ContactFactory.create_batch(3)
    contacts_verify(contacts=contacts, acting_user=unit_staff)
    static_list = StaticList.objects.create(name="Youth panel")
    static_list_add_contacts(
        static_list=static_list, contacts=Contact.objects.all(), acting_user=unit_staff
    )
    verify, added = AuditEntry.objects.filter(action=Action.BULK_CHANGE).order_by("pk")
    ids = sorted(contact.pk for contact in contacts)
    assert (verify.contact_ids, verify.detail["rows"]) == (ids, 3)
    assert (added.contact_ids, added.detail["rows"]) == (ids, 3)


def test_an_entry_is_undone_with_the_change_it_records(unit_staff):
    contact = ContactFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        consent_record(
            contact=contact,
            channel=Channel.EMAIL,
            granted=True,
            method="verbal",
            acting_user=unit_staff,
        )
        raise RuntimeError("the rest of the request failed")
    assert not AuditEntry.objects.filter(action=Action.CONSENT_CHANGE).exists()


def test_work_plan_and_police_uk_exports_are_recorded(client, authority_member, ward):
    item = PlanItemFactory()
    client.force_login(authority_member)
    client.get(reverse("workplans:plan-export", args=[item.plan.pk, "csv"]))
    client.get(reverse("consultations:policeuk-export-ward", args=[ward.ons_code, "json"]))
    what = sorted(entry.detail["what"] for entry in AuditEntry.objects.filter(action="export"))
    assert what == ["ward priorities", "work plan rows"]


def test_audit_export_keeps_no_empty_filter(rf, unit_staff):
    request = rf.get("/stakeholders/contacts/export/")
    request.user = unit_staff
    entry = audit_export(request=request, what="contacts", rows=0)
    assert not entry.values.exists()
