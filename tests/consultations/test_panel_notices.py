"""'You said, we did' summaries: sent once after a meeting, never to someone who may not
be emailed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.factories import ConsultativeGroupFactory, EventFactory, WardPriorityFactory
from consultations.models import MeetingSummary, Outcome, PanelAction, PriorityUpdate
from consultations.panel_tasks import meeting_summary_sweep, send_meeting_summary
from consultations.services.panel_notices import summaries_mark_dispatched, summaries_to_dispatch
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(ward):
    panel = ConsultativeGroupFactory(ward=ward, name="Riverside ward panel")
    held = EventFactory(
        consultation=None, group=panel, starts_at=timezone.now() - timedelta(days=1)
    )
    EventFactory(
        consultation=None,
        group=panel,
        title="Next",
        starts_at=timezone.now() + timedelta(days=60),
        venue_name="Library",
    )
    WardPriorityFactory(
        group=panel, set_at=held, description="Speeding on Mill Lane near the school."
    )
    old = WardPriorityFactory(group=panel, description="Street drinking by the station.")
    PriorityUpdate.objects.create(
        priority=old,
        meeting=held,
        reported_on=timezone.localdate(),
        police_action="Dispersal order and four patrols a week.",
        outcome=Outcome.IMPROVED,
    )
    PanelAction.objects.create(meeting=held, description="Write to the council", owner="Pat")
    return held


def summary_for(meeting, **contact):
    contact = ContactFactory(consent=[Channel.EMAIL], **contact)
    return MeetingSummary.objects.create(meeting=meeting, contact=contact)


def test_a_summary_says_what_was_said_and_done_and_is_sent_once(meeting, smtp_inbox):
    summary = summary_for(meeting, name="Ann Resident")

    assert send_meeting_summary(summary.pk) == "sent"
    assert send_meeting_summary(summary.pk) == "skipped"

    (message,) = smtp_inbox
    body = message.get_content()
    assert message["Subject"].startswith("You said, we did: Riverside ward panel")
    assert "Dear Ann Resident" in body
    assert "Speeding on Mill Lane" in body  # set at the meeting
    assert "Street drinking by the station." in body  # continued
    assert "Dispersal order and four patrols a week. Outcome: improved." in body
    assert "Write to the council (who: Pat)" in body
    assert "Next meeting:" in body and "Library" in body
    summary.refresh_from_db()
    assert summary.status == MeetingSummary.Status.SENT
    assert summary.sent_at is not None
    assert summary.attempts == 1


def test_a_person_without_email_consent_gets_no_summary_and_it_fails_with_the_reason(
    meeting, smtp_inbox
):
    summary = MeetingSummary.objects.create(meeting=meeting, contact=ContactFactory(consent=[]))

    assert send_meeting_summary(summary.pk) == "refused"

    assert smtp_inbox == []
    summary.refresh_from_db()
    assert summary.status == MeetingSummary.Status.FAILED
    assert "no consent" in summary.last_error


def test_the_sweep_dispatches_new_summaries_once_and_sends_each_once(
    meeting, smtp_inbox, monkeypatch
):
    dispatched = []
    monkeypatch.setattr(
        send_meeting_summary, "delay", lambda pk: dispatched.append(send_meeting_summary(pk))
    )
    summary_for(meeting, name="Ann")
    summary_for(meeting, name="Bob")

    assert meeting_summary_sweep() == 2
    assert meeting_summary_sweep() == 0  # a second run sends nothing

    assert dispatched == ["sent", "sent"]
    assert len(smtp_inbox) == 2
    assert set(MeetingSummary.objects.values_list("status", flat=True)) == {"sent"}


def test_the_sweep_dispatches_again_a_summary_whose_task_was_lost(meeting):
    summary = summary_for(meeting)
    MeetingSummary.objects.filter(pk=summary.pk).update(
        modified=timezone.now() - timedelta(minutes=6)
    )

    assert list(summaries_to_dispatch()) == [summary.pk]
    summaries_mark_dispatched([summary.pk])
    assert list(summaries_to_dispatch()) == []  # dispatched a moment ago: left alone
