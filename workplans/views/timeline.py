from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from workplans.access import READERS
from workplans.models import WorkPlan
from workplans.selectors.timeline import plan_timeline


class PlanTimelineView(RoleRequiredMixin, TemplateView):
    """A plan's items by financial year and quarter of their due date."""

    access = READERS
    template_name = "workplans/plan_timeline.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        plan = get_object_or_404(WorkPlan.objects.visible_to(user), pk=self.kwargs["pk"])
        return super().get_context_data(
            plan=plan, timeline=plan_timeline(plan=plan, user=user), **kwargs
        )


urlpatterns = [
    path("plans/<int:pk>/timeline/", PlanTimelineView.as_view(), name="plan-timeline"),
]
