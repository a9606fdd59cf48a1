"""The contact form and its memberships (organisations, with the person's role in each).

Forms only validate; stakeholders.services.contacts writes. Consent is not on this form:
it changes only through the consent page (stakeholders.services.consent).
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.postgres.search import TrigramSimilarity

from areas.models import Borough, Ward
from stakeholders.models import Contact, Organisation, Topic
from stakeholders.validators import normalise_postcode, validate_uk_postcode

CONTACT_FORM_FIELDS = [
    "name",
    "job_title",
    "category",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "home_borough",
    "home_ward",
    "preferred_channel",
    "language",
    "needs_interpreter",
    "needs_bsl",
    "needs_large_print",
    "needs_step_free",
    "access_notes",
    "topics",
    "source",
    "last_verified",
    "lawful_basis",
    "do_not_contact",
    "do_not_contact_reason",
]


class ContactForm(forms.ModelForm):
    # Wider than the column so "sw1a  1aa " can be typed; stored normalised ("SW1A 1AA").
    postcode = forms.CharField(max_length=12, required=False, label="Postcode")

    class Meta:
        model = Contact
        fields = CONTACT_FORM_FIELDS
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "last_verified": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"do_not_contact": "Do not contact"}
        help_texts = {
            "email": "Stored in lower case.",
            "phone": "A UK number, or an international one starting with +.",
            "home_ward": "Must be in the home borough, if you choose one.",
            "do_not_contact_reason": "Required when they must not be contacted.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_borough"].queryset = Borough.objects.all()
        self.fields["home_ward"].queryset = Ward.objects.select_related("borough")
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["topics"].required = False
        for name in ("email", "phone", "address_line_1"):
            # Someone else's details: the browser must not offer the user's own.
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("Who they are", "name", "job_title", "category"),
            Fieldset(
                "How to reach them",
                "email",
                "phone",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "preferred_channel",
            ),
            Fieldset("Where they live", "home_borough", "home_ward"),
            Fieldset(
                "Language and access needs",
                "language",
                "needs_interpreter",
                "needs_bsl",
                "needs_large_print",
                "needs_step_free",
                "access_notes",
            ),
            Fieldset("Interests and source", "topics", "source", "last_verified"),
            Fieldset("Data protection", "lawful_basis", "do_not_contact", "do_not_contact_reason"),
        )

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        validate_uk_postcode(postcode)
        return postcode

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        borough, ward = cleaned.get("home_borough"), cleaned.get("home_ward")
        if borough and ward and ward.borough_id != borough.pk:
            self.add_error("home_ward", f"{ward.name} is not in {borough.name}.")
        if cleaned.get("do_not_contact") and not cleaned.get("do_not_contact_reason", "").strip():
            self.add_error("do_not_contact_reason", "Say why this person must not be contacted.")
        return cleaned


# Memberships --------------------------------------------------------------------------

# "Age UK Camden (#12)", "#12" or "12" name an organisation by its number.
ORGANISATION_NUMBER = re.compile(r"^(?:.*\(#(?P<labelled>\d+)\)|#?(?P<bare>\d+))\s*$")


def organisation_label(organisation: Organisation) -> str:
    """How the form shows a chosen organisation, unambiguous when names repeat."""
    return f"{organisation.name} (#{organisation.pk})"


class MembershipForm(forms.Form):
    organisation = forms.CharField(
        label="Organisation",
        max_length=300,
        required=False,
        help_text="Its name as listed in engage, or its number, like #12.",
    )
    role = forms.CharField(label="Their role in it", max_length=200, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = (
            organisations if organisations is not None else Organisation.objects.none()
        )

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        if not text:
            return None
        number = ORGANISATION_NUMBER.match(text)
        if number:
            pk = int(number["labelled"] or number["bare"])
            organisation = self.organisations.filter(pk=pk).first()
            if organisation is None:
                raise forms.ValidationError(f"There is no organisation number #{pk}.")
            return organisation
        matches = list(self.organisations.filter(name__iexact=text)[:6])
        if len(matches) == 1:
            return matches[0]
        if matches:
            choices = ", ".join(organisation_label(match) for match in matches[:5])
            raise forms.ValidationError(
                f"Several organisations are called “{text}”. Enter the one you mean with its "
                f"number, one of: {choices}."
            )
        similar = (
            self.organisations.annotate(similarity=TrigramSimilarity("name", text))
            .filter(similarity__gte=0.3)
            .order_by("-similarity")[:3]
        )
        suggestion = ", ".join(organisation_label(match) for match in similar)
        message = f"No organisation is called “{text}”."
        if suggestion:
            message += f" Did you mean: {suggestion}?"
        else:
            message += " Check the spelling, or add the organisation first."
        raise forms.ValidationError(message)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and not cleaned.get("organisation") and not self.errors:
            self.add_error("organisation", "Name the organisation this role is in.")
        return cleaned


class BaseMembershipFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove them from this organisation"

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error("organisation", "This organisation is already listed above.")
            seen.add(organisation.pk)

    def memberships(self) -> list[tuple[Organisation, str]]:
        """(organisation, role) for each filled-in row not marked for removal."""
        return [
            (form.cleaned_data["organisation"], form.cleaned_data.get("role", ""))
            for form in self.forms
            if form.cleaned_data.get("organisation") and not self._should_delete_form(form)
        ]


MembershipFormSet = forms.formset_factory(
    MembershipForm,
    formset=BaseMembershipFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)


def membership_initial(contact: Contact) -> list[dict]:
    return [
        {"organisation": organisation_label(membership.organisation), "role": membership.role}
        for membership in contact.memberships.select_related("organisation")
    ]
