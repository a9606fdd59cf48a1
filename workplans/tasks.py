"""Background work for work plans: reminders to leads, the weekly digest to owners, and
clearing away imports nobody finished.

Thin, as DESIGN.md asks: beat starts them with no arguments; workplans.services.reminders
finds what is due and records each condition in the ReminderSent ledger as it sends, so a
task run twice (or by two workers) sends nothing twice.
"""

from celery import shared_task

from workplans.services import reminders
from workplans.services.imports.browser import plan_imports_purge_abandoned


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
