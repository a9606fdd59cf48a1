"""A priority's history from set to closed, and closing it (the outcome is required)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View
from django.views.generic import DetailView

from consultations.access import PLANNERS, READERS
from consultations.forms.priorities import PriorityCloseForm
from consultations.models import WardPriority
from consultations.selectors.panels import priority_history
from consultations.services.priorities import priority_close
from core.access import RoleRequiredMixin
from core.forms import add_service_errors


class PriorityDetailView(RoleRequiredMixin, DetailView):
    access = READERS
    template_name = "consultations/priority_detail.html"
    context_object_name = "priority"

    def get_queryset(self):
        return WardPriority.objects.visible_to(self.request.user).select_related(
            "group", "theme", "set_at", "closed_at"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["updates"] = priority_history(self.object)
        context["can_edit"] = (
            WardPriority.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        )
        return context


class PriorityCloseView(RoleRequiredMixin, View):
    access = PLANNERS
    template_name = "consultations/priority_close_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.access.allows(request.user):
            self.priority = get_object_or_404(
                WardPriority.objects.editable_by(request.user).select_related("group", "theme"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status=200):
        context = {"form": form, "priority": self.priority}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(PriorityCloseForm())

    def post(self, request, *args, **kwargs):
        form = PriorityCloseForm(request.POST)
        if form.is_valid():
            try:
                priority_close(
                    priority=self.priority,
                    outcome=form.cleaned_data["outcome"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Priority closed.")
                return redirect(self.priority.get_absolute_url())
        return self.render_form(form, status=400)


urlpatterns = [
    path("panels/priorities/<int:pk>/", PriorityDetailView.as_view(), name="priority-detail"),
    path("panels/priorities/<int:pk>/close/", PriorityCloseView.as_view(), name="priority-close"),
]
