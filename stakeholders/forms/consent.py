"""Recording a consent statement or a withdrawal (stakeholders.services.consent writes)."""

from django import forms

from stakeholders.choices import Channel, ConsentMethod

GIVEN, WITHDRAWN = "given", "withdrawn"


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(label="Channel", choices=Channel.choices, widget=forms.RadioSelect)
    granted = forms.TypedChoiceField(
        label="What did they say?",
        choices=[
            (GIVEN, "They gave consent"),
            (WITHDRAWN, "They withdrew or refused consent"),
        ],
        coerce=lambda value: value == GIVEN,
        widget=forms.RadioSelect,
        help_text="A withdrawal takes effect at once: they leave every list for this channel.",
    )
    method = forms.ChoiceField(
        label="How they told us", choices=[("", "Choose…"), *ConsentMethod.choices]
    )
    wording_version = forms.CharField(
        label="Consent wording version",
        max_length=50,
        required=False,
        help_text="Which consent wording they saw, for example “v3 2026”. Needed when they "
        "give consent.",
    )
    note = forms.CharField(max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("granted") is True and not cleaned.get("wording_version", "").strip():
            self.add_error("wording_version", "Say which consent wording they agreed to.")
        return cleaned
