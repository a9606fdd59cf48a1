from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from areas.models import Borough, Ward
from consultations.choices import GroupKind, GroupRole
from consultations.models.scope import (
    is_planner,
    is_sergeant,
    own_borough_ids,
    own_ward_ids,
    reads_all_of_london,
)
from core.bounds import DATE_VALIDATORS, MAX_INTERVAL_DAYS, BoundedTextField
from core.models import TimeStampedModel
from stakeholders.models import Community, Contact


class ConsultativeGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """London-wide roles read every group; a sergeant the groups covering one of their
        wards: London-wide groups, their boroughs' borough-wide groups (a CPEG or Safer
        Neighbourhood Board) and their own wards' groups, never another ward's panel."""
        if reads_all_of_london(user):
            return self
        if is_sergeant(user):
            return self.filter(
                models.Q(pan_london=True)
                | models.Q(ward__in=own_ward_ids(user))
                | models.Q(ward__isnull=True, borough__in=own_borough_ids(user))
            )
        return self.none()

    def editable_by(self, user):
        """Planners change any group; a sergeant the groups of their own wards."""
        if is_planner(user):
            return self
        if is_sergeant(user):
            return self.filter(ward__in=user.wards.values("pk"))
        return self.none()


class ConsultativeGroup(TimeStampedModel):
    """A standing group: ward panel, CPEG / Safer Neighbourhood Board, IAG, youth panel."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    pan_london = models.BooleanField("covers all of London", default=False)
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="groups"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="groups"
    )
    description = BoundedTextField(blank=True)
    meets_every_days = models.PositiveSmallIntegerField(
        "meets every (days)",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INTERVAL_DAYS)],
        null=True,
        blank=True,
        help_text="The meeting programme: e.g. 60 for about six meetings a year.",
    )
    active = models.BooleanField(default=True)
    members = models.ManyToManyField(Contact, through="GroupMembership", related_name="groups")

    objects = ConsultativeGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=GroupKind.WARD_PANEL) | models.Q(ward__isnull=False),
                name="ward_panel_has_a_ward",
                violation_error_message="A ward panel belongs to a ward.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == GroupKind.WARD_PANEL and not self.ward_id:
            raise ValidationError({"ward": "A ward panel belongs to a ward."})
        if self.ward_id and self.borough_id and self.ward.borough_id != self.borough_id:
            raise ValidationError({"ward": "This ward is not in the borough chosen."})
        if self.ward_id and not self.borough_id:
            self.borough_id = self.ward.borough_id

    def get_absolute_url(self):
        return reverse("consultations:group-detail", kwargs={"pk": self.pk})


class GroupMembership(TimeStampedModel):
    group = models.ForeignKey(
        ConsultativeGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    communities = models.ManyToManyField(
        Community, blank=True, related_name="+", verbose_name="communities they bring"
    )
    joined_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    wants_reminders = models.BooleanField(
        "reminded before meetings", default=False, help_text="They asked to be reminded."
    )
    left_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    class Meta:
        ordering = ["group", "role", "contact__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "contact"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_membership_per_group",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="group_member_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.contact} ({self.get_role_display()}), {self.group}"
