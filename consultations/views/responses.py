"""E-consultation: the public response page (no account needed), the questionnaire that
planners write before a consultation opens, and the unit's view of the responses, with
responses from paper and street briefings typed in by staff."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from consultations.access import PLANNERS, STAFF
from consultations.forms.findings import ResponseCodingForm
from consultations.forms.questions import QuestionForm
from consultations.forms.responses import ResponseForm
from consultations.models import Consultation, Question
from consultations.selectors.responses import (
    public_consultations,
    questions_for,
    response_aggregates,
    response_for_detail,
    responses_for,
)
from consultations.services.responses import (
    QUESTIONS_EDITABLE_IN,
    Respondent,
    question_create,
    question_delete,
    question_move,
    question_update,
    refusal_reason,
    response_enter_offline,
    response_submit,
)
from core.access import PublicMixin, RoleRequiredMixin
from core.client_address import client_address
from core.forms import add_service_errors

# --- Public ----------------------------------------------------------------------------


class PublicResponseView(PublicMixin, View):
    """A consultation's public page: why it is happening, what people can influence and
    what is fixed, when it closes, then its questions. Never-opened consultations are not
    found; closed ones say when they closed."""

    template_name = "consultations/public_response_form.html"

    @cached_property
    def consultation(self):
        return get_object_or_404(public_consultations(), pk=self.kwargs["pk"])

    def closed(self, reason):
        context = {"consultation": self.consultation, "reason": reason}
        return render(self.request, "consultations/public_response_closed.html", context)

    def form(self, data=None):
        return ResponseForm(data, questions=questions_for(consultation=self.consultation))

    def show(self, form):
        return render(
            self.request, self.template_name, {"consultation": self.consultation, "form": form}
        )

    def get(self, request, *args, **kwargs):
        reason = refusal_reason(self.consultation)
        if reason:
            return self.closed(reason)
        return self.show(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        trapped = bool(form.honeypot_value().strip())
        if not trapped and not form.is_valid():
            reason = refusal_reason(self.consultation)
            return self.closed(reason) if reason else self.show(form)
        try:
            response_submit(
                consultation=self.consultation,
                answers={} if trapped else form.answers(),
                respondent=Respondent() if trapped else form.respondent(),
                client_ip=client_address(request),
                honeypot=form.honeypot_value(),
            )
        except ValidationError as error:
            if error.code == "closed":
                return self.closed(error.messages[0])
            add_service_errors(form, error)
            return self.show(form)
        return redirect("consultations:public-response-thanks", pk=self.consultation.pk)


class PublicResponseThanksView(PublicMixin, TemplateView):
    template_name = "consultations/public_response_thanks.html"

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(public_consultations(), pk=self.kwargs["pk"])
        return super().get_context_data(consultation=consultation, **kwargs)


# --- Questions -------------------------------------------------------------------------


class ConsultationQuestionsMixin(RoleRequiredMixin):
    """Planners, on the consultations they may change (others are not found)."""

    access = PLANNERS

    @cached_property
    def consultation(self):
        editable = Consultation.objects.editable_by(self.request.user)
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            questions_editable=self.consultation.status in QUESTIONS_EDITABLE_IN,
            **kwargs,
        )


class QuestionListView(ConsultationQuestionsMixin, TemplateView):
    template_name = "consultations/question_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            questions=questions_for(consultation=self.consultation), **kwargs
        )


class QuestionCreateView(ConsultationQuestionsMixin, FormView):
    template_name = "consultations/question_form.html"
    form_class = QuestionForm

    def form_valid(self, form):
        try:
            question_create(
                consultation=self.consultation, **form.cleaned_data, acting_user=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Question added.")
        return redirect("consultations:question-list", pk=self.consultation.pk)


class QuestionObjectMixin(ConsultationQuestionsMixin):
    """A question of a consultation the user may change."""

    @cached_property
    def question(self):
        editable = Consultation.objects.editable_by(self.request.user)
        questions = Question.objects.filter(consultation__in=editable).select_related(
            "consultation"
        )
        return get_object_or_404(questions, pk=self.kwargs["pk"])

    @cached_property
    def consultation(self):
        return self.question.consultation


class QuestionUpdateView(QuestionObjectMixin, FormView):
    template_name = "consultations/question_form.html"
    form_class = QuestionForm

    def get_initial(self):
        return QuestionForm.initial_for(self.question)

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question, **kwargs)

    def form_valid(self, form):
        try:
            question_update(
                question=self.question, **form.cleaned_data, acting_user=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Question saved.")
        return redirect("consultations:question-list", pk=self.consultation.pk)


class QuestionDeleteView(QuestionObjectMixin, View):
    def post(self, request, *args, **kwargs):
        consultation = self.consultation
        try:
            question_delete(question=self.question, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Question deleted.")
        return redirect("consultations:question-list", pk=consultation.pk)


class QuestionMoveView(QuestionObjectMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            question_move(
                question=self.question,
                up=request.POST.get("direction") == "up",
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("consultations:question-list", pk=self.consultation.pk)


# --- Responses (the unit only: they may carry names and emails) -------------------------


class ResponseListView(RoleRequiredMixin, TemplateView):
    """The answers per question (counts per option, mean rating) and every response."""

    access = STAFF
    template_name = "consultations/response_list.html"

    def get_context_data(self, **kwargs):
        consultations = Consultation.objects.visible_to(self.request.user)
        consultation = get_object_or_404(consultations, pk=self.kwargs["pk"])
        return super().get_context_data(
            consultation=consultation,
            aggregates=response_aggregates(consultation=consultation),
            responses=responses_for(user=self.request.user, consultation=consultation),
            **kwargs,
        )


class ResponseDetailView(RoleRequiredMixin, DetailView):
    access = STAFF
    template_name = "consultations/response_detail.html"
    context_object_name = "response"

    def get_queryset(self):
        return response_for_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        coding_form = ResponseCodingForm(
            consultation=self.object.consultation,
            initial={"findings": list(self.object.findings.all())},
        )
        return super().get_context_data(coding_form=coding_form, **kwargs)


class ResponseOfflineCreateView(RoleRequiredMixin, FormView):
    """Type in a response from a paper form or a street briefing."""

    access = STAFF
    template_name = "consultations/response_offline_form.html"

    @cached_property
    def consultation(self):
        consultations = Consultation.objects.visible_to(self.request.user)
        return get_object_or_404(consultations, pk=self.kwargs["pk"])

    def get_form(self, form_class=None):
        return ResponseForm(
            **self.get_form_kwargs(),
            questions=questions_for(consultation=self.consultation),
            public=False,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        try:
            response = response_enter_offline(
                consultation=self.consultation,
                answers=form.answers(),
                respondent=form.respondent(),
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Response {response.pk} entered, marked offline.")
        if "another" in self.request.POST:
            return redirect("consultations:response-offline-create", pk=self.consultation.pk)
        return redirect("consultations:response-list", pk=self.consultation.pk)


urlpatterns = [
    path("respond/<int:pk>/", PublicResponseView.as_view(), name="public-response"),
    path(
        "respond/<int:pk>/thanks/",
        PublicResponseThanksView.as_view(),
        name="public-response-thanks",
    ),
    path("<int:pk>/questions/", QuestionListView.as_view(), name="question-list"),
    path("<int:pk>/questions/new/", QuestionCreateView.as_view(), name="question-create"),
    path("questions/<int:pk>/edit/", QuestionUpdateView.as_view(), name="question-update"),
    path("questions/<int:pk>/delete/", QuestionDeleteView.as_view(), name="question-delete"),
    path("questions/<int:pk>/move/", QuestionMoveView.as_view(), name="question-move"),
    path("<int:pk>/responses/", ResponseListView.as_view(), name="response-list"),
    path("responses/<int:pk>/", ResponseDetailView.as_view(), name="response-detail"),
    path(
        "<int:pk>/responses/new/",
        ResponseOfflineCreateView.as_view(),
        name="response-offline-create",
    ),
]
