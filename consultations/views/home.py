from django.views.generic import TemplateView

from consultations.access import READERS
from consultations.choices import ConsultationStatus
from consultations.models import Consultation, Event
from core.access import RoleRequiredMixin, may_use_url

# (label, URL name, what it is for): each shown only to users who may open it.
SECTIONS = (
    ("Consultations", "consultations:consultation-list", "Plan, run and close consultations."),
    ("Planning calendar", "consultations:calendar-month", "Every activity, with clash warnings."),
    ("Standing groups", "consultations:group-list", "Ward panels, CPEGs, IAGs, youth panels."),
    ("Ward panels", "consultations:panel-home", "Meetings, priorities and what is overdue."),
    ("Panels across London", "consultations:panel-overview", "Priorities by theme and borough."),
    ("Panel figures", "consultations:panel-overview-aggregate", "The same, aggregated: no names."),
    ("Statutory duties", "consultations:statutory-tracker", "Section 34 duties, ward by ward."),
    ("Public events", "consultations:public-event-list", "What the public sees: upcoming events."),
    ("Toolkit", "consultations:toolkit-list", "Guidance, templates and good practice."),
)


class IndexView(RoleRequiredMixin, TemplateView):
    """The consultations front page: what is open now and the sections the user may use."""

    access = READERS
    template_name = "consultations/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        consultations = Consultation.objects.visible_to(user)
        return super().get_context_data(
            sections=[
                {"label": label, "url_name": name, "description": description}
                for label, name, description in SECTIONS
                if may_use_url(user, name)
            ],
            open_count=consultations.in_status(ConsultationStatus.OPEN).count(),
            planned_count=consultations.in_status(ConsultationStatus.PLANNED).count(),
            event_count=Event.objects.visible_to(user).filter(cancelled=False).count(),
            **kwargs,
        )
