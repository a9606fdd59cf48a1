"""The database itself keeps the audit trail append-only: the application's own connection
cannot change an entry, or delete one younger than the minimum retention, by any path."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.utils import timezone

from audit.models import MIN_RETENTION_DAYS, Action, AuditEntry
from audit.services import audit_record

pytestmark = pytest.mark.django_db

REFUSED = (InternalError, ProgrammingError, IntegrityError)


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def entry():
    return audit_record(action=Action.EXPORT, summary="Exported 3 contacts")


def test_raw_update_of_an_entry_is_refused_by_the_database(entry):
    with pytest.raises(REFUSED, match="cannot be changed"):
        _raw("UPDATE audit_auditentry SET summary = 'nothing happened' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.summary == "Exported 3 contacts"


def test_raw_delete_of_a_recent_entry_is_refused_by_the_database(entry):
    with pytest.raises(REFUSED, match="cannot be deleted"):
        _raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_orm_update_and_delete_are_refused_too(entry):
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="someone else")
    with pytest.raises(REFUSED), transaction.atomic():
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == ""


def test_pgtriggers_ignore_switch_does_not_open_the_table(entry):
    """pgtrigger's triggers skip themselves under pgtrigger.ignore; this one has no switch."""
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{audit_entry_append_only}', true)")
        cursor.execute("UPDATE audit_auditentry SET summary = '' WHERE id = %s", [entry.pk])


def test_an_entry_older_than_the_minimum_retention_may_be_deleted():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=MIN_RETENTION_DAYS + 1)):
        old = audit_record(action=Action.SIGN_IN)
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [old.pk])
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
