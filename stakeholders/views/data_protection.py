"""Data-protection pages: subject access (page and JSON), erasure, retention review.

Unit staff and administrators only: sergeants and authority members get 403.
"""

import json
import logging
from datetime import date, datetime
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst
from django.views import View
from django.views.generic import FormView, TemplateView

from audit.models import Action
from audit.services import audit_record
from core.access import RoleRequiredMixin
from core.forms import add_service_errors
from stakeholders.access import STAFF
from stakeholders.forms.data_protection import ContactEraseForm, RetentionActionForm
from stakeholders.selectors.data_protection import (
    contact_field_labels,
    contact_for_data_protection,
    contacts_due_for_review,
    equality_field_labels,
    retention_cutoff,
    subject_access_report,
)
from stakeholders.services.data_protection import (
    ERASED_VALUES,
    contact_erase,
    contacts_erase,
    contacts_verify,
)

logger = logging.getLogger(__name__)

RETENTION_PAGE_SIZE = 50
# Overwritten fields the erase page describes in words of their own, not in the field list.
ERASE_PAGE_LISTED_APART = {
    "home_ward",
    "email_consent",
    "post_consent",
    "phone_consent",
    "do_not_contact",
    "do_not_contact_reason",
}

# The report's list sections, in the order the page shows them: (key, heading).
LIST_SECTIONS = (
    ("memberships", "Organisations they belong to"),
    ("organisations_led", "Organisations they are the single point of contact for"),
    ("consent_records", "Consent records"),
    ("outreach_records", "Invitations and other outreach"),
    ("interactions", "Interaction log"),
    ("static_lists", "Static lists"),
    ("membership_history", "History of their memberships"),
)


def _readable(value) -> str:
    """A report value as text for the page (the JSON keeps the typed value)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_date(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return format_date(value, "j M Y")
    if isinstance(value, list | tuple):
        return ", ".join(_readable(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_heading(key)}: {_readable(item)}" for key, item in value.items())
    return str(value)


def _heading(key: str) -> str:
    return capfirst(str(key).replace("_", " "))


def _table(records: list[dict]) -> dict:
    """Rows of dicts as a table: headings from the keys of every row, in first-seen order."""
    columns: list[str] = []
    for record in records:
        columns.extend(key for key in record if key not in columns)
    return {
        "headings": [_heading(key) for key in columns],
        "rows": [[_readable(record.get(key)) for key in columns] for record in records],
    }


def _labelled(values: dict, labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    labels = labels or {}
    return [
        (capfirst(labels.get(key, _heading(key))), _readable(value))
        for key, value in values.items()
    ]


class ContactSubjectAccessView(RoleRequiredMixin, TemplateView):
    """Everything engage holds about one person, to read or print for a subject access
    request. The JSON download has the same content."""

    access = STAFF
    template_name = "stakeholders/contact_subject_access.html"

    def get_context_data(self, **kwargs):
        contact = contact_for_data_protection(user=self.request.user, pk=self.kwargs["pk"])
        report = subject_access_report(contact=contact, user=self.request.user)
        audit_record(
            action=Action.SUBJECT_ACCESS_EXPORT,
            request=self.request,
            target=contact,
            summary=f"Subject access report of contact {contact.pk} viewed",
            detail={"format": "page"},
            contact_ids=[contact.pk],
        )
        logger.info(
            "Subject access report for contact %s viewed by user %s",
            contact.pk,
            self.request.user.pk,
        )
        labels = contact_field_labels()
        context = {
            "contact": contact,
            "report": report,
            "contact_fields": _labelled(report["contact"], labels),
        }
        if not report["erased"]:
            context["sections"] = [
                {"heading": heading, "table": _table(report[key])} for key, heading in LIST_SECTIONS
            ] + [
                {"heading": section["label"], "table": _table(section["records"])}
                for section in report["other_records"]
            ]
            context["equality"] = (
                _labelled(report["equality_profile"], equality_field_labels())
                if report.get("equality_profile")
                else None
            )
            context["history"] = [
                {
                    "at": _readable(event["at"]),
                    "event": event["event"],
                    "by": event["by"] or "—",
                    "changes": [
                        {
                            "field": capfirst(labels.get(change["field"], change["field"])),
                            "from": _readable(change["from"]),
                            "to": _readable(change["to"]),
                        }
                        for change in event["changes"]
                    ],
                }
                for event in report["history"]
            ]
        return super().get_context_data(**context, **kwargs)


class ContactSubjectAccessJsonView(RoleRequiredMixin, View):
    """The subject access report as a JSON file to hand to the person."""

    access = STAFF

    def get(self, request, pk):
        contact = contact_for_data_protection(user=request.user, pk=pk)
        report = subject_access_report(contact=contact, user=request.user)
        audit_record(
            action=Action.SUBJECT_ACCESS_EXPORT,
            request=request,
            target=contact,
            summary=f"Subject access report of contact {contact.pk} downloaded",
            detail={"format": "json"},
            contact_ids=[contact.pk],
        )
        logger.info(
            "Subject access export for contact %s downloaded by user %s",
            contact.pk,
            request.user.pk,
        )
        response = HttpResponse(
            json.dumps(report, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        filename = f"subject-access-contact-{contact.pk}-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ContactEraseView(RoleRequiredMixin, FormView):
    """Explain what erasure removes and keeps; on a confirmed POST, erase."""

    access = STAFF
    form_class = ContactEraseForm
    template_name = "stakeholders/contact_erase_confirm.html"

    @cached_property
    def contact(self):
        return contact_for_data_protection(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        labels = contact_field_labels()
        overwritten = [
            labels[field] for field in ERASED_VALUES if field not in ERASE_PAGE_LISTED_APART
        ]
        return super().get_context_data(contact=self.contact, overwritten=overwritten, **kwargs)

    def form_valid(self, form):
        try:
            contact_erase(
                contact=self.contact,
                reason=form.cleaned_data["reason"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Contact erased. This page now shows everything engage still holds about them.",
        )
        return redirect("stakeholders:contact-subject-access", pk=self.contact.pk)


class RetentionReviewView(RoleRequiredMixin, TemplateView):
    """Contacts not verified for the retention period, with bulk verify and erase."""

    access = STAFF
    template_name = "stakeholders/retention_review.html"

    def due(self):
        return contacts_due_for_review(user=self.request.user)

    def get_context_data(self, form=None, **kwargs):
        due = self.due()
        page = Paginator(due, RETENTION_PAGE_SIZE).get_page(self.request.GET.get("page"))
        form = form or RetentionActionForm(contacts=due)
        ticked = {str(pk) for pk in form.data.getlist("contacts")} if form.is_bound else set()
        return super().get_context_data(
            page_obj=page,
            contacts=page.object_list,
            total=page.paginator.count,
            cutoff=retention_cutoff(),
            months=settings.STAKEHOLDERS_RETENTION_MONTHS,
            auto_erase_days=settings.ENGAGE_RETENTION_DAYS["contacts_unverified"],
            form=form,
            ticked=ticked,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = RetentionActionForm(request.POST, contacts=self.due())
        if form.is_valid():
            contacts = list(form.cleaned_data["contacts"])
            try:
                if form.cleaned_data["action"] == RetentionActionForm.VERIFY:
                    count = contacts_verify(contacts=contacts, acting_user=request.user)
                    messages.success(request, f"{_people(count)} marked as verified today.")
                else:
                    count = contacts_erase(
                        contacts=contacts,
                        reason=form.cleaned_data["reason"],
                        acting_user=request.user,
                    )
                    messages.success(request, f"{_people(count)} erased.")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                page = request.GET.get("page")
                url = reverse("stakeholders:retention-review")
                return redirect(f"{url}?page={page}" if page else url)
        return self.render_to_response(self.get_context_data(form=form), status=200)


def _people(count: int) -> str:
    return f"{count} contact{'' if count == 1 else 's'}"


urlpatterns = [
    path(
        "contacts/<int:pk>/subject-access/",
        ContactSubjectAccessView.as_view(),
        name="contact-subject-access",
    ),
    path(
        "contacts/<int:pk>/subject-access.json",
        ContactSubjectAccessJsonView.as_view(),
        name="contact-subject-access-json",
    ),
    path("contacts/<int:pk>/erase/", ContactEraseView.as_view(), name="contact-erase"),
    path("retention/", RetentionReviewView.as_view(), name="retention-review"),
]
