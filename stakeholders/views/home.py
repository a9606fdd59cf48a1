from django.views.generic import TemplateView

from core.access import RoleRequiredMixin, may_use_url
from stakeholders.access import READERS
from stakeholders.models import Contact, Interaction, Organisation

# (label, URL name, what it is for): each shown only to users who may open it.
SECTIONS = (
    ("Contacts", "stakeholders:contact-list", "Search, filter and export the people we engage."),
    ("Organisations", "stakeholders:organisation-list", "Groups, umbrella bodies and partners."),
    ("Your follow-ups", "stakeholders:follow-up-list", "Interactions you will follow up."),
    ("Segments", "stakeholders:segment-list", "Saved searches, evaluated afresh each time."),
    ("Static lists", "stakeholders:list-list", "Hand-picked lists of contacts."),
    ("Audiences", "stakeholders:audience-list", "Who a mail-out goes to: each person once."),
    ("Duplicates", "stakeholders:duplicate-list", "Likely duplicate records to review and merge."),
    ("Imports", "stakeholders:import-list", "Contacts and organisations from CSV or XLSX."),
    ("Retention review", "stakeholders:retention-review", "Contacts not verified for a long time."),
    ("Equality monitoring", "stakeholders:equality-report", "Aggregates; small counts hidden."),
)


class IndexView(RoleRequiredMixin, TemplateView):
    """The stakeholder database's front page: counts and the sections the user may use."""

    access = READERS
    template_name = "stakeholders/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = [
            {"label": label, "url_name": name, "description": description}
            for label, name, description in SECTIONS
            if may_use_url(user, name)
        ]
        return super().get_context_data(
            sections=sections,
            contact_count=Contact.objects.visible_to(user).active().count(),
            organisation_count=Organisation.objects.visible_to(user).count(),
            follow_ups_due=Interaction.objects.follow_ups_due(user=user).count(),
            **kwargs,
        )
