"""What consultations hold about a contact (invitations, attendance, places on standing
groups, responses, meeting summaries and meeting reminders), for subject access, erasure
and merge. Registered with ``stakeholders.personal_data`` from
``ConsultationsConfig.ready()``.

Erasure keeps the rows and clears what is about the person: the contact row itself
becomes an anonymous shell (stakeholders), so the invitation and attendance rows then
point at nobody identifiable, and the counts of who was invited, answered and came stay
right. Their invitations' error text (a mail server's message may quote the address) is
cleared, and an invitation still queued is marked failed so nothing is ever sent.
"""

from django.db.models import Q

from consultations.choices import InvitationStatus
from consultations.models import (
    Attendance,
    GroupMembership,
    Invitation,
    MeetingSummary,
    ReminderSent,
    Response,
)

ERASED_ERROR = "Not sent: the person's data was erased"

# Which of two invitations to the same event a merge keeps: the one furthest along.
_RANK = {
    InvitationStatus.FAILED: 0,
    InvitationStatus.QUEUED: 1,
    InvitationStatus.SENT: 2,
    InvitationStatus.DECLINED: 3,
    InvitationStatus.ACCEPTED: 3,
}


def _keeps(winner_row: Invitation, loser_row: Invitation) -> bool:
    """Whether the loser's invitation should replace the winner's for the same event."""
    winner_key = (_RANK[winner_row.status], winner_row.responded_at or winner_row.sent_at)
    loser_key = (_RANK[loser_row.status], loser_row.responded_at or loser_row.sent_at)
    if winner_key[0] != loser_key[0]:
        return loser_key[0] > winner_key[0]
    # Same stage: the later answer is the person's latest word.
    return bool(loser_key[1] and (winner_key[1] is None or loser_key[1] > winner_key[1]))


class InvitationData:
    label = "Invitations and attendance"
    relations = ("consultations.Invitation.contact", "consultations.Attendance.contact")

    def export(self, contact) -> list[dict]:
        rows = []
        invitations = Invitation.objects.filter(contact=contact).select_related("event")
        for invitation in invitations.order_by("event__starts_at", "pk"):
            rows.append(
                {
                    "kind": "invitation",
                    "event": invitation.event.title,
                    "event_starts_at": invitation.event.starts_at.isoformat(),
                    "channel": invitation.channel,
                    "status": invitation.status,
                    "sent_at": _iso(invitation.sent_at),
                    "responded_at": _iso(invitation.responded_at),
                    "reminder_sent_at": _iso(invitation.reminder_sent_at),
                }
            )
        attendances = Attendance.objects.filter(contact=contact).select_related("event")
        for attendance in attendances.order_by("event__starts_at", "pk"):
            rows.append(
                {
                    "kind": "attendance",
                    "event": attendance.event.title,
                    "event_starts_at": attendance.event.starts_at.isoformat(),
                    "walk_in": attendance.walk_in,
                    "recorded_at": attendance.created.isoformat(),
                }
            )
        return rows

    def erase(self, contact) -> None:
        invitations = Invitation.objects.filter(contact=contact)
        invitations.filter(status=InvitationStatus.QUEUED).update(
            status=InvitationStatus.FAILED, last_error=ERASED_ERROR
        )
        invitations.exclude(Q(last_error="") | Q(last_error=ERASED_ERROR)).update(last_error="")

    def merge(self, *, winner, loser) -> None:
        winners = {row.event_id: row for row in Invitation.objects.filter(contact=winner)}
        for row in Invitation.objects.filter(contact=loser).order_by("pk"):
            kept = winners.get(row.event_id)
            if kept is None:
                row.contact = winner
                row.save(update_fields=["contact", "modified"])
            elif _keeps(kept, row):
                kept.delete()
                row.contact = winner
                row.save(update_fields=["contact", "modified"])
            else:
                row.delete()
        attended = {row.event_id: row for row in Attendance.objects.filter(contact=winner)}
        for row in Attendance.objects.filter(contact=loser).order_by("pk"):
            kept = attended.get(row.event_id)
            if kept is None:
                row.contact = winner
                row.save(update_fields=["contact", "modified"])
                continue
            if kept.walk_in and not row.walk_in:  # one of them was invited: not a walk-in
                kept.walk_in = False
                kept.save(update_fields=["walk_in", "modified"])
            row.delete()


class GroupMembershipData:
    """Places on ward panels and other standing groups. Erasure removes them (the group's
    own counts are of current members); a merge keeps one current place per group."""

    label = "Standing groups"
    relations = ("consultations.GroupMembership.contact",)

    def export(self, contact) -> list[dict]:
        memberships = GroupMembership.objects.filter(contact=contact).select_related("group")
        return [
            {
                "group": membership.group.name,
                "role": membership.get_role_display(),
                "joined_on": _iso(membership.joined_on),
                "left_on": _iso(membership.left_on),
            }
            for membership in memberships.order_by("group__name", "pk")
        ]

    def erase(self, contact) -> None:
        GroupMembership.objects.filter(contact=contact).delete()

    def merge(self, *, winner, loser) -> None:
        current = set(
            GroupMembership.objects.filter(contact=winner, left_on__isnull=True).values_list(
                "group_id", flat=True
            )
        )
        for membership in GroupMembership.objects.filter(contact=loser):
            if membership.left_on is None and membership.group_id in current:
                membership.delete()  # the winner already holds a current place
                continue
            membership.contact = winner
            membership.save(update_fields=["contact", "modified"])


class ResponseData:
    """Online and paper responses are not linked to contacts; a response that gave the
    contact's email address is theirs. Erasure blanks the name and address on it and keeps
    the answers, which hold nothing that names them (they count in the findings)."""

    label = "Responses to consultations"
    relations = ()  # found by email address

    def _theirs(self, contact):
        if not contact.email:
            return Response.objects.none()
        return Response.objects.filter(email__iexact=contact.email)

    def export(self, contact) -> list[dict]:
        return [
            {
                "consultation": response.consultation.title,
                "submitted_at": response.created.isoformat(),
                "name": response.name,
                "email": response.email,
                "offline": response.offline,
                "answers": [
                    {
                        "question": answer.question.text,
                        "text": answer.text,
                        "choices": answer.choices,
                        "rating": answer.rating,
                    }
                    for answer in response.answers.all()
                ],
            }
            for response in self._theirs(contact)
            .select_related("consultation")
            .prefetch_related("answers__question")
            .order_by("created")
        ]

    def erase(self, contact) -> None:
        self._theirs(contact).update(name="", email="", consents_to_contact=False)

    def merge(self, *, winner, loser) -> None:
        """Nothing points at a contact: the responses stay as they are."""


# Which of two summaries of the same meeting a merge keeps: the one furthest along.
_SUMMARY_RANK = {
    MeetingSummary.Status.FAILED: 0,
    MeetingSummary.Status.QUEUED: 1,
    MeetingSummary.Status.SENT: 2,
}


class MeetingSummaryData:
    """ "You said, we did" summaries of panel meetings: outbox rows, like invitations. Erasure
    keeps the rows (who was told counts) and clears their error text, which may quote
    the address; one still queued is marked failed, so nothing is sent."""

    label = "Meeting summaries sent to them"
    relations = ("consultations.MeetingSummary.contact",)

    def export(self, contact) -> list[dict]:
        summaries = MeetingSummary.objects.filter(contact=contact).select_related("meeting")
        return [
            {
                "meeting": summary.meeting.title,
                "meeting_starts_at": summary.meeting.starts_at.isoformat(),
                "status": summary.status,
                "sent_at": _iso(summary.sent_at),
            }
            for summary in summaries.order_by("meeting__starts_at", "pk")
        ]

    def erase(self, contact) -> None:
        summaries = MeetingSummary.objects.filter(contact=contact)
        summaries.filter(status=MeetingSummary.Status.QUEUED).update(
            status=MeetingSummary.Status.FAILED, last_error=ERASED_ERROR
        )
        summaries.exclude(Q(last_error="") | Q(last_error=ERASED_ERROR)).update(last_error="")

    def merge(self, *, winner, loser) -> None:
        winners = {row.meeting_id: row for row in MeetingSummary.objects.filter(contact=winner)}
        for row in MeetingSummary.objects.filter(contact=loser).order_by("pk"):
            kept = winners.get(row.meeting_id)
            if kept is not None and _SUMMARY_RANK[kept.status] >= _SUMMARY_RANK[row.status]:
                row.delete()
                continue
            if kept is not None:
                kept.delete()
            row.contact = winner
            row.save(update_fields=["contact", "modified"])


class MeetingReminderData:
    """The once-only ledger of reminders before panel meetings names the contact inside
    its condition ("meeting:<event>:<date>:contact:<contact>"), not by a foreign key."""

    label = "Meeting reminders sent to them"
    relations = ()  # by the contact's id inside ReminderSent.condition

    def _theirs(self, contact):
        return ReminderSent.objects.filter(condition__endswith=f":contact:{contact.pk}")

    def export(self, contact) -> list[dict]:
        rows = []
        for reminder in self._theirs(contact).order_by("sent_at", "pk"):
            _kind, _meeting, meeting_on, *_rest = reminder.condition.split(":")
            rows.append({"meeting_on": meeting_on, "sent_at": reminder.sent_at.isoformat()})
        return rows

    def erase(self, contact) -> None:
        """Their reminders are forgotten: an erased contact is never reminded again
        (``stakeholders.contact_rules``), so nothing can be sent twice."""
        self._theirs(contact).delete()

    def merge(self, *, winner, loser) -> None:
        suffix = f":contact:{loser.pk}"
        for reminder in self._theirs(loser):
            condition = reminder.condition.removesuffix(suffix) + f":contact:{winner.pk}"
            if ReminderSent.objects.filter(condition=condition).exists():
                reminder.delete()  # the winner was reminded of the same meeting
            else:
                reminder.condition = condition
                reminder.save(update_fields=["condition"])


def _iso(value) -> str | None:
    return value.isoformat() if value else None


PROVIDERS = (
    InvitationData(),
    GroupMembershipData(),
    ResponseData(),
    MeetingSummaryData(),
    MeetingReminderData(),
)
