from django.db import models
from django.utils import timezone

from consultations.choices import InvitationStatus
from consultations.models.events import Event
from core.models import TimeStampedModel
from stakeholders.choices import Channel
from stakeholders.models import Contact

# A failing send is retried this many times (across workers and restarts), then left FAILED.
MAX_SEND_ATTEMPTS = 5


class Invitation(TimeStampedModel):
    """One person invited to one event. The row is the outbox entry: it is created QUEUED in
    the transaction that decides to invite, and a task sends it (DESIGN.md, Celery)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="invitations")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "contact__name"]
        indexes = [models.Index(fields=["status", "modified"])]
        constraints = [
            # Rebuilding an audience never invites anyone twice.
            models.UniqueConstraint(fields=["event", "contact"], name="invited_once_per_event"),
        ]

    def __str__(self):
        return f"{self.contact} to {self.event}"

    def mark_responded(self, status: str) -> None:
        self.status = status
        self.responded_at = timezone.now()
