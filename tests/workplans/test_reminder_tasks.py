"""The beat entries run the work plan reminders through a real worker on Redis, and the
mail arrives at a real SMTP server."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.factories import UserFactory
from consultations.models import ReminderSent
from core.roles import Role
from engage.celery import app as celery_app
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory


def wait_for(inbox, count, seconds=20):
    """A real worker takes its own time: wait, up to a limit, for the mail to arrive."""
    deadline = time.monotonic() + seconds
    while len(inbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return inbox


@pytest.mark.redis
def test_the_beat_tasks_remind_the_lead_and_send_the_digest(celery_worker, smtp_inbox):
    lead = UserFactory(roles=[Role.UNIT_STAFF], email="lena@example.org")
    owner = UserFactory(roles=[Role.UNIT_STAFF], email="olu@example.org")
    plan = WorkPlanFactory(title="Consultation Strategy", owner=owner)
    item = PlanItemFactory(
        objective=ObjectiveFactory(plan=plan),
        description="Agree the constitution",
        lead=lead,
        due_on=timezone.localdate() + timedelta(days=3),
    )

    # what beat does: send each entry's task by name
    for entry in ("workplans-item-reminders", "workplans-plan-digests"):
        celery_app.send_task(settings.CELERY_BEAT_SCHEDULE[entry]["task"])

    messages = {message["To"]: message for message in wait_for(smtp_inbox, 2)}
    assert set(messages) == {"lena@example.org", "olu@example.org"}
    assert messages["lena@example.org"]["Subject"] == "Work plan reminder: 1 due soon"
    assert "Agree the constitution" in messages["lena@example.org"].get_content()
    assert messages["olu@example.org"]["Subject"] == "Work plan this week: Consultation Strategy"
    assert ReminderSent.objects.filter(
        condition=f"workplan-item-due:{item.pk}:{item.due_on.isoformat()}"
    ).exists()
