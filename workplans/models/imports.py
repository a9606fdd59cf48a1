from django.conf import settings
from django.db import models

from core.bounds import FY_VALIDATORS
from core.models import TimeStampedModel
from workplans.models.plans import WorkPlan
from workplans.models.scope import RoleScopedQuerySet


class PlanImport(TimeStampedModel):
    """An import of a work plan from a spreadsheet, between upload and commit.

    The rows are copied here once the file is read, so the mapping and preview pages need
    no file; they are emptied once the import is done. A small file is read at upload; a
    larger one is kept (under a random name) until a Celery task has read it, then deleted.
    Into an existing plan, or into a new draft plan (``plan_title`` and the years), which
    is made only when the import commits, so an abandoned import leaves nothing behind.
    """

    class Status(models.TextChoices):
        READING = "reading", "Reading the file"
        FAILED = "failed", "The file could not be read"
        MAPPING = "mapping", "Columns to match"
        DONE = "done", "Imported"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MAPPING)
    filename = models.CharField(max_length=255, help_text="The uploaded file's own name.")
    file = models.FileField(upload_to="plan-imports/%Y/%m/", blank=True)
    failure = models.TextField(blank=True, help_text="Why the file could not be read.")
    shape = models.CharField(max_length=20, blank=True, help_text="The table shape recognised.")
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list, help_text="[row number, [cells]] for each row.")
    mapping = models.JSONField(default=dict, help_text="Field name → column index.")
    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="imports"
    )
    plan_title = models.CharField(max_length=250, blank=True)
    plan_owning_unit = models.CharField(max_length=150, blank=True)
    plan_starts_fy = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=FY_VALIDATORS
    )
    plan_ends_fy = models.PositiveSmallIntegerField(null=True, blank=True, validators=FY_VALIDATORS)
    items_created = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False) | ~models.Q(plan_title=""),
                name="planimport_into_a_plan_or_a_new_one",
            ),
        ]

    def __str__(self):
        return self.filename
