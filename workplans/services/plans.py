"""Work plans and their objectives: made, changed and ordered by unit staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, F, Func, Value
from django.utils import timezone

from workplans.models import Objective, PlanItem, WorkPlan
from workplans.services.access import check_editor
from workplans.services.fields import assign_fields, next_position

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
    first_year = plan.starts_fy
    assign_fields(plan, data, PLAN_FIELDS)
    plan.full_clean()
    _check_items_fit(plan)
    plan.save(update_fields=[*data, "modified"])
    if plan.starts_fy != first_year:
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
    """Items timed in plan years fall due on 31 March of their last year (``fy_end``):
    the year after ``starts_fy + year_to - 1`` begins. One UPDATE for the whole plan."""
    PlanItem.objects.filter(plan=plan, year_to__isnull=False).update(
        due_on=Func(
            Value(plan.starts_fy) + F("year_to"),
            Value(3),
            Value(31),
            function="make_date",
            output_field=DateField(),
        ),
        modified=timezone.now(),
    )


@transaction.atomic
def objective_create(*, plan: WorkPlan, acting_user, **data) -> Objective:
    check_editor(acting_user)
    objective = Objective(plan=plan, position=next_position(plan.objectives.all()))
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
