"""Reviews of a plan: the board's half-yearly, the committee's annual and the year-turn.

A review keeps a snapshot of every item (actions and targets) as it stands when the review
is recorded, with the RAG then shown, so later pages can say what moved and what slipped
since (workplans.selectors.reviews).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workplans.models import PlanItem, PlanReview, ReviewEntry, WorkPlan
from workplans.services.access import check_editor


@transaction.atomic
def review_record(
    *,
    plan: WorkPlan,
    kind: str,
    held_on: date,
    reviewed_by: str,
    notes: str = "",
    acting_user,
) -> PlanReview:
    """Record a review held on ``held_on`` (not in the future) and snapshot every item.

    The snapshot is of the items as they are now, with the RAG as of today: a review
    recorded a few days after the meeting keeps what the plan says when it is recorded,
    which is what the next "since the last review" is measured from. It is one query read
    in the same transaction as the review is written, so it is one consistent picture.
    """
    check_editor(acting_user)
    review = PlanReview(
        plan=plan,
        kind=kind,
        held_on=held_on,
        reviewed_by=reviewed_by.strip(),
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    review.full_clean()
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "A review records a meeting held: not a future date."})
    review.save()
    items = PlanItem.objects.filter(plan=plan).with_rag().order_by()
    ReviewEntry.objects.bulk_create(
        ReviewEntry(
            review=review,
            item_id=row["pk"],
            status=row["status"],
            rag=row["rag"],
            percent_complete=row["percent_complete"],
            due_on=row["due_on"],
        )
        for row in items.values("pk", "status", "rag", "percent_complete", "due_on")
    )
    return review
