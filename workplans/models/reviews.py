from django.conf import settings
from django.db import models
from django.urls import reverse

from core.bounds import DATE_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from workplans.choices import ItemStatus, Rag, ReviewKind
from workplans.models.items import PlanItem
from workplans.models.plans import WorkPlan
from workplans.models.scope import RoleScopedQuerySet


class PlanReview(TimeStampedModel):
    """A review of a plan by the board (half-yearly), the committee (annually) or at the
    turn of the financial year. It keeps a snapshot of every item (ReviewEntry), so later
    pages can say what moved and what slipped since."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    held_on = models.DateField(validators=DATE_VALIDATORS)
    reviewed_by = models.CharField(
        max_length=200, help_text="The board or committee, e.g. “Consultation Board”."
    )
    notes = BoundedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.held_on:%-d %b %Y}"

    def get_absolute_url(self):
        return reverse("workplans:review-detail", kwargs={"pk": self.pk})


class ReviewEntry(models.Model):
    """One item as it stood at a review."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="review_entries")
    status = models.CharField(max_length=20, choices=ItemStatus.choices)
    rag = models.CharField(max_length=10, choices=Rag.choices)
    percent_complete = models.PositiveSmallIntegerField()
    due_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="reviewentry_once_per_item"),
        ]

    def __str__(self):
        return f"{self.item_id} at review {self.review_id}: {self.status}"
