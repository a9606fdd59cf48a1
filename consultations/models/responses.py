from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from consultations.choices import QuestionKind
from consultations.models.consultations import Consultation
from core.bounds import BoundedTextField
from core.models import TimeStampedModel


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    options = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="The choices, for single and multiple choice questions.",
    )
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["consultation", "position", "pk"]

    def __str__(self):
        return self.text


class Response(TimeStampedModel):
    """One person's answers, online or entered later from paper or a street briefing."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    consents_to_contact = models.BooleanField(
        default=False, help_text="Agreed to hear back about this consultation."
    )
    offline = models.BooleanField(
        default=False, help_text="Entered from paper or a street briefing."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A keyed hash of the sender's address, for the rate limit: never the address itself.
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Response {self.pk} to {self.consultation}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = BoundedTextField(blank=True)
    choices = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="rating_one_to_five",
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question}"
