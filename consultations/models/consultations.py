import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from areas.models import Borough, Ward
from consultations.choices import ConsultationStatus, EngagementLevel, Method
from consultations.models.scope import (
    covering_sergeants_wards,
    is_planner,
    is_sergeant,
    reads_all_of_london,
    within_sergeants_wards,
)
from core.bounds import DATE_VALIDATORS, MONEY_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from stakeholders.choices import ConsulteeCategory
from stakeholders.models import Community


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """London-wide roles read every consultation; a sergeant those covering one of
        their wards (all of London, their borough, or their wards) and the good-practice
        case studies of the toolkit: docs/security.md."""
        if reads_all_of_london(user):
            return self
        if is_sergeant(user):
            return self.filter(
                covering_sergeants_wards(self.model, user) | models.Q(is_good_practice=True)
            )
        return self.none()

    def editable_by(self, user):
        """Planners change any; a sergeant only those scoped to their own wards."""
        if is_planner(user):
            return self
        if is_sergeant(user):
            return within_sergeants_wards(self, user)
        return self.none()

    def in_status(self, *statuses):
        return self.filter(status__in=statuses)


# History (who changed what, status moves included); "history", as "events" are sessions.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="ConsultationEvent",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class Consultation(TimeStampedModel):
    title = models.CharField(max_length=250)
    why = BoundedTextField(
        "why it is happening", help_text="People are told why: the decision it informs."
    )
    can_influence = BoundedTextField(
        "what participants can influence",
        help_text="Engage only where people can change something: say what.",
    )
    already_fixed = BoundedTextField(
        "what is already decided", blank=True, help_text="What cannot change, and why."
    )
    engagement_level = models.CharField(max_length=20, choices=EngagementLevel.choices)
    methods = ArrayField(
        models.CharField(max_length=20, choices=Method.choices), default=list, blank=True
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations_led"
    )
    unit = models.CharField("lead unit", max_length=150)
    pan_london = models.BooleanField("all of London", default=False)
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="consultations")
    wards = models.ManyToManyField(Ward, blank=True, related_name="consultations")
    audience_categories = ArrayField(
        models.CharField(max_length=20, choices=ConsulteeCategory.choices),
        default=list,
        blank=True,
        verbose_name="consultee categories to reach",
    )
    communities = models.ManyToManyField(
        Community, blank=True, related_name="consultations", verbose_name="communities to reach"
    )
    statutory = models.BooleanField("required by statute", default=False)
    statutory_basis = models.CharField("which statutory requirement", max_length=250, blank=True)
    powers_to_explain = BoundedTextField("policing powers or methods to explain", blank=True)
    opens_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    closes_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    feedback_promised_by = models.DateField(
        validators=DATE_VALIDATORS,
        null=True,
        blank=True,
        help_text="When participants will hear what came of it.",
    )
    estimated_cost = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=MONEY_VALIDATORS
    )
    actual_cost = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=MONEY_VALIDATORS
    )
    status = models.CharField(
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
        editable=False,
    )
    is_good_practice = models.BooleanField(
        "marked as good practice", default=False, help_text="Shown in the toolkit."
    )
    good_practice_note = BoundedTextField(blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(why=""),
                name="consultation_says_why",
                violation_error_message="Say why the consultation is happening.",
            ),
            models.CheckConstraint(
                condition=~models.Q(can_influence=""),
                name="consultation_has_something_to_influence",
                violation_error_message=(
                    "Say what participants can influence: engage only where people can "
                    "change something."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(opens_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_it_opens",
                violation_error_message="It cannot close before it opens.",
            ),
            models.CheckConstraint(
                condition=models.Q(feedback_promised_by__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(feedback_promised_by__gte=models.F("closes_on")),
                name="consultation_feedback_after_close",
                violation_error_message="Feedback can only be promised after it closes.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.can_influence.strip():
            raise ValidationError(
                {
                    "can_influence": "Say what participants can influence: engage only where "
                    "people can change something. A consultation with nothing to influence is "
                    "not a consultation."
                }
            )
        if not self.why.strip():
            raise ValidationError({"why": "Say why the consultation is happening."})
        if self.statutory and not self.statutory_basis.strip():
            raise ValidationError({"statutory_basis": "Say which statutory requirement."})

    def get_absolute_url(self):
        return reverse("consultations:consultation-detail", kwargs={"pk": self.pk})
