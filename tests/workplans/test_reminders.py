"""Reminders to leads (due soon, overdue, no update for 30 days) and the weekly digest to
plan owners: each condition once, by real email through a real SMTP server."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail import EmailMessage

from accounts.factories import UserFactory
from consultations.models import ReminderSent
from consultations.services.once import send_once
from core.roles import Role
from workplans.choices import ItemStatus, PlanStatus
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import PlanItem
from workplans.services.items import item_update
from workplans.services.progress import progress_record
from workplans.tasks import send_item_reminders, send_plan_digests

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 6, 1)  # a Monday


def on(day: date, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON))


def days(n):
    return TODAY + timedelta(days=n)


@pytest.fixture(autouse=True)
def _on_the_first_day():
    with on(TODAY):
        yield


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def lead(db):
    return UserFactory(roles=[Role.UNIT_STAFF], full_name="Lena Lead", email="lena@example.org")


@pytest.fixture
def objective():
    plan = WorkPlanFactory(title="Consultation Strategy", starts_fy=2026, ends_fy=2028)
    return ObjectiveFactory(plan=plan)


def action(objective, description, **kwargs):
    return PlanItemFactory(objective=objective, description=description, **kwargs)


def made_on(item, day: date):
    """Backdate when ``item`` was made (the staleness of an item never updated)."""
    PlanItem.objects.filter(pk=item.pk).update(
        created=datetime(day.year, day.month, day.day, 12, tzinfo=LONDON)
    )


def text(message) -> str:
    """The body as written (SMTP carries it with CRLF line ends)."""
    return message.get_content().replace("\r\n", "\n")


def conditions():
    return set(ReminderSent.objects.values_list("condition", flat=True))


def test_a_lead_gets_one_email_listing_each_condition_once(lead, objective, smtp_inbox):
    soon = action(objective, "Agree the constitution", lead=lead, due_on=days(10))
    late = action(objective, "Map consultation activity", lead=lead, due_on=days(-1))
    quiet = action(objective, "Support link members", lead=lead, last_progress_on=days(-31))
    action(objective, "Develop e-consultation", lead=lead, due_on=days(30))  # not yet
    action(objective, "Recent news", lead=lead, last_progress_on=days(-29))  # not yet stale

    assert send_item_reminders() == 1
    assert send_item_reminders() == 0  # once per condition: run twice, one mail

    (message,) = smtp_inbox
    assert message["To"] == "lena@example.org"
    assert message["Subject"] == (
        "Work plan reminder: 1 overdue, 1 due soon, 1 without a recent update"
    )
    body = text(message)
    assert body.startswith("Dear Lena,")
    assert "Overdue: the due date has passed: 1" in body
    assert "Map consultation activity" in body and "due 31 May 2026" in body
    assert "Due within 14 days: 1" in body and "Agree the constitution" in body
    assert "No progress update for 30 days: 1" in body and "last update 1 May 2026" in body
    assert "Develop e-consultation" not in body and "Recent news" not in body
    for item in (soon, late, quiet):
        assert f"http://testserver.example/workplans/items/{item.pk}/" in body
    assert "http://testserver.example/workplans/actions/mine/" in body
    assert conditions() == {
        f"workplan-item-due:{soon.pk}:2026-06-11",
        f"workplan-item-overdue:{late.pk}:2026-05-31",
        f"workplan-item-stale:{quiet.pk}:2026-05-01",
    }


def test_each_condition_reminds_once_as_the_days_go_by(lead, objective, smtp_inbox, unit_staff):
    item = action(objective, "Agree the constitution", lead=lead, due_on=days(20))
    made_on(item, TODAY)

    assert send_item_reminders() == 0  # due in 20 days, made today: nothing yet
    with on(days(6)):
        assert send_item_reminders() == 1  # due within 14 days
    with on(days(7)):
        assert send_item_reminders() == 0
    with on(days(21)):
        assert send_item_reminders() == 1  # overdue
    with on(days(25)):
        assert send_item_reminders() == 0
        progress_record(item=item, note="Drafted.", acting_user=unit_staff)
    with on(days(54)):
        assert send_item_reminders() == 0  # 29 days after the update
    with on(days(55)):
        assert send_item_reminders() == 1  # 30 days without an update
    with on(days(56)):
        assert send_item_reminders() == 0

    subjects = [message["Subject"] for message in smtp_inbox]
    assert subjects == [
        "Work plan reminder: 1 due soon",
        "Work plan reminder: 1 overdue",
        "Work plan reminder: 1 without a recent update",
    ]
    # the update on day 25 started the count again: not stale on day 30, stale on day 55
    assert f"workplan-item-stale:{item.pk}:2026-06-26" in conditions()


def test_an_item_never_updated_is_stale_30_days_after_it_was_made(lead, objective, smtp_inbox):
    made_on(action(objective, "Newer", lead=lead), days(-29))
    older = action(objective, "Support link members", lead=lead)
    made_on(older, days(-30))

    assert send_item_reminders() == 1

    body = text(smtp_inbox[0])
    assert "Support link members" in body and "Newer" not in body
    assert "no update since it was added on 2 May 2026" in body
    assert conditions() == {f"workplan-item-stale:{older.pk}:2026-05-02"}


def test_a_new_due_date_reminds_again(lead, objective, smtp_inbox, unit_staff):
    item = action(objective, "Agree the constitution", lead=lead, due_on=days(10))
    assert send_item_reminders() == 1
    item_update(item=item, timing_text="", due_on=days(12), acting_user=unit_staff)
    assert send_item_reminders() == 1
    assert send_item_reminders() == 0
    assert "due 13 Jun 2026" in text(smtp_inbox[1])
    assert len(smtp_inbox) == 2


def test_closed_items_closed_plans_and_inactive_or_missing_leads_are_not_reminded(
    lead, objective, smtp_inbox
):
    gone = UserFactory(roles=[Role.UNIT_STAFF], is_active=False)
    overdue = {"due_on": days(-5)}
    action(objective, "Complete", lead=lead, status=ItemStatus.COMPLETE, **overdue)
    action(objective, "Dropped", lead=lead, status=ItemStatus.DROPPED, **overdue)
    action(objective, "Inactive lead", lead=gone, **overdue)
    action(objective, "No lead", **overdue)
    closed = WorkPlanFactory(status=PlanStatus.CLOSED)
    action(ObjectiveFactory(plan=closed), "In a closed plan", lead=lead, **overdue)

    assert send_item_reminders() == 0
    assert smtp_inbox == [] and conditions() == set()


def test_each_lead_gets_their_own(lead, objective, smtp_inbox):
    other = UserFactory(roles=[Role.ADMINISTRATOR], email="omar@example.org")
    action(objective, "Lena's", lead=lead, due_on=days(3))
    action(objective, "Omar's", lead=other, due_on=days(4))
    action(objective, "Omar's second", lead=other, due_on=days(-4))

    assert send_item_reminders() == 2
    by_lead = {message["To"]: text(message) for message in smtp_inbox}
    assert "Lena's" in by_lead["lena@example.org"] and "Omar's" not in by_lead["lena@example.org"]
    assert "Omar's second" in by_lead["omar@example.org"]


def test_a_mail_failure_records_nothing_and_the_next_run_sends(
    lead, objective, smtp_inbox, settings
):
    action(objective, "Agree the constitution", lead=lead, due_on=days(10))
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there

    assert send_item_reminders() == 0
    assert conditions() == set()

    settings.EMAIL_PORT = working_port
    assert send_item_reminders() == 1
    assert len(smtp_inbox) == 1


def test_send_once_records_every_condition_with_its_one_message(smtp_inbox):
    def message():
        return EmailMessage("Subject", "Body", to=["someone@example.org"])

    assert send_once(["a:1", "b:1"], message()) is True
    assert send_once("a:1", message()) is False
    assert send_once(["b:1", "c:1"], message()) is False  # one already sent: nothing sent
    assert conditions() == {"a:1", "b:1"}
    assert len(smtp_inbox) == 1


# The weekly digest ----------------------------------------------------------------------


@pytest.fixture
def owner(db):
    return UserFactory(roles=[Role.UNIT_STAFF], full_name="Olu Owner", email="olu@example.org")


def test_the_owner_gets_a_weekly_digest_once_a_week(owner, lead, objective, smtp_inbox):
    plan = objective.plan
    plan.owner = owner
    plan.save()
    late = action(
        objective,
        "Map consultation activity",
        lead=lead,
        due_on=days(-3),
        status=ItemStatus.ON_TRACK,
    )
    soon = action(objective, "Agree the constitution", lead=lead, due_on=days(5))
    unled = action(objective, "Consider a citizens' panel", due_on=days(90))
    made_on(unled, days(-40))
    action(objective, "Set up the units", status=ItemStatus.COMPLETE, percent_complete=100)
    progress_record(item=soon, note="Draft circulated to members.", acting_user=lead)

    assert send_plan_digests() == 1
    assert send_plan_digests() == 0  # once a week

    (digest,) = smtp_inbox
    assert digest["To"] == "olu@example.org"
    assert digest["Subject"] == "Work plan this week: Consultation Strategy"
    body = text(digest)
    assert body.startswith("Dear Olu,")
    assert "Open items by RAG: Red 1, Amber 1, Green 1." in body
    assert "Complete: 1." in body
    assert "Overdue: 1\n- Map consultation activity (due 29 May 2026)" in body
    assert "Due within 14 days: 1\n- Agree the constitution (due 6 Jun 2026)" in body
    assert "No progress update for 30 days: 1\n- Consider a citizens' panel" in body
    assert "Without a lead (nobody is reminded of these): 1\n- Consider a citizens'" in body
    assert "Progress updates in the last 7 days: 1" in body
    assert "1 Jun 2026, Agree the constitution: Draft circulated to members." in body
    assert f"http://testserver.example/workplans/items/{late.pk}/" in body
    assert f"http://testserver.example/workplans/plans/{plan.pk}/" in body
    assert conditions() == {f"workplan-digest:{plan.pk}:2026-W23"}

    with on(days(6)):  # Sunday: the same ISO week
        assert send_plan_digests() == 0
    with on(days(7)):  # the next Monday
        assert send_plan_digests() == 1
    assert f"workplan-digest:{plan.pk}:2026-W24" in conditions()


def test_no_digest_for_closed_plans_inactive_owners_or_empty_plans(owner, smtp_inbox):
    closed = WorkPlanFactory(owner=owner, status=PlanStatus.CLOSED)
    PlanItemFactory(objective=ObjectiveFactory(plan=closed))
    retired = UserFactory(roles=[Role.UNIT_STAFF], is_active=False)
    PlanItemFactory(objective=ObjectiveFactory(plan=WorkPlanFactory(owner=retired)))
    PlanItemFactory(objective=ObjectiveFactory(plan=WorkPlanFactory(owner=None)))
    WorkPlanFactory(owner=owner)  # nothing in it yet

    assert send_plan_digests() == 0
    assert smtp_inbox == []


def test_the_digest_counts_only_this_plans_recent_updates(owner, lead, objective, smtp_inbox):
    objective.plan.owner = owner
    objective.plan.save()
    item = action(objective, "Agree the constitution", lead=lead)
    with on(days(-8)):
        progress_record(item=item, note="Too old to count.", acting_user=lead)
    other = action(ObjectiveFactory(), "Another plan's action", lead=lead)
    progress_record(item=other, note="Not this plan.", acting_user=lead)

    send_plan_digests()

    body = text(smtp_inbox[0])
    assert "Progress updates in the last 7 days: 0" in body
    assert "Too old to count." not in body and "Not this plan." not in body
