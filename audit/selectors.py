"""Reads of the audit trail."""

from audit.filters import AuditEntryFilter
from audit.models import AuditEntry


def audit_search(*, params) -> AuditEntryFilter:
    """The entries matching ``params`` (a query dict), newest first.

    Invalid input (a date out of range, a contact number that is not one) shows its
    error on the form and matches nothing, rather than everything.
    """
    queryset = AuditEntry.objects.select_related("target_type").prefetch_related("values")
    search = AuditEntryFilter(params, queryset=queryset)
    if search.is_bound and not search.is_valid():
        search.queryset = queryset.none()
    return search
