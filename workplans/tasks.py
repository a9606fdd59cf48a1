"""Background work for work plans: reminders to leads, the weekly digest to owners, reading
a large import file, and clearing away imports nobody finished.

Thin, as DESIGN.md asks: beat starts them with no arguments; workplans.services.reminders
finds what is due and records each condition in the ReminderSent ledger as it sends, so a
task run twice (or by two workers) sends nothing twice.
"""

import logging

from celery import shared_task

from workplans.models import PlanImport
from workplans.services import reminders
from workplans.services.imports.browser import (
    plan_import_fail,
    plan_import_read,
    plan_imports_purge_abandoned,
)

logger = logging.getLogger(__name__)


@shared_task(name="workplans.send_item_reminders", soft_time_limit=50 * 60, time_limit=55 * 60)
def send_item_reminders() -> int:
    """Tell each lead, in one email, of their items newly due soon, overdue or without a
    recent update, each condition once. Returns how many emails were sent."""
    return reminders.lead_reminders_send()


@shared_task(name="workplans.send_plan_digests", soft_time_limit=50 * 60, time_limit=55 * 60)
def send_plan_digests() -> int:
    """This week's digest to each plan's owner, once a week. Returns how many were sent."""
    return reminders.plan_digests_send()


@shared_task(name="workplans.import_purge_abandoned")
def import_purge_abandoned() -> int:
    """Delete imports left unfinished for a week. Returns how many."""
    return plan_imports_purge_abandoned()


READ_FAILED = (
    "Something went wrong while reading the file. Upload it again; if it happens again, "
    "tell an administrator."
)


@shared_task(
    name="workplans.import_read", acks_late=True, soft_time_limit=10 * 60, time_limit=12 * 60
)
def import_read(plan_import_id: int) -> None:
    """Read a large import file, within the spreadsheet limits, for its columns page."""
    plan_import = PlanImport.objects.filter(
        pk=plan_import_id, status=PlanImport.Status.READING
    ).first()
    if plan_import is None:
        return  # gone, or already read (a redelivered message)
    try:
        plan_import_read(plan_import=plan_import)
    except Exception:
        # Say so on the import rather than leave its page waiting for ever.
        logger.exception("Plan import %s failed while reading its file", plan_import_id)
        plan_import_fail(plan_import=plan_import, reason=READ_FAILED)
