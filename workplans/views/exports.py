"""A plan downloaded as CSV or XLSX, in the shape the import reads
(workplans.selectors.exports). Readers all: the committee exports too."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.text import slugify
from django.views import View

from audit.services import audit_export
from core.access import RoleRequiredMixin
from stakeholders.exports import FORMATS, export_response
from workplans.access import READERS
from workplans.models import WorkPlan
from workplans.selectors.exports import export_headings, plan_export_rows


class PlanExportView(RoleRequiredMixin, View):
    access = READERS
    http_method_names = ["get"]

    def get(self, request, pk, format):
        if format not in FORMATS:
            raise Http404("Export as csv or xlsx.")
        plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
        rows = list(plan_export_rows(plan=plan, user=request.user))
        audit_export(request=request, what="work plan rows", rows=len(rows), file_format=format)
        return export_response(
            headers=export_headings(),
            rows=rows,
            filename=slugify(plan.title) or "work-plan",
            file_format=format,
        )


urlpatterns = [
    path("plans/<int:pk>/export.<str:format>", PlanExportView.as_view(), name="plan-export"),
]
