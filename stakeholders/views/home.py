from django.views.generic import TemplateView

from core.access import Access, RoleRequiredMixin
from core.roles import Role


class IndexView(RoleRequiredMixin, TemplateView):
    """The section's landing page; it fills in as the section is built."""

    access = Access(roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF}))
    template_name = "stakeholders/index.html"
