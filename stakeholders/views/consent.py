"""Recording consent given or withdrawn, per channel, for one contact (unit staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import FormView

from core.access import RoleRequiredMixin
from stakeholders.access import STAFF
from stakeholders.choices import Channel
from stakeholders.forms.consent import ConsentForm
from stakeholders.models import Contact
from stakeholders.selectors.contacts import contact_consent_summary
from stakeholders.services.consent import consent_record


class ContactConsentView(RoleRequiredMixin, FormView):
    """One consent statement or withdrawal; a withdrawal takes effect at once."""

    access = STAFF
    template_name = "stakeholders/contact_consent_form.html"
    form_class = ConsentForm

    @cached_property
    def contact(self) -> Contact:
        return get_object_or_404(
            Contact.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        channel = self.request.GET.get("channel")
        return {"channel": channel} if channel in Channel.values else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact=self.contact, consent=contact_consent_summary(self.contact), **kwargs
        )

    def form_valid(self, form):
        if self.contact.is_erased:
            form.add_error(None, "This contact has been erased; nothing more can be recorded.")
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            record = consent_record(
                contact=self.contact,
                channel=data["channel"],
                granted=data["granted"],
                method=data["method"],
                wording_version=data["wording_version"].strip(),
                note=data["note"].strip(),
                acting_user=self.request.user,
            )
        except ValidationError as error:
            for field, field_errors in getattr(error, "error_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, field_errors)
            return self.form_invalid(form)
        channel = record.get_channel_display().lower()
        if record.granted:
            message = f"{self.contact} gave {channel} consent; recorded."
        else:
            message = (
                f"{self.contact} withdrew {channel} consent; recorded. From now on they are "
                f"left out of every {channel} list."
            )
        messages.success(self.request, message)
        return redirect(self.contact)


urlpatterns = [
    path("contacts/<int:pk>/consent/", ContactConsentView.as_view(), name="contact-consent"),
]
