"""Background work for consultations: sending invitations and reminders.

Thin, as DESIGN.md asks: each task takes ids only, and the services claim the rows with
``SELECT ... FOR UPDATE SKIP LOCKED`` and skip anything already done, so a message
delivered twice, or re-sent by the sweep, never sends an email twice.
"""

import logging

from celery import shared_task

from consultations.models import MAX_SEND_ATTEMPTS
from consultations.services import invitations
from consultations.services.invitations import SendOutcome

logger = logging.getLogger(__name__)


class SendDeferred(Exception):
    """The mail server failed; the invitation is still queued and will be tried again."""


@shared_task(
    name="consultations.send_invitation",
    autoretry_for=(SendDeferred,),
    retry_backoff=60,  # 1, 2, 4, 8 minutes (with jitter) ...
    retry_backoff_max=15 * 60,  # ... never longer than the broker's visibility timeout
    retry_jitter=True,
    max_retries=MAX_SEND_ATTEMPTS,  # the attempt cap that counts is the row's
    soft_time_limit=60,
    time_limit=90,
)
def send_invitation(invitation_id: int) -> str:
    """Send one queued invitation. Returns what happened (see SendOutcome)."""
    outcome = invitations.invitation_send(invitation_id=invitation_id)
    if outcome is SendOutcome.RETRY:
        raise SendDeferred(f"Invitation {invitation_id}: the mail server failed")
    return outcome.value


@shared_task(name="consultations.invitation_sweep")
def invitation_sweep() -> int:
    """Dispatch again every queued invitation whose task was lost. Returns how many."""
    lost = list(invitations.invitations_lost()[:5000])
    for invitation_id in lost:
        send_invitation.delay(invitation_id)
    if lost:
        logger.warning("Re-dispatched %s queued invitations", len(lost))
    return len(lost)


@shared_task(name="consultations.send_reminders", soft_time_limit=50 * 60, time_limit=55 * 60)
def send_reminders() -> int:
    """Remind, once, everyone invited (and not declined) to an event coming up within its
    reminder period. Returns how many reminders were sent."""
    sent = 0
    for invitation_id in list(invitations.reminders_due().values_list("pk", flat=True)):
        if invitations.invitation_remind(invitation_id=invitation_id) is SendOutcome.SENT:
            sent += 1
    return sent


from consultations.panel_tasks import *  # noqa: E402, F403 (registered with the worker)
