"""Reference lists kept by administrators: communities served and topics of interest."""

from django.db import models


class Community(models.Model):
    """A community of identity or experience an organisation serves, grouped by strand
    (the seeds' hard-to-reach groups: age, ethnicity, faith, disability, ...)."""

    class Strand(models.TextChoices):
        AGE = "age", "Age"
        ETHNICITY = "ethnicity", "Race and ethnicity"
        FAITH = "faith", "Faith and belief"
        DISABILITY = "disability", "Disability"
        SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
        GENDER = "gender", "Gender, including transgender"
        NEW_COMMUNITIES = "new_communities", "New and emerging communities"
        VICTIMS = "victims", "Victims"
        BUSINESS = "business", "Small businesses"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120, unique=True)
    strand = models.CharField(max_length=30, choices=Strand.choices)
    hard_to_reach = models.BooleanField(
        default=False, help_text="Named by the seeds as not consulted systematically."
    )

    class Meta:
        ordering = ["strand", "name"]
        verbose_name_plural = "communities"

    def __str__(self):
        return self.name


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
