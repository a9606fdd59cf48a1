"""Actions arising from consultation: the findings people raised, whether any action
answers them yet, and adding one that does."""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import ListView

from consultations.selectors.findings import visible_findings
from core.access import RoleRequiredMixin
from workplans.access import EDITORS, READERS
from workplans.forms.items import FindingActionForm
from workplans.selectors.findings import findings_with_actions
from workplans.services.items import item_create
from workplans.views.items import ItemFormView


class FindingListView(RoleRequiredMixin, ListView):
    access = READERS
    template_name = "workplans/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50

    def get_queryset(self):
        self.unanswered = self.request.GET.get("unanswered") == "1"
        return findings_with_actions(user=self.request.user, unanswered_only=self.unanswered)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unanswered=self.unanswered, can_edit=EDITORS.allows(self.request.user), **kwargs
        )


class FindingActionCreateView(ItemFormView):
    form_class = FindingActionForm
    success_message = "Action added: it answers the finding."

    @cached_property
    def finding(self):
        return get_object_or_404(
            visible_findings(user=self.request.user).select_related("consultation"),
            pk=self.kwargs["pk"],
        )

    @property
    def heading(self):
        return "Add an action answering a finding"

    @property
    def intro(self):
        return f"You said: “{self.finding.title}”."

    def breadcrumbs(self):
        return [("Findings", reverse("workplans:finding-list"))]

    def get_initial(self):
        return {
            "description": self.finding.title,
            "findings": [self.finding.pk],
            "consultations": [self.finding.consultation_id] if self.finding.consultation_id else [],
        }

    def save(self, data):
        return item_create(
            objective=data["objective"], acting_user=self.request.user, **self.item_fields(data)
        )


urlpatterns = [
    path("findings/", FindingListView.as_view(), name="finding-list"),
    path("findings/<int:pk>/action/", FindingActionCreateView.as_view(), name="finding-action"),
]
