"""Work plans and their objectives: made, changed and ordered by unit staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from workplans.fy import fy_end
from workplans.models import Objective, PlanItem, WorkPlan
from workplans.services.access import check_editor
from workplans.services.fields import assign_fields

PLAN_FIELDS = (
    "title",
    "owning_unit",
    "owner",
    "description",
    "starts_fy",
    "ends_fy",
    "status",
    "endorsed_by",
    "endorsed_on",
    "strategy",
    "principles",
)
OBJECTIVE_FIELDS = ("kind", "title", "description", "principle")


@transaction.atomic
def plan_create(*, acting_user, **data) -> WorkPlan:
    check_editor(acting_user)
    plan = WorkPlan(created_by=acting_user)
    assign_fields(plan, data, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: WorkPlan, acting_user, **data) -> WorkPlan:
    """Change a plan. A new first year moves every item timed in plan years with it
    (year 1 is always the first year), so their due dates are recomputed."""
    check_editor(acting_user)
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    assign_fields(plan, data, PLAN_FIELDS)
    plan.full_clean()
    _check_items_fit(plan)
    plan.save(update_fields=[*data, "modified"])
    _retime_items(plan)
    return plan


def _check_items_fit(plan: WorkPlan) -> None:
    beyond = PlanItem.objects.filter(plan=plan, year_to__gt=plan.years).count()
    if beyond:
        raise ValidationError(
            {
                "ends_fy": f"{beyond} item{'s are' if beyond != 1 else ' is'} timed beyond "
                f"year {plan.years}: change their timing first, or keep the plan longer."
            }
        )


def _retime_items(plan: WorkPlan) -> None:
    for item in PlanItem.objects.filter(plan=plan, year_to__isnull=False):
        due_on = fy_end(plan.starts_fy + item.year_to - 1)
        if item.due_on != due_on:
            item.due_on = due_on
            item.save(update_fields=["due_on", "modified"])


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def objective_create(*, plan: WorkPlan, acting_user, **data) -> Objective:
    check_editor(acting_user)
    objective = Objective(plan=plan, position=_next_position(plan.objectives.all()))
    assign_fields(objective, data, OBJECTIVE_FIELDS)
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, acting_user, **data) -> Objective:
    check_editor(acting_user)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    assign_fields(objective, data, OBJECTIVE_FIELDS)
    objective.full_clean()
    objective.save(update_fields=[*data, "modified"])
    return objective
