"""The interaction form: what happened, when, and whether to follow it up."""

from django import forms

from stakeholders.choices import InteractionKind
from stakeholders.models import Interaction


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "summary", "follow_up_on"]
        labels = {
            "kind": "What happened",
            "occurred_on": "Date",
            "follow_up_on": "Follow up by (optional)",
        }
        help_texts = {
            "summary": "What was said or agreed. Record facts, not opinions: the person can "
            "ask to see this.",
            "follow_up_on": "It will appear in your own list of follow-ups due from this date.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "occurred_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "follow_up_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InteractionKind.choices  # radios: no blank choice
