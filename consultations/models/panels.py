"""Ward panels' priorities ("you said") and what the police did about them.

A ward panel is a ConsultativeGroup of kind ward_panel; its meetings are Events of that
group. Priorities are set at meetings, reviewed at later ones (PriorityUpdate: the police
report on each open priority) and closed with an outcome.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from consultations.models.events import Event
from consultations.models.groups import ConsultativeGroup
from consultations.models.scope import is_planner, is_sergeant, reads_all_of_london
from core.bounds import DATE_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from stakeholders.models import Contact


class PriorityTheme(models.Model):
    """The configurable list of priority themes (anti-social behaviour, burglary, ...)."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    IMPROVED = "improved", "Improved"
    NO_CHANGE = "no_change", "No change"
    WORSE = "worse", "Worse"


class WardPriorityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """London-wide roles read every panel's priorities; a sergeant their own wards'
        (those of the panels they read)."""
        if reads_all_of_london(user):
            return self
        if is_sergeant(user):
            return self.filter(group__in=ConsultativeGroup.objects.visible_to(user).values("pk"))
        return self.none()

    def editable_by(self, user):
        if is_planner(user):
            return self
        if is_sergeant(user):
            return self.filter(group__ward__in=user.wards.values("pk"))
        return self.none()

    def open(self):
        return self.filter(closed_on__isnull=True)


class WardPriority(TimeStampedModel):
    group = models.ForeignKey(
        ConsultativeGroup,
        on_delete=models.CASCADE,
        related_name="priorities",
        verbose_name="ward panel",
    )
    theme = models.ForeignKey(PriorityTheme, on_delete=models.PROTECT, related_name="priorities")
    description = BoundedTextField(help_text="Specific: where, when, what.")
    set_on = models.DateField(validators=DATE_VALIDATORS)
    set_at = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities_set",
        verbose_name="set at meeting",
    )
    review_by = models.DateField(validators=DATE_VALIDATORS)
    closed_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    closed_at = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities_closed",
        verbose_name="closed at meeting",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = WardPriorityQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-set_on", "pk"]
        verbose_name_plural = "ward priorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True, outcome="")
                | (models.Q(closed_on__isnull=False) & ~models.Q(outcome="")),
                name="closed_priority_has_an_outcome",
                violation_error_message="Closing a priority needs its outcome.",
            ),
            models.CheckConstraint(
                condition=models.Q(review_by__gte=models.F("set_on")),
                name="priority_reviewed_after_it_is_set",
                violation_error_message="The review date comes after the date it was set.",
            ),
        ]

    def __str__(self):
        return f"{self.theme}: {self.description[:60]}"

    def get_absolute_url(self):
        return reverse("consultations:priority-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class PriorityUpdate(TimeStampedModel):
    """What the police did about a priority, reported at a meeting or noted between them."""

    priority = models.ForeignKey(WardPriority, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="priority_updates"
    )
    reported_on = models.DateField(validators=DATE_VALIDATORS)
    police_action = BoundedTextField("what the police did")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["priority", "reported_on", "pk"]

    def __str__(self):
        return f"Update on {self.priority} ({self.reported_on:%d %b %Y})"


class PanelAction(TimeStampedModel):
    """An action agreed at a meeting, with who will do it."""

    meeting = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="panel_actions")
    description = BoundedTextField()
    owner = models.CharField(max_length=200, help_text="Who will do it.")
    due_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.description[:60]


class MeetingSummary(TimeStampedModel):
    """A "you said, we did" summary of a meeting for one person: an outbox row, sent by a
    task (the feedback issue's notices will take this over)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="summaries")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="one_summary_per_person"),
        ]

    def __str__(self):
        return f"Summary of {self.meeting} for {self.contact}"


class ReminderSent(models.Model):
    """A reminder already sent for a condition, so it is never sent twice. ``condition``
    names it, e.g. "priority-review:12:2026-11-30" or "meeting:40:contact:7"."""

    condition = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.condition
