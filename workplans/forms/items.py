"""Forms for actions and targets, progress updates and evidence links. They validate the
input only; the timing text is read by the service (workplans.timing), which reports an
unreadable one next to the field."""

from django import forms

from consultations.models import Consultation, Finding
from core.bounds import MAX_TEXT_LENGTH, BoundedDateField
from workplans.choices import ItemStatus, Rag
from workplans.forms.widgets import DATE
from workplans.models import EvidenceLink, Objective
from workplans.services.items import possible_leads

PERCENT = {"min": 0, "max": 100, "step": 1}


class ItemForm(forms.Form):
    description = forms.CharField(
        max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    how = forms.CharField(
        max_length=MAX_TEXT_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsibility = forms.CharField(
        required=False, max_length=200, help_text="The body responsible, e.g. “MPA CDO Unit”."
    )
    lead = forms.ModelChoiceField(
        queryset=None,
        required=False,
        help_text="Who reports progress and gets the reminders.",
    )
    due_on = BoundedDateField(label="Due date", required=False, widget=DATE)
    timing_text = forms.CharField(
        label="Or timing in plan years",
        required=False,
        max_length=100,
        help_text="When there is no date: a plan year (1, 2), a span (1/2), “on-going” or "
        "“done”. A date can be written here too (30/4/2027).",
    )
    priority_project = forms.BooleanField(label="Priority project", required=False)
    status = forms.ChoiceField(choices=ItemStatus.choices, initial=ItemStatus.NOT_STARTED)
    percent_complete = forms.IntegerField(
        label="Percent complete",
        min_value=0,
        max_value=100,
        initial=0,
        widget=forms.NumberInput(attrs=PERCENT),
    )
    rag_override = forms.ChoiceField(
        label="Set the RAG by hand",
        choices=[("", "No: derive it from the status and dates"), *Rag.choices],
        required=False,
    )
    rag_override_reason = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        label="Why the RAG is set by hand",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    performance_indicator = forms.CharField(
        max_length=MAX_TEXT_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    estimated_cost = forms.DecimalField(
        label="Estimated cost (£)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    actual_cost = forms.DecimalField(
        label="Actual cost (£)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    consultations = forms.ModelMultipleChoiceField(
        label="Consultations it answers",
        queryset=Consultation.objects.order_by("-created"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (Cmd on a Mac) to choose more than one.",
    )
    findings = forms.ModelMultipleChoiceField(
        label="Findings it answers (“you said”)",
        queryset=Finding.objects.select_related("consultation", "group").order_by("-created"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (Cmd on a Mac) to choose more than one.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = possible_leads()

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("timing_text", "").strip():
            self.add_error("timing_text", "Give a due date or a timing in plan years, not both.")
        if data.get("rag_override") and not data.get("rag_override_reason", "").strip():
            self.add_error("rag_override_reason", "Say why the RAG is set by hand.")
        return data


class FindingActionForm(ItemForm):
    """A new action answering a finding: the objective it goes under comes first."""

    objective = forms.ModelChoiceField(
        queryset=Objective.objects.select_related("plan").exclude(plan__status="closed"),
        help_text="The plan and objective the action goes under.",
    )
    field_order = ["objective"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].label_from_instance = lambda o: f"{o.plan.title}: {o.title}"
        self.order_fields(["objective", *[name for name in self.fields if name != "objective"]])


class ProgressForm(forms.Form):
    written_on = BoundedDateField(label="Date of the update", widget=DATE)
    note = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    new_status = forms.ChoiceField(
        label="New status",
        choices=[("", "No change"), *ItemStatus.choices],
        required=False,
    )
    new_percent = forms.IntegerField(
        label="New percent complete",
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs=PERCENT),
        help_text="Leave blank for no change.",
    )


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(label="Link", max_length=500, assume_scheme="https")

    class Meta:
        model = EvidenceLink
        fields = ["title", "url"]
        help_texts = {"url": "A web address starting https://"}
