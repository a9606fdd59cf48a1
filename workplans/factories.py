"""Factories for work plans: used by the tests, seed_demo and seed_scale."""

import factory
from django.utils import timezone

from workplans.choices import ItemKind
from workplans.fy import fy_of
from workplans.models import Objective, PlanItem, ProgressUpdate, WorkPlan


class WorkPlanFactory(factory.django.DjangoModelFactory):
    """A draft plan over three financial years, starting with this one."""

    class Meta:
        model = WorkPlan

    title = factory.Sequence(lambda n: f"Work plan {n}")
    owning_unit = "MPS Strategic Consultation Unit"
    starts_fy = factory.LazyFunction(lambda: fy_of(timezone.localdate()))
    ends_fy = factory.LazyAttribute(lambda plan: plan.starts_fy + 2)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(WorkPlanFactory)
    title = factory.Sequence(lambda n: f"Outcome sought {n}")
    position = factory.Sequence(lambda n: n)


class PlanItemFactory(factory.django.DjangoModelFactory):
    """An action, not started, with no timing; pass ``parent`` for a target."""

    class Meta:
        model = PlanItem
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    parent = None
    kind = factory.LazyAttribute(lambda item: ItemKind.TARGET if item.parent else ItemKind.ACTION)
    description = factory.Sequence(lambda n: f"Action {n}: map consultation activity")
    position = factory.Sequence(lambda n: n)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    item = factory.SubFactory(PlanItemFactory)
    note = "Met the borough leads; mapping under way."
    written_on = factory.LazyFunction(timezone.localdate)
