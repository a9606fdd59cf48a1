"""Make the audit trail append-only in the database.

A plain PL/pgSQL trigger rather than ``pgtrigger.Protect``: pgtrigger's triggers skip
themselves when the session sets ``pgtrigger.ignore``, which any code holding the
application's connection could do. This one has no such switch: an UPDATE always fails,
and a DELETE fails unless the entry is older than audit.models.MIN_RETENTION_DAYS (365),
so the retention purge can remove old entries and nothing can remove recent ones.
Only the table's owner can drop or disable the trigger (see docs/audit.md on roles).
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION audit_entry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit entries cannot be changed (entry %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.occurred_at >= now() - interval '365 days' THEN
        RAISE EXCEPTION 'audit entries younger than 365 days cannot be deleted (entry %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
