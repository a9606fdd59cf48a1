"""Attendance, public responses and staff accounts (whose app sits above audit, so audit
listens to the user model's signals) write their entries too."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.factories import UserFactory
from audit.models import Action, AuditEntry
from consultations.factories import EventFactory
from consultations.models import Invitation
from core.roles import Role
from tests.consultations.test_invitations import resident

pytestmark = pytest.mark.django_db


def test_ticking_attendance_is_a_bulk_change_naming_the_people(client, unit_staff, ward):
    event = EventFactory()
    ann, bob = resident(ward, "Ann"), resident(ward, "Bob")
    for contact in (ann, bob):
        Invitation.objects.create(event=event, contact=contact)
    client.force_login(unit_staff)
    client.post(
        reverse("consultations:attendance-record", kwargs={"pk": event.pk}),
        {"action": "tick", "shown": [ann.pk, bob.pk], "attended": [ann.pk]},
    )
    entry = AuditEntry.objects.get(action=Action.BULK_CHANGE)
    assert (entry.actor, entry.target_id) == (unit_staff, str(event.pk))
    assert entry.contact_ids == sorted([ann.pk, bob.pk])


def test_a_change_to_a_staff_account_names_the_fields_not_the_values(administrator):
    user = UserFactory(full_name="Pat Before")
    user.full_name = "Pat After"
    user.save(update_fields=["full_name"])
    entry = AuditEntry.objects.filter(action=Action.PERSONAL_DATA_CHANGE).latest("pk")
    assert entry.detail == {"fields": ["full_name"]}
    assert "Pat" not in entry.summary + str(entry.detail)


def test_a_role_change_is_recorded(administrator):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.UNIT_STAFF.value))
    entry = AuditEntry.objects.filter(detail__fields=["roles"]).latest("pk")
    assert entry.target_id == str(user.pk)


def test_a_sign_in_stamp_is_not_a_change_to_personal_data(client, unit_staff):
    before = AuditEntry.objects.filter(action=Action.PERSONAL_DATA_CHANGE).count()
    client.force_login(unit_staff)  # saves last_login only
    assert AuditEntry.objects.filter(action=Action.PERSONAL_DATA_CHANGE).count() == before
