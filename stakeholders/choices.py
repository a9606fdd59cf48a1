"""The fixed vocabularies of the stakeholder database."""

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    PHONE = "phone", "Phone"


class OrganisationKind(models.TextChoices):
    STATUTORY = "statutory", "Statutory body"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VOLUNTARY = "voluntary", "Voluntary and community group"
    FAITH = "faith", "Faith group"
    BUSINESS = "business", "Business"
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    UMBRELLA = "umbrella", "Umbrella body"
    MEDIA = "media", "Media (including ethnic and specialist media)"
    IAG = "iag", "Independent advisory group"
    OTHER = "other", "Other"


class ConsulteeCategory(models.TextChoices):
    STATUTORY = "statutory", "Statutory consultee"
    PUBLIC = "public", "Member of the public"
    GROUP_REPRESENTATIVE = "representative", "Representative of a group"
    SERVICE_USER = "service_user", "Service user"
    STAFF = "staff", "Staff"


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6 bases that apply to consultation contact."""

    CONSENT = "consent", "Consent"
    PUBLIC_TASK = "public_task", "Public task"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"


class ConsentMethod(models.TextChoices):
    ONLINE_FORM = "online_form", "Online form"
    PAPER_FORM = "paper_form", "Paper form"
    VERBAL = "verbal", "Verbally (in person or by phone)"
    EMAIL = "email", "By email"
    IMPORTED = "imported", "Imported from an earlier list"
    OTHER = "other", "Other"


class InteractionKind(models.TextChoices):
    MET = "met", "Met"
    PHONED = "phoned", "Phoned"
    EMAILED = "emailed", "Emailed"
    ATTENDED = "attended", "Attended"
    WROTE = "wrote", "Wrote"
