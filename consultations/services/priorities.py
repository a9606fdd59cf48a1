"""Ward priorities: set (within the ward's limit), reported on, closed with an outcome.

Every function checks the acting user's scope again (``editable_by``), so no path lets a
sergeant change another ward's priorities.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consultations.models import ConsultativeGroup, Event, PriorityUpdate, WardPriority

OUTCOME_NEEDED = "Closing a priority needs its outcome."


def limit_message() -> str:
    limit = settings.WARD_PANEL_MAX_OPEN_PRIORITIES
    return f"A ward has at most {limit} open priorities: close one, or raise the limit in settings."


def check_open_limit(*, panel: ConsultativeGroup, adding: int, closing: int = 0) -> None:
    """Refuse when the panel would hold more open priorities than the settings allow."""
    open_now = WardPriority.objects.open().filter(group=panel).count()
    if adding and open_now - closing + adding > settings.WARD_PANEL_MAX_OPEN_PRIORITIES:
        raise ValidationError({"new_priorities": limit_message()})


def _check_priority(priority: WardPriority, acting_user) -> None:
    if not WardPriority.objects.editable_by(acting_user).filter(pk=priority.pk).exists():
        raise ValidationError("You cannot change this priority.")


@transaction.atomic
def priority_create(
    *,
    panel: ConsultativeGroup,
    theme,
    description: str,
    review_by,
    acting_user,
    set_on=None,
    set_at: Event | None = None,
) -> WardPriority:
    if not ConsultativeGroup.objects.editable_by(acting_user).filter(pk=panel.pk).exists():
        raise ValidationError("You cannot set priorities for this panel.")
    check_open_limit(panel=panel, adding=1)
    priority = WardPriority(
        group=panel,
        theme=theme,
        description=description,
        set_on=set_on or timezone.localdate(),
        set_at=set_at,
        review_by=review_by,
        created_by=acting_user,
    )
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_report(
    *,
    priority: WardPriority,
    police_action: str,
    outcome: str = "",
    reported_on=None,
    meeting: Event | None = None,
    acting_user,
) -> PriorityUpdate:
    """Record what the police did about a priority (and, optionally, how it went)."""
    _check_priority(priority, acting_user)
    if not priority.is_open:
        raise ValidationError("This priority is closed.")
    update = PriorityUpdate(
        priority=priority,
        meeting=meeting,
        reported_on=reported_on or timezone.localdate(),
        police_action=police_action,
        outcome=outcome,
        recorded_by=acting_user,
    )
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def priority_close(
    *,
    priority: WardPriority,
    outcome: str,
    acting_user,
    closed_on=None,
    meeting: Event | None = None,
) -> WardPriority:
    """Close a priority. The outcome is required (the database insists too)."""
    _check_priority(priority, acting_user)
    if not outcome:
        raise ValidationError({"outcome": OUTCOME_NEEDED})
    priority = WardPriority.objects.select_for_update().get(pk=priority.pk)
    if not priority.is_open:
        raise ValidationError("This priority is already closed.")
    priority.outcome = outcome
    priority.closed_on = closed_on or timezone.localdate()
    priority.closed_at = meeting
    priority.full_clean()
    priority.save(update_fields=["outcome", "closed_on", "closed_at", "modified"])
    return priority
