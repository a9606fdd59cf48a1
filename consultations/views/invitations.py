"""Invitations: invite an audience to an event, follow every invitation's state (staff),
and the public pages an invited person reaches through the signed link in their email."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from consultations.access import STAFF
from consultations.choices import InvitationStatus
from consultations.forms.invitations import InviteAudienceForm, RsvpForm
from consultations.models import Event, Invitation
from consultations.selectors.invitations import invitation_counts, invitation_list
from consultations.services.invitations import (
    ANSWERABLE,
    invitation_preview,
    invitation_respond,
    invitations_create,
)
from consultations.services.materials import material_download_stem
from consultations.signing import invitation_id_from_token
from core.access import PublicMixin, RoleRequiredMixin
from core.downloads import attachment
from core.forms import add_service_errors

PER_PAGE = 50


class EventMixin:
    """The event in the URL, among those the user may change: 404 outside their scope."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.access.allows(request.user):
            self.event = get_object_or_404(
                Event.objects.editable_by(request.user).select_related("consultation", "group"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)


class InvitationListView(RoleRequiredMixin, EventMixin, TemplateView):
    """Every invitation to the event and its state, filterable by state."""

    access = STAFF
    template_name = "consultations/invitation_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        if status not in InvitationStatus.values:
            status = ""
        invitations = invitation_list(event=self.event, user=self.request.user, status=status)
        page = Paginator(invitations, PER_PAGE).get_page(self.request.GET.get("page"))
        counts = invitation_counts(event=self.event)
        return super().get_context_data(
            event=self.event,
            status=status,
            statuses=[(value, label, counts[value]) for value, label in InvitationStatus.choices],
            counts=counts,
            page_obj=page,
            invitations=page.object_list,
            **kwargs,
        )


class InvitationCreateView(RoleRequiredMixin, EventMixin, View):
    """Choose an audience, see how many it would invite, then confirm."""

    access = STAFF
    template_name = "consultations/invitation_create.html"

    def render_form(self, form, preview=None):
        context = {"event": self.event, "form": form, "preview": preview}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        if "audience" not in request.GET:
            return self.render_form(InviteAudienceForm())
        form = InviteAudienceForm(request.GET)
        preview = None
        if form.is_valid():
            try:
                preview = invitation_preview(
                    event=self.event,
                    audience=form.cleaned_data["audience"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_form(form, preview)

    def post(self, request, *args, **kwargs):
        form = InviteAudienceForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            created = invitations_create(
                event=self.event, audience=form.cleaned_data["audience"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        if created:
            messages.success(
                request,
                f"{len(created)} invitation{'s' if len(created) != 1 else ''} queued: "
                "they are being sent now.",
            )
        else:
            messages.info(request, "Nobody new to invite: everyone it reaches is invited already.")
        return redirect("consultations:invitation-list", pk=self.event.pk)


# Public: reached through the signed link in an invitation ------------------------------


class InvitationTokenMixin:
    """The invitation the signed token names; an invalid token renders a clear 404."""

    def invitation_from(self, token):
        invitation_id = invitation_id_from_token(token)
        if invitation_id is None:
            return None
        return (
            Invitation.objects.select_related("event__consultation", "event__group", "contact")
            .filter(pk=invitation_id, contact__erased_at__isnull=True)
            .first()
        )

    def refused(self):
        return render(self.request, "consultations/rsvp.html", {"invalid": True}, status=404)


class RsvpView(PublicMixin, InvitationTokenMixin, View):
    """Accept or decline an invitation, with no account. Answering is a POST, so a mail
    scanner following the links in the email changes nothing."""

    template_name = "consultations/rsvp.html"

    def context(self, invitation, form):
        event = invitation.event
        closed = event.cancelled or event.starts_at <= timezone.now()
        return {
            "invitation": invitation,
            "event": event,
            "consultation": event.consultation,
            "form": form,
            "closed": closed,
            "answerable": invitation.status in ANSWERABLE and not closed,
        }

    def get(self, request, token):
        invitation = self.invitation_from(token)
        if invitation is None:
            return self.refused()
        answer = request.GET.get("answer")
        initial = {"answer": answer} if answer in ("accept", "decline") else {}
        return render(
            request, self.template_name, self.context(invitation, RsvpForm(initial=initial))
        )

    def post(self, request, token):
        invitation = self.invitation_from(token)
        if invitation is None:
            return self.refused()
        form = RsvpForm(request.POST)
        if form.is_valid():
            try:
                invitation = invitation_respond(
                    invitation=invitation, accept=form.cleaned_data["answer"] == "accept"
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(
                    request,
                    "consultations/rsvp_done.html",
                    {"invitation": invitation, "event": invitation.event, "token": token},
                )
        return render(request, self.template_name, self.context(invitation, form))


class MaterialByInvitationView(PublicMixin, InvitationTokenMixin, View):
    """A briefing material of the invitation's own event, and only that event's."""

    def get(self, request, token, pk):
        invitation = self.invitation_from(token)
        if invitation is None:
            return self.refused()
        material = invitation.event.materials.filter(pk=pk).first()
        if material is None or not material.file:
            raise Http404("No such briefing material for this event.")
        try:
            handle = material.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("This file is no longer available.") from error
        return attachment(
            handle,
            stem=material_download_stem(material),
            extension=PurePath(material.file.name).suffix,
            content_type=material.content_type,
        )


urlpatterns = [
    path(
        "events/<int:pk>/invitations/",
        InvitationListView.as_view(),
        name="invitation-list",
    ),
    path(
        "events/<int:pk>/invitations/new/",
        InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path("rsvp/<str:token>/", RsvpView.as_view(), name="rsvp"),
    path(
        "rsvp/<str:token>/materials/<int:pk>/",
        MaterialByInvitationView.as_view(),
        name="material-by-invitation",
    ),
]
