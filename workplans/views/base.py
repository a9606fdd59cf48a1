"""What the work plan form pages share: the service saves, its errors go next to the
fields, a refused form answers 400 and says nothing was saved."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from workplans.access import EDITORS
from workplans.models import Objective, WorkPlan


class ServiceFormView(RoleRequiredMixin, FormView):
    """Subclasses give ``save(data)`` (calls a service, returns the saved object),
    ``heading`` and ``breadcrumbs()``; the page is the shared form template."""

    access = EDITORS
    template_name = "workplans/form_page.html"
    heading = ""
    intro = ""
    success_message = "Saved."
    submit_label = "Save"

    def save(self, data):
        raise NotImplementedError

    def breadcrumbs(self) -> list[tuple[str, str]]:
        """(label, url) pairs leading to this page; the page itself is added last."""
        return []

    def cancel_url(self) -> str:
        crumbs = self.breadcrumbs()
        return crumbs[-1][1] if crumbs else ""

    def success_url_for(self, saved) -> str:
        return saved.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading,
            intro=self.intro,
            breadcrumbs=self.breadcrumbs(),
            cancel_url=self.cancel_url(),
            submit_label=self.submit_label,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            saved = self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(saved))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EditablePlanMixin:
    """For a page about one plan the user may change, named by ``pk`` in the URL."""

    @cached_property
    def plan(self) -> WorkPlan:
        return get_object_or_404(
            WorkPlan.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )

    def breadcrumbs(self):
        return [(self.plan.title, self.plan.get_absolute_url())]


class EditableObjectiveMixin:
    """For a page about one objective the user may change, named by ``pk`` in the URL."""

    @cached_property
    def objective(self) -> Objective:
        return get_object_or_404(
            Objective.objects.editable_by(self.request.user).select_related("plan"),
            pk=self.kwargs["pk"],
        )

    def breadcrumbs(self):
        plan = self.objective.plan
        return [(plan.title, plan.get_absolute_url())]
