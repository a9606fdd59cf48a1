"""People we engage. Personal data: see docs/stakeholders.md for who may see what."""

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from phonenumber_field.modelfields import PhoneNumberField

from areas.models import Borough, Ward
from core.bounds import DATE_VALIDATORS, BoundedTextField
from core.models import TimeStampedModel
from core.roles import Role
from stakeholders.choices import Channel, ConsulteeCategory, LawfulBasis
from stakeholders.validators import normalise_postcode, validate_uk_postcode

# What describes a person and is set by people (forms, imports, merges): everything but the
# consent flags (written from the consent log) and the erasure stamp.
CONTACT_DETAIL_FIELDS = (
    "name",
    "job_title",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "home_borough",
    "home_ward",
    "preferred_channel",
    "language",
    "needs_interpreter",
    "needs_bsl",
    "needs_large_print",
    "needs_step_free",
    "access_notes",
    "category",
    "source",
    "last_verified",
    "lawful_basis",
    "do_not_contact",
    "do_not_contact_reason",
)


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Unit staff and administrators see every contact; a sergeant sees the contacts
        who live in their wards; authority members and everyone else see none.

        Kept in step with ``stakeholders.rules``; tests hold the two together.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.ADMINISTRATOR, Role.UNIT_STAFF):
            return self
        if user.has_role(Role.NEIGHBOURHOOD_SERGEANT):
            return self.filter(home_ward__in=user.wards.all(), erased_at__isnull=True)
        return self.none()

    def active(self):
        """Contacts that have not been erased."""
        return self.filter(erased_at__isnull=True)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="ContactEvent")
class Contact(TimeStampedModel):
    name = models.CharField(max_length=200)
    job_title = models.CharField("role or job title", max_length=200, blank=True)
    organisations = models.ManyToManyField(
        "stakeholders.Organisation", through="stakeholders.Membership", related_name="contacts"
    )
    email = models.EmailField("email address", blank=True)
    phone = PhoneNumberField(blank=True, region="GB", help_text="UK or international number.")
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_uk_postcode])
    home_borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    home_ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    preferred_channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    language = models.CharField("preferred language", max_length=60, blank=True)
    needs_interpreter = models.BooleanField("needs an interpreter", default=False)
    needs_bsl = models.BooleanField("needs a BSL interpreter", default=False)
    needs_large_print = models.BooleanField("needs large print", default=False)
    needs_step_free = models.BooleanField("needs step-free access", default=False)
    access_notes = BoundedTextField("other access needs", blank=True)
    category = models.CharField(
        "consultee category", max_length=20, choices=ConsulteeCategory.choices
    )
    topics = models.ManyToManyField("stakeholders.Topic", blank=True, related_name="contacts")
    source = models.CharField(max_length=200, blank=True, help_text="Where this contact came from.")
    last_verified = models.DateField(
        validators=DATE_VALIDATORS,
        null=True,
        blank=True,
        help_text="When the details were last confirmed as current.",
    )
    lawful_basis = models.CharField(
        max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.CONSENT
    )
    # Current consent per channel. Written only by stakeholders.services.consent, from the
    # ConsentRecord log (the source of truth), so lists can filter on it cheaply.
    email_consent = models.BooleanField(default=False, editable=False)
    post_consent = models.BooleanField(default=False, editable=False)
    phone_consent = models.BooleanField(default=False, editable=False)
    do_not_contact = models.BooleanField(
        default=False, help_text="Never contact this person, whatever their consent says."
    )
    do_not_contact_reason = models.CharField(max_length=200, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="contact_name_trgm"),
            # The list's order: deep pages stay fast at 100,000 contacts.
            models.Index(fields=["name", "id"], name="contact_name_id"),
            models.Index(Upper("email"), name="contact_email_upper"),
            models.Index(fields=["phone"], name="contact_phone"),
            models.Index(fields=["postcode"], name="contact_postcode"),
            models.Index(fields=["last_verified"], name="contact_last_verified"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(do_not_contact=True, do_not_contact_reason=""),
                name="contact_do_not_contact_has_reason",
                violation_error_message="Say why this person must not be contacted.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.postcode = normalise_postcode(self.postcode)
        self.email = self.email.strip().lower()
        if self.home_ward_id and not self.home_borough_id:
            self.home_borough_id = self.home_ward.borough_id
        if self.home_ward_id and self.home_ward.borough_id != self.home_borough_id:
            raise ValidationError({"home_ward": "This ward is not in the home borough chosen."})

    def get_absolute_url(self):
        return reverse("stakeholders:contact-detail", kwargs={"pk": self.pk})

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def has_consent(self, channel: str) -> bool:
        return getattr(self, f"{channel}_consent")

    @property
    def postal_address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)
