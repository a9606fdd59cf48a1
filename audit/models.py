"""The audit trail: who did what, when, from where, to which records.

``AuditEntry`` is append-only, enforced by the database (migration
0002_append_only_trigger): an UPDATE always fails, and a DELETE fails for any entry
younger than ``MIN_RETENTION_DAYS``, whoever asks and however (raw SQL included).
Entries hold ids, field names and counts, never a contact's personal values, so erasing a
person needs no change to them. Text that may hold such values (the filter of an export,
the address typed at a failed sign-in) goes in ``AuditValue``, beside the entry, which
erasure and retention may delete. See docs/audit.md.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

# The database refuses to delete an entry younger than this, whatever the setting says.
# Written into the trigger of migration 0002: change both together.
MIN_RETENTION_DAYS = 365


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKOUT = "lockout", "Locked out"
    SIGN_OUT = "sign_out", "Signed out"
    PERMISSION_REFUSED = "permission_refused", "Refused (403)"
    EXPORT = "export", "Export"
    SUBJECT_ACCESS_EXPORT = "subject_access_export", "Subject access export"
    ERASURE = "erasure", "Erasure"
    MERGE = "merge", "Merge"
    CONSENT_CHANGE = "consent_change", "Consent change"
    PERSONAL_DATA_CHANGE = "personal_data_change", "Change to personal data"
    BULK_CHANGE = "bulk_change", "Bulk change"
    RETENTION_PURGE = "retention_purge", "Retention purge"
    SECOND_FACTOR_CHANGE = "second_factor_change", "Second factor change"


class AuditEntry(models.Model):
    occurred_at = models.DateTimeField("when", default=timezone.now, db_index=True)
    # Never a database foreign key: the entry must outlive the user unchanged (no
    # SET_NULL, no cascade), so the actor's name and email are copied as text too.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField("who", max_length=400, blank=True)
    client_address = models.CharField(max_length=64, blank=True, db_index=True)
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    # Filter parameter names, row counts, field names changed: never personal values.
    detail = models.JSONField(default=dict, blank=True)
    contact_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [
            GinIndex(fields=["contact_ids"], name="audit_entry_contact_ids"),
            models.Index(fields=["target_type", "target_id"], name="audit_entry_target"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor_label or 'nobody signed in'}"

    @property
    def target_label(self) -> str:
        if self.target_type_id is None:
            return ""
        return f"{self.target_type.name} {self.target_id}"


class AuditValue(models.Model):
    """Text beside an entry that may name a person: deleted on erasure and with its entry.

    Deliberately not append-only, so the trail can forget a person's values while keeping
    the fact of what was done.
    """

    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(max_length=40)
    value = models.TextField()

    class Meta:
        ordering = ["entry", "key"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "key"], name="audit_value_one_per_key")
        ]

    def __str__(self):
        return self.key
