"""Reminders: sent once, before the event, to those invited who have not declined."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from consultations.choices import InvitationStatus
from consultations.factories import EventFactory
from consultations.models import Invitation
from consultations.tasks import send_invitation, send_reminders
from tests.consultations.test_invitations import resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """A week away; people are reminded three days before."""
    return EventFactory(title="Ward panel meeting", reminder_days_before=3)


def sent_invitation(event, ward, name="Ann", status=None):
    invitation = Invitation.objects.create(event=event, contact=resident(ward, name))
    assert send_invitation(invitation.pk) == "sent"
    if status:
        Invitation.objects.filter(pk=invitation.pk).update(status=status)
    return invitation


def reminders(inbox):
    return [message for message in inbox if message["Subject"].startswith("Reminder")]


def test_a_reminder_is_sent_once_when_the_event_is_near(event, ward, smtp_inbox):
    invitation = sent_invitation(event, ward)

    assert send_reminders() == 0  # a week away: too early
    with time_machine.travel(event.starts_at - timedelta(days=2)):
        assert send_reminders() == 1
        assert send_reminders() == 0  # once per condition
    with time_machine.travel(event.starts_at - timedelta(days=1)):
        assert send_reminders() == 0

    (reminder,) = reminders(smtp_inbox)
    assert "Ward panel meeting" in reminder["Subject"]
    assert "/rsvp/" in reminder.get_content()
    invitation.refresh_from_db()
    assert invitation.reminder_sent_at is not None


def test_people_who_accepted_are_reminded_and_those_who_declined_are_not(event, ward, smtp_inbox):
    sent_invitation(event, ward, "Abe", status=InvitationStatus.ACCEPTED)
    sent_invitation(event, ward, "Dee", status=InvitationStatus.DECLINED)

    with time_machine.travel(event.starts_at - timedelta(days=2)):
        assert send_reminders() == 1

    (reminder,) = reminders(smtp_inbox)
    assert "Dear Abe" in reminder.get_content()
    assert "You told us you will come" in reminder.get_content()


def test_nobody_is_reminded_of_a_cancelled_event(event, ward, smtp_inbox):
    sent_invitation(event, ward)
    event.cancelled = True
    event.save()

    with time_machine.travel(event.starts_at - timedelta(days=2)):
        assert send_reminders() == 0
    assert reminders(smtp_inbox) == []


def test_failed_and_queued_invitations_get_no_reminder(event, ward, smtp_inbox):
    Invitation.objects.create(event=event, contact=resident(ward, "Quinn"))
    Invitation.objects.create(
        event=event, contact=resident(ward, "Fay"), status=InvitationStatus.FAILED
    )

    with time_machine.travel(event.starts_at - timedelta(days=2)):
        assert send_reminders() == 0
    assert smtp_inbox == []


def test_no_reminder_once_the_event_has_started(event, ward, smtp_inbox):
    sent_invitation(event, ward)

    with time_machine.travel(event.starts_at + timedelta(minutes=1)):
        assert send_reminders() == 0


def test_an_invitation_sent_inside_the_reminder_window_gets_no_extra_reminder(ward, smtp_inbox):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=1), reminder_days_before=3)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    sent_invitation(event, ward)

    assert send_reminders() == 0
    assert reminders(smtp_inbox) == []
