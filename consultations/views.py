from django.views.generic import TemplateView

from accounts.access import Access, RoleRequiredMixin
from accounts.roles import Role


class IndexView(RoleRequiredMixin, TemplateView):
    """The section's landing page; it fills in as the section is built."""

    access = Access(roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT}))
    template_name = "consultations/index.html"
