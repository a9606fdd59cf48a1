from django.views.generic import TemplateView

from core.access import Access, RoleRequiredMixin
from core.roles import ALL_ROLES


class IndexView(RoleRequiredMixin, TemplateView):
    """The section's landing page; it fills in as the section is built."""

    access = Access(roles=ALL_ROLES)
    template_name = "consultations/index.html"
