"""Panel reminders: to members before a meeting, to the sergeant when a priority passes its
review date or a panel is overdue a meeting; each condition reminded once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from consultations.factories import ConsultativeGroupFactory, EventFactory, WardPriorityFactory
from consultations.models import GroupMembership, ReminderSent
from consultations.panel_tasks import send_panel_reminders
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(ward):
    return ConsultativeGroupFactory(ward=ward, name="Riverside ward panel")


def meeting(panel, starts_at, **kwargs):
    return EventFactory(consultation=None, group=panel, starts_at=starts_at, **kwargs)


def member(panel, name, *, wants_reminders=True, consent=(Channel.EMAIL,)):
    contact = ContactFactory(name=name, consent=list(consent))
    GroupMembership.objects.create(group=panel, contact=contact, wants_reminders=wants_reminders)
    return contact


def subjects(inbox):
    return [message["Subject"] for message in inbox]


def test_members_who_asked_are_reminded_once_a_few_days_before_a_meeting(panel, smtp_inbox):
    meeting(panel, timezone.now() - timedelta(days=20))  # met recently: not overdue
    upcoming = meeting(panel, timezone.now() + timedelta(days=10), venue_name="Library")
    member(panel, "Ann Asked")
    member(panel, "Ned Notasked", wants_reminders=False)
    member(panel, "Con Noconsent", consent=())

    assert send_panel_reminders() == 0  # ten days away: too early
    with time_machine.travel(upcoming.starts_at - timedelta(days=2)):
        assert send_panel_reminders() == 1
        assert send_panel_reminders() == 0
    with time_machine.travel(upcoming.starts_at - timedelta(days=1)):
        assert send_panel_reminders() == 0  # not repeated for the same condition

    (reminder,) = smtp_inbox
    assert reminder["Subject"].startswith("Reminder: Riverside ward panel meets on")
    assert "Dear Ann Asked" in reminder.get_content()
    assert "Library" in reminder.get_content()


def test_a_moved_meeting_reminds_again_and_a_cancelled_one_not_at_all(panel, smtp_inbox):
    meeting(panel, timezone.now() - timedelta(days=20))
    upcoming = meeting(panel, timezone.now() + timedelta(days=2))
    cancelled = meeting(panel, timezone.now() + timedelta(days=1), cancelled=True)
    member(panel, "Ann Asked")

    assert send_panel_reminders() == 1
    upcoming.starts_at += timedelta(days=1)
    upcoming.ends_at += timedelta(days=1)
    upcoming.save()
    assert send_panel_reminders() == 1  # a new date is a new condition
    assert send_panel_reminders() == 0
    assert not ReminderSent.objects.filter(condition__startswith=f"meeting:{cancelled.pk}:")


def test_the_sergeant_is_reminded_once_when_a_priority_passes_its_review_date(
    panel, sergeant, other_ward, smtp_inbox
):
    meeting(panel, timezone.now() - timedelta(days=20))
    priority = WardPriorityFactory(group=panel, description="Burglaries from sheds.")
    from accounts.factories import UserFactory
    from core.roles import Role

    UserFactory(roles=[Role.NEIGHBOURHOOD_SERGEANT], wards=[other_ward])  # not theirs

    with time_machine.travel(timezone.now() + timedelta(days=59)):
        assert send_panel_reminders() == 0  # review date not passed yet
    with time_machine.travel(timezone.now() + timedelta(days=61)):
        assert send_panel_reminders() == 1
    with time_machine.travel(timezone.now() + timedelta(days=68)):
        assert send_panel_reminders() == 0  # once per condition, not every day

    (reminder,) = [m for m in smtp_inbox if "review date" in m["Subject"]]
    assert reminder["To"] == sergeant.email
    assert "Burglaries from sheds." in reminder.get_content()

    # A new review date is a new condition: reminded again when it passes.
    priority.review_by += timedelta(days=30)
    priority.save()
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        send_panel_reminders()
    assert len([m for m in smtp_inbox if "review date" in m["Subject"]]) == 2


def test_a_closed_priority_reminds_nobody(panel, sergeant, smtp_inbox):
    meeting(panel, timezone.now() - timedelta(days=20))
    WardPriorityFactory(group=panel, closed_on=timezone.localdate(), outcome="resolved")
    with time_machine.travel(timezone.now() + timedelta(days=61)):
        send_panel_reminders()
    assert not [m for m in smtp_inbox if "review date" in m["Subject"]]


def test_the_sergeant_is_reminded_once_when_a_panel_is_overdue_a_meeting(
    panel, sergeant, settings, smtp_inbox
):
    settings.WARD_PANEL_OVERDUE_DAYS = 90
    meeting(panel, timezone.now() - timedelta(days=80))

    assert send_panel_reminders() == 0  # met 80 days ago: not overdue
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        assert send_panel_reminders() == 1
    with time_machine.travel(timezone.now() + timedelta(days=12)):
        assert send_panel_reminders() == 0  # the same condition: not repeated

    (reminder,) = smtp_inbox
    assert reminder["To"] == sergeant.email
    assert "Riverside ward panel" in reminder["Subject"]
    assert f"/groups/{panel.pk}/" in reminder.get_content()

    # It meets, then lapses again: a new condition, reminded again.
    meeting(panel, timezone.now() + timedelta(days=20))
    with time_machine.travel(timezone.now() + timedelta(days=100)):
        assert send_panel_reminders() == 0
    with time_machine.travel(timezone.now() + timedelta(days=115)):
        assert send_panel_reminders() == 1
    assert len(smtp_inbox) == 2


def test_no_reminder_is_recorded_when_the_ward_has_no_sergeant(panel, smtp_inbox):
    WardPriorityFactory(group=panel)
    with time_machine.travel(timezone.now() + timedelta(days=100)):
        assert send_panel_reminders() == 0
    assert smtp_inbox == []
    assert not ReminderSent.objects.exists()
