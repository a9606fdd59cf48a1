"""Progress updates: a dated note, optionally moving the item's status and percent."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workplans.choices import ItemStatus
from workplans.models import PlanItem, ProgressUpdate
from workplans.services.access import check_editor


@transaction.atomic
def progress_record(
    *,
    item: PlanItem,
    note: str,
    acting_user,
    written_on: date | None = None,
    new_status: str = "",
    new_percent: int | None = None,
) -> ProgressUpdate:
    """Record progress on ``item``. Complete means 100%; a later-dated update than any
    before it becomes the item's last update (its age is what the reminders count)."""
    check_editor(acting_user)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    written_on = written_on or timezone.localdate()
    if written_on > timezone.localdate():
        raise ValidationError(
            {"written_on": "An update records what has happened: not a future date."}
        )
    if new_status == ItemStatus.COMPLETE and new_percent is None:
        new_percent = 100
    update = ProgressUpdate(
        item=item,
        written_on=written_on,
        note=note,
        new_status=new_status,
        new_percent=new_percent,
        author=acting_user,
    )
    update.full_clean()
    if new_status == ItemStatus.COMPLETE and new_percent != 100:
        raise ValidationError(
            {"new_percent": "Complete work is 100% done: give 100 or leave it blank."}
        )
    update.save()
    fields = []
    if new_status:
        item.status = new_status
        fields.append("status")
    if new_percent is not None:
        item.percent_complete = new_percent
        fields.append("percent_complete")
    if item.last_progress_on is None or written_on >= item.last_progress_on:
        item.last_progress_on = written_on
        fields.append("last_progress_on")
    item.save(update_fields=[*fields, "modified"])
    return update
