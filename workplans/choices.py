"""The fixed vocabularies of work plans."""

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ENDORSED = "endorsed", "Endorsed"
    CLOSED = "closed", "Closed"


class Principle(models.TextChoices):
    """The six engagement principles (seed 004)."""

    INFORMATION = "information", "Information"
    INCLUSION = "inclusion", "Inclusion"
    PREPARATION = "preparation", "Preparation"
    INTEGRATION = "integration", "Integration"
    INVOLVE = "involve", "Involve"
    FEEDBACK = "feedback", "Feedback"


class ObjectiveKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome sought"
    STRAND = "strand", "Strategy strand"
    PRINCIPLE = "principle", "Engagement principle"


class ItemKind(models.TextChoices):
    ACTION = "action", "Action"
    TARGET = "target", "Target or milestone"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    ONGOING = "ongoing", "Ongoing"
    DROPPED = "dropped", "Dropped"


# Statuses of work that is finished with, one way or the other: no reminders, not overdue.
CLOSED_STATUSES = (ItemStatus.COMPLETE, ItemStatus.DROPPED)


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    # Dropped work is not rated: it is neither on track nor failing.
    NONE = "none", "Not rated"


class Timing(models.TextChoices):
    """How an item's timing was given. The original text is kept beside it."""

    UNSET = "unset", "Not given"
    DATE = "date", "By a date"
    YEARS = "years", "In plan years"
    ONGOING = "ongoing", "On-going"
    DONE = "done", "Already done"


class ReviewKind(models.TextChoices):
    BOARD = "board", "Half-yearly review by the Consultation Board"
    COMMITTEE = "committee", "Annual review by the Consultation Committee"
    YEAR_TURN = "year_turn", "Year-turn re-prioritisation"
