"""Equality monitoring: one person's answers (unit staff holding the extra permission
only) and the aggregate report (small counts suppressed, nobody named).

To everyone else a person's equality page does not exist (404): not even whether answers
are held is disclosed.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from core.access import Access, RoleRequiredMixin
from core.forms import add_service_errors
from core.roles import Role
from core.small_counts import COMPLEMENT, SMALL
from stakeholders.access import UNIT_STAFF
from stakeholders.forms.equality import EqualityProfileForm
from stakeholders.selectors.equality import (
    equality_contact_queryset,
    equality_profile_of,
    equality_report,
)
from stakeholders.services.equality import ANSWER_FIELDS, equality_profile_save

# The aggregate report names nobody, so the committee may read it. It only reads: the
# committee never writes (tests/test_url_classification.py), so it has no POST handler.
REPORT_READERS = Access(
    roles=frozenset({Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER})
)


class EqualityUpdateView(RoleRequiredMixin, FormView):
    """One person's equality monitoring answers.

    Open to unit staff (the role check) who also hold ``stakeholders.see_equality_data``
    or ``stakeholders.edit_equality_data`` (the Django permissions view_/change_
    equalityprofile); saving needs the second. Anyone else is told the page is not found.
    """

    access = UNIT_STAFF
    form_class = EqualityProfileForm
    template_name = "stakeholders/equality_form.html"

    @cached_property
    def may_edit(self):
        return self.request.user.has_perm("stakeholders.edit_equality_data")

    @cached_property
    def contact(self):
        user = self.request.user
        if not (user.has_perm("stakeholders.see_equality_data") or self.may_edit):
            raise Http404("No such page.")
        return get_object_or_404(equality_contact_queryset(user=user), pk=self.kwargs["pk"])

    @cached_property
    def profile(self):
        return equality_profile_of(self.contact)

    # get() and post() run after the role check (RoleRequiredMixin.dispatch).
    def get(self, request, *args, **kwargs):
        self.contact  # noqa: B018 (not found before anything is shown)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.contact  # noqa: B018
        if not self.may_edit:
            raise PermissionDenied("You may see but not change equality monitoring answers.")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.profile}

    def get_context_data(self, **kwargs):
        answers = []
        if self.profile is not None:
            answers = [
                (
                    self.profile._meta.get_field(field).verbose_name,
                    getattr(self.profile, f"get_{field}_display")() or "Not answered",
                )
                for field in ANSWER_FIELDS
            ]
        return super().get_context_data(
            contact=self.contact,
            profile=self.profile,
            answers=answers,
            may_edit=self.may_edit,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            profile = equality_profile_save(
                contact=self.contact,
                answers={field: data[field] for field in ANSWER_FIELDS},
                explicit_consent_given_on=data["explicit_consent_given_on"],
                objected=data["objected"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if profile is not None and profile.objected:
            message = "Objection recorded: no equality monitoring answers are held."
        elif profile is None:
            message = "No equality monitoring answers are held."
        else:
            message = "Equality monitoring answers saved."
        messages.success(self.request, message)
        return redirect("stakeholders:equality-update", pk=self.contact.pk)


class EqualityReportView(RoleRequiredMixin, TemplateView):
    """Aggregate counts per question, small counts suppressed; names nobody. Read only."""

    access = REPORT_READERS
    template_name = "stakeholders/equality_report.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=equality_report(), small=SMALL, complement=COMPLEMENT, **kwargs
        )


urlpatterns = [
    path("contacts/<int:pk>/equality/", EqualityUpdateView.as_view(), name="equality-update"),
    path("equality/", EqualityReportView.as_view(), name="equality-report"),
]
