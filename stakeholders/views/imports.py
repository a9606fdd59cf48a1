"""Import pages: upload a CSV or XLSX file, map its columns, preview every row, commit.

The checking and the writing run as Celery tasks (stakeholders/tasks.py); these pages
start them through the services and show their progress.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.access import RoleRequiredMixin
from stakeholders.access import STAFF
from stakeholders.forms.imports import ImportChoiceForm, ImportMappingForm, ImportUploadForm
from stakeholders.models import ImportJob
from stakeholders.services.imports import (
    DEFAULT_PREFIX,
    fields_for,
    import_commit_request,
    import_job_create,
    import_mapping_set,
    import_selection_save,
    max_file_size,
)

Status = ImportJob.Status
RUNNING = (Status.READING, Status.PREVIEWING, Status.IMPORTING)
ROWS_PER_PAGE = 200


def import_jobs_for(user):
    """The import jobs ``user`` may see: their own, and every job for the staff who keep
    the database (an import one colleague started, another may finish)."""
    jobs = ImportJob.objects.select_related("created_by")
    if user.has_perm("stakeholders.manage_contacts"):
        return jobs
    return jobs.filter(created_by=user)


def _form_errors(form, error: ValidationError) -> None:
    """A service's ValidationError, shown next to the field it concerns."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class JobMixin:
    def get_job(self) -> ImportJob:
        if not hasattr(self, "_job"):
            self._job = get_object_or_404(import_jobs_for(self.request.user), pk=self.kwargs["pk"])
        return self._job

    def preview_url(self, page=None) -> str:
        url = reverse("stakeholders:import-preview", kwargs={"pk": self.get_job().pk})
        return f"{url}?page={page}" if page and page > 1 else url


class ImportJobListView(RoleRequiredMixin, ListView):
    access = STAFF
    template_name = "stakeholders/importjob_list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_queryset(self):
        return import_jobs_for(self.request.user)


class ImportJobCreateView(RoleRequiredMixin, FormView):
    access = STAFF
    template_name = "stakeholders/importjob_upload.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_megabytes=max_file_size() // 1024 // 1024, **kwargs)

    def form_valid(self, form):
        try:
            job = import_job_create(
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        return redirect("stakeholders:import-mapping", pk=job.pk)


class ImportJobMappingView(RoleRequiredMixin, JobMixin, FormView):
    access = STAFF
    template_name = "stakeholders/importjob_mapping.html"
    form_class = ImportMappingForm

    def get(self, request, *args, **kwargs):
        if self.get_job().status not in (Status.UPLOADED, Status.PREVIEWED):
            return redirect(self.preview_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.get_job().status not in (Status.UPLOADED, Status.PREVIEWED):
            messages.error(request, "This import is already under way or finished.")
            return redirect(self.preview_url())
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "job": self.get_job()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.get_job(), **kwargs)

    def form_valid(self, form):
        try:
            import_mapping_set(
                job=self.get_job(), mapping=form.mapping(), acting_user=self.request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        return redirect(self.preview_url())


class ImportJobPreviewView(RoleRequiredMixin, JobMixin, TemplateView):
    """Progress while the rows are checked or imported; then every row with its errors
    and likely duplicates, and the choice of rows to import; then the outcome."""

    access = STAFF
    template_name = "stakeholders/importjob_preview.html"

    def get(self, request, *args, **kwargs):
        if self.get_job().status == Status.UPLOADED:
            return redirect("stakeholders:import-mapping", pk=self.get_job().pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        job = self.get_job()
        context = super().get_context_data(job=job, running=job.status in RUNNING, **kwargs)
        if job.status == Status.PREVIEWED:
            context.update(self.preview_context(job))
        return context

    def preview_context(self, job):
        detail = (
            "stakeholders:contact-detail"
            if job.kind == ImportJob.Kind.CONTACTS
            else "stakeholders:organisation-detail"
        )
        columns = [
            f
            for f in fields_for(job.kind)
            if f.name in job.mapping or DEFAULT_PREFIX + f.name in job.mapping
        ]
        page = Paginator(job.preview, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        chosen = set(job.selected_rows)
        rows = []
        for entry in page.object_list:
            duplicates = [
                {
                    **match,
                    "url": reverse(detail, kwargs={"pk": match["id"]}) if "id" in match else "",
                }
                for match in entry["duplicates"]
            ]
            rows.append(
                {
                    "number": entry["row"],
                    "cells": [entry["values"].get(f.name, "") for f in columns],
                    "errors": entry["errors"],
                    "duplicates": duplicates,
                    "chosen": entry["row"] in chosen,
                }
            )
        return {
            "columns": columns,
            "page_obj": page,
            "rows": rows,
            "errors": [error["text"] for entry in job.preview for error in entry["errors"]],
            "counts": {
                "rows": len(job.preview),
                "valid": sum(1 for entry in job.preview if not entry["errors"]),
                "invalid": sum(1 for entry in job.preview if entry["errors"]),
                "duplicates": sum(1 for entry in job.preview if entry["duplicates"]),
                "chosen": len(chosen),
            },
        }


class ImportJobCommitView(RoleRequiredMixin, JobMixin, View):
    """Save the rows ticked on a preview page and, unless only saving, start the import.
    Refused, with nothing written, if any chosen row has an error."""

    access = STAFF

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != Status.PREVIEWED:
            messages.error(request, "This import is not waiting for rows to be chosen.")
            return redirect(self.preview_url())
        form = ImportChoiceForm(request.POST, job=job)
        if not form.is_valid():
            messages.error(request, "Those rows are not in this file. Choose again.")
            return redirect(self.preview_url())
        page, goto = form.cleaned_data["page"], form.cleaned_data["goto"]
        rows = form.chosen_rows()
        try:
            if goto:  # a page button: keep this page's ticks, show the other page
                import_selection_save(job=job, rows=rows, acting_user=request.user)
                return redirect(self.preview_url(goto))
            if form.cleaned_data["action"] == ImportChoiceForm.SAVE:
                import_selection_save(job=job, rows=rows, acting_user=request.user)
                messages.success(request, f"Your choice is saved: {len(rows)} rows to import.")
                return redirect(self.preview_url(page))
            # Kept even if the import is refused, so the ticks are still there to correct.
            import_selection_save(job=job, rows=rows, acting_user=request.user)
            import_commit_request(job=job, rows=rows, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.preview_url(page))
        messages.success(request, f"Importing {len(rows)} rows.")
        return redirect(self.preview_url())


class ImportJobProgressView(RoleRequiredMixin, JobMixin, TemplateView):
    """The progress bar alone, polled by htmx; once the work is over it asks the page to
    reload itself, to show the result."""

    access = STAFF
    template_name = "stakeholders/includes/import_progress.html"

    def get_context_data(self, **kwargs):
        job = self.get_job()
        return super().get_context_data(job=job, running=job.status in RUNNING, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not context["running"]:
            response["HX-Refresh"] = "true"
        return response


urlpatterns = [
    path("imports/", ImportJobListView.as_view(), name="import-list"),
    path("imports/new/", ImportJobCreateView.as_view(), name="import-create"),
    path("imports/<int:pk>/", ImportJobPreviewView.as_view(), name="import-preview"),
    path("imports/<int:pk>/mapping/", ImportJobMappingView.as_view(), name="import-mapping"),
    path("imports/<int:pk>/commit/", ImportJobCommitView.as_view(), name="import-commit"),
    path("imports/<int:pk>/progress/", ImportJobProgressView.as_view(), name="import-progress"),
]
