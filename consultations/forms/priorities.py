"""Forms for ward priorities: a new one (in the meeting form's formset) and closing one."""

from django import forms

from consultations.models import Outcome, PriorityTheme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewPriorityForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=PriorityTheme.objects.all(), empty_label="Choose")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Specific: where, when, what."
    )
    review_by = forms.DateField(label="Review by", widget=DATE)


NewPriorityFormSet = forms.formset_factory(NewPriorityForm, extra=3, max_num=3, validate_max=True)


class PriorityCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("", "Choose"), *Outcome.choices],
        error_messages={"required": "Closing a priority needs its outcome."},
    )
