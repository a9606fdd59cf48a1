"""Who may read the audit trail: administrators and unit staff who also hold the Django
permission ``audit.view_auditentry`` (administrators' group holds it by default,
accounts/signals.py; an administrator gives it to named staff in the Django admin)."""

from core.access import Access
from core.roles import Role

AUDITORS = Access(
    roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF}), permission="audit.view_auditentry"
)
