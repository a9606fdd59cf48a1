"""The audit app's retention rule (``core.retention``), registered from
``AuditConfig.ready()``: entries past ``ENGAGE_RETENTION_DAYS["audit"]`` are deleted.

The cutoff is held at the database's floor (``MIN_RETENTION_DAYS``), so a period set
shorter than that keeps entries a year rather than failing every night."""

from audit.models import AuditEntry
from audit.services import audit_purge, audit_purge_floor
from core.retention import RetentionRule


def _held(before):
    return min(before, audit_purge_floor())


def _entries(before):
    return AuditEntry.objects.filter(occurred_at__lt=_held(before))


def _purge(before) -> int:
    return audit_purge(before=_held(before))


RULES = (
    RetentionRule(
        name="audit.entries",
        label="Audit entries",
        period="audit",
        action="deleted",
        find=_entries,
        apply=_purge,
    ),
)
