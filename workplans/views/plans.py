"""A plan's pages: its tree of objectives, actions and targets with RAG and filters;
making and changing plans and their objectives."""

import copy

from django.urls import path
from django.utils import timezone
from django.views.generic import DetailView

from core.access import RoleRequiredMixin
from workplans.access import EDITORS, READERS
from workplans.forms.plans import ObjectiveForm, PlanForm
from workplans.models import WorkPlan
from workplans.selectors.plans import plan_items, plan_tree, rag_counts
from workplans.selectors.reviews import changes_since_last_review
from workplans.services.plans import objective_create, objective_update, plan_create, plan_update
from workplans.views.base import EditableObjectiveMixin, EditablePlanMixin, ServiceFormView


class PlanDetailView(RoleRequiredMixin, DetailView):
    access = READERS
    template_name = "workplans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return WorkPlan.objects.visible_to(self.request.user).select_related("owner")

    def get_context_data(self, **kwargs):
        plan, user = self.object, self.request.user
        tree, item_filter = plan_tree(plan=plan, user=user, data=self.request.GET)
        return super().get_context_data(
            tree=tree,
            filter=item_filter,
            filtering=bool(self.request.GET),
            rag=rag_counts(plan_items(plan=plan, user=user)),
            since_review=changes_since_last_review(plan),
            can_edit=EDITORS.allows(user),
            **kwargs,
        )


class PlanFormView(ServiceFormView):
    form_class = PlanForm
    plan = None

    def get_form_kwargs(self):
        # A copy: a refused form must not change the heading of the page it is shown on.
        instance = copy.copy(self.plan) if self.plan else WorkPlan()
        return {**super().get_form_kwargs(), "instance": instance, "today": timezone.localdate()}


class PlanCreateView(PlanFormView):
    heading = "New work plan"
    intro = "Add its objectives and actions next, or import them from a spreadsheet."
    success_message = "Work plan added."

    def save(self, data):
        return plan_create(acting_user=self.request.user, **data)


class PlanUpdateView(EditablePlanMixin, PlanFormView):
    success_message = "Work plan saved."

    @property
    def heading(self):
        return f"Edit {self.plan.title}"

    def save(self, data):
        return plan_update(plan=self.plan, acting_user=self.request.user, **data)


class ObjectiveCreateView(EditablePlanMixin, ServiceFormView):
    form_class = ObjectiveForm
    success_message = "Objective added."

    @property
    def heading(self):
        return f"Add an objective to {self.plan.title}"

    def save(self, data):
        return objective_create(plan=self.plan, acting_user=self.request.user, **data)

    def success_url_for(self, saved):
        return f"{self.plan.get_absolute_url()}#objective-{saved.pk}"


class ObjectiveUpdateView(EditableObjectiveMixin, ServiceFormView):
    form_class = ObjectiveForm
    success_message = "Objective saved."

    @property
    def heading(self):
        return f"Edit the objective “{self.objective.title}”"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.objective)}

    def save(self, data):
        return objective_update(objective=self.objective, acting_user=self.request.user, **data)

    def success_url_for(self, saved):
        return f"{self.objective.plan.get_absolute_url()}#objective-{saved.pk}"


urlpatterns = [
    path("plans/new/", PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", PlanUpdateView.as_view(), name="plan-update"),
    path("plans/<int:pk>/objectives/new/", ObjectiveCreateView.as_view(), name="objective-create"),
    path("objectives/<int:pk>/edit/", ObjectiveUpdateView.as_view(), name="objective-update"),
]
