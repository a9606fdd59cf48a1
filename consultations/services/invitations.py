"""Invitations: the outbox rows for inviting people to an event, and sending them.

An invitation is created QUEUED in the transaction that decides to invite (with the
outreach record the fatigue cap counts), and a task sends it after the commit
(DESIGN.md, Celery). Sending claims the row with ``SELECT ... FOR UPDATE SKIP LOCKED``,
so two workers never send the same invitation, and is idempotent: a row already past
QUEUED is left alone. The attempt count lives on the row, so the cap holds across
workers, retries and restarts.
"""

import enum
import logging
from dataclasses import dataclass
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from consultations.choices import InvitationStatus
from consultations.models import MAX_SEND_ATTEMPTS, Event, Invitation
from consultations.signing import invitation_token
from core.links import absolute_url
from stakeholders.choices import Channel
from stakeholders.contact_rules import Reason, exclusion_reason
from stakeholders.models import Audience
from stakeholders.selectors.audiences import audience_recipients
from stakeholders.services.outreach import outreach_record

logger = logging.getLogger(__name__)

# The states in which the person was (or is about to be) sent the invitation and may answer.
ANSWERABLE = (
    InvitationStatus.QUEUED,
    InvitationStatus.SENT,
    InvitationStatus.ACCEPTED,
    InvitationStatus.DECLINED,
)
EVENT_CANCELLED = "the event was cancelled"
EVENT_STARTED = "the event had already started"


def _check_event_open_for_invitations(event: Event) -> None:
    if event.cancelled:
        raise ValidationError("This event is cancelled: nobody can be invited to it.")
    if event.starts_at <= timezone.now():
        raise ValidationError("This event has already started: nobody can be invited to it.")


def _check_audience(audience: Audience) -> None:
    if audience.channel != Channel.EMAIL:
        raise ValidationError(
            {"audience": "Invitations are sent by email: choose an email audience."}
        )


# Inviting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationPreview:
    """What inviting ``audience`` to an event would do, before anyone is invited."""

    audience_size: int  # people the audience reaches now (consent, fatigue, each once)
    already_invited: int  # of those, invited to this event before
    new: int  # would be invited now


def _split_recipients(*, event: Event, audience: Audience, acting_user) -> tuple[list, set]:
    recipients = audience_recipients(audience, user=acting_user)
    invited = set(
        Invitation.objects.filter(event=event, contact_id__in=recipients).values_list(
            "contact_id", flat=True
        )
    )
    return recipients, invited


def invitation_preview(*, event: Event, audience: Audience, acting_user) -> InvitationPreview:
    recipients, invited = _split_recipients(event=event, audience=audience, acting_user=acting_user)
    return InvitationPreview(
        audience_size=len(recipients),
        already_invited=len(invited),
        new=len(recipients) - len(invited),
    )


def _outreach_description(event: Event) -> str:
    when = timezone.localtime(event.starts_at).strftime("%-d %b %Y")
    return f"Invitation to {event.title} ({when})"[:300]


@transaction.atomic
def invitations_create(*, event: Event, audience: Audience, acting_user) -> list[Invitation]:
    """Invite everyone ``audience`` reaches now to ``event``, except those invited to it
    already: one invitation per person, however often the audience is rebuilt or invited
    again. Records an outreach entry per new invitation (the fatigue cap counts them) and
    queues each for sending once the transaction commits. Returns the new invitations."""
    from consultations import tasks

    # One inviter per event at a time, so two concurrent runs cannot both count a person new.
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_event_open_for_invitations(event)
    _check_audience(audience)
    recipients, invited = _split_recipients(event=event, audience=audience, acting_user=acting_user)
    new_ids = [pk for pk in recipients if pk not in invited]
    Invitation.objects.bulk_create(
        [Invitation(event=event, contact_id=pk, channel=audience.channel) for pk in new_ids],
        ignore_conflicts=True,  # the unique (event, contact) constraint is the last word
        batch_size=1000,
    )
    created = list(
        Invitation.objects.filter(event=event, contact_id__in=new_ids).select_related("contact")
    )
    description = _outreach_description(event)
    for invitation in created:
        outreach_record(
            contact=invitation.contact, channel=invitation.channel, description=description
        )
    for invitation in created:
        tasks.send_invitation.delay_on_commit(invitation.pk)
    audit_record(
        action=Action.BULK_CHANGE,
        actor=acting_user,
        target=event,
        summary=f"Invited {len(created)} contacts to event {event.pk}",
        detail={"fields": ["invitation"], "rows": len(created), "audience": audience.pk},
        contact_ids=[invitation.contact_id for invitation in created],
    )
    return created


# Sending -------------------------------------------------------------------------------


class SendOutcome(enum.Enum):
    SKIPPED = "skipped"  # gone, already past QUEUED, or another worker holds it
    SENT = "sent"
    REFUSED = "refused"  # the contact rules or the event say no: FAILED, nothing sent
    RETRY = "retry"  # the mail server failed; still QUEUED, try again later
    FAILED = "failed"  # the mail server failed for the last allowed time


def _email_context(invitation: Invitation) -> dict:
    event = invitation.event
    token = invitation_token(invitation)
    rsvp = absolute_url(reverse("consultations:rsvp", kwargs={"token": token}))
    materials = [
        (
            material.title,
            absolute_url(
                reverse(
                    "consultations:material-by-invitation",
                    kwargs={"token": token, "pk": material.pk},
                )
            ),
        )
        for material in event.materials.all()
    ]
    return {
        "invitation": invitation,
        "contact": invitation.contact,
        "event": event,
        "consultation": event.consultation,
        "group": event.group,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "accept_url": f"{rsvp}?answer=accept",
        "decline_url": f"{rsvp}?answer=decline",
        "rsvp_url": rsvp,
        "materials": materials,
    }


def _message(invitation: Invitation, *, reminder: bool) -> EmailMessage:
    context = _email_context(invitation)
    template = "reminder" if reminder else "invitation"
    body = render_to_string(f"consultations/email/{template}.txt", context)
    when = context["starts_at"].strftime("%-d %b %Y")
    prefix = "Reminder" if reminder else "Invitation"
    return EmailMessage(
        subject=f"{prefix}: {invitation.event.title}, {when}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.contact.email],
    )


def _refusal(invitation: Invitation) -> str | None:
    """Why this invitation must not be sent now, or None. The contact rules are asked
    again (consent can be withdrawn after queueing), except the fatigue cap: it was
    applied when the person was invited, and already counts this very invitation."""
    event = invitation.event
    if event.cancelled:
        return EVENT_CANCELLED
    if event.starts_at <= timezone.now():
        return EVENT_STARTED
    reason = exclusion_reason(invitation.contact, invitation.channel)
    return None if reason == Reason.OVER_FATIGUE_CAP else reason


def _claim(queryset: QuerySet, pk: int) -> Invitation | None:
    """Lock the row if it is still to be worked on and no other worker holds it."""
    invitation = queryset.select_for_update(skip_locked=True).filter(pk=pk).first()
    if invitation is not None:  # related rows read after the lock, not joined into it
        invitation = Invitation.objects.select_related(
            "contact", "event__consultation", "event__group"
        ).get(pk=pk)
    return invitation


def invitation_send(*, invitation_id: int) -> SendOutcome:
    """Send one queued invitation by email, once. Safe to call again for the same id."""
    with transaction.atomic():
        invitation = _claim(
            Invitation.objects.filter(
                status=InvitationStatus.QUEUED, attempts__lt=MAX_SEND_ATTEMPTS
            ),
            invitation_id,
        )
        if invitation is None:
            return SendOutcome.SKIPPED
        refusal = _refusal(invitation)
        if refusal:
            invitation.status = InvitationStatus.FAILED
            invitation.last_error = f"Not sent: {refusal}"
            invitation.save(update_fields=["status", "last_error", "modified"])
            return SendOutcome.REFUSED
        try:
            _message(invitation, reminder=False).send()
        except (SMTPException, OSError) as error:
            invitation.attempts += 1
            invitation.last_error = f"{type(error).__name__}: {error}"[:300]
            outcome = SendOutcome.RETRY
            if invitation.attempts >= MAX_SEND_ATTEMPTS:
                invitation.status = InvitationStatus.FAILED
                outcome = SendOutcome.FAILED
            invitation.save(update_fields=["attempts", "last_error", "status", "modified"])
            logger.warning(
                "Invitation %s not sent (attempt %s)", invitation.pk, invitation.attempts
            )
            return outcome
        invitation.attempts += 1
        invitation.status = InvitationStatus.SENT
        invitation.sent_at = timezone.now()
        invitation.last_error = ""
        invitation.save(update_fields=["attempts", "status", "sent_at", "last_error", "modified"])
        return SendOutcome.SENT


# A queued invitation untouched this long has lost its task (a killed worker, a restarted
# Redis): longer than a send takes, shorter than anyone waiting would notice.
LOST_AFTER = timedelta(minutes=10)


def invitations_lost() -> QuerySet:
    """Ids of queued invitations whose task seems lost, oldest first."""
    return (
        Invitation.objects.filter(
            status=InvitationStatus.QUEUED,
            attempts__lt=MAX_SEND_ATTEMPTS,
            modified__lt=timezone.now() - LOST_AFTER,
        )
        .order_by("modified")
        .values_list("pk", flat=True)
    )


# Reminders -----------------------------------------------------------------------------

REMINDABLE = (InvitationStatus.SENT, InvitationStatus.ACCEPTED)


def reminders_due() -> QuerySet:
    """Invitations whose reminder is due now: sent before the event's reminder window
    opened, not declined, the event not cancelled and starting within
    ``reminder_days_before`` days, and no reminder sent yet."""
    now = timezone.now()
    return (
        Invitation.objects.alias(
            remind_from=ExpressionWrapper(
                F("event__starts_at") - F("event__reminder_days_before") * timedelta(days=1),
                output_field=DateTimeField(),
            )
        )
        .filter(
            status__in=REMINDABLE,
            reminder_sent_at__isnull=True,
            event__cancelled=False,
            event__starts_at__gt=now,
            remind_from__lte=now,
            sent_at__lt=F("remind_from"),
        )
        .order_by("event__starts_at", "pk")
    )


def invitation_remind(*, invitation_id: int) -> SendOutcome:
    """Send one reminder, once: the claim re-checks that it is still due, and the row
    records it in the same transaction. A mail server failure leaves it due for the next
    run; someone the contact rules now exclude is skipped (and never reminded)."""
    with transaction.atomic():
        invitation = _claim(reminders_due(), invitation_id)
        if invitation is None:
            return SendOutcome.SKIPPED
        if _refusal(invitation):
            return SendOutcome.REFUSED
        try:
            _message(invitation, reminder=True).send()
        except (SMTPException, OSError) as error:
            logger.warning("Reminder for invitation %s not sent: %s", invitation.pk, error)
            return SendOutcome.RETRY
        invitation.reminder_sent_at = timezone.now()
        invitation.save(update_fields=["reminder_sent_at", "modified"])
        return SendOutcome.SENT


# Answers -------------------------------------------------------------------------------


@transaction.atomic
def invitation_respond(*, invitation: Invitation, accept: bool) -> Invitation:
    """Record the invited person's answer (they may change their mind until it starts)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("event", "contact")
        .get(pk=invitation.pk)
    )
    if invitation.status not in ANSWERABLE or invitation.contact.is_erased:
        raise ValidationError("This invitation can no longer be answered.")
    if invitation.event.cancelled:
        raise ValidationError("This event has been cancelled.")
    if invitation.event.starts_at <= timezone.now():
        raise ValidationError("This event has already started.")
    invitation.mark_responded(InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED)
    invitation.full_clean()
    invitation.save(update_fields=["status", "responded_at", "modified"])
    return invitation
