"""Attendance: who came (invited people ticked, walk-ins added) and anonymous head counts.

The views find the event through ``Event.objects.editable_by(user)`` and the contacts
through ``Contact.objects.visible_to(user)``; these services check the same again, so a
sergeant cannot record anyone outside their wards by any path.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from consultations.models import Attendance, Event, HeadCount, Invitation
from stakeholders.models import Community, Contact
from stakeholders.services.contacts import contact_create


def _check_event(*, event: Event, acting_user) -> Event:
    if not Event.objects.editable_by(acting_user).filter(pk=event.pk).exists():
        raise ValidationError("You cannot record attendance for this event.")
    if event.cancelled:
        raise ValidationError("This event was cancelled: there is no attendance to record.")
    return event


@transaction.atomic
def attendance_tick(
    *, event: Event, shown_ids: Iterable[int], attended_ids: Iterable[int], acting_user
) -> tuple[int, int]:
    """Of the invited people shown to the user (``shown_ids``), mark those in
    ``attended_ids`` as having come and the others as not. Walk-ins are left alone.
    Returns (added, removed)."""
    _check_event(event=event, acting_user=acting_user)
    shown, attended = set(shown_ids), set(attended_ids)
    if not attended <= shown:
        raise ValidationError("Tick only people on this list.")
    allowed = set(
        Invitation.objects.filter(
            event=event,
            contact_id__in=shown,
            contact__in=Contact.objects.visible_to(acting_user),
        ).values_list("contact_id", flat=True)
    )
    if shown - allowed:
        raise ValidationError("Some of these people were not invited to this event.")
    existing = set(
        Attendance.objects.filter(event=event, contact_id__in=shown).values_list(
            "contact_id", flat=True
        )
    )
    to_add = attended - existing
    Attendance.objects.bulk_create(
        [
            Attendance(event=event, contact_id=pk, walk_in=False, recorded_by=acting_user)
            for pk in sorted(to_add)
        ],
        ignore_conflicts=True,
    )
    removed, _ = Attendance.objects.filter(
        event=event, contact_id__in=shown - attended, walk_in=False
    ).delete()
    audit_record(
        action=Action.BULK_CHANGE,
        actor=acting_user,
        target=event,
        summary=f"Attendance at event {event.pk}: {len(to_add)} ticked, {removed} unticked",
        detail={"fields": ["attendance"], "rows": len(to_add) + removed},
        contact_ids=shown,
    )
    return len(to_add), removed


@transaction.atomic
def attendance_add_walk_in(*, event: Event, contact: Contact, acting_user) -> Attendance:
    """Record that ``contact`` came. Someone invited counts as invited, not as a walk-in."""
    _check_event(event=event, acting_user=acting_user)
    if not Contact.objects.visible_to(acting_user).active().filter(pk=contact.pk).exists():
        raise ValidationError({"contact": "Choose one of the contacts you can see."})
    if Attendance.objects.filter(event=event, contact=contact).exists():
        raise ValidationError({"contact": f"{contact} is already recorded as attending."})
    invited = Invitation.objects.filter(event=event, contact=contact).exists()
    attendance = Attendance(
        event=event, contact=contact, walk_in=not invited, recorded_by=acting_user
    )
    attendance.full_clean()
    attendance.save()
    _audit_attended(attendance, acting_user)
    return attendance


def _audit_attended(attendance: Attendance, acting_user) -> None:
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=acting_user,
        target=attendance.event,
        summary=f"Recorded contact {attendance.contact_id} at event {attendance.event_id}",
        detail={"fields": ["attendance"]},
        contact_ids=[attendance.contact_id],
    )


@transaction.atomic
def attendance_add_new_contact(
    *, event: Event, acting_user, name: str, category: str, **details
) -> Attendance:
    """Add a walk-in nobody knew: a new contact (through the stakeholders' own service),
    then their attendance. ``details``: email, postcode, home_ward (all optional). No
    consent is recorded: they will not be contacted until someone records it."""
    _check_event(event=event, acting_user=acting_user)
    source = f"Walk-in at {event.title}"[:200]
    fields = {key: value for key, value in details.items() if value not in (None, "")}
    contact = contact_create(
        acting_user=acting_user, name=name, category=category, source=source, **fields
    )
    attendance = Attendance(event=event, contact=contact, walk_in=True, recorded_by=acting_user)
    attendance.full_clean()
    attendance.save()
    _audit_attended(attendance, acting_user)
    return attendance


@transaction.atomic
def head_counts_record(
    *, event: Event, total: int | None, by_community: dict[Community, int | None], acting_user
) -> None:
    """Set the anonymous head counts: the total and, optionally, counts by community.
    A blank count removes it. A community's count cannot exceed the total."""
    _check_event(event=event, acting_user=acting_user)
    errors = {}
    given = {community: count for community, count in by_community.items() if count is not None}
    if given and total is None:
        errors["total"] = "Give the total as well as the counts by community."
    for community, count in given.items():
        if total is not None and count > total:
            errors[f"community_{community.pk}"] = (
                f"More people from {community} ({count}) than came in all ({total})."
            )
    if errors:
        raise ValidationError(errors)
    _set_count(event=event, community=None, count=total)
    for community, count in by_community.items():
        _set_count(event=event, community=community, count=count)


def _set_count(*, event: Event, community: Community | None, count: int | None) -> None:
    if count is None:
        HeadCount.objects.filter(event=event, community=community).delete()
        return
    head_count = HeadCount.objects.filter(event=event, community=community).first()
    if head_count is None:
        head_count = HeadCount(event=event, community=community, count=count)
    head_count.count = count
    head_count.full_clean(validate_constraints=False)  # the upsert above keeps it unique
    head_count.save()
