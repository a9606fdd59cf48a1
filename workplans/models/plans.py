from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.bounds import DATE_VALIDATORS, EARLIEST_FY, LATEST_FY, BoundedTextField
from core.models import TimeStampedModel
from workplans.choices import ObjectiveKind, PlanStatus, Principle
from workplans.fy import fy_label
from workplans.models.scope import RoleScopedQuerySet


class WorkPlan(TimeStampedModel):
    """A plan of work over one or more financial years, with its objectives."""

    title = models.CharField(max_length=250)
    owning_unit = models.CharField(
        max_length=150, help_text="For example “MPS Strategic Consultation Unit”."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workplans_owned",
        help_text="The lead officer for the plan: they get the weekly digest.",
    )
    description = BoundedTextField(blank=True)
    starts_fy = models.PositiveSmallIntegerField(
        "first financial year", help_text="The year it starts in: 2026 for 2026/27."
    )
    ends_fy = models.PositiveSmallIntegerField(
        "last financial year", help_text="The year it starts in: 2028 for 2028/29."
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    endorsed_by = models.CharField(
        max_length=200, blank=True, help_text="The committee or board that endorsed it."
    )
    endorsed_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    strategy = models.CharField(
        "strategy it serves",
        max_length=250,
        blank=True,
        help_text="For example “MPS Consultation Strategy”.",
    )
    principles = ArrayField(
        models.CharField(max_length=20, choices=Principle.choices),
        default=list,
        blank=True,
        verbose_name="engagement principles it serves",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_fy", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_fy__gte=models.F("starts_fy")),
                name="workplan_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_fy__gte=EARLIEST_FY, ends_fy__lte=LATEST_FY),
                name="workplan_years_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.ENDORSED)
                | (~models.Q(endorsed_by="") & models.Q(endorsed_on__isnull=False)),
                name="workplan_endorsed_says_by_whom_and_when",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplans:plan-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_fy and not EARLIEST_FY <= self.starts_fy <= LATEST_FY:
            errors["starts_fy"] = f"Give a year between {EARLIEST_FY} and {LATEST_FY}."
        if self.ends_fy and not EARLIEST_FY <= self.ends_fy <= LATEST_FY:
            errors["ends_fy"] = f"Give a year between {EARLIEST_FY} and {LATEST_FY}."
        if self.starts_fy and self.ends_fy and self.ends_fy < self.starts_fy:
            errors["ends_fy"] = "The last financial year cannot come before the first."
        if self.status == PlanStatus.ENDORSED:
            if not self.endorsed_by:
                errors["endorsed_by"] = "An endorsed plan says which committee endorsed it."
            if not self.endorsed_on:
                errors["endorsed_on"] = "An endorsed plan says when it was endorsed."
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        if self.starts_fy == self.ends_fy:
            return fy_label(self.starts_fy)
        return f"{fy_label(self.starts_fy)} to {fy_label(self.ends_fy)}"

    @property
    def years(self) -> int:
        return self.ends_fy - self.starts_fy + 1

    def get_principles_display(self) -> list[str]:
        return [Principle(value).label for value in self.principles]


class Objective(TimeStampedModel):
    """What the plan's actions are for: an outcome sought, a strategy strand or a
    principle (the first column of the seeds' work plan tables)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(
        max_length=20, choices=ObjectiveKind.choices, default=ObjectiveKind.OUTCOME
    )
    title = models.CharField(max_length=300)
    description = BoundedTextField(blank=True)
    principle = models.CharField(
        max_length=20, choices=Principle.choices, blank=True, help_text="The principle it serves."
    )
    position = models.PositiveIntegerField(default=0)

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self):
        return self.title
