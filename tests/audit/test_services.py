"""Recording, forgetting a person's values, and the retention purge."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from audit.models import MIN_RETENTION_DAYS, Action, AuditEntry, AuditValue
from audit.services import audit_forget_contact, audit_purge, audit_record

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_an_entry_keeps_the_actors_name_and_email_as_text(unit_staff):
    entry = audit_record(action=Action.MERGE, actor=unit_staff, contact_ids=[5, 3, 5])
    assert entry.actor == unit_staff
    assert entry.actor_label == f"Uma Unitstaff <{unit_staff.email}>"
    assert entry.contact_ids == [3, 5]


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        audit_record(action="tea_break")


def test_forgetting_a_contact_removes_their_values_and_keeps_the_entries():
    about = audit_record(action=Action.EXPORT, contact_ids=[7], values={"filter": "q=Jo"})
    named = audit_record(action=Action.EXPORT, values={"filter": "q=jo.bloggs@example.org"})
    other = audit_record(action=Action.EXPORT, contact_ids=[8], values={"filter": "borough=3"})

    removed = audit_forget_contact(contact_id=7, values=["Jo.Bloggs@example.org", ""])

    assert removed == 2
    assert list(AuditValue.objects.values_list("entry", flat=True)) == [other.pk]
    assert AuditEntry.objects.filter(pk__in=[about.pk, named.pk, other.pk]).count() == 3


def test_purge_deletes_only_entries_past_the_date_and_is_safe_twice():
    with time_machine.travel(_days_ago(7 * 365)):
        old = audit_record(action=Action.SIGN_IN, values={"username": "someone@example.org"})
    with time_machine.travel(_days_ago(2 * 365)):
        kept = audit_record(action=Action.SIGN_IN)
    recent = audit_record(action=Action.SIGN_IN)

    assert audit_purge(before=_days_ago(6 * 365), dry_run=True) == 1
    assert AuditEntry.objects.filter(pk=old.pk).exists()

    assert audit_purge(before=_days_ago(6 * 365)) == 1
    assert audit_purge(before=_days_ago(6 * 365)) == 0

    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert {kept.pk, recent.pk} <= remaining and old.pk not in remaining
    assert not AuditValue.objects.filter(entry_id=old.pk).exists()
    purge = AuditEntry.objects.get(action=Action.RETENTION_PURGE)
    assert purge.detail["deleted"] == 1


def test_purge_refuses_a_date_inside_the_minimum_retention():
    audit_record(action=Action.SIGN_IN)
    with pytest.raises(ValueError, match="kept at least"):
        audit_purge(before=_days_ago(MIN_RETENTION_DAYS - 1))
    assert AuditEntry.objects.count() == 1
