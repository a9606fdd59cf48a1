"""Public pages, no account needed: the upcoming published events, and one event
(issue 4, point 4). Other public pages (RSVP, online responses) live in their own modules."""

from django.urls import path
from django.views.generic import DetailView, ListView

from consultations.selectors.events import public_event_queryset, public_upcoming_events
from core.access import PublicMixin


class PublicEventListView(PublicMixin, ListView):
    """Upcoming published events that are going ahead: when, where, how accessible, and
    for a consultation why it is happening and what people can influence."""

    template_name = "consultations/public_event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return public_upcoming_events()


class PublicEventDetailView(PublicMixin, DetailView):
    """One published event (a cancelled one says so); anything unpublished is 404."""

    template_name = "consultations/public_event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return public_event_queryset()


urlpatterns = [
    path("public/events/", PublicEventListView.as_view(), name="public-event-list"),
    path("public/events/<int:pk>/", PublicEventDetailView.as_view(), name="public-event-detail"),
]
