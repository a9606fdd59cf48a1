"""Background work for ward panels: "you said, we did" summaries and reminders.

Thin, as DESIGN.md asks: each task takes ids only; consultations.services.panel_notices
claims the rows and records what was sent, so a task run twice sends nothing twice.
Registered with the worker by the import at the end of consultations/tasks.py.
"""

import logging

from celery import shared_task

from consultations.services import panel_notices

logger = logging.getLogger(__name__)

__all__ = ["meeting_summary_sweep", "send_meeting_summary", "send_panel_reminders"]


@shared_task(name="consultations.send_meeting_summary", soft_time_limit=60, time_limit=90)
def send_meeting_summary(summary_id: int) -> str:
    """Send one queued meeting summary. Returns what happened (see SendOutcome). A mail
    server failure leaves it queued: the sweep dispatches it again later."""
    return panel_notices.summary_send(summary_id=summary_id).value


@shared_task(name="consultations.meeting_summary_sweep")
def meeting_summary_sweep() -> int:
    """Dispatch the newly queued summaries, and again those whose task was lost.
    Returns how many."""
    due = list(panel_notices.summaries_to_dispatch()[:5000])
    panel_notices.summaries_mark_dispatched(due)
    for summary_id in due:
        send_meeting_summary.delay(summary_id)
    if due:
        logger.info("Dispatched %s meeting summaries", len(due))
    return len(due)


@shared_task(name="consultations.send_panel_reminders", soft_time_limit=50 * 60, time_limit=55 * 60)
def send_panel_reminders() -> int:
    """Remind members before meetings and sergeants of priorities past review and panels
    overdue a meeting, each condition once. Returns how many reminders were sent."""
    return panel_notices.panel_reminders_send()
