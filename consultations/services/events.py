"""Writes to events: the sessions of a consultation and the meetings of a standing group."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from areas.models import Borough, Ward
from consultations.models import Consultation, ConsultativeGroup, Event
from consultations.selectors.clashes import event_clashes
from consultations.services.clashes import ClashesFound, clash_acknowledge, unacknowledged

# The fields a user sets on an event (its consultation or group is fixed when it is made).
EVENT_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "borough",
    "ward",
    "step_free",
    "hearing_loop",
    "interpreters",
    "access_notes",
    "online_link",
    "capacity",
    "published",
    "cancelled",
    "reminder_days_before",
)


def _check_dates(event: Event) -> None:
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": "The event must end after it starts."})


def _check_clashes(event: Event, *, clash_reason: str, acting_user) -> None:
    """As for consultations: a new clash stops the save until the planner says why."""
    clashes = unacknowledged(event_clashes(event), event=event)
    if not clashes:
        return
    if not (clash_reason or "").strip():
        raise ClashesFound(clashes)
    clash_acknowledge(clashes=clashes, reason=clash_reason, acting_user=acting_user, event=event)


def _check_places(event: Event, saved: dict, acting_user) -> None:
    """A ward or borough chosen (or changed) must be one the user may place events in: a
    sergeant's own. One already saved, set by the unit, may stay."""
    errors = {}
    if event.ward_id not in (None, saved["ward"]) and (
        not Ward.objects.editable_by(acting_user).filter(pk=event.ward_id).exists()
    ):
        errors["ward"] = "Choose one of your own wards."
    if event.borough_id not in (None, saved["borough"]) and (
        not Borough.objects.editable_by(acting_user).filter(pk=event.borough_id).exists()
    ):
        errors["borough"] = "Choose the borough of one of your own wards."
    if errors:
        raise ValidationError(errors)


def _save(event: Event, data: dict, acting_user) -> Event:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {', '.join(sorted(unknown))}")
    saved = {"ward": event.ward_id, "borough": event.borough_id}
    for name, value in data.items():
        setattr(event, name, value)
    _check_places(event, saved, acting_user)
    _check_dates(event)
    if event.ward_id and event.borough_id and event.ward.borough_id != event.borough_id:
        raise ValidationError({"ward": "This ward is not in the borough chosen."})
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_create(
    *,
    acting_user,
    consultation: Consultation | None = None,
    group: ConsultativeGroup | None = None,
    clash_reason: str = "",
    **data,
) -> Event:
    """Add an event to a consultation or to a group (exactly one) the user may change."""
    if (consultation is None) == (group is None):
        raise ValueError("An event belongs to a consultation or to a group.")
    if consultation is not None:
        parent_editable = Consultation.objects.editable_by(acting_user).filter(pk=consultation.pk)
    else:
        parent_editable = ConsultativeGroup.objects.editable_by(acting_user).filter(pk=group.pk)
    if not parent_editable.exists():
        raise PermissionDenied("You may not add events to this.")
    event = _save(Event(consultation=consultation, group=group), data, acting_user)
    _check_clashes(event, clash_reason=clash_reason, acting_user=acting_user)
    return event


@transaction.atomic
def event_update(*, event: Event, acting_user, clash_reason: str = "", **data) -> Event:
    """Change an event the user may change."""
    if not Event.objects.editable_by(acting_user).filter(pk=event.pk).exists():
        raise PermissionDenied("You may not change this event.")
    current = _save(Event.objects.select_for_update().get(pk=event.pk), data, acting_user)
    _check_clashes(current, clash_reason=clash_reason, acting_user=acting_user)
    return current
