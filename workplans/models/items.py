from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, Finding
from core.bounds import DATE_VALIDATORS, MONEY_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from workplans.choices import CLOSED_STATUSES, ItemKind, ItemStatus, PlanStatus, Rag, Timing
from workplans.models.plans import Objective, WorkPlan
from workplans.models.scope import RoleScopedQuerySet
from workplans.timing import describe, written_date

PERCENT = [MaxValueValidator(100)]


def due_soon_days() -> int:
    """Open work due within this many days is "due soon" (setting WORKPLANS_DUE_SOON_DAYS)."""
    return settings.WORKPLANS_DUE_SOON_DAYS


def derived_rag(today: date) -> Case:
    """The RAG an item has from its status and dates, as a database expression.

    In order: dropped work is not rated; complete is green; off track is red; open work
    past its due date is red; at risk is amber; not started with the due date within
    ``due_soon_days()`` is amber; anything else (on track, ongoing, not started with time
    to go) is green. Kept in one place so lists, filters, exports and review snapshots
    agree.
    """
    soon = today + timedelta(days=due_soon_days())
    return Case(
        When(status=ItemStatus.DROPPED, then=Value(Rag.NONE)),
        When(status=ItemStatus.COMPLETE, then=Value(Rag.GREEN)),
        When(status=ItemStatus.OFF_TRACK, then=Value(Rag.RED)),
        When(due_on__lt=today, then=Value(Rag.RED)),
        When(status=ItemStatus.AT_RISK, then=Value(Rag.AMBER)),
        When(status=ItemStatus.NOT_STARTED, due_on__lte=soon, then=Value(Rag.AMBER)),
        default=Value(Rag.GREEN),
        output_field=models.CharField(),
    )


class PlanItemQuerySet(RoleScopedQuerySet):
    def open(self):
        """Work still to do: neither complete nor dropped."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def live(self):
        """Work still to chase: open, in a plan that is not closed."""
        return self.open().exclude(plan__status=PlanStatus.CLOSED)

    def overdue(self, today: date | None = None):
        return self.live().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days: int, today: date | None = None):
        today = today or timezone.localdate()
        return self.live().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))

    def with_rag(self, today: date | None = None):
        """Annotate ``rag`` (the RAG shown: the one set by hand, else the derived one) and
        ``derived`` (what the status and dates alone give)."""
        derived = derived_rag(today or timezone.localdate())
        return self.annotate(derived=derived).annotate(
            rag=Coalesce(NullIf(F("rag_override"), Value("")), F("derived"))
        )


class PlanItem(TimeStampedModel):
    """An action of a plan, or a target (milestone) under an action. Both carry the same
    things: who is responsible, when, status, RAG, progress, indicator, cost, evidence."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        help_text="The action a target belongs to.",
    )
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.ACTION)
    position = models.PositiveIntegerField(default=0)
    description = BoundedTextField()
    how = BoundedTextField(blank=True)
    responsibility = models.CharField(
        max_length=200, blank=True, help_text="The body responsible, e.g. “MPA CDO Unit”."
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items_led",
        help_text="The person who reports progress and gets the reminders.",
    )
    timing = models.CharField(max_length=10, choices=Timing.choices, default=Timing.UNSET)
    timing_text = models.CharField(
        "timing as written",
        max_length=100,
        blank=True,
        help_text="As the plan gave it: “1/2”, “on-going”, “30/4/02”.",
    )
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField(
        validators=DATE_VALIDATORS,
        null=True,
        blank=True,
        help_text="The date given, or for plan years the end of the last year (31 March).",
    )
    priority_project = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    rag_override = models.CharField(
        "RAG set by hand", max_length=10, choices=Rag.choices, blank=True
    )
    rag_override_reason = BoundedTextField("why the RAG is set by hand", blank=True)
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=PERCENT)
    performance_indicator = BoundedTextField(blank=True)
    estimated_cost = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=MONEY_VALIDATORS
    )
    actual_cost = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=MONEY_VALIDATORS
    )
    consultations = models.ManyToManyField(
        Consultation, blank=True, related_name="plan_items", verbose_name="consultations it answers"
    )
    findings = models.ManyToManyField(
        Finding, blank=True, related_name="plan_items", verbose_name="findings it answers"
    )
    last_progress_on = models.DateField(
        validators=DATE_VALIDATORS,
        null=True,
        blank=True,
        help_text="The date of the latest progress update.",
    )
    reprioritised_for_fy = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The financial year whose year-turn walk last saw it."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "objective__position", "objective", "position", "pk"]
        indexes = [
            models.Index(fields=["plan", "objective", "position"]),
            models.Index(fields=["lead", "status"]),
            models.Index(fields=["due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ItemKind.ACTION, parent__isnull=True)
                | Q(kind=ItemKind.TARGET, parent__isnull=False),
                name="planitem_targets_and_only_targets_have_an_action",
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="planitem_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""),
                name="planitem_rag_by_hand_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(timing=Timing.DATE) | Q(due_on__isnull=False),
                name="planitem_dated_timing_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(timing=Timing.YEARS)
                | Q(year_from__gte=1, year_to__gte=F("year_from")),
                name="planitem_plan_years_in_order",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("workplans:item-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.kind == ItemKind.TARGET and not self.parent_id:
            errors["parent"] = "A target belongs to an action."
        if self.kind == ItemKind.ACTION and self.parent_id:
            errors["parent"] = "An action does not belong to another action."
        if self.percent_complete is not None and self.percent_complete > 100:
            errors["percent_complete"] = "Give a percentage from 0 to 100."
        if self.rag_override and not self.rag_override_reason.strip():
            errors["rag_override_reason"] = "Say why the RAG is set by hand."
        if self.timing == Timing.DATE and not self.due_on:
            errors["due_on"] = "Give the date it is due."
        if self.timing == Timing.YEARS and not (
            self.year_from and self.year_to and self.year_to >= self.year_from
        ):
            errors["timing_text"] = "Give the plan years in order, like 1 or 1/2."
        if errors:
            raise ValidationError(errors)

    @property
    def timing_as_written(self) -> str:
        """The timing as the plan gave it, or (rows written without the text) as a plan
        would write it; ``parse_timing`` reads either back to the same timing."""
        if self.timing_text:
            return self.timing_text
        if self.timing == Timing.DATE:
            return written_date(self.due_on)
        if self.timing == Timing.YEARS:
            if self.year_from == self.year_to:
                return str(self.year_from)
            return f"{self.year_from}/{self.year_to}"
        return ""

    @property
    def timing_label(self) -> str:
        return describe(self.timing, self.year_from, self.year_to, self.due_on)

    @property
    def is_action(self) -> bool:
        return self.kind == ItemKind.ACTION

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def days_since_update(self) -> int | None:
        if self.last_progress_on is None:
            return None
        return (timezone.localdate() - self.last_progress_on).days


class EvidenceLink(TimeStampedModel):
    """Where the proof of the work is: a report, minutes, a web page."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return self.title


class ProgressUpdate(TimeStampedModel):
    """A dated note of progress, optionally moving the item's status and percent."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField(default=timezone.localdate, validators=DATE_VALIDATORS)
    note = BoundedTextField()
    new_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    new_percent = models.PositiveSmallIntegerField(null=True, blank=True, validators=PERCENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_percent__isnull=True) | Q(new_percent__lte=100),
                name="progressupdate_percent_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.written_on}: {self.note[:60]}"
