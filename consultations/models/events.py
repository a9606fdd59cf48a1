from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from areas.models import Borough, Ward
from consultations.choices import ConsultationStatus
from consultations.models.consultations import Consultation
from consultations.models.groups import ConsultativeGroup
from consultations.models.scope import (
    is_planner,
    is_sergeant,
    reads_all_of_london,
    within_sergeants_wards,
)
from core.bounds import (
    COUNT_VALIDATORS,
    DATE_VALIDATORS,
    MAX_COUNT,
    MAX_REMINDER_DAYS,
    BoundedTextField,
)
from core.models import TimeStampedModel
from stakeholders.models import Community, Contact


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The events of the consultations and groups the user reads."""
        if reads_all_of_london(user):
            return self
        if is_sergeant(user):
            return self.filter(
                models.Q(consultation__in=Consultation.objects.visible_to(user).values("pk"))
                | models.Q(group__in=ConsultativeGroup.objects.visible_to(user).values("pk"))
            )
        return self.none()

    def editable_by(self, user):
        """Events of the consultations and groups the user may change."""
        if is_planner(user):
            return self
        if is_sergeant(user):
            consultations = within_sergeants_wards(Consultation.objects.all(), user)
            groups = ConsultativeGroup.objects.editable_by(user)
            return self.filter(
                models.Q(consultation__in=consultations.values("pk"))
                | models.Q(group__in=groups.values("pk"))
            )
        return self.none()

    def published(self):
        """What the public sees: published, not cancelled, and not part of a consultation
        that is still a draft."""
        return self.filter(published=True, cancelled=False).exclude(
            consultation__status=ConsultationStatus.DRAFT
        )


class Event(TimeStampedModel):
    """A session of a consultation, or a meeting of a standing group."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    group = models.ForeignKey(
        ConsultativeGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    title = models.CharField(max_length=250)
    starts_at = models.DateTimeField(validators=DATE_VALIDATORS)
    ends_at = models.DateTimeField(validators=DATE_VALIDATORS)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    step_free = models.BooleanField("step-free access", default=False)
    hearing_loop = models.BooleanField(default=False)
    interpreters = models.CharField(
        max_length=200, blank=True, help_text="Languages offered, including BSL."
    )
    access_notes = BoundedTextField(blank=True)
    online_link = models.URLField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, validators=COUNT_VALIDATORS)
    published = models.BooleanField(
        default=False, help_text="Listed publicly and in the calendar feeds."
    )
    cancelled = models.BooleanField(default=False)
    reminder_days_before = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAX_REMINDER_DAYS)],
        default=3,
        help_text="Invited people who have not declined are reminded this early.",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ward", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation__isnull=True, group__isnull=False)
                | models.Q(consultation__isnull=False, group__isnull=True),
                name="event_of_a_consultation_or_a_group",
                violation_error_message="An event belongs to a consultation or to a group.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message="An event ends after it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__lte=MAX_COUNT),
                name="event_capacity_in_bounds",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.consultation_id) == bool(self.group_id):
            raise ValidationError("An event belongs to a consultation or to a group.")
        if self.ward_id and not self.borough_id:
            self.borough_id = self.ward.borough_id

    def get_absolute_url(self):
        return reverse("consultations:event-detail", kwargs={"pk": self.pk})

    @property
    def owner(self):
        return self.consultation or self.group


class BriefingMaterial(TimeStampedModel):
    """A file participants get beforehand (Preparation). Served only to signed-in users or
    through an invitation's signed link."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="briefings/%Y/%m/", help_text="Stored under a random name.")
    original_name = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The uploaded file's own name."
    )
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Attendance(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attendances")
    walk_in = models.BooleanField(default=False, help_text="Came without an invitation.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "contact"], name="attended_once"),
        ]

    def __str__(self):
        return f"{self.contact} at {self.event}"


class HeadCount(TimeStampedModel):
    """Anonymous attendance: the total (community blank), or a count by community."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="head_counts")
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(validators=COUNT_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "community"],
                name="one_count_per_community",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(count__lte=MAX_COUNT), name="head_count_in_bounds"
            ),
        ]

    def __str__(self):
        return f"{self.count} ({self.community or 'total'})"


class ClashAcknowledgement(TimeStampedModel):
    """A planner saw a clash warning and went ahead, saying why (kept on record)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="clashes"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="clashes"
    )
    other_activity = models.CharField(max_length=300, help_text="What it clashed with.")
    reason = BoundedTextField("why go ahead")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Clash with {self.other_activity}"
