"""Forms for reviews and the year-turn walk. They validate the input only; the services
save it, read the timing (workplans.timing) and report what they refuse."""

from django import forms

from core.bounds import MAX_TEXT_LENGTH, BoundedDateField
from workplans.choices import ReviewKind
from workplans.forms.widgets import DATE
from workplans.models import PlanItem
from workplans.services.items import possible_leads


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which review", choices=ReviewKind.choices, widget=forms.RadioSelect
    )
    held_on = BoundedDateField(label="Date it was held", widget=DATE)
    reviewed_by = forms.CharField(
        label="Reviewed by",
        max_length=200,
        help_text="The board or committee, e.g. “Consultation Board”.",
    )
    notes = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was agreed; where the minutes are.",
    )


class YearTurnItemForm(forms.Form):
    """One item's decisions at the year turn. Its timing is shown as written; a new due
    date replaces it, unless the text was changed too (then both were given: refused)."""

    KEEP, DROP = "keep", "drop"

    item = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Keep it or drop it",
        choices=[(KEEP, "Keep it, with the decisions below"), (DROP, "Drop it")],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    priority_project = forms.BooleanField(label="Priority project", required=False)
    estimated_cost = forms.DecimalField(
        label="Estimated cost (£)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    responsibility = forms.CharField(
        required=False, max_length=200, help_text="The body responsible, e.g. “MPA CDO Unit”."
    )
    lead = forms.ModelChoiceField(
        queryset=None, required=False, help_text="Who reports progress and gets the reminders."
    )
    timing_text = forms.CharField(
        label="Timing",
        required=False,
        max_length=100,
        help_text="As the plan writes it: a plan year (1, 2), a span (1/2), a date "
        "(30/4/2027) or “on-going”. Leave it as it is to keep it.",
    )
    due_on = BoundedDateField(
        label="Or a new due date", required=False, widget=DATE, help_text="Replaces the timing."
    )
    drop_reason = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        label="Why it is dropped",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only when dropping it: kept as a progress update.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = possible_leads()

    @classmethod
    def initial_for(cls, item: PlanItem) -> dict:
        return {
            "item": item.pk,
            "priority_project": item.priority_project,
            "estimated_cost": item.estimated_cost,
            "responsibility": item.responsibility,
            "lead": item.lead_id,
            "timing_text": item.timing_as_written,
        }

    @property
    def dropping(self) -> bool:
        return self.cleaned_data.get("decision") == self.DROP

    def clean(self):
        data = super().clean()
        if self.dropping and not data.get("drop_reason", "").strip():
            self.add_error("drop_reason", "Say why it is dropped.")
        if data.get("due_on"):
            if "timing_text" in self.changed_data and data.get("timing_text", "").strip():
                self.add_error("due_on", "Give a new due date or change the timing, not both.")
            else:
                data["timing_text"] = ""
        return data
