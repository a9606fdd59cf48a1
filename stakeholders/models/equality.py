"""Equality monitoring: voluntary, special category data, kept apart from contact details.

Only unit staff holding the extra permissions ``stakeholders.view_equalityprofile`` /
``stakeholders.change_equalityprofile`` see or edit a person's answers; everyone else
sees aggregates with small counts suppressed (stakeholders.selectors.equality).
"""

from django.conf import settings
from django.db import models

from core.bounds import DATE_VALIDATORS
from core.models import TimeStampedModel


# Every question has "Prefer not to say" as an answer of its own, distinct from blank
# (not asked).
class EqualityProfile(TimeStampedModel):
    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", "Under 18"
        AGE_18_24 = "18_24", "18 to 24"
        AGE_25_34 = "25_34", "25 to 34"
        AGE_35_44 = "35_44", "35 to 44"
        AGE_45_54 = "45_54", "45 to 54"
        AGE_55_64 = "55_64", "55 to 64"
        AGE_65_PLUS = "65_plus", "65 or over"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class Ethnicity(models.TextChoices):
        """The high-level groups of the 2021 Census for England and Wales."""

        ASIAN = "asian", "Asian, Asian British or Asian Welsh"
        BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Other ethnic group"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class Religion(models.TextChoices):
        NONE = "none", "No religion"
        BUDDHIST = "buddhist", "Buddhist"
        CHRISTIAN = "christian", "Christian"
        HINDU = "hindu", "Hindu"
        JEWISH = "jewish", "Jewish"
        MUSLIM = "muslim", "Muslim"
        SIKH = "sikh", "Sikh"
        OTHER = "other", "Any other religion"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class SexualOrientation(models.TextChoices):
        STRAIGHT = "straight", "Straight or heterosexual"
        GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
        BISEXUAL = "bisexual", "Bisexual"
        OTHER = "other", "Another sexual orientation"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    contact = models.OneToOneField(
        "stakeholders.Contact", on_delete=models.CASCADE, related_name="equality_profile"
    )
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_identity_differs = models.CharField(
        "gender identity different from sex registered at birth",
        max_length=12,
        choices=YesNo.choices,
        blank=True,
    )
    sexual_orientation = models.CharField(
        max_length=12, choices=SexualOrientation.choices, blank=True
    )
    ethnicity = models.CharField(
        "ethnic group", max_length=12, choices=Ethnicity.choices, blank=True
    )
    religion = models.CharField(
        "religion or belief", max_length=12, choices=Religion.choices, blank=True
    )
    disability = models.CharField(
        "disabled (Equality Act 2010)", max_length=12, choices=YesNo.choices, blank=True
    )
    explicit_consent_given_on = models.DateField(
        validators=DATE_VALIDATORS,
        null=True,
        blank=True,
        help_text="When the person agreed to give these answers.",
    )
    objected = models.BooleanField(
        "objects to equality monitoring",
        default=False,
        help_text="The person has objected: hold no answers and do not ask again.",
    )
    objected_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(objected=False)
                | models.Q(
                    age_band="",
                    sex="",
                    gender_identity_differs="",
                    sexual_orientation="",
                    ethnicity="",
                    religion="",
                    disability="",
                ),
                name="equality_no_answers_after_objection",
                violation_error_message="A person who objected has no answers held.",
            ),
        ]

    def __str__(self):
        return f"Equality monitoring for contact {self.contact_id}"
