from django.conf import settings
from django.db import models
from django.utils import timezone

from core.bounds import DATE_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from stakeholders.choices import InteractionKind


class InteractionQuerySet(models.QuerySet):
    def follow_ups_due(self, *, user, on=None):
        """The user's own follow-ups that are due by ``on`` (today) and not yet done."""
        on = on or timezone.localdate()
        return self.filter(
            logged_by=user, follow_up_on__lte=on, follow_up_done_at__isnull=True
        ).order_by("follow_up_on")


class Interaction(TimeStampedModel):
    """A dated entry in the log of a contact or an organisation."""

    contact = models.ForeignKey(
        "stakeholders.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interactions",
    )
    kind = models.CharField(max_length=10, choices=InteractionKind.choices)
    occurred_on = models.DateField(default=timezone.localdate, validators=DATE_VALIDATORS)
    summary = BoundedTextField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interactions_logged"
    )
    follow_up_on = models.DateField(
        "follow up by", null=True, blank=True, validators=DATE_VALIDATORS
    )
    follow_up_done_at = models.DateTimeField(null=True, blank=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["logged_by", "follow_up_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False) | models.Q(organisation__isnull=False),
                name="interaction_about_someone",
                violation_error_message="An interaction is with a contact or an organisation.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on:%d %b %Y}"
