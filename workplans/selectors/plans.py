"""Reads for the plan pages: the list of plans with their figures, and a plan as a tree
(objectives → actions → targets), every item with its RAG."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from workplans.choices import CLOSED_STATUSES, Rag
from workplans.filters import ItemFilter
from workplans.models import Objective, PlanItem, WorkPlan


def plan_list(*, user):
    """The plans the user may read, with counts of items, open, overdue and unled."""
    today = timezone.localdate()
    open_items = ~Q(items__status__in=CLOSED_STATUSES)
    return (
        WorkPlan.objects.visible_to(user)
        .select_related("owner")
        .annotate(
            item_count=Count("items"),
            open_count=Count("items", filter=open_items),
            overdue_count=Count("items", filter=open_items & Q(items__due_on__lt=today)),
            priority_count=Count("items", filter=Q(items__priority_project=True)),
        )
    )


def rag_counts(items) -> dict[str, int]:
    """{rag value: how many} for a queryset annotated with ``rag``, every RAG present."""
    counts = dict.fromkeys(Rag.values, 0)
    for row in items.order_by().values("rag").annotate(n=Count("pk")):
        counts[row["rag"]] = row["n"]
    return counts


@dataclass
class ActionNode:
    action: PlanItem
    targets: list[PlanItem] = field(default_factory=list)
    matches: bool = True  # False: shown only because one of its targets matches


@dataclass
class ObjectiveNode:
    objective: Objective
    actions: list[ActionNode] = field(default_factory=list)


def plan_items(*, plan: WorkPlan, user):
    return (
        PlanItem.objects.visible_to(user)
        .filter(plan=plan)
        .with_rag()
        .select_related("lead")
        .order_by("position", "pk")
    )


def plan_tree(*, plan: WorkPlan, user, data=None) -> tuple[list[ObjectiveNode], ItemFilter]:
    """The plan's objectives with their actions and targets, filtered by ``data`` (a
    query string). With a filter, an action appears when it or one of its targets matches,
    and only matching targets are shown; objectives with nothing left are left out."""
    items = list(plan_items(plan=plan, user=user))
    item_filter = ItemFilter(data or None, queryset=plan_items(plan=plan, user=user))
    filtering = item_filter.is_valid() and any(item_filter.form.cleaned_data.values())
    shown = {item.pk for item in item_filter.qs} if filtering else {item.pk for item in items}
    by_pk = {item.pk: item for item in items}
    actions: dict[int, ActionNode] = {
        item.pk: ActionNode(item) for item in items if item.is_action and item.pk in shown
    }
    for item in items:
        if item.is_action or item.pk not in shown:
            continue
        node = actions.get(item.parent_id)
        if node is None:
            node = actions[item.parent_id] = ActionNode(by_pk[item.parent_id], matches=False)
        node.targets.append(item)
    tree = []
    for objective in plan.objectives.all():
        nodes = [node for node in actions.values() if node.action.objective_id == objective.pk]
        if nodes or not filtering:
            nodes.sort(key=lambda node: (node.action.position, node.action.pk))
            tree.append(ObjectiveNode(objective, nodes))
    return tree, item_filter
