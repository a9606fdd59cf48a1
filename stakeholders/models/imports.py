from django.conf import settings
from django.db import models

from core.models import TimeStampedModel


class ImportJob(TimeStampedModel):
    """One upload of contacts or organisations, from file to commit.

    upload (a large file is then read by a Celery task) → map columns → preview (a Celery
    task validates every row and looks for duplicates) → the user picks rows → commit (a
    Celery task, all-or-nothing).
    """

    class Kind(models.TextChoices):
        CONTACTS = "contacts", "Contacts"
        ORGANISATIONS = "organisations", "Organisations"

    class Status(models.TextChoices):
        READING = "reading", "Reading the file"
        UPLOADED = "uploaded", "Uploaded: columns to map"
        PREVIEWING = "previewing", "Checking every row"
        PREVIEWED = "previewed", "Checked: ready to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="engage field name → file column")
    preview = models.JSONField(default=list, help_text="per row: values, errors, duplicates")
    selected_rows = models.JSONField(default=list)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.original_name}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
