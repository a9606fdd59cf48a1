"""Object-level permissions: the predicate twins of the querysets' visible_to and
editable_by (tests hold them together)."""

import rules

from workplans.models import PlanItem, WorkPlan


def _in(queryset_method):
    @rules.predicate
    def predicate(user, obj):
        return obj is not None and queryset_method(user).filter(pk=obj.pk).exists()

    return predicate


rules.add_perm("workplans.view_plan_record", _in(lambda user: WorkPlan.objects.visible_to(user)))
rules.add_perm("workplans.change_plan_record", _in(lambda user: WorkPlan.objects.editable_by(user)))
rules.add_perm("workplans.view_item_record", _in(lambda user: PlanItem.objects.visible_to(user)))
rules.add_perm("workplans.change_item_record", _in(lambda user: PlanItem.objects.editable_by(user)))
