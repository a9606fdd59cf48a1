from django.views.generic import DetailView, ListView

from areas import selectors
from areas.models import Borough
from core.access import Access, RoleRequiredMixin
from core.roles import ALL_ROLES

SIGNED_IN = Access(roles=ALL_ROLES)


class BoroughListView(RoleRequiredMixin, ListView):
    """The 32 boroughs grouped by BCU."""

    access = SIGNED_IN
    template_name = "areas/borough_list.html"
    context_object_name = "command_units"

    def get_queryset(self):
        return selectors.command_units_with_boroughs(user=self.request.user)


class BoroughDetailView(RoleRequiredMixin, DetailView):
    access = SIGNED_IN
    template_name = "areas/borough_detail.html"
    slug_field = slug_url_kwarg = "ons_code"

    def get_queryset(self):
        return Borough.objects.visible_to(self.request.user).select_related("command_unit")

    def get_context_data(self, **kwargs):
        wards = selectors.ward_list(user=self.request.user, borough=self.object)
        return super().get_context_data(wards=wards, **kwargs)


class WardListView(RoleRequiredMixin, ListView):
    """All wards for London-wide roles; a sergeant's own wards for a sergeant."""

    access = SIGNED_IN
    template_name = "areas/ward_list.html"
    context_object_name = "wards"
    paginate_by = 100

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        return selectors.ward_list(user=self.request.user, query=self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class WardDetailView(RoleRequiredMixin, DetailView):
    """One ward; outside a sergeant's own wards it answers 404."""

    access = SIGNED_IN
    template_name = "areas/ward_detail.html"
    slug_field = slug_url_kwarg = "ons_code"

    def get_queryset(self):
        return selectors.ward_detail_queryset(user=self.request.user)
