import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from phonenumber_field.modelfields import PhoneNumberField

from areas.models import Borough, Ward
from core.bounds import DATE_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from core.roles import Role
from stakeholders.choices import OrganisationKind


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations are a directory the unit shares with sergeants; authority members
        do not use it (its single points of contact are personal data)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.NEIGHBOURHOOD_SERGEANT):
            return self
        return self.none()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="OrganisationEvent")
class Organisation(TimeStampedModel):
    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="umbrella organisation",
        help_text="The umbrella body this organisation belongs to, if any.",
    )
    pan_london = models.BooleanField("serves all of London", default=False)
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="organisations")
    wards = models.ManyToManyField(Ward, blank=True, related_name="organisations")
    communities = models.ManyToManyField(
        "stakeholders.Community",
        blank=True,
        related_name="organisations",
        verbose_name="communities served",
    )
    topics = models.ManyToManyField(
        "stakeholders.Topic",
        blank=True,
        related_name="organisations",
        verbose_name="topics of interest",
    )
    single_point_of_contact = models.ForeignKey(
        "stakeholders.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations_led",
        help_text="The one person the unit goes to first.",
    )
    website = models.URLField(blank=True)
    email = models.EmailField("general email address", blank=True)
    phone = PhoneNumberField("general phone number", blank=True, region="GB")
    notes = BoundedTextField(blank=True)
    last_verified = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="organisation_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="organisation_not_its_own_umbrella",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "An organisation cannot be its own umbrella."})
            ancestor = ancestor.parent

    def get_absolute_url(self):
        return reverse("stakeholders:organisation-detail", kwargs={"pk": self.pk})


# Deletes are tracked too: leaving an organisation is part of a person's history.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="MembershipEvent",
)
class Membership(TimeStampedModel):
    """A person's place in an organisation: one person can belong to several."""

    contact = models.ForeignKey(
        "stakeholders.Contact", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("role in the organisation", max_length=200, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "organisation"], name="membership_once_per_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.contact}, {self.organisation}"
