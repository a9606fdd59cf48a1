"""A sergeant's home: their wards' panels, each one's next meeting, open priorities with
review dates, and what is overdue. Unit staff and administrators see every panel."""

from django.conf import settings
from django.urls import path
from django.views.generic import ListView

from consultations.access import PLANNERS
from consultations.selectors.panels import decorate, home_panels
from core.access import RoleRequiredMixin


class PanelHomeView(RoleRequiredMixin, ListView):
    access = PLANNERS
    template_name = "consultations/panel_home.html"
    context_object_name = "panels"
    paginate_by = 20

    def get_queryset(self):
        return home_panels(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = decorate(list(context["panels"]))
        context["overdue_days"] = settings.WARD_PANEL_OVERDUE_DAYS
        return context


urlpatterns = [path("panels/home/", PanelHomeView.as_view(), name="panel-home")]
