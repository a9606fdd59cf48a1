"""The good-practice toolkit: guidance, templates and case studies, and the consultations
marked as good practice, searchable; for staff and sergeants ("identify and disseminate
good practice models"). Only unit staff and administrators change it."""

import copy
from functools import cached_property
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from consultations.access import STAFF
from consultations.forms.toolkit import GoodPracticeForm, ToolkitResourceForm, ToolkitSearchForm
from consultations.selectors.toolkit import (
    good_practice_candidates,
    toolkit_resource_detail_queryset,
    toolkit_search,
)
from consultations.services.toolkit import (
    FINISHED_STATUSES,
    consultation_mark_good_practice,
    consultation_unmark_good_practice,
    content_type_of,
    download_stem,
    toolkit_resource_create,
    toolkit_resource_delete,
    toolkit_resource_update,
)
from core.access import Access, RoleRequiredMixin
from core.downloads import attachment
from core.forms import add_service_errors
from core.roles import Role

# The issue: the toolkit is "visible to staff and sergeants"; authority members are not
# named, so they are refused.
TOOLKIT_READERS = Access(
    roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.NEIGHBOURHOOD_SERGEANT})
)


class ToolkitListView(RoleRequiredMixin, ListView):
    """Search the resources; the good-practice consultations matching the same words are
    listed beside them."""

    access = TOOLKIT_READERS
    template_name = "consultations/toolkit_list.html"
    context_object_name = "resources"
    paginate_by = 25

    def get_queryset(self):
        self.search_form = ToolkitSearchForm(self.request.GET or None)
        params = self.search_form.cleaned_data if self.search_form.is_valid() else {}
        self.results = toolkit_search(
            user=self.request.user, q=params.get("q", ""), kind=params.get("kind", "")
        )
        return self.results.resources

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search_form=self.search_form,
            good_practice=self.results.good_practice[:50],
            searched=bool(self.request.GET.get("q") or self.request.GET.get("kind")),
            may_manage=STAFF.allows(self.request.user),
            **kwargs,
        )


class ToolkitDetailView(RoleRequiredMixin, DetailView):
    access = TOOLKIT_READERS
    template_name = "consultations/toolkit_detail.html"
    context_object_name = "resource"

    def get_queryset(self):
        return toolkit_resource_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_manage=STAFF.allows(self.request.user), **kwargs)


class ToolkitFileView(RoleRequiredMixin, View):
    """The resource's file, to signed-in staff and sergeants only (never a public URL)."""

    access = TOOLKIT_READERS

    def get(self, request, pk):
        resource = get_object_or_404(toolkit_resource_detail_queryset(user=request.user), pk=pk)
        if not resource.file:
            raise Http404("This resource has no file.")
        try:
            handle = resource.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The file is missing.") from missing
        return attachment(
            handle,
            stem=download_stem(resource),
            extension=PurePath(resource.file.name).suffix,
            content_type=content_type_of(resource),
        )


class ToolkitFormView(RoleRequiredMixin, FormView):
    """Shared by add and edit: the service saves; its errors go next to the fields."""

    access = STAFF
    form_class = ToolkitResourceForm
    template_name = "consultations/toolkit_form.html"
    resource = None

    def get_initial(self):
        initial = super().get_initial()
        consultation = self.request.GET.get("consultation")
        if self.resource is None and consultation and consultation.isdigit():
            initial["consultation"] = int(consultation)
        return initial

    def get_form_kwargs(self):
        # A copy: a refused form must not change the heading of the page it is shown on.
        instance = copy.copy(self.resource) if self.resource else None
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(resource=self.resource, **kwargs)

    def form_valid(self, form):
        data = {
            name: form.cleaned_data[name]
            for name in ("title", "kind", "summary", "tags", "link", "consultation")
        }
        try:
            resource = self.save(form, data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(resource=resource))
        return redirect("consultations:toolkit-detail", pk=resource.pk)


class ToolkitCreateView(ToolkitFormView):
    success_message = "{resource} added to the toolkit."

    def save(self, form, data):
        return toolkit_resource_create(
            acting_user=self.request.user, file=form.cleaned_data.get("file"), **data
        )


class ToolkitUpdateView(ToolkitFormView):
    success_message = "{resource} saved."

    @cached_property
    def resource(self):
        return get_object_or_404(
            toolkit_resource_detail_queryset(user=self.request.user), pk=self.kwargs["pk"]
        )

    def save(self, form, data):
        return toolkit_resource_update(
            resource=self.resource,
            acting_user=self.request.user,
            file=form.cleaned_data.get("file"),
            remove_file=getattr(form, "remove_file", False),
            **data,
        )


class ToolkitDeleteView(RoleRequiredMixin, View):
    """Remove a resource (a button on its page, POST only)."""

    access = STAFF
    http_method_names = ["post"]

    def post(self, request, pk):
        resource = get_object_or_404(toolkit_resource_detail_queryset(user=request.user), pk=pk)
        title = resource.title
        toolkit_resource_delete(resource=resource, acting_user=request.user)
        messages.success(request, f"{title} removed from the toolkit.")
        return redirect("consultations:toolkit-list")


class GoodPracticeMarkView(RoleRequiredMixin, FormView):
    """Mark a finished consultation as good practice, with what others can learn from it;
    or take the mark off (a second button)."""

    access = STAFF
    form_class = GoodPracticeForm
    template_name = "consultations/good_practice_form.html"

    @cached_property
    def consultation(self):
        return get_object_or_404(
            good_practice_candidates(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {"good_practice_note": self.consultation.good_practice_note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            finished=self.consultation.status in FINISHED_STATUSES,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            consultation_unmark_good_practice(
                consultation=self.consultation, acting_user=request.user
            )
            messages.success(request, f"{self.consultation} is no longer marked as good practice.")
            return redirect(self.success_url_for())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            consultation_mark_good_practice(
                consultation=self.consultation,
                note=form.cleaned_data["good_practice_note"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.consultation} is marked as good practice.")
        return redirect(self.success_url_for())

    @staticmethod
    def success_url_for():
        return reverse("consultations:toolkit-list") + "?kind=good_practice"


urlpatterns = [
    path("toolkit/", ToolkitListView.as_view(), name="toolkit-list"),
    path("toolkit/new/", ToolkitCreateView.as_view(), name="toolkit-create"),
    path("toolkit/<int:pk>/", ToolkitDetailView.as_view(), name="toolkit-detail"),
    path("toolkit/<int:pk>/edit/", ToolkitUpdateView.as_view(), name="toolkit-update"),
    path("toolkit/<int:pk>/delete/", ToolkitDeleteView.as_view(), name="toolkit-delete"),
    path("toolkit/<int:pk>/file/", ToolkitFileView.as_view(), name="toolkit-file"),
    path("<int:pk>/good-practice/", GoodPracticeMarkView.as_view(), name="good-practice-mark"),
]
