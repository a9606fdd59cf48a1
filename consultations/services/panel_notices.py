"""Ward panel notices: "you said, we did" summaries after a meeting, and reminders.

Summaries are outbox rows (MeetingSummary, created QUEUED by the meeting log). A sweep
dispatches them and ``summary_send`` sends one, once: it claims the row with
``SELECT ... FOR UPDATE SKIP LOCKED``, asks the contact rules again (consent can be
withdrawn after queueing), sends and marks it, with the attempts capped on the row.

Reminders are sent once per condition: the ReminderSent row naming the condition (the
thing's identity and its date) is inserted in the same transaction as the email is sent,
so a second run, or a second worker, finds it and sends nothing; a new condition (a new
review date, a new last meeting) has a new name and reminds again.
"""

import enum
import logging
from dataclasses import dataclass
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from consultations.choices import GroupKind
from consultations.models import (
    MAX_SEND_ATTEMPTS,
    ConsultativeGroup,
    Event,
    GroupMembership,
    MeetingSummary,
    PanelAction,
    PriorityUpdate,
    ReminderSent,
    WardPriority,
)
from consultations.services.once import send_once
from core.links import absolute_url
from core.roles import Role
from stakeholders.choices import Channel
from stakeholders.contact_rules import Reason, exclusion_reason

logger = logging.getLogger(__name__)

MEETING_REMINDER_DAYS = 3  # members who asked are reminded this many days before a meeting
# A queued summary untouched this long has lost its task: dispatch it again.
LOST_AFTER = timedelta(minutes=5)
# A row saved once (never dispatched) has created and modified this close together.
SAVED_ONCE = timedelta(seconds=1)


class SendOutcome(enum.Enum):
    SKIPPED = "skipped"  # gone, already past QUEUED, or another worker holds it
    SENT = "sent"
    REFUSED = "refused"  # the contact rules say no: FAILED, nothing sent
    RETRY = "retry"  # the mail server failed; still QUEUED, the sweep tries again
    FAILED = "failed"  # the mail server failed for the last allowed time


def _refusal(contact) -> str | None:
    """Why ``contact`` must not be emailed a panel notice, or None. The fatigue cap counts
    invitations only: a summary or reminder of a panel they belong to is not one."""
    reason = exclusion_reason(contact, Channel.EMAIL)
    return None if reason == Reason.OVER_FATIGUE_CAP else reason


# Summaries ----------------------------------------------------------------------------


def summaries_to_dispatch() -> QuerySet:
    """Ids of queued summaries to hand to a task: the newly queued (saved once, never
    dispatched) and those whose task seems lost (untouched for ``LOST_AFTER``)."""
    return (
        MeetingSummary.objects.filter(
            status=MeetingSummary.Status.QUEUED, attempts__lt=MAX_SEND_ATTEMPTS
        )
        .filter(
            Q(modified__lt=timezone.now() - LOST_AFTER)
            | Q(attempts=0, modified__lt=F("created") + SAVED_ONCE)
        )
        .order_by("modified")
        .values_list("pk", flat=True)
    )


def summaries_mark_dispatched(summary_ids) -> None:
    """Touch the rows handed to tasks, so the sweep leaves them alone for ``LOST_AFTER``."""
    MeetingSummary.objects.filter(pk__in=list(summary_ids)).update(
        # never within SAVED_ONCE of created, or the row would still look never dispatched
        modified=Greatest(Value(timezone.now()), F("created") + SAVED_ONCE)
    )


def next_meeting(meeting: Event) -> Event | None:
    return (
        Event.objects.filter(
            group_id=meeting.group_id, cancelled=False, starts_at__gt=meeting.starts_at
        )
        .order_by("starts_at")
        .first()
    )


@dataclass(frozen=True)
class MeetingReport:
    """What a meeting's summary says: "you said" and "we did"."""

    priorities: list  # set or continued at the meeting (open after it)
    updates: list  # what the police reported at it, with outcomes
    actions: list  # agreed, with owners
    next_meeting: Event | None


def meeting_report(meeting: Event) -> MeetingReport:
    """The "you said, we did" of ``meeting``: the priorities set at it, or reported on at
    it and still open (continued); the police's reports with their outcomes; the actions
    agreed with their owners; and the next meeting."""
    priorities = list(
        WardPriority.objects.filter(group_id=meeting.group_id)
        .filter(Q(set_at=meeting) | Q(updates__meeting=meeting, closed_on__isnull=True))
        .select_related("theme")
        .distinct()
        .order_by("set_on", "pk")
    )
    updates = list(
        PriorityUpdate.objects.filter(meeting=meeting)
        .select_related("priority__theme")
        .order_by("priority__set_on", "priority_id", "pk")
    )
    actions = list(PanelAction.objects.filter(meeting=meeting).order_by("pk"))
    return MeetingReport(priorities, updates, actions, next_meeting(meeting))


def _summary_message(summary: MeetingSummary) -> EmailMessage:
    meeting = summary.meeting
    report = meeting_report(meeting)
    starts_at = timezone.localtime(meeting.starts_at)
    context = {
        "contact": summary.contact,
        "meeting": meeting,
        "group": meeting.group,
        "starts_at": starts_at,
        "report": report,
        "next_starts_at": (
            timezone.localtime(report.next_meeting.starts_at) if report.next_meeting else None
        ),
    }
    return EmailMessage(
        subject=f"You said, we did: {meeting.group.name}, {starts_at:%-d %b %Y}",
        body=render_to_string("consultations/email/meeting_summary.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[summary.contact.email],
    )


def summary_send(*, summary_id: int) -> SendOutcome:
    """Send one queued summary by email, once. Safe to call again for the same id."""
    with transaction.atomic():
        claimed = (
            MeetingSummary.objects.filter(
                pk=summary_id,
                status=MeetingSummary.Status.QUEUED,
                attempts__lt=MAX_SEND_ATTEMPTS,
            )
            .select_for_update(skip_locked=True)
            .exists()
        )
        if not claimed:
            return SendOutcome.SKIPPED
        summary = MeetingSummary.objects.select_related("contact", "meeting__group").get(
            pk=summary_id
        )
        refusal = _refusal(summary.contact)
        if refusal:
            summary.status = MeetingSummary.Status.FAILED
            summary.last_error = f"Not sent: {refusal}"
            summary.save(update_fields=["status", "last_error", "modified"])
            return SendOutcome.REFUSED
        summary.attempts += 1
        try:
            _summary_message(summary).send()
        except (SMTPException, OSError) as error:
            summary.last_error = f"{type(error).__name__}: {error}"[:300]
            outcome = SendOutcome.RETRY
            if summary.attempts >= MAX_SEND_ATTEMPTS:
                summary.status = MeetingSummary.Status.FAILED
                outcome = SendOutcome.FAILED
            summary.save(update_fields=["attempts", "last_error", "status", "modified"])
            logger.warning("Summary %s not sent (attempt %s)", summary.pk, summary.attempts)
            return outcome
        summary.status = MeetingSummary.Status.SENT
        summary.sent_at = timezone.now()
        summary.last_error = ""
        summary.save(update_fields=["attempts", "status", "sent_at", "last_error", "modified"])
        return SendOutcome.SENT


# Reminders ----------------------------------------------------------------------------


def _ward_panels() -> QuerySet:
    return ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL, active=True)


def sergeants_of(ward_id: int) -> list:
    """The active neighbourhood sergeants looking after the ward."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, groups__name=Role.NEIGHBOURHOOD_SERGEANT.value, wards=ward_id
        )
        .distinct()
        .order_by("pk")
    )


def _to_sergeants(ward_id: int, subject: str, template: str, context: dict):
    sergeants = sergeants_of(ward_id)
    if not sergeants:
        return None
    return EmailMessage(
        subject=subject,
        body=render_to_string(f"consultations/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email for user in sergeants],
    )


def meeting_reminders_due() -> QuerySet:
    """Ward panel meetings (not cancelled) starting within ``MEETING_REMINDER_DAYS`` days:
    their current members who asked to be reminded are reminded."""
    now = timezone.now()
    meetings = Event.objects.filter(
        group__kind=GroupKind.WARD_PANEL,
        group__active=True,
        cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=MEETING_REMINDER_DAYS),
    )
    return meetings.select_related("group")


def send_meeting_reminders() -> int:
    sent = 0
    for meeting in meeting_reminders_due():
        memberships = GroupMembership.objects.filter(
            group_id=meeting.group_id, left_on__isnull=True, wants_reminders=True
        ).select_related("contact")
        starts_at = timezone.localtime(meeting.starts_at)
        for membership in memberships:
            contact = membership.contact
            condition = f"meeting:{meeting.pk}:{starts_at:%Y-%m-%d}:contact:{contact.pk}"
            if ReminderSent.objects.filter(condition=condition).exists():
                continue
            if _refusal(contact):
                continue  # not recorded: should they consent again, they are reminded
            message = EmailMessage(
                subject=f"Reminder: {meeting.group.name} meets on {starts_at:%-d %b %Y}",
                body=render_to_string(
                    "consultations/email/meeting_reminder.txt",
                    {"contact": contact, "meeting": meeting, "starts_at": starts_at},
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[contact.email],
            )
            sent += send_once(condition, message)
    return sent


def _priority_url(priority: WardPriority) -> str:
    try:
        return absolute_url(priority.get_absolute_url())
    except NoReverseMatch:  # the priority pages are not there: the panel's page is
        return absolute_url(reverse("consultations:group-detail", kwargs={"pk": priority.group_id}))


def send_priority_review_reminders() -> int:
    sent = 0
    priorities = (
        WardPriority.objects.open()
        .filter(group__kind=GroupKind.WARD_PANEL, review_by__lt=timezone.localdate())
        .select_related("group__ward", "theme")
        .order_by("review_by", "pk")
    )
    for priority in priorities:
        condition = f"priority-review:{priority.pk}:{priority.review_by.isoformat()}"
        if ReminderSent.objects.filter(condition=condition).exists():
            continue
        message = _to_sergeants(
            priority.group.ward_id,
            f"Priority past its review date: {priority.group.name}",
            "priority_review_reminder",
            {
                "priority": priority,
                "group": priority.group,
                "url": _priority_url(priority),
            },
        )
        if message is not None:
            sent += send_once(condition, message)
    return sent


def panels_overdue() -> QuerySet:
    """Active ward panels that have not met within ``WARD_PANEL_OVERDUE_DAYS`` days (or,
    never having met, were set up longer ago than that), annotated with
    ``last_meeting``."""
    now = timezone.now()
    since = now - timedelta(days=settings.WARD_PANEL_OVERDUE_DAYS)
    return (
        _ward_panels()
        .annotate(
            last_meeting=Max(
                "events__starts_at",
                filter=Q(events__cancelled=False, events__starts_at__lte=now),
            )
        )
        .alias(reference=Coalesce("last_meeting", "created"))
        .filter(reference__lt=since)
        .select_related("ward")
        .order_by("pk")
    )


def send_panel_overdue_reminders() -> int:
    sent = 0
    for panel in panels_overdue():
        last = timezone.localtime(panel.last_meeting) if panel.last_meeting else None
        condition = f"panel-overdue:{panel.pk}:{f'{last:%Y-%m-%d}' if last else 'never'}"
        if ReminderSent.objects.filter(condition=condition).exists():
            continue
        message = _to_sergeants(
            panel.ward_id,
            f"Ward panel not met for over {settings.WARD_PANEL_OVERDUE_DAYS} days: {panel.name}",
            "panel_overdue_reminder",
            {
                "group": panel,
                "last_meeting": last,
                "days": settings.WARD_PANEL_OVERDUE_DAYS,
                "url": absolute_url(reverse("consultations:group-detail", kwargs={"pk": panel.pk})),
            },
        )
        if message is not None:
            sent += send_once(condition, message)
    return sent


def panel_reminders_send() -> int:
    """Every panel reminder due now, each condition once. Returns how many were sent."""
    return (
        send_meeting_reminders() + send_priority_review_reminders() + send_panel_overdue_reminders()
    )
