"""The equality monitoring form: voluntary answers, the consent date, or an objection."""

from django import forms

from stakeholders.models import EqualityProfile
from stakeholders.services.equality import ANSWER_FIELDS


class EqualityProfileForm(forms.ModelForm):
    class Meta:
        model = EqualityProfile
        fields = [*ANSWER_FIELDS, "explicit_consent_given_on", "objected"]
        labels = {
            "age_band": "Age",
            "explicit_consent_given_on": "Date the person gave explicit consent",
            "objected": "The person objects to equality monitoring",
        }
        help_texts = {
            "explicit_consent_given_on": "Needed for any answer to be held (special category "
            "data, UK GDPR Article 9).",
            "objected": "Ticking this clears every answer above and records the date of the "
            "objection. They will not be asked again.",
        }
        widgets = {
            "explicit_consent_given_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ANSWER_FIELDS:
            self.fields[field].choices = [("", "Not asked or not answered")] + [
                choice for choice in self.fields[field].choices if choice[0] != ""
            ]

    def clean(self):
        """An objection holds no answers, whatever else was ticked (the service clears
        them too; this keeps the form's own model checks from refusing the objection)."""
        cleaned = super().clean()
        if cleaned.get("objected"):
            for field in ANSWER_FIELDS:
                cleaned[field] = ""
            cleaned["explicit_consent_given_on"] = None
        return cleaned
