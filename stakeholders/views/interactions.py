"""The interaction log (entries per contact or organisation) and each user's own list of
follow-ups due."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, TemplateView

from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from stakeholders.access import READERS, STAFF
from stakeholders.forms.interactions import InteractionForm
from stakeholders.models import Contact, Interaction, Organisation
from stakeholders.selectors.interactions import follow_ups_due, interactions_for
from stakeholders.services.interactions import (
    interaction_follow_up_done,
    interaction_log,
    may_log_interaction,
)


def interaction_log_context(user, *, contact=None, organisation=None) -> dict:
    """What ``stakeholders/includes/interaction_log.html`` needs, for a contact's or an
    organisation's page: the entries and, if the user may add one, where to do it."""
    if contact is not None:
        add_url = reverse("stakeholders:contact-interaction-create", args=[contact.pk])
    else:
        add_url = reverse("stakeholders:organisation-interaction-create", args=[organisation.pk])
    may_log = may_log_interaction(user, contact=contact, organisation=organisation)
    return {
        "interactions": interactions_for(user=user, contact=contact, organisation=organisation),
        "interaction_add_url": add_url if may_log else None,
    }


class InteractionCreateView(RoleRequiredMixin, FormView):
    """Log an entry against the subject (a contact or an organisation) the URL names."""

    form_class = InteractionForm
    template_name = "stakeholders/interaction_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)

    def form_valid(self, form):
        if not may_log_interaction(self.request.user, **self.subject_kwargs):
            raise PermissionDenied("You may not log interactions here.")
        try:
            interaction_log(
                **self.subject_kwargs, **form.cleaned_data, acting_user=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Interaction logged for {self.subject}.")
        return redirect(self.subject)


class ContactInteractionCreateView(InteractionCreateView):
    """Unit staff log against anyone; a sergeant against the contacts in their wards (any
    other contact is not found)."""

    access = READERS

    @cached_property
    def subject(self):
        contacts = Contact.objects.visible_to(self.request.user).active()
        return get_object_or_404(contacts, pk=self.kwargs["pk"])

    @property
    def subject_kwargs(self):
        return {"contact": self.subject}


class OrganisationInteractionCreateView(InteractionCreateView):
    access = STAFF

    @cached_property
    def subject(self):
        organisations = Organisation.objects.visible_to(self.request.user)
        return get_object_or_404(organisations, pk=self.kwargs["pk"])

    @property
    def subject_kwargs(self):
        return {"organisation": self.subject}


class FollowUpListView(RoleRequiredMixin, TemplateView):
    """The signed-in user's own follow-ups that are due and not done, most overdue first."""

    access = READERS
    template_name = "stakeholders/follow_up_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            follow_ups=follow_ups_due(user=self.request.user),
            today=timezone.localdate(),
            **kwargs,
        )


class FollowUpDoneView(RoleRequiredMixin, View):
    """Mark one of your own follow-ups done. Anyone else's is not found."""

    access = READERS

    def post(self, request, *args, **kwargs):
        own = Interaction.objects.filter(logged_by=request.user, follow_up_on__isnull=False)
        interaction = get_object_or_404(own, pk=kwargs["pk"])
        interaction_follow_up_done(interaction=interaction, acting_user=request.user)
        messages.success(request, "Follow-up marked as done.")
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect("stakeholders:follow-up-list")


urlpatterns = [
    path(
        "contacts/<int:pk>/interactions/new/",
        ContactInteractionCreateView.as_view(),
        name="contact-interaction-create",
    ),
    path(
        "organisations/<int:pk>/interactions/new/",
        OrganisationInteractionCreateView.as_view(),
        name="organisation-interaction-create",
    ),
    path(
        "interactions/<int:pk>/done/",
        FollowUpDoneView.as_view(),
        name="interaction-follow-up-done",
    ),
    path("follow-ups/", FollowUpListView.as_view(), name="follow-up-list"),
]
