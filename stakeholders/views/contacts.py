"""Contact pages: search and list, the record, add and edit, export.

Every read starts from Contact.objects.visible_to(user) (through the selectors), so a
sergeant sees only the contacts who live in their wards and anyone else's record is a 404.
Authority members are on none of these pages.
"""

import copy

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from audit.services import audit_export
from core.access import RoleRequiredMixin, may_use_url
from stakeholders import exports
from stakeholders.access import READERS, STAFF
from stakeholders.forms.contacts import (
    CONTACT_FORM_FIELDS,
    ContactForm,
    MembershipFormSet,
    membership_initial,
)
from stakeholders.models import Contact, Organisation
from stakeholders.selectors.contacts import (
    EXPORT_HEADERS,
    contact_consent_summary,
    contact_detail_queryset,
    contact_export_rows,
    contact_history,
    contact_search,
    with_list_columns,
)
from stakeholders.services.contacts import contact_create, contact_update
from stakeholders.views.interactions import interaction_log_context


def url_if_allowed(user, url_name: str, *args) -> str | None:
    """The URL of a page (perhaps built by another part of engage) if it exists and
    ``user`` may open it; otherwise None, and the page leaves the link out."""
    if not may_use_url(user, url_name, *args):
        return None
    return reverse(url_name, args=args)


class ContactListView(RoleRequiredMixin, ListView):
    """Search and filter contacts; 50 a page; the filters stay in every link."""

    access = READERS
    template_name = "stakeholders/contact_list.html"
    context_object_name = "contacts"
    paginate_by = 50

    def get_queryset(self):
        self.search = contact_search(user=self.request.user, params=self.request.GET)
        return with_list_columns(self.search.qs.active())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search=self.search,
            can_manage=STAFF.allows(self.request.user),
            **kwargs,
        )


class ContactDetailView(RoleRequiredMixin, DetailView):
    """Everything about one contact except equality data (kept apart, on its own page)."""

    access = READERS
    template_name = "stakeholders/contact_detail.html"
    context_object_name = "contact"

    def get_queryset(self):
        return contact_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        user, contact = self.request.user, self.object
        can_manage = STAFF.allows(user)
        equality_url = None
        if user.has_perm("stakeholders.see_equality_data"):
            equality_url = url_if_allowed(user, "stakeholders:equality-update", contact.pk)
        return super().get_context_data(
            can_manage=can_manage,
            memberships=contact.memberships.all(),
            consent=contact_consent_summary(contact),
            consent_log=contact.consent_records.all(),
            # interactions and interaction_add_url (None when the user may not log one)
            **interaction_log_context(user, contact=contact),
            equality_url=equality_url,
            subject_access_url=(
                url_if_allowed(user, "stakeholders:contact-subject-access", contact.pk)
                if can_manage
                else None
            ),
            erase_url=(
                url_if_allowed(user, "stakeholders:contact-erase", contact.pk)
                if can_manage and not contact.is_erased
                else None
            ),
            history=contact_history(contact),
            **kwargs,
        )


class ContactFormView(RoleRequiredMixin, TemplateView):
    """Add or edit a contact and their memberships; nothing is saved unless all is valid."""

    access = STAFF
    template_name = "stakeholders/contact_form.html"

    @cached_property
    def contact(self) -> Contact | None:
        return None

    def get_forms(self, data=None):
        contact = self.contact
        # The form works on a copy: a failed submission must not change the page's record.
        form = ContactForm(data, instance=copy.copy(contact) if contact else Contact())
        formset = MembershipFormSet(
            data,
            prefix="memberships",
            initial=membership_initial(contact) if contact else None,
            form_kwargs={"organisations": Organisation.objects.visible_to(self.request.user)},
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.get_forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        form, formset = self.get_forms(request.POST)
        form_valid, formset_valid = form.is_valid(), formset.is_valid()  # both, for all errors
        if form_valid and formset_valid:
            data = form.cleaned_data
            fields = {name: data[name] for name in CONTACT_FORM_FIELDS if name != "topics"}
            try:
                contact = self.save(
                    fields=fields, topics=data["topics"], memberships=formset.memberships()
                )
            except ValidationError as error:
                self.show_service_errors(form, error)
            else:
                messages.success(request, self.success_message.format(contact=contact))
                return redirect(contact)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    @staticmethod
    def show_service_errors(form, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for field, field_errors in error.error_dict.items():
            if field in form.fields and field != NON_FIELD_ERRORS:
                form.add_error(field, field_errors)
            else:
                form.add_error(None, field_errors)

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.contact, **kwargs)


class ContactCreateView(ContactFormView):
    success_message = "{contact} added."

    def save(self, *, fields, topics, memberships):
        return contact_create(
            topics=topics, memberships=memberships, acting_user=self.request.user, **fields
        )


class ContactUpdateView(ContactFormView):
    success_message = "Changes to {contact} saved."

    @cached_property
    def contact(self) -> Contact:
        return get_object_or_404(
            Contact.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def save(self, *, fields, topics, memberships):
        return contact_update(
            contact=self.contact,
            topics=topics,
            memberships=memberships,
            acting_user=self.request.user,
            **fields,
        )


class ContactExportView(RoleRequiredMixin, View):
    """The current search as CSV or XLSX, with contact details. Unit staff only."""

    access = STAFF

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("format", exports.CSV)
        if file_format not in exports.FORMATS:
            return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
        search = contact_search(user=request.user, params=request.GET)
        contacts = search.qs.active()
        ids = list(contacts.values_list("pk", flat=True))
        audit_export(
            request=request,
            what="contacts",
            rows=len(ids),
            file_format=file_format,
            contact_ids=ids,
        )
        return exports.export_response(
            headers=EXPORT_HEADERS,
            rows=contact_export_rows(contacts),
            filename=f"contacts-{timezone.localdate():%Y-%m-%d}",
            file_format=file_format,
        )


urlpatterns = [
    path("contacts/", ContactListView.as_view(), name="contact-list"),
    path("contacts/new/", ContactCreateView.as_view(), name="contact-create"),
    path("contacts/export/", ContactExportView.as_view(), name="contact-export"),
    path("contacts/<int:pk>/", ContactDetailView.as_view(), name="contact-detail"),
    path("contacts/<int:pk>/edit/", ContactUpdateView.as_view(), name="contact-update"),
]
