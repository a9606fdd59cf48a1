"""Reads for reviews: a plan's reviews, a review's snapshot, what has changed since, and
the year-turn walk through a plan's open items.

"Since the last review" compares each item as it is now (its RAG from
``PlanItem.objects.with_rag``) with the ReviewEntry the review kept of it:

- moved: status or percent complete changed (before and after);
- slipped: due later than at the review, or its RAG worse (green → amber → red);
- completed, dropped: complete or dropped now and not at the review (listed there only,
  not under moved or slipped: finishing is the news);
- new: items added since (no entry);
- unchanged: items the review kept that are in none of the lists above.

An item can be both moved and slipped (on track → off track is also green → red). A change
that is neither progress nor a slip (a due date brought forward, a RAG that got better on
its own) counts as unchanged.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from workplans.choices import CLOSED_STATUSES, ItemStatus, Rag, ReviewKind
from workplans.fy import fy_of
from workplans.models import PlanItem, PlanReview, ReviewEntry, WorkPlan

# Worse is further along; "not rated" (dropped work) is not on the scale.
RAG_ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
SHORT_KIND = {
    ReviewKind.BOARD: "Board",
    ReviewKind.COMMITTEE: "Committee",
    ReviewKind.YEAR_TURN: "Year turn",
}


@dataclass(frozen=True)
class ItemChange:
    """An item now (``item``, annotated with ``rag``) beside itself at the review."""

    item: PlanItem
    entry: ReviewEntry

    @property
    def status_changed(self) -> bool:
        return self.item.status != self.entry.status

    @property
    def percent_changed(self) -> bool:
        return self.item.percent_complete != self.entry.percent_complete

    @property
    def due_later(self) -> bool:
        before, now = self.entry.due_on, self.item.due_on
        return before is not None and now is not None and now > before

    @property
    def rag_worse(self) -> bool:
        before, now = RAG_ORDER.get(self.entry.rag), RAG_ORDER.get(self.item.rag)
        return before is not None and now is not None and now > before


@dataclass(frozen=True)
class ReviewChanges:
    """What has changed in a plan since ``review``, item by item, in plan order."""

    review: PlanReview
    moved: list[ItemChange]
    slipped: list[ItemChange]
    completed: list[ItemChange]
    dropped: list[ItemChange]
    new: list[PlanItem]
    unchanged: int

    @property
    def label(self) -> str:
        """Which review, in a few words: "Board, 3 Jun 2026"."""
        return f"{SHORT_KIND[self.review.kind]}, {self.review.held_on:%-d %b %Y}"

    @property
    def any(self) -> bool:
        return bool(self.moved or self.slipped or self.completed or self.dropped or self.new)


def reviews_of(plan: WorkPlan) -> QuerySet[PlanReview]:
    """A plan's reviews, latest first, with how many items each kept."""
    return (
        PlanReview.objects.filter(plan=plan)
        .select_related("recorded_by")
        .annotate(entry_count=Count("entries"))
        .order_by("-held_on", "-pk")
    )


def review_for_detail(*, user) -> QuerySet[PlanReview]:
    return PlanReview.objects.visible_to(user).select_related("plan", "recorded_by")


def review_entries(review: PlanReview) -> QuerySet[ReviewEntry]:
    """The snapshot, in plan order, each entry with its item."""
    return (
        ReviewEntry.objects.filter(review=review)
        .select_related("item")
        .order_by("item__objective__position", "item__objective", "item__position", "item")
    )


def latest_review(plan: WorkPlan) -> PlanReview | None:
    return PlanReview.objects.filter(plan=plan).order_by("-held_on", "-pk").first()


def changes_since(review: PlanReview, today: date | None = None) -> ReviewChanges:
    """Compare the plan now (RAG as of ``today``) with ``review``'s snapshot."""
    today = today or timezone.localdate()
    entries = {entry.item_id: entry for entry in ReviewEntry.objects.filter(review=review)}
    items = PlanItem.objects.filter(plan_id=review.plan_id).with_rag(today)
    moved, slipped, completed, dropped, new = [], [], [], [], []
    unchanged = 0
    for item in items:
        entry = entries.get(item.pk)
        if entry is None:
            new.append(item)
            continue
        change = ItemChange(item, entry)
        if item.status != entry.status and item.status == ItemStatus.COMPLETE:
            completed.append(change)
        elif item.status != entry.status and item.status == ItemStatus.DROPPED:
            dropped.append(change)
        else:
            has_moved = change.status_changed or change.percent_changed
            has_slipped = change.due_later or change.rag_worse
            if has_moved:
                moved.append(change)
            if has_slipped:
                slipped.append(change)
            unchanged += not (has_moved or has_slipped)
    return ReviewChanges(review, moved, slipped, completed, dropped, new, unchanged)


def changes_since_last_review(plan: WorkPlan, today: date | None = None) -> ReviewChanges | None:
    review = latest_review(plan)
    return changes_since(review, today) if review else None


# The year-turn walk ---------------------------------------------------------------------


def year_being_prepared(today: date | None = None) -> int:
    """The financial year the year-turn walk prepares: from January to March the coming
    one (the turn is near), from April to December the current one (it has just turned)."""
    today = today or timezone.localdate()
    return fy_of(today) + 1 if today.month <= 3 else fy_of(today)


@dataclass(frozen=True)
class YearTurnWalk:
    """Where the walk of ``plan`` for ``for_fy`` has got to. ``current`` is the first item
    not yet decided (None when all are), at ``position`` of ``total``."""

    for_fy: int
    total: int
    done: int
    current: PlanItem | None
    review: PlanReview | None  # the year-turn review recorded for ``for_fy``, if any

    @property
    def position(self) -> int:
        return self.done + 1


def walk_items(plan: WorkPlan, for_fy: int) -> QuerySet[PlanItem]:
    """The items the walk covers, in plan order, with their RAG: the open ones, and those
    already decided for ``for_fy`` (so a dropped item stays counted and "Item 4 of 27"
    does not shift as the walk goes on)."""
    return (
        PlanItem.objects.filter(plan=plan)
        .filter(~Q(status__in=CLOSED_STATUSES) | Q(reprioritised_for_fy=for_fy))
        .with_rag()
        .select_related("parent", "objective", "lead")
    )


def year_turn_review(plan: WorkPlan, for_fy: int) -> PlanReview | None:
    """The year-turn review recorded for ``for_fy``: held from 1 January before it."""
    return (
        PlanReview.objects.filter(
            plan=plan, kind=ReviewKind.YEAR_TURN, held_on__gte=date(for_fy, 1, 1)
        )
        .order_by("-held_on", "-pk")
        .first()
    )


def year_turn_walk(plan: WorkPlan, today: date | None = None) -> YearTurnWalk:
    for_fy = year_being_prepared(today)
    items = walk_items(plan, for_fy)
    done = items.filter(reprioritised_for_fy=for_fy).count()
    return YearTurnWalk(
        for_fy=for_fy,
        total=items.count(),
        done=done,
        current=items.exclude(reprioritised_for_fy=for_fy).first(),
        review=year_turn_review(plan, for_fy),
    )
