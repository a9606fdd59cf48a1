from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from consultations.choices import FindingSource, ResourceKind
from consultations.models.consultations import Consultation
from consultations.models.events import Event
from consultations.models.groups import ConsultativeGroup
from consultations.models.responses import Response
from core.bounds import COUNT_VALIDATORS, MAX_COUNT, BoundedTextField
from core.models import TimeStampedModel


class Finding(TimeStampedModel):
    """A theme or issue people raised ("you said"), with where it came from and how often.
    Answered later by feedback ("we did") and turned into work-plan actions."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="findings"
    )
    group = models.ForeignKey(
        ConsultativeGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
    )
    title = models.CharField(max_length=250)
    description = BoundedTextField(blank=True)
    source = models.CharField(max_length=20, choices=FindingSource.choices)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    tags = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    times_raised = models.PositiveIntegerField(
        validators=COUNT_VALIDATORS,
        default=0,
        help_text="Raised by people at events or meetings (coded responses add theirs).",
    )
    responses = models.ManyToManyField(Response, blank=True, related_name="findings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation__isnull=False) | models.Q(group__isnull=False),
                name="finding_from_a_consultation_or_group",
            ),
            models.CheckConstraint(
                condition=models.Q(times_raised__lte=MAX_COUNT),
                name="finding_times_raised_in_bounds",
            ),
        ]

    def __str__(self):
        return self.title


class ToolkitResource(TimeStampedModel):
    """Guidance, templates and good-practice case studies for anyone running engagement."""

    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    summary = BoundedTextField()
    file = models.FileField(
        upload_to="toolkit/", blank=True, help_text="Stored under a random name."
    )
    original_name = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The uploaded file's own name."
    )
    link = models.URLField(blank=True)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="toolkit_resources",
        help_text="The past consultation it describes.",
    )
    tags = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
