from consultations.models.consultations import Consultation
from consultations.models.events import (
    Attendance,
    BriefingMaterial,
    ClashAcknowledgement,
    Event,
    HeadCount,
)
from consultations.models.findings import Finding, ToolkitResource
from consultations.models.groups import ConsultativeGroup, GroupMembership
from consultations.models.invitations import MAX_SEND_ATTEMPTS, Invitation
from consultations.models.panels import (
    MeetingSummary,
    Outcome,
    PanelAction,
    PriorityTheme,
    PriorityUpdate,
    ReminderSent,
    WardPriority,
)
from consultations.models.responses import Answer, Question, Response

__all__ = [
    "MAX_SEND_ATTEMPTS",
    "Answer",
    "Attendance",
    "BriefingMaterial",
    "ClashAcknowledgement",
    "Consultation",
    "ConsultativeGroup",
    "Event",
    "Finding",
    "GroupMembership",
    "HeadCount",
    "Invitation",
    "MeetingSummary",
    "Outcome",
    "PanelAction",
    "PriorityTheme",
    "PriorityUpdate",
    "Question",
    "ReminderSent",
    "Response",
    "ToolkitResource",
    "WardPriority",
]
