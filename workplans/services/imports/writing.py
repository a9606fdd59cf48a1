"""Writing a checked tree into a plan through the services every other way of adding
objectives and items uses (workplans.services.plans and .items), so every rule applies.
The caller holds the transaction: one error anywhere and nothing is kept."""

from django.core.exceptions import ValidationError

from workplans.models import Objective, PlanItem, WorkPlan
from workplans.services.imports.tree import Node, ObjectiveNode
from workplans.services.items import evidence_add, item_create
from workplans.services.plans import objective_create


def _create_item(node: Node, *, objective: Objective, parent: PlanItem | None, acting_user):
    try:
        item = item_create(
            objective=objective,
            parent=parent,
            acting_user=acting_user,
            description=node.description,
            timing_text=node.timing_text,
            **node.item,
        )
        for title, url in node.evidence:
            evidence_add(item=item, title=title, url=url, acting_user=acting_user)
    except ValidationError as error:
        raise ValidationError(f"Row {node.row}: {' '.join(error.messages)}") from error
    return item


def _create_objective(node: ObjectiveNode, *, plan: WorkPlan, acting_user) -> Objective:
    try:
        return objective_create(plan=plan, acting_user=acting_user, title=node.title)
    except ValidationError as error:
        where = f"Row {node.row}" if node.row else f"Objective “{node.title}”"
        raise ValidationError(f"{where}: {' '.join(error.messages)}") from error


def write_tree(objectives: list[ObjectiveNode], *, plan: WorkPlan, acting_user) -> None:
    """Create the valid objectives, actions and targets of ``objectives`` in ``plan``.
    Raises ValidationError naming the row if a service refuses an item."""
    for node in objectives:
        if not node.to_write:
            continue
        objective = node.existing or _create_objective(node, plan=plan, acting_user=acting_user)
        for action_node in node.valid_actions:
            action = _create_item(
                action_node, objective=objective, parent=None, acting_user=acting_user
            )
            for target_node in action_node.valid_targets:
                _create_item(
                    target_node, objective=objective, parent=action, acting_user=acting_user
                )
