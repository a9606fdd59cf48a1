"""Saved segments (filters), static lists, and audiences built from both."""

from django.conf import settings
from django.db import models

from core.bounds import BoundedTextField
from core.models import TimeStampedModel
from stakeholders.choices import Channel


class Segment(TimeStampedModel):
    """A saved contact search. ``filters`` holds the search form's values; the segment
    is evaluated afresh each time it is used, so it follows the database."""

    name = models.CharField(max_length=200, unique=True)
    description = BoundedTextField(blank=True)
    filters = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaticList(TimeStampedModel):
    """A hand-picked list of contacts: members stay until someone removes them."""

    name = models.CharField(max_length=200, unique=True)
    description = BoundedTextField(blank=True)
    members = models.ManyToManyField(
        "stakeholders.Contact", through="stakeholders.StaticListMember", related_name="lists"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaticListMember(models.Model):
    static_list = models.ForeignKey(StaticList, on_delete=models.CASCADE)
    contact = models.ForeignKey("stakeholders.Contact", on_delete=models.CASCADE)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["static_list", "contact"], name="list_member_once"),
        ]

    def __str__(self):
        return f"{self.contact} on {self.static_list}"


class Audience(TimeStampedModel):
    """Who one mail-out goes to: several segments and lists, for one channel. Resolved
    by stakeholders.selectors.audiences, which applies the contact rules and de-duplicates."""

    name = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    segments = models.ManyToManyField(Segment, blank=True, related_name="audiences")
    static_lists = models.ManyToManyField(StaticList, blank=True, related_name="audiences")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.name
