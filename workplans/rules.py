"""Object-level permissions: the predicate twins of the querysets' visible_to and
editable_by (tests hold them together)."""

import rules

from core.predicates import in_queryset
from workplans.models import PlanItem, WorkPlan

rules.add_perm("workplans.view_plan_record", in_queryset(WorkPlan.objects.visible_to))
rules.add_perm("workplans.change_plan_record", in_queryset(WorkPlan.objects.editable_by))
rules.add_perm("workplans.view_item_record", in_queryset(PlanItem.objects.visible_to))
rules.add_perm("workplans.change_item_record", in_queryset(PlanItem.objects.editable_by))
