"""Organisation pages: the directory (search, export), one organisation, add and edit."""

import copy
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from audit.services import audit_export
from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from stakeholders import exports
from stakeholders.access import READERS, STAFF
from stakeholders.forms.organisations import OrganisationForm
from stakeholders.selectors.interactions import interactions_for
from stakeholders.selectors.organisations import (
    organisation_detail_queryset,
    organisation_history,
    organisation_people,
    organisation_search,
)
from stakeholders.services.interactions import may_log_interaction
from stakeholders.services.organisations import organisation_create, organisation_update


class OrganisationListView(RoleRequiredMixin, ListView):
    """Search and filter the organisations: kind, borough served (pan-London ones always
    count), community served, topic."""

    access = READERS
    template_name = "stakeholders/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = organisation_search(user=self.request.user, params=self.request.GET)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            filter=self.filterset,
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            may_manage=user.has_perm("stakeholders.manage_contacts"),
            **kwargs,
        )


class OrganisationExportView(RoleRequiredMixin, View):
    """The current filtered list as CSV or XLSX (``?format=xlsx``)."""

    access = STAFF
    HEADERS = (
        "Name",
        "Kind",
        "Umbrella organisation",
        "Serves all of London",
        "Boroughs served",
        "Wards served",
        "Communities served",
        "Topics of interest",
        "Website",
        "General email address",
        "General phone number",
        "Last verified",
    )

    def get(self, request, *args, **kwargs):
        params = request.GET.copy()
        file_format = params.pop("format", [exports.CSV])[-1]
        if file_format not in exports.FORMATS:
            raise Http404("Unknown export format.")
        params.pop("page", None)
        organisations = (
            organisation_search(user=request.user, params=params)
            .qs.select_related("parent")
            .prefetch_related("boroughs", "wards", "communities", "topics")
        )
        audit_export(
            request=request,
            what="organisations",
            rows=organisations.count(),
            file_format=file_format,
        )
        return exports.export_response(
            headers=self.HEADERS,
            rows=self.rows(organisations),
            filename=f"organisations-{timezone.localdate():%Y-%m-%d}",
            file_format=file_format,
        )

    @staticmethod
    def rows(organisations):
        def names(related):
            return "; ".join(item.name for item in related.all())

        for organisation in organisations.iterator(chunk_size=1000):
            yield (
                organisation.name,
                organisation.get_kind_display(),
                organisation.parent.name if organisation.parent else "",
                organisation.pan_london,
                names(organisation.boroughs),
                names(organisation.wards),
                names(organisation.communities),
                names(organisation.topics),
                organisation.website,
                organisation.email,
                organisation.phone.as_e164 if organisation.phone else "",
                organisation.last_verified,
            )


class OrganisationDetailView(RoleRequiredMixin, DetailView):
    """One organisation: what it is, where and whom it serves, its umbrella and members,
    its people (those the user may see), the interaction log and the change history."""

    access = READERS
    template_name = "stakeholders/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return organisation_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        user, organisation = self.request.user, self.object
        spoc = organisation.single_point_of_contact
        may_log = may_log_interaction(user, organisation=organisation)
        return super().get_context_data(
            people=organisation_people(user=user, organisation=organisation),
            spoc_visible=spoc is not None and user.has_perm("stakeholders.see_contact", spoc),
            may_manage=user.has_perm("stakeholders.manage_contacts"),
            interactions=interactions_for(user=user, organisation=organisation),
            interaction_add_url=(
                reverse("stakeholders:organisation-interaction-create", args=[organisation.pk])
                if may_log
                else None
            ),
            history=organisation_history(user=user, organisation=organisation),
            **kwargs,
        )


class OrganisationFormView(RoleRequiredMixin, FormView):
    """Shared by add and edit: the service saves; its errors go next to the fields."""

    access = STAFF
    form_class = OrganisationForm
    template_name = "stakeholders/organisation_form.html"
    organisation = None

    def get_form_kwargs(self):
        # A copy: the form writes what was typed onto its instance, and a refused form
        # must not change the heading of the page it is shown on.
        instance = copy.copy(self.organisation) if self.organisation else None
        return {**super().get_form_kwargs(), "instance": instance, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            organisation = self.save(data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(organisation=organisation))
        return redirect(organisation)


class OrganisationCreateView(OrganisationFormView):
    success_message = "{organisation} added."

    def save(self, data):
        return organisation_create(acting_user=self.request.user, **data)


class OrganisationUpdateView(OrganisationFormView):
    success_message = "{organisation} saved."

    @cached_property
    def organisation(self):
        return get_object_or_404(
            organisation_detail_queryset(user=self.request.user), pk=self.kwargs["pk"]
        )

    def save(self, data):
        return organisation_update(
            organisation=self.organisation, acting_user=self.request.user, **data
        )


urlpatterns = [
    path("organisations/", OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", OrganisationCreateView.as_view(), name="organisation-create"),
    path("organisations/export/", OrganisationExportView.as_view(), name="organisation-export"),
    path("organisations/<int:pk>/", OrganisationDetailView.as_view(), name="organisation-detail"),
    path(
        "organisations/<int:pk>/edit/",
        OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
]
