from django.conf import settings
from django.db import models


class DuplicateDismissal(models.Model):
    """A pair someone reviewed and judged to be two different records: not shown again."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "Contact"
        ORGANISATION = "organisation", "Organisation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    first_id = models.BigIntegerField()
    second_id = models.BigIntegerField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "first_id", "second_id"], name="duplicate_dismissed_once"
            ),
            models.CheckConstraint(
                condition=models.Q(first_id__lt=models.F("second_id")),
                name="duplicate_pair_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.first_id} and {self.second_id} are different"
