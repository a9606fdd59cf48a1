"""The consultations app's retention rules (``core.retention``), registered from
``ConsultationsConfig.ready()``.

- Responses: the respondent's name and email address (and the hashed client address
  kept for the rate limit) are blanked; the answers stay, naming no one, for the findings.
- Attendance: who came to an event that ended before the cutoff is deleted; the event's
  anonymous head count stays.
- Notices: invitations and meeting summaries of events that ended before the cutoff,
  and the reminders sent to contacts before meetings, are deleted.
"""

from django.utils import timezone

from consultations.models import Attendance, Invitation, MeetingSummary, ReminderSent, Response
from core.retention import RetentionRule


def _responses(before):
    return Response.objects.filter(created__lt=before).exclude(name="", email="", source_hash="")


def _anonymise_responses(before) -> int:
    return _responses(before).update(
        name="", email="", consents_to_contact=False, source_hash="", modified=timezone.now()
    )


def _attendance(before):
    return Attendance.objects.filter(event__ends_at__lt=before)


def _invitations(before):
    return Invitation.objects.filter(event__ends_at__lt=before)


def _summaries(before):
    return MeetingSummary.objects.filter(meeting__ends_at__lt=before)


def _reminders(before):
    return ReminderSent.objects.filter(condition__contains=":contact:", sent_at__lt=before)


def _deleting(find):
    def apply(before) -> int:
        return find(before).delete()[0]

    return apply


RULES = (
    RetentionRule(
        name="consultations.responses",
        label="Names and email addresses on responses",
        period="responses",
        action="anonymised",
        find=_responses,
        apply=_anonymise_responses,
    ),
    RetentionRule(
        name="consultations.attendance",
        label="Attendance records",
        period="attendance",
        action="deleted",
        find=_attendance,
        apply=_deleting(_attendance),
    ),
    RetentionRule(
        name="consultations.invitations",
        label="Invitations",
        period="notices",
        action="deleted",
        find=_invitations,
        apply=_deleting(_invitations),
    ),
    RetentionRule(
        name="consultations.meeting_summaries",
        label="Meeting summaries",
        period="notices",
        action="deleted",
        find=_summaries,
        apply=_deleting(_summaries),
    ),
    RetentionRule(
        name="consultations.meeting_reminders",
        label="Reminders sent to contacts before meetings",
        period="notices",
        action="deleted",
        find=_reminders,
        apply=_deleting(_reminders),
    ),
)
