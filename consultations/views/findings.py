"""Findings ("you said"): the themes and issues people raised. Every role reads them (no
personal data); planners change those of the consultations they may change; the unit
codes responses to them."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import DetailView, FormView, TemplateView

from consultations.access import PLANNERS, READERS, STAFF
from consultations.forms.findings import FindingForm, ResponseCodingForm
from consultations.models import Consultation
from consultations.selectors.findings import editable_findings, finding_for_detail, findings_for
from consultations.selectors.responses import response_for_detail
from consultations.services.findings import finding_create, finding_update, response_code
from core.access import RoleRequiredMixin
from core.forms import add_service_errors


class FindingListView(RoleRequiredMixin, TemplateView):
    access = READERS
    template_name = "consultations/finding_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        consultation = get_object_or_404(
            Consultation.objects.visible_to(user), pk=self.kwargs["pk"]
        )
        tag = self.request.GET.get("tag", "").strip()
        return super().get_context_data(
            consultation=consultation,
            findings=findings_for(user=user, consultation=consultation, tag=tag),
            tag=tag,
            may_change=Consultation.objects.editable_by(user).filter(pk=consultation.pk).exists(),
            **kwargs,
        )


class FindingDetailView(RoleRequiredMixin, DetailView):
    access = READERS
    template_name = "consultations/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return finding_for_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            may_change=editable_findings(user=user).filter(pk=self.object.pk).exists(),
            may_read_responses=STAFF.allows(user),
            **kwargs,
        )


class FindingFormMixin(RoleRequiredMixin):
    access = PLANNERS
    template_name = "consultations/finding_form.html"
    form_class = FindingForm

    saved_group = None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "consultation": self.consultation,
            "user": self.request.user,
            "group": self.saved_group,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        try:
            finding = self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Finding “{finding.title}” saved.")
        return redirect("consultations:finding-detail", pk=finding.pk)


class FindingCreateView(FindingFormMixin, FormView):
    """Planners, for the consultations they may change (others are not found)."""

    @cached_property
    def consultation(self):
        editable = Consultation.objects.editable_by(self.request.user)
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def save(self, data):
        return finding_create(consultation=self.consultation, **data, acting_user=self.request.user)


class FindingUpdateView(FindingFormMixin, FormView):
    @cached_property
    def finding(self):
        findings = editable_findings(user=self.request.user).select_related("consultation")
        return get_object_or_404(findings, pk=self.kwargs["pk"])

    @cached_property
    def consultation(self):
        return self.finding.consultation

    @property
    def saved_group(self):
        return self.finding.group

    def get_initial(self):
        return FindingForm.initial_for(self.finding)

    def get_context_data(self, **kwargs):
        return super().get_context_data(finding=self.finding, **kwargs)

    def save(self, data):
        return finding_update(finding=self.finding, **data, acting_user=self.request.user)


class ResponseCodeView(RoleRequiredMixin, FormView):
    """Tick the findings a response raises; each one it is coded to counts it."""

    access = STAFF
    template_name = "consultations/response_detail.html"
    form_class = ResponseCodingForm

    @cached_property
    def response(self):
        return get_object_or_404(response_for_detail(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "consultation": self.response.consultation}

    def get_initial(self):
        return {"findings": list(self.response.findings.all())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(response=self.response, **kwargs)
        return {**context, "coding_form": context["form"]}

    def form_valid(self, form):
        try:
            response_code(
                response=self.response,
                findings=form.cleaned_data["findings"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Coding saved.")
        return redirect("consultations:response-detail", pk=self.response.pk)


urlpatterns = [
    path("<int:pk>/findings/", FindingListView.as_view(), name="finding-list"),
    path("<int:pk>/findings/new/", FindingCreateView.as_view(), name="finding-create"),
    path("findings/<int:pk>/", FindingDetailView.as_view(), name="finding-detail"),
    path("findings/<int:pk>/edit/", FindingUpdateView.as_view(), name="finding-update"),
    path("responses/<int:pk>/code/", ResponseCodeView.as_view(), name="response-code"),
]
