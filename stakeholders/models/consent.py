from django.conf import settings
from django.db import models
from django.utils import timezone

from stakeholders.choices import Channel, ConsentMethod


class ConsentRecord(models.Model):
    """One statement of consent for a channel, or its withdrawal. Never edited: a change
    is a new record, so the log shows who said what, when, how and to which wording."""

    contact = models.ForeignKey(
        "stakeholders.Contact", on_delete=models.CASCADE, related_name="consent_records"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    granted = models.BooleanField(help_text="True: consent given. False: withdrawn or refused.")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField("how it was given", max_length=20, choices=ConsentMethod.choices)
    wording_version = models.CharField(
        max_length=50, blank=True, help_text="Which consent wording the person saw, e.g. 'v3 2026'."
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["contact", "channel", "-recorded_at"])]

    def __str__(self):
        verb = "gave" if self.granted else "withdrew"
        return f"{self.contact} {verb} {self.get_channel_display().lower()} consent"


class OutreachRecord(models.Model):
    """Each time engage invites a person to something: the basis of the fatigue cap.

    Written by the apps that send invitations (through stakeholders.services.outreach),
    so the contact rules can count them without knowing those apps.
    """

    contact = models.ForeignKey(
        "stakeholders.Contact", on_delete=models.CASCADE, related_name="outreach_records"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["contact", "-sent_at"])]

    def __str__(self):
        return self.description
