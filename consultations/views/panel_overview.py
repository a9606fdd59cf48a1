"""The pan-London picture of ward panels (issue 5, point 8): for unit staff, open
priorities by theme and borough and the panels without a meeting in the last quarter,
with drill-down to each panel; for authority members, the same figures aggregated, with
no names. GET only."""

from django.core.paginator import Paginator
from django.urls import path
from django.views.generic import TemplateView

from consultations.access import STAFF
from consultations.selectors.panel_overview import (
    QUARTER_DAYS,
    open_priorities_by_theme_and_borough,
    panels_by_borough,
    panels_without_recent_meeting,
)
from core.access import Access, RoleRequiredMixin
from core.roles import Role

# Figures only, no names: the unit and the authority's members.
FIGURES = Access(roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER}))
PANELS_PER_PAGE = 100


class PanelOverviewView(RoleRequiredMixin, TemplateView):
    access = STAFF
    http_method_names = ["get", "head", "options"]
    template_name = "consultations/panel_overview.html"

    def get_context_data(self, **kwargs):
        page_obj = Paginator(panels_without_recent_meeting(), PANELS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            table=open_priorities_by_theme_and_borough(),
            page_obj=page_obj,
            not_met=page_obj.object_list,
            quarter_days=QUARTER_DAYS,
            **kwargs,
        )


class PanelOverviewAggregateView(RoleRequiredMixin, TemplateView):
    access = FIGURES
    http_method_names = ["get", "head", "options"]
    template_name = "consultations/panel_overview_aggregate.html"

    def get_context_data(self, **kwargs):
        boroughs = panels_by_borough()
        return super().get_context_data(
            table=open_priorities_by_theme_and_borough(),
            boroughs=boroughs,
            panels_total=sum(row["panels"] for row in boroughs),
            not_met_total=sum(row["not_met"] for row in boroughs),
            quarter_days=QUARTER_DAYS,
            **kwargs,
        )


urlpatterns = [
    path("panels/overview/", PanelOverviewView.as_view(), name="panel-overview"),
    path(
        "panels/overview/figures/",
        PanelOverviewAggregateView.as_view(),
        name="panel-overview-aggregate",
    ),
]
