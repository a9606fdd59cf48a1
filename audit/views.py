"""The audit trail's search page."""

from django.views.generic import ListView

from audit.access import AUDITORS
from audit.selectors import audit_search
from core.access import RoleRequiredMixin


class AuditEntryListView(RoleRequiredMixin, ListView):
    """Search the trail, newest first. Shows ids, counts and field names, and the filter
    text of exports, which only the staff who may read the trail see."""

    access = AUDITORS
    template_name = "audit/auditentry_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.search = audit_search(params=self.request.GET)
        return self.search.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.search,
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            **kwargs,
        )
