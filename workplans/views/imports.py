"""Import pages: upload a CSV or XLSX work plan, match its columns, check the tree it makes
and every row's errors, then commit it all or nothing.

A small file is read in the upload's request; a larger one by a Celery worker, the
columns page saying so (and polling with htmx) until it is read or refused. The other
steps run in the request (see workplans.services.imports.browser: a plan is hundreds of
rows). Unit staff and administrators import; an import is continued only by the person
who uploaded it: anyone else is told it is not there.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from workplans.access import EDITORS
from workplans.forms.imports import (
    PlanImportCommitForm,
    PlanImportMappingForm,
    PlanImportUploadForm,
)
from workplans.models import PlanImport, WorkPlan
from workplans.services.imports import (
    SHAPE_LABELS,
    ImportRefused,
    import_target_plan,
    plan_import_check,
    plan_import_commit,
    plan_import_create,
    plan_import_mapping_set,
)
from workplans.views.base import ServiceFormView

SAMPLE_ROWS = 3
Status = PlanImport.Status
NOT_READ = (Status.READING, Status.FAILED)


class PlanImportMixin:
    """For the pages of one import, named by ``pk``: the user's own, still to commit. A
    finished one sends them to the plan it went into."""

    @cached_property
    def plan_import(self) -> PlanImport:
        own = PlanImport.objects.editable_by(self.request.user).filter(created_by=self.request.user)
        return get_object_or_404(own.select_related("plan"), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        may_import = request.user.is_authenticated and EDITORS.allows(request.user)
        if may_import and self.plan_import.status == Status.DONE:
            messages.info(request, "This import is done: here is the plan it went into.")
            return redirect(self.plan_import.plan)
        if may_import and self.plan_import.status in NOT_READ and not self.waits_for_reading:
            return redirect("workplans:import-mapping", pk=self.plan_import.pk)
        return super().dispatch(request, *args, **kwargs)

    waits_for_reading = False  # this page shows a file still being read, or refused

    def breadcrumbs(self):
        return [("Import a plan", reverse("workplans:import-create"))]

    def get_context_data(self, **kwargs):
        plan_import = self.plan_import
        return super().get_context_data(
            plan_import=plan_import,
            shape_label=SHAPE_LABELS.get(plan_import.shape, ""),
            **kwargs,
        )


class PlanImportCreateView(ServiceFormView):
    template_name = "workplans/import_upload.html"
    form_class = PlanImportUploadForm
    heading = "Import a plan"
    success_message = "File read. Check which column holds what."

    @cached_property
    def plan(self) -> WorkPlan | None:
        """The plan named by ``?plan=``, chosen to start with."""
        pk = self.request.GET.get("plan", "")
        plans = WorkPlan.objects.editable_by(self.request.user)
        return plans.filter(pk=pk).first() if pk.isdigit() else None

    def get_initial(self):
        return {"plan": self.plan} if self.plan else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def breadcrumbs(self):
        return [(self.plan.title, self.plan.get_absolute_url())] if self.plan else []

    def save(self, data):
        return plan_import_create(
            uploaded_file=data["file"],
            acting_user=self.request.user,
            **self.service_arguments,
        )

    def form_valid(self, form):
        self.service_arguments = form.service_arguments()
        return super().form_valid(form)

    def success_url_for(self, saved):
        return reverse("workplans:import-mapping", kwargs={"pk": saved.pk})


class PlanImportMappingView(PlanImportMixin, ServiceFormView):
    """The columns to match; while a large file is read, a page saying so (polling for
    the end), and if it could not be read, why."""

    template_name = "workplans/import_mapping.html"
    form_class = PlanImportMappingForm
    heading = "Match the columns"
    success_message = "Columns matched. Check the plan it makes."
    waits_for_reading = True

    def get(self, request, *args, **kwargs):
        if self.plan_import.status in NOT_READ:
            context = self.get_context_data(form=None)
            return self.response_class(request, "workplans/import_reading.html", context)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.plan_import.status in NOT_READ:
            return redirect("workplans:import-mapping", pk=self.plan_import.pk)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan_import": self.plan_import}

    def get_context_data(self, **kwargs):
        return super().get_context_data(sample=self.plan_import.rows[:SAMPLE_ROWS], **kwargs)

    def form_valid(self, form):
        self.mapping = form.mapping()
        return super().form_valid(form)

    def save(self, data):
        return plan_import_mapping_set(
            plan_import=self.plan_import, mapping=self.mapping, acting_user=self.request.user
        )

    def success_url_for(self, saved):
        return reverse("workplans:import-preview", kwargs={"pk": saved.pk})


class PlanImportReadingView(PlanImportMixin, RoleRequiredMixin, TemplateView):
    """Whether the file is still being read, polled by htmx; once it is over, it asks the
    page to reload itself, to show the columns (or why the file was refused)."""

    access = EDITORS
    template_name = "workplans/includes/import_reading.html"
    waits_for_reading = True

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.plan_import.status != Status.READING:
            response["HX-Refresh"] = "true"
        return response


class PlanImportPreviewView(PlanImportMixin, RoleRequiredMixin, TemplateView):
    """The tree as it will be built, every row with errors, and the commit form."""

    access = EDITORS
    template_name = "workplans/import_preview.html"

    def get(self, request, *args, **kwargs):
        return self.render_preview(PlanImportCommitForm())

    def render_preview(self, form, status=200):
        try:
            checked = plan_import_check(plan_import=self.plan_import)
        except ValidationError:  # the columns saved no longer fit: match them again
            messages.error(self.request, "Choose the column that holds the actions first.")
            return redirect("workplans:import-mapping", pk=self.plan_import.pk)
        context = self.get_context_data(
            form=form,
            checked=checked,
            counts=checked.counts(),
            breadcrumbs=self.breadcrumbs(),
            **self.plan_context(),
        )
        return self.render_to_response(context, status=status)

    def plan_context(self) -> dict:
        plan = import_target_plan(self.plan_import)
        return {"plan": plan, "new_plan": plan.pk is None}


class PlanImportCommitView(PlanImportPreviewView):
    """Commit, all or nothing; refused, the preview comes back (400) saying why."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PlanImportCommitForm(request.POST)
        if not form.is_valid():
            return self.render_preview(form, status=400)
        try:
            plan, result = plan_import_commit(
                plan_import=self.plan_import,
                acting_user=request.user,
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
        except ImportRefused as refusal:
            form.add_error("skip_invalid", refusal.message)
            return self.render_preview(form, status=400)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render_preview(form, status=400)
        messages.success(request, f"Imported into “{plan.title}”: {result.summary()}")
        return redirect(plan)


urlpatterns = [
    path("imports/new/", PlanImportCreateView.as_view(), name="import-create"),
    path("imports/<int:pk>/columns/", PlanImportMappingView.as_view(), name="import-mapping"),
    path("imports/<int:pk>/reading/", PlanImportReadingView.as_view(), name="import-reading"),
    path("imports/<int:pk>/", PlanImportPreviewView.as_view(), name="import-preview"),
    path("imports/<int:pk>/commit/", PlanImportCommitView.as_view(), name="import-commit"),
]
