"""Events: adding one to a consultation or a group, one event with its briefing materials,
editing it, uploading and downloading materials (issue 4, point 3)."""

import copy
from functools import cached_property
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path
from django.views import View
from django.views.generic import DetailView, FormView

from consultations.access import PLANNERS, READERS
from consultations.forms.consultations import ClashAcknowledgementForm
from consultations.forms.events import EventForm, MaterialForm
from consultations.models import Consultation, ConsultativeGroup, Event
from consultations.selectors.events import (
    event_detail_queryset,
    event_editable_queryset,
    event_materials,
    material_download_queryset,
)
from consultations.services.clashes import ClashesFound
from consultations.services.events import EVENT_FIELDS, event_create, event_update
from consultations.services.materials import material_download_stem, material_upload
from core.access import RoleRequiredMixin
from core.downloads import attachment
from core.forms import add_service_errors


def owner_url(owner) -> str | None:
    """The page of an event's consultation or group (None while that page does not exist)."""
    try:
        return owner.get_absolute_url()
    except NoReverseMatch:
        return None


class EventDetailView(RoleRequiredMixin, DetailView):
    """One event: when, where, how accessible, and its briefing materials. Invitations and
    attendance are shown by the include ``consultations/includes/event_people.html``."""

    access = READERS
    template_name = "consultations/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return event_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        user, event = self.request.user, self.object
        return super().get_context_data(
            materials=event_materials(event=event),
            owner_url=owner_url(event.owner),
            can_change=Event.objects.editable_by(user).filter(pk=event.pk).exists(),
            **kwargs,
        )


class EventFormView(RoleRequiredMixin, FormView):
    """Shared by add and edit: the service saves; its errors go next to the fields."""

    access = PLANNERS
    form_class = EventForm
    template_name = "consultations/event_form.html"
    event = None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.form_instance(),
            "user": self.request.user,
        }

    clashes = None

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "clash_form",
            ClashAcknowledgementForm(self.request.POST if self.request.method == "POST" else None),
        )
        return super().get_context_data(
            event=self.event,
            parent=self.parent,
            parent_url=owner_url(self.parent),
            clashes=self.clashes,
            **kwargs,
        )

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields if name in EVENT_FIELDS}
        clash_form = ClashAcknowledgementForm(self.request.POST)
        try:
            event = self.save({**data, "clash_reason": clash_form.reason})
        except ClashesFound as found:
            self.clashes = found.clashes
            return self.render_to_response(self.get_context_data(form=form, clash_form=clash_form))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(event=event))
        return redirect(event)


class EventCreateForConsultationView(EventFormView):
    success_message = "{event} added."

    @cached_property
    def parent(self):
        return get_object_or_404(
            Consultation.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )

    def form_instance(self):
        return Event(consultation=self.parent)

    def save(self, data):
        return event_create(consultation=self.parent, acting_user=self.request.user, **data)


class EventCreateForGroupView(EventFormView):
    success_message = "{event} added."

    @cached_property
    def parent(self):
        return get_object_or_404(
            ConsultativeGroup.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )

    def form_instance(self):
        return Event(group=self.parent, borough=self.parent.borough, ward=self.parent.ward)

    def get_initial(self):
        return {"ward": self.parent.ward_id, "borough": self.parent.borough_id}

    def save(self, data):
        return event_create(group=self.parent, acting_user=self.request.user, **data)


class EventUpdateView(EventFormView):
    success_message = "{event} saved."

    @cached_property
    def event(self):
        return get_object_or_404(
            event_editable_queryset(user=self.request.user), pk=self.kwargs["pk"]
        )

    @property
    def parent(self):
        return self.event.owner

    def form_instance(self):
        # A copy: a refused form must not change the heading of the page it is shown on.
        return copy.copy(self.event)

    def save(self, data):
        return event_update(event=self.event, acting_user=self.request.user, **data)


class MaterialUploadView(RoleRequiredMixin, FormView):
    """Add a briefing file to an event: checked by what it contains, and size-limited."""

    access = PLANNERS
    form_class = MaterialForm
    template_name = "consultations/material_form.html"

    @cached_property
    def event(self):
        return get_object_or_404(
            event_editable_queryset(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)

    def form_valid(self, form):
        try:
            material = material_upload(
                event=self.event,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{material.title} added to the briefing materials.")
        return redirect(self.event)


class MaterialDownloadView(RoleRequiredMixin, View):
    """A briefing file, for signed-in users, as an attachment with the content type found
    when it was uploaded. (Invitees without an account use their invitation's link.)"""

    access = READERS

    def get(self, request, pk):
        material = get_object_or_404(material_download_queryset(user=request.user), pk=pk)
        return attachment(
            material.file.open("rb"),
            stem=material_download_stem(material),
            extension=PurePath(material.file.name).suffix,
            content_type=material.content_type,
        )


urlpatterns = [
    path(
        "<int:pk>/events/new/",
        EventCreateForConsultationView.as_view(),
        name="event-create-for-consultation",
    ),
    path(
        "groups/<int:pk>/events/new/",
        EventCreateForGroupView.as_view(),
        name="event-create-for-group",
    ),
    path("events/<int:pk>/", EventDetailView.as_view(), name="event-detail"),
    path("events/<int:pk>/edit/", EventUpdateView.as_view(), name="event-update"),
    path("events/<int:pk>/materials/new/", MaterialUploadView.as_view(), name="material-upload"),
    path("materials/<int:pk>/", MaterialDownloadView.as_view(), name="material-download"),
]
