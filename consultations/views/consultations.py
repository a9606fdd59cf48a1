"""Consultation pages: the list, one consultation, plan and edit it, move its status."""

import copy
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import DetailView, FormView, ListView, TemplateView

from consultations.access import PLANNERS, READERS
from consultations.choices import ConsultationStatus, Method
from consultations.forms.consultations import ClashAcknowledgementForm, ConsultationForm
from consultations.models import Consultation
from consultations.selectors.consultations import (
    consultation_clash_records,
    consultation_detail_queryset,
    consultation_events,
    consultation_list,
)
from consultations.services.clashes import ClashesFound
from consultations.services.consultations import (
    TRANSITIONS,
    consultation_create,
    consultation_update,
    next_actions,
)
from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from stakeholders.choices import ConsulteeCategory
from stakeholders.selectors.contacts import HistorySource, history_entries


class ConsultationListView(RoleRequiredMixin, ListView):
    """Every consultation, newest first, filterable by status and title."""

    access = READERS
    template_name = "consultations/consultation_list.html"
    context_object_name = "consultations"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", "")
        if status not in ConsultationStatus.values:
            status = ""
        self.status = status
        self.query = self.request.GET.get("q", "").strip()
        return consultation_list(user=self.request.user, status=status, query=self.query)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            statuses=ConsultationStatus.choices,
            status=self.status,
            query=self.query,
            may_plan=PLANNERS.allows(user),
            **kwargs,
        )


class ConsultationDetailView(RoleRequiredMixin, DetailView):
    """One consultation: why, what can be influenced and what is fixed, scope, audiences,
    dates, costs, status with the next steps (for those who may change it), its events and
    the clashes acknowledged on record."""

    access = READERS
    template_name = "consultations/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return consultation_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        user, consultation = self.request.user, self.object
        may_change = user.has_perm("consultations.change_consultation_record", consultation)
        return super().get_context_data(
            may_change=may_change,
            actions=next_actions(consultation) if may_change else [],
            editable=may_change and consultation.status != ConsultationStatus.ARCHIVED,
            events=consultation_events(user=user, consultation=consultation),
            clash_records=consultation_clash_records(consultation=consultation),
            history=history_entries(HistorySource(consultation.history.all())),
            method_labels=[Method(value).label for value in consultation.methods],
            category_labels=[
                ConsulteeCategory(value).label for value in consultation.audience_categories
            ],
            **kwargs,
        )


class ConsultationFormView(RoleRequiredMixin, FormView):
    """Shared by add and edit. The service saves; its errors go next to the fields. If the
    consultation clashes with other activities, the form comes back with a warning naming
    each, and saves only once the planner ticks "Go ahead anyway" and says why."""

    access = PLANNERS
    form_class = ConsultationForm
    template_name = "consultations/consultation_form.html"
    consultation = None
    clashes = None

    def get_form_kwargs(self):
        # A copy: a refused form must not change the heading of the page it is shown on.
        instance = copy.copy(self.consultation) if self.consultation else None
        return {**super().get_form_kwargs(), "instance": instance, "user": self.request.user}

    def get_context_data(self, **kwargs):
        if "clash_form" not in kwargs:
            kwargs["clash_form"] = ClashAcknowledgementForm(
                self.request.POST if self.request.method == "POST" else None
            )
        return super().get_context_data(
            consultation=self.consultation, clashes=self.clashes, **kwargs
        )

    def form_valid(self, form):
        # A tick without a reason is refused by the clash form; its reason is then empty,
        # so the service raises the clashes again and the form shows the missing reason.
        clash_form = ClashAcknowledgementForm(self.request.POST)
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            consultation = self.save(data, clash_reason=clash_form.reason)
        except ClashesFound as clashes:
            self.clashes = clashes.clashes
            return self.render_to_response(self.get_context_data(form=form, clash_form=clash_form))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(consultation=consultation))
        return redirect(consultation)


class ConsultationCreateView(ConsultationFormView):
    success_message = "{consultation} added, in draft."

    def save(self, data, *, clash_reason):
        return consultation_create(acting_user=self.request.user, clash_reason=clash_reason, **data)


class ConsultationUpdateView(ConsultationFormView):
    success_message = "{consultation} saved."

    @cached_property
    def consultation(self):
        consultation = get_object_or_404(
            Consultation.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )
        if consultation.status == ConsultationStatus.ARCHIVED:
            raise Http404("An archived consultation cannot be changed.")
        return consultation

    def save(self, data, *, clash_reason):
        return consultation_update(
            consultation=self.consultation,
            acting_user=self.request.user,
            clash_reason=clash_reason,
            **data,
        )


class ConsultationTransitionView(RoleRequiredMixin, TemplateView):
    """GET: confirm moving the consultation to its next status. POST: do it, or show why
    it was refused."""

    access = PLANNERS
    template_name = "consultations/consultation_transition_confirm.html"

    @cached_property
    def consultation(self):
        return get_object_or_404(
            Consultation.objects.editable_by(self.request.user).select_related("lead_officer"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def transition(self):
        if self.kwargs["action"] not in TRANSITIONS:
            raise Http404("No such step.")
        return TRANSITIONS[self.kwargs["action"]]

    def get_context_data(self, **kwargs):
        _service, to, label = self.transition
        kwargs.pop("pk", None)
        return super().get_context_data(
            consultation=self.consultation,
            action=kwargs.pop("action", self.kwargs["action"]),
            target=to,
            label=label,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        service, to, _label = self.transition
        try:
            service(consultation=self.consultation, acting_user=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        messages.success(request, f"{self.consultation} is now {to.label.lower()}.")
        return redirect(self.consultation)


urlpatterns = [
    path("list/", ConsultationListView.as_view(), name="consultation-list"),
    path("new/", ConsultationCreateView.as_view(), name="consultation-create"),
    path("<int:pk>/", ConsultationDetailView.as_view(), name="consultation-detail"),
    path("<int:pk>/edit/", ConsultationUpdateView.as_view(), name="consultation-update"),
    path(
        "<int:pk>/status/<str:action>/",
        ConsultationTransitionView.as_view(),
        name="consultation-transition",
    ),
]
