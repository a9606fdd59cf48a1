"""The fixed vocabularies of consultations, events and standing groups."""

from django.db import models


class EngagementLevel(models.TextChoices):
    INFORMATION = "information", "Information"
    CONSULTATION = "consultation", "Consultation"
    DECIDING_TOGETHER = "deciding_together", "Deciding together"
    DELEGATION = "delegation", "Delegation"


class Method(models.TextChoices):
    PUBLIC_MEETING = "public_meeting", "Public meeting"
    FOCUS_GROUP = "focus_group", "Focus group"
    SURVEY = "survey", "Survey"
    WORKSHOP = "workshop", "Workshop"
    STREET_BRIEFING = "street_briefing", "Street briefing"
    ONLINE = "online", "Online"
    OTHER = "other", "Other"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    FEEDBACK_PUBLISHED = "feedback_published", "Feedback published"
    ARCHIVED = "archived", "Archived"


# The only moves a consultation's status may make; each is a service with its own checks.
ALLOWED_TRANSITIONS = {
    ConsultationStatus.DRAFT: {ConsultationStatus.PLANNED},
    ConsultationStatus.PLANNED: {ConsultationStatus.OPEN, ConsultationStatus.DRAFT},
    ConsultationStatus.OPEN: {ConsultationStatus.CLOSED},
    ConsultationStatus.CLOSED: {ConsultationStatus.FEEDBACK_PUBLISHED},
    ConsultationStatus.FEEDBACK_PUBLISHED: {ConsultationStatus.ARCHIVED},
    ConsultationStatus.ARCHIVED: set(),
}


class GroupKind(models.TextChoices):
    WARD_PANEL = "ward_panel", "Ward panel"
    BOROUGH_GROUP = "borough_group", "Borough engagement group (CPEG / Safer Neighbourhood Board)"
    IAG = "iag", "Independent advisory group"
    YOUTH_PANEL = "youth_panel", "Youth panel"
    OTHER = "other", "Other"


class GroupRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    SECRETARY = "secretary", "Secretary"
    MEMBER = "member", "Member"
    COUNCILLOR = "councillor", "Councillor (non-voting)"


class InvitationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class QuestionKind(models.TextChoices):
    FREE_TEXT = "free_text", "Free text"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    RATING = "rating", "Rating (1 to 5)"


class FindingSource(models.TextChoices):
    EVENT = "event", "Event"
    RESPONSE = "response", "Online or offline responses"
    GROUP_MEETING = "group_meeting", "Group meeting"


class ResourceKind(models.TextChoices):
    GUIDANCE = "guidance", "Guidance"
    TEMPLATE = "template", "Template"
    CASE_STUDY = "case_study", "Good-practice case study"
