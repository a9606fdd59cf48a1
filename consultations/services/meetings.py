"""Logging a ward panel meeting in one go, and correcting it afterwards.

``meeting_log`` writes everything a meeting produced in ONE transaction: the meeting
(an Event of the panel), who came, the public head count, the police report on each open
priority, closures, new priorities, actions agreed, the next meeting, and the queued
"you said, we did" summaries. Any error and nothing is written.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consultations.models import (
    Attendance,
    ConsultativeGroup,
    Event,
    GroupMembership,
    HeadCount,
    MeetingSummary,
    PanelAction,
    WardPriority,
)
from consultations.services.priorities import (
    OUTCOME_NEEDED,
    check_open_limit,
    priority_close,
    priority_create,
    priority_report,
)
from stakeholders.models import Contact


@dataclass
class Report:
    """The police report on one open priority; ``close`` needs an ``outcome``."""

    priority: WardPriority
    police_action: str = ""
    outcome: str = ""
    close: bool = False


@dataclass
class NewPriority:
    theme: object
    description: str
    review_by: date


@dataclass
class Action:
    description: str
    owner: str
    due_on: date | None = None


def moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def current_members(panel: ConsultativeGroup):
    return Contact.objects.filter(
        group_memberships__group=panel, group_memberships__left_on__isnull=True
    ).distinct()


def _set_public_count(event: Event, count: int | None) -> None:
    if count is None:
        HeadCount.objects.filter(event=event, community__isnull=True).delete()
        return
    try:
        HeadCount(event=event, count=count).clean_fields(exclude=["event", "community"])
    except ValidationError as error:
        raise ValidationError({"public_count": error.message_dict["count"]}) from error
    HeadCount.objects.update_or_create(event=event, community=None, defaults={"count": count})


def _create_actions(event: Event, actions: list[Action]) -> None:
    for item in actions:
        action = PanelAction(
            meeting=event, description=item.description, owner=item.owner, due_on=item.due_on
        )
        action.full_clean()
        action.save()


@transaction.atomic
def meeting_log(
    *,
    panel: ConsultativeGroup,
    day: date,
    starts: time,
    ends: time,
    venue_name: str = "",
    present: list[Contact] = (),
    public_count: int | None = None,
    reports: list[Report] = (),
    new_priorities: list[NewPriority] = (),
    actions: list[Action] = (),
    next_meeting_on: date | None = None,
    acting_user,
) -> Event:
    if not ConsultativeGroup.objects.editable_by(acting_user).filter(pk=panel.pk).exists():
        raise ValidationError("You cannot log meetings of this panel.")
    errors = {}
    if ends <= starts:
        errors["ends"] = "The meeting ends after it starts."
    if next_meeting_on and next_meeting_on <= day:
        errors["next_meeting_on"] = "The next meeting comes after this one."
    allowed = set(
        current_members(panel)
        .filter(pk__in=Contact.objects.visible_to(acting_user).values("pk"))
        .values_list("pk", flat=True)
    )
    if {contact.pk for contact in present} - allowed:
        errors["present"] = "Tick only current members of this panel."
    open_ids = set(WardPriority.objects.open().filter(group=panel).values_list("pk", flat=True))
    for report in reports:
        if report.priority.pk not in open_ids:
            errors["reports"] = "Report only on this panel's open priorities."
        elif report.close and not report.outcome:
            errors[f"outcome_{report.priority.pk}"] = OUTCOME_NEEDED
    closing = sum(1 for report in reports if report.close)
    try:
        check_open_limit(panel=panel, adding=len(new_priorities), closing=closing)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    event = Event(
        group=panel,
        title=f"{panel.name} meeting",
        starts_at=moment(day, starts),
        ends_at=moment(day, ends),
        venue_name=venue_name,
        ward=panel.ward,
        borough=panel.borough,
    )
    event.full_clean()
    event.save()
    Attendance.objects.bulk_create(
        [Attendance(event=event, contact=contact, recorded_by=acting_user) for contact in present]
    )
    _set_public_count(event, public_count)
    for report in reports:
        if report.police_action:
            priority_report(
                priority=report.priority,
                police_action=report.police_action,
                outcome=report.outcome,
                reported_on=day,
                meeting=event,
                acting_user=acting_user,
            )
        if report.close:
            priority_close(
                priority=report.priority,
                outcome=report.outcome,
                closed_on=day,
                meeting=event,
                acting_user=acting_user,
            )
    for item in new_priorities:
        priority_create(
            panel=panel,
            theme=item.theme,
            description=item.description,
            review_by=item.review_by,
            set_on=day,
            set_at=event,
            acting_user=acting_user,
        )
    _create_actions(event, actions)
    if next_meeting_on:
        following = Event(
            group=panel,
            title=f"{panel.name} meeting",
            starts_at=moment(next_meeting_on, starts),
            ends_at=moment(next_meeting_on, ends),
            venue_name=venue_name,
            ward=panel.ward,
            borough=panel.borough,
        )
        following.full_clean()
        following.save()
    _queue_summaries(event, panel)
    return event


def _queue_summaries(event: Event, panel: ConsultativeGroup) -> None:
    """A "you said, we did" summary for each current member and each person who came."""
    members = GroupMembership.objects.filter(group=panel, left_on__isnull=True).values_list(
        "contact_id", flat=True
    )
    came = Attendance.objects.filter(event=event).values_list("contact_id", flat=True)
    MeetingSummary.objects.bulk_create(
        [MeetingSummary(meeting=event, contact_id=pk) for pk in sorted(set(members) | set(came))],
        ignore_conflicts=True,
    )


@transaction.atomic
def meeting_update(
    *,
    meeting: Event,
    day: date,
    starts: time,
    ends: time,
    venue_name: str = "",
    public_count: int | None = None,
    kept_actions: dict[int, Action] | None = None,
    new_actions: list[Action] = (),
    acting_user,
) -> Event:
    """Correct a logged meeting: when and where, the public count, and its actions
    (``kept_actions`` by id: the others are removed; ``new_actions`` added)."""
    if meeting.group_id is None or not (
        Event.objects.editable_by(acting_user).filter(pk=meeting.pk).exists()
    ):
        raise ValidationError("You cannot change this meeting.")
    if ends <= starts:
        raise ValidationError({"ends": "The meeting ends after it starts."})
    meeting.starts_at = moment(day, starts)
    meeting.ends_at = moment(day, ends)
    meeting.venue_name = venue_name
    meeting.full_clean()
    meeting.save()
    _set_public_count(meeting, public_count)
    if kept_actions is not None:
        meeting.panel_actions.exclude(pk__in=kept_actions.keys()).delete()
        for action in meeting.panel_actions.filter(pk__in=kept_actions.keys()):
            item = kept_actions[action.pk]
            action.description, action.owner, action.due_on = (
                item.description,
                item.owner,
                item.due_on,
            )
            action.full_clean()
            action.save()
    _create_actions(meeting, new_actions)
    return meeting
