"""London's geography as policing sees it: command units, boroughs and wards."""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel
from core.roles import Role

# Roles that place records (events, groups, consultations) anywhere in London.
LONDON_WIDE_WRITERS = (Role.ADMINISTRATOR, Role.UNIT_STAFF)

borough_code_validator = RegexValidator(r"^E09\d{6}$", "An ONS borough code looks like E09000007.")
ward_code_validator = RegexValidator(r"^E05\d{6}$", "An ONS ward code looks like E05013656.")


class CommandUnit(TimeStampedModel):
    """An MPS basic command unit (BCU): the operational grouping of two to four boroughs."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "command unit (BCU)"
        verbose_name_plural = "command units (BCUs)"

    def __str__(self):
        return self.name


class BoroughQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Boroughs are public reference data: every signed-in user sees all of them."""
        return self if user.is_authenticated else self.none()

    def editable_by(self, user):
        """The boroughs a user may place records in: any for administrators and unit staff,
        a sergeant's wards' boroughs only, none for anyone else. Every borough choice on a
        form that writes is limited to these (issue 10: no cross-ward writes)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(*LONDON_WIDE_WRITERS):
            return self
        if user.has_role(Role.NEIGHBOURHOOD_SERGEANT):
            return self.filter(pk__in=user.wards.values("borough_id"))
        return self.none()


class Borough(TimeStampedModel):
    """One of the 32 London boroughs policed by the MPS (the City has its own force)."""

    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[borough_code_validator]
    )
    name = models.CharField(max_length=100, unique=True)
    command_unit = models.ForeignKey(
        CommandUnit, on_delete=models.PROTECT, related_name="boroughs", verbose_name="BCU"
    )

    objects = BoroughQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ons_code__regex=r"^E09\d{6}$"), name="borough_ons_code_format"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("areas:borough-detail", kwargs={"ons_code": self.ons_code})


class WardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The wards a user may see: all of them for London-wide roles, a sergeant's own.

        Kept in step with the predicate in areas/rules.py; tests hold them together.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_london_wide_view:
            return self
        return self.filter(sergeants=user)

    def editable_by(self, user):
        """The wards a user may place records in: any for administrators and unit staff, a
        sergeant's own only, none for anyone else (an authority member reads, never writes).
        Every ward choice on a form that writes is limited to these."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(*LONDON_WIDE_WRITERS):
            return self
        if user.has_role(Role.NEIGHBOURHOOD_SERGEANT):
            return self.filter(sergeants=user)
        return self.none()


class Ward(TimeStampedModel):
    """An electoral ward, as published in the ONS ward-to-local-authority lookup."""

    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[ward_code_validator]
    )
    name = models.CharField(max_length=150)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="wards")

    objects = WardQuerySet.as_manager()

    class Meta:
        ordering = ["borough__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ons_code__regex=r"^E05\d{6}$"), name="ward_ons_code_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.borough.name})"

    def get_absolute_url(self):
        return reverse("areas:ward-detail", kwargs={"ons_code": self.ons_code})
