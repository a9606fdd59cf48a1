"""Invitations and attendance in subject access, erasure and merge."""

import pytest
from django.urls import reverse

from consultations.choices import InvitationStatus
from consultations.factories import ConsultativeGroupFactory, EventFactory
from consultations.models import Attendance, GroupMembership, Invitation
from consultations.personal_data import PROVIDERS
from consultations.signing import invitation_token
from stakeholders import personal_data
from stakeholders.factories import ContactFactory
from stakeholders.services.data_protection import ErasureReason, contact_erase
from stakeholders.services.merge import contacts_merge
from tests.consultations.test_invitations import resident

pytestmark = pytest.mark.django_db

PROVIDER = PROVIDERS[0]  # invitations and attendance


def test_the_provider_is_registered():
    assert PROVIDER in personal_data.providers()


def test_export_lists_invitations_and_attendance(ward):
    ann = resident(ward, "Ann")
    event = EventFactory(title="Panel meeting")
    Invitation.objects.create(event=event, contact=ann, status=InvitationStatus.ACCEPTED)
    Attendance.objects.create(event=event, contact=ann)

    rows = PROVIDER.export(ann)

    assert [(row["kind"], row["event"]) for row in rows] == [
        ("invitation", "Panel meeting"),
        ("attendance", "Panel meeting"),
    ]
    assert rows[0]["status"] == "accepted"


def test_erasure_keeps_the_counts_and_clears_what_is_about_the_person(client, unit_staff, ward):
    ann = resident(ward, "Ann")
    sent, queued = EventFactory(), EventFactory()
    answered = Invitation.objects.create(
        event=sent,
        contact=ann,
        status=InvitationStatus.ACCEPTED,
        last_error=f"SMTPRecipientsRefused: {ann.email}",
    )
    waiting = Invitation.objects.create(event=queued, contact=ann)
    Attendance.objects.create(event=sent, contact=ann)

    contact_erase(contact=ann, reason=ErasureReason.REQUEST, acting_user=unit_staff)

    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert answered.status == InvitationStatus.ACCEPTED  # still counted as accepted
    assert answered.last_error == ""
    assert waiting.status == InvitationStatus.FAILED  # never sent now
    assert Attendance.objects.filter(event=sent).count() == 1
    url = reverse("consultations:rsvp", kwargs={"token": invitation_token(answered)})
    assert client.get(url).status_code == 404  # the old link no longer shows anything


def test_merge_moves_invitations_and_keeps_one_per_event(unit_staff, ward):
    winner, loser = resident(ward, "Ann Smith"), resident(ward, "Ann Smyth")
    both, loser_only, attended = EventFactory(), EventFactory(), EventFactory()
    Invitation.objects.create(event=both, contact=winner, status=InvitationStatus.SENT)
    Invitation.objects.create(event=both, contact=loser, status=InvitationStatus.ACCEPTED)
    Invitation.objects.create(event=loser_only, contact=loser, status=InvitationStatus.DECLINED)
    Attendance.objects.create(event=attended, contact=winner, walk_in=True)
    Attendance.objects.create(event=attended, contact=loser, walk_in=False)

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    invitations = {i.event_id: i.status for i in Invitation.objects.filter(contact=winner)}
    assert invitations == {
        both.pk: InvitationStatus.ACCEPTED,  # the answer is kept over "sent"
        loser_only.pk: InvitationStatus.DECLINED,
    }
    assert Invitation.objects.count() == 2
    (attendance,) = Attendance.objects.all()
    assert (attendance.contact, attendance.walk_in) == (winner, False)


def test_merge_keeps_the_winners_answer_over_the_losers_unanswered_invitation(unit_staff, ward):
    winner, loser = resident(ward, "Ann"), resident(ward, "Anne")
    event = EventFactory()
    Invitation.objects.create(event=event, contact=winner, status=InvitationStatus.DECLINED)
    Invitation.objects.create(event=event, contact=loser, status=InvitationStatus.QUEUED)

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    (invitation,) = Invitation.objects.all()
    assert (invitation.contact, invitation.status) == (winner, InvitationStatus.DECLINED)


def test_group_places_are_exported_erased_and_merged(unit_staff):
    panel, other_panel = ConsultativeGroupFactory(), ConsultativeGroupFactory()
    winner, loser, erased = ContactFactory(), ContactFactory(), ContactFactory()
    GroupMembership.objects.create(group=panel, contact=winner, role="member")
    GroupMembership.objects.create(group=panel, contact=loser, role="chair")
    GroupMembership.objects.create(group=other_panel, contact=loser, role="member")
    GroupMembership.objects.create(group=panel, contact=erased, role="member")
    groups = PROVIDERS[1]
    assert [row["group"] for row in groups.export(loser)] == sorted([panel.name, other_panel.name])

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)
    assert sorted(
        GroupMembership.objects.filter(contact=winner).values_list("group_id", flat=True)
    ) == sorted([panel.pk, other_panel.pk])

    contact_erase(contact=erased, reason=ErasureReason.REQUEST, acting_user=unit_staff)
    assert not GroupMembership.objects.filter(contact=erased).exists()


def test_responses_given_with_their_email_are_exported_and_erased(unit_staff):
    from consultations.factories import ConsultationFactory
    from consultations.models import Response

    ann = ContactFactory(email="ann@example.org")
    consultation = ConsultationFactory(title="Road safety near schools")
    hers = Response.objects.create(
        consultation=consultation, name="Ann", email="ANN@example.org", consents_to_contact=True
    )
    other = Response.objects.create(consultation=consultation, name="Bo", email="bo@example.org")
    responses = PROVIDERS[2]
    assert [row["consultation"] for row in responses.export(ann)] == ["Road safety near schools"]

    contact_erase(contact=ann, reason=ErasureReason.REQUEST, acting_user=unit_staff)
    hers.refresh_from_db()
    other.refresh_from_db()
    assert (hers.name, hers.email, hers.consents_to_contact) == ("", "", False)
    assert (other.name, other.email) == ("Bo", "bo@example.org")


# Meeting summaries and meeting reminders: notices that name a contact ----------------


def summary_of(contact, **fields):
    from consultations.models import MeetingSummary

    meeting = EventFactory(consultation=None, group=ConsultativeGroupFactory(), title="Panel")
    return MeetingSummary.objects.create(meeting=meeting, contact=contact, **fields)


def reminder_for(summary, contact):
    from consultations.models import ReminderSent

    condition = f"meeting:{summary.meeting_id}:2026-03-01:contact:{contact.pk}"
    return ReminderSent.objects.create(condition=condition)


def test_a_merge_moves_the_losers_meeting_summaries_and_reminders(unit_staff, ward):
    from consultations.models import MeetingSummary, ReminderSent

    winner, loser = resident(ward, "Win"), resident(ward, "Lose")
    summary = summary_of(loser, status=MeetingSummary.Status.SENT)
    reminder_for(summary, loser)

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    summary.refresh_from_db()  # not cascade-deleted with the loser
    assert summary.contact == winner
    assert ReminderSent.objects.filter(condition__endswith=f":contact:{winner.pk}").count() == 1
    assert not ReminderSent.objects.filter(condition__endswith=f":contact:{loser.pk}").exists()


def test_a_merge_keeps_one_summary_per_meeting_the_one_furthest_along(unit_staff, ward):
    from consultations.models import MeetingSummary

    winner, loser = resident(ward, "Win"), resident(ward, "Lose")
    losers = summary_of(loser, status=MeetingSummary.Status.SENT)
    MeetingSummary.objects.create(
        meeting=losers.meeting, contact=winner, status=MeetingSummary.Status.FAILED
    )

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    kept = MeetingSummary.objects.get(meeting=losers.meeting)
    assert (kept.pk, kept.contact, kept.status) == (losers.pk, winner, "sent")


def test_subject_access_lists_meeting_summaries_and_reminders(client, unit_staff, ward):
    ann = resident(ward, "Ann")
    summary = summary_of(ann, status="sent")
    reminder_for(summary, ann)
    client.force_login(unit_staff)
    response = client.get(reverse("stakeholders:contact-subject-access-json", args=[ann.pk]))
    sections = {
        section["label"]: section["records"] for section in response.json()["other_records"]
    }
    assert sections["Meeting summaries sent to them"][0]["status"] == "sent"
    assert sections["Meeting reminders sent to them"][0]["meeting_on"] == "2026-03-01"


def test_erasure_clears_summaries_error_text_and_forgets_their_reminders(unit_staff, ward):
    from consultations.models import MeetingSummary, ReminderSent

    ann = resident(ward, "Ann")
    failed = summary_of(ann, status="failed", last_error=f"SMTPRecipientsRefused: {ann.email}")
    queued = summary_of(ann)
    reminder_for(failed, ann)

    contact_erase(contact=ann, reason=ErasureReason.REQUEST, acting_user=unit_staff)

    failed.refresh_from_db()
    queued.refresh_from_db()
    assert failed.last_error == ""
    assert queued.status == MeetingSummary.Status.FAILED  # never sent now
    assert not ReminderSent.objects.filter(condition__contains=f":contact:{ann.pk}").exists()
