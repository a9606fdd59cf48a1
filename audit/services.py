"""Writes to the audit trail. Every other app records through ``audit_record``.

Call it inside the transaction of the change it records (the services do), so the entry
and the change are committed together or not at all.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.context import current_request
from audit.models import MIN_RETENTION_DAYS, Action, AuditEntry, AuditValue
from core.client_address import client_address

SUMMARY_MAX = AuditEntry._meta.get_field("summary").max_length


def _actor_label(actor) -> str:
    if actor is None:
        return ""
    name = getattr(actor, "full_name", "") or ""
    return f"{name} <{actor.email}>" if name else actor.email


@transaction.atomic
def audit_record(
    *,
    action: str,
    actor=None,
    request=None,
    target=None,
    summary: str = "",
    detail: dict | None = None,
    contact_ids=(),
    values: dict[str, str] | None = None,
) -> AuditEntry:
    """Append an entry to the audit trail.

    ``actor`` defaults to the request's signed-in user; ``target`` is a model instance;
    ``detail`` holds ids, counts, parameter and field names (JSON), never a person's
    values; ``values`` holds text that may name a person (an export's filter, the address
    typed at a failed sign-in), kept apart so erasure and retention can delete it.
    Without ``request``, the request being served (if any) gives the client's address.
    """
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    entry = AuditEntry(
        action=Action(action),
        actor=actor,
        actor_label=_actor_label(actor),
        client_address=client_address(request) if request is not None else "",
        summary=summary[:SUMMARY_MAX],
        detail=detail or {},
        contact_ids=sorted({int(pk) for pk in contact_ids}),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
    entry.full_clean()
    entry.save()
    AuditValue.objects.bulk_create(
        AuditValue(entry=entry, key=key, value=value)
        for key, value in (values or {}).items()
        if value
    )
    return entry


def audit_export(*, request, what: str, rows: int, file_format: str = "", contact_ids=()):
    """Record a download: who, which filter (the query string) and how many rows."""
    query = request.GET.urlencode()
    return audit_record(
        action=Action.EXPORT,
        request=request,
        summary=f"Exported {rows} {what}" + (f" as {file_format.upper()}" if file_format else ""),
        detail={
            "what": what,
            "rows": rows,
            "format": file_format,
            "path": request.path,
            "filter_parameters": sorted(set(request.GET.keys())),
        },
        contact_ids=contact_ids,
        values={"filter": query},
    )


@transaction.atomic
def audit_forget_contact(*, contact_id: int, values=()) -> int:
    """Remove a contact's values from the trail: every ``AuditValue`` of an entry about
    them, and any holding one of ``values`` (their name, email, phone, postcode as they
    were before erasure). The entries stay: they hold only ids. Returns how many went."""
    about = Q(entry__contact_ids__contains=[int(contact_id)])
    for value in {str(v).strip() for v in values if v and str(v).strip()}:
        about |= Q(value__icontains=value)
    deleted, _ = AuditValue.objects.filter(about).delete()
    return deleted


def _retention_floor() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=MIN_RETENTION_DAYS)


def audit_purge_floor() -> datetime.datetime:
    """The latest ``before`` a purge accepts: the database keeps younger entries."""
    return _retention_floor()


@transaction.atomic
def audit_purge(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Delete the entries (and their values) recorded before ``before``; how many.

    Safe to run twice (the second run finds nothing). The database refuses to delete
    anything younger than ``MIN_RETENTION_DAYS``, so asking for that is an error here.
    Leaves one entry recording the purge itself (no personal data: a count and a date).
    """
    if before > _retention_floor():
        raise ValueError(
            f"Audit entries are kept at least {MIN_RETENTION_DAYS} days; "
            f"{before:%d %b %Y} is too recent."
        )
    old = AuditEntry.objects.filter(occurred_at__lt=before)
    count = old.count()
    if dry_run or count == 0:
        return count
    AuditValue.objects.filter(entry__in=old).delete()
    old.delete()
    audit_record(
        action=Action.RETENTION_PURGE,
        summary=f"Deleted {count} audit entries recorded before {before:%d %b %Y}",
        detail={"deleted": count, "before": before.isoformat()},
    )
    return count
