"""Forms for ward priorities: a new one (in the meeting form's formset) and closing one."""

from django import forms

from consultations.models import Outcome, PriorityTheme
from core.bounds import MAX_TEXT_LENGTH, BoundedDateField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewPriorityForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=PriorityTheme.objects.all(), empty_label="Choose")
    description = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Specific: where, when, what.",
    )
    review_by = BoundedDateField(label="Review by", widget=DATE)


NewPriorityFormSet = forms.formset_factory(NewPriorityForm, extra=3, max_num=3, validate_max=True)


class PriorityCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("", "Choose"), *Outcome.choices],
        error_messages={"required": "Closing a priority needs its outcome."},
    )
