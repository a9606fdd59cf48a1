"""The work plans' front page: every plan with its figures, and the ways into the work."""

from django.db.models import Count
from django.urls import path
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin, may_use_url
from workplans.access import EDITORS, READERS
from workplans.choices import ItemStatus
from workplans.models import PlanItem
from workplans.selectors.plans import plan_list


def status_counts(*, user) -> list[tuple[str, str, int]]:
    """(status, label, how many items) across every plan the user may see."""
    counts = {
        row["status"]: row["n"]
        for row in PlanItem.objects.visible_to(user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    return [(status.value, status.label, counts.get(status.value, 0)) for status in ItemStatus]


class IndexView(RoleRequiredMixin, TemplateView):
    access = READERS
    template_name = "workplans/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            plans=plan_list(user=user),
            statuses=status_counts(user=user),
            overdue_count=PlanItem.objects.visible_to(user).overdue().count(),
            can_edit=EDITORS.allows(user),
            may_import=may_use_url(user, "workplans:import-create"),
            **kwargs,
        )


urlpatterns = [path("", IndexView.as_view(), name="index")]
