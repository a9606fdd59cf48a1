"""The year-turn re-prioritisation (seed 002, "Monitoring and Evaluation": "at the turn of
each financial year, the implementation targets shall be re-prioritised, costed and
assigned"). The unit walks the plan's open items one at a time (the walk's reads are in
workplans.selectors.reviews); each decision is saved on the item, so the walk needs no
state of its own and can be left and resumed: an item is done for a year when its
``reprioritised_for_fy`` is that year.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from workplans.choices import ItemStatus
from workplans.fy import fy_label
from workplans.models import PlanItem
from workplans.services.access import check_editor
from workplans.services.items import item_update
from workplans.services.progress import progress_record


@transaction.atomic
def item_reprioritise(
    *,
    item: PlanItem,
    for_fy: int,
    acting_user,
    drop: bool = False,
    drop_reason: str = "",
    priority_project: bool = False,
    estimated_cost: Decimal | None = None,
    responsibility: str = "",
    lead=None,
    timing_text: str = "",
    due_on: date | None = None,
) -> PlanItem:
    """Decide ``item`` for financial year ``for_fy`` and mark it done for that year.

    Kept: its priority project flag, estimated cost, responsibility, lead and timing are
    saved through ``item_update``, so the timing is read and the lead checked as on every
    other page. Dropped (``drop``): its status becomes dropped through a progress update
    whose note gives ``drop_reason``; the other decisions are not applied.
    """
    check_editor(acting_user)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_open:
        raise ValidationError("This item is complete or dropped: it is not re-prioritised.")
    if drop:
        if not drop_reason.strip():
            raise ValidationError({"drop_reason": "Say why it is dropped."})
        progress_record(
            item=item,
            note=f"Dropped at the year turn for {fy_label(for_fy)}: {drop_reason.strip()}",
            new_status=ItemStatus.DROPPED,
            acting_user=acting_user,
        )
        item.refresh_from_db()
    else:
        item = item_update(
            item=item,
            acting_user=acting_user,
            timing_text=timing_text,
            due_on=due_on,
            priority_project=priority_project,
            estimated_cost=estimated_cost,
            responsibility=responsibility.strip(),
            lead=lead,
        )
    item.reprioritised_for_fy = for_fy
    item.save(update_fields=["reprioritised_for_fy", "modified"])
    return item
