"""Reads for an item's page and for the lists of items across plans."""

from django.utils import timezone

from workplans.filters import ItemListFilter
from workplans.models import PlanItem


def item_detail_queryset(*, user):
    return (
        PlanItem.objects.visible_to(user)
        .with_rag()
        .select_related("plan", "objective", "parent", "lead")
        .prefetch_related("consultations", "findings__consultation", "findings__group")
    )


def item_targets(*, item: PlanItem, user):
    return (
        PlanItem.objects.visible_to(user)
        .filter(parent=item)
        .with_rag()
        .select_related("lead")
        .order_by("position", "pk")
    )


def item_updates(*, item: PlanItem):
    return item.updates.select_related("author")


def item_list(*, user, data) -> ItemListFilter:
    """Every item the user may see, across plans, filtered by ``data`` (the query
    string), soonest due first (undated last)."""
    items = (
        PlanItem.objects.visible_to(user)
        .with_rag(timezone.localdate())
        .select_related("plan", "objective", "lead", "parent")
        .order_by("due_on", "plan__title", "position", "pk")
    )
    return ItemListFilter(data, queryset=items)
