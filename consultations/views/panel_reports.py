"""Reports on the ward panels (issue 5, points 6 and 7): neighbourhood priorities in
police.uk's shape, per ward and per borough, and the statutory duty tracker. None of it is
personal data, so every role reads it; a sergeant reads only their own wards' (the scope
rule of docs/security.md), and another ward's export answers 404."""

from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from areas.models import Borough, Ward
from audit.services import audit_export
from consultations.access import READERS
from consultations.exports_policeuk import FORMATS, policeuk_response
from consultations.selectors.panel_reports import (
    policeuk_priorities,
    statutory_tracker,
    tracker_window,
)
from core.access import RoleRequiredMixin


class PoliceUkExportView(RoleRequiredMixin, View):
    access = READERS
    http_method_names = ["get"]
    with_ward = False

    def get(self, request, ons_code, fmt):
        if fmt not in FORMATS:
            raise Http404("Export as csv or json.")
        wards, filename = self.wards(ons_code)
        priorities = list(policeuk_priorities(user=request.user, wards=wards))
        audit_export(request=request, what="ward priorities", rows=len(priorities), file_format=fmt)
        return policeuk_response(priorities, fmt=fmt, filename=filename, with_ward=self.with_ward)


class WardExportView(PoliceUkExportView):
    """One ward's panel priorities, open and closed."""

    def wards(self, ons_code):
        ward = get_object_or_404(Ward.objects.visible_to(self.request.user), ons_code=ons_code)
        return Ward.objects.filter(pk=ward.pk), f"priorities-{ward.ons_code}"


class BoroughExportView(PoliceUkExportView):
    """Every ward panel's priorities in a borough, open and closed."""

    with_ward = True

    def wards(self, ons_code):
        borough = get_object_or_404(Borough, ons_code=ons_code)
        wards = Ward.objects.visible_to(self.request.user).filter(borough=borough)
        if not self.request.user.has_london_wide_view and not wards.exists():
            raise Http404("None of your wards is in this borough.")
        return wards, f"priorities-{borough.ons_code}"


class StatutoryTrackerView(RoleRequiredMixin, TemplateView):
    """Per ward, the section 34 duties over the last 12 months, computed from the records
    (the rules: selectors.panel_reports.statutory_tracker). A sergeant sees their wards."""

    access = READERS
    template_name = "consultations/panel_tracker.html"

    @cached_property
    def borough(self):
        code = self.request.GET.get("borough", "").strip()
        return Borough.objects.filter(ons_code=code).first() if code else None

    def get_context_data(self, **kwargs):
        wards = Ward.objects.visible_to(self.request.user)
        if self.borough:
            wards = wards.filter(borough=self.borough)
        rows = list(statutory_tracker(user=self.request.user, wards=wards))
        start, end = tracker_window()
        duties = ("consulted", "informed", "met_regularly", "fed_back")
        return super().get_context_data(
            rows=rows,
            boroughs=Borough.objects.order_by("name"),
            borough=self.borough,
            unknown_borough=bool(self.request.GET.get("borough")) and not self.borough,
            start=start,
            end=end,
            totals={duty: sum(1 for row in rows if getattr(row, duty)) for duty in duties},
            **kwargs,
        )


urlpatterns = [
    path(
        "panels/export/ward/<str:ons_code>.<str:fmt>",
        WardExportView.as_view(),
        name="policeuk-export-ward",
    ),
    path(
        "panels/export/borough/<str:ons_code>.<str:fmt>",
        BoroughExportView.as_view(),
        name="policeuk-export-borough",
    ),
    path("panels/tracker/", StatutoryTrackerView.as_view(), name="statutory-tracker"),
]
