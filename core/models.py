from django.db import models


class TimeStampedModel(models.Model):
    """Every domain row records when it was created and last changed."""

    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
