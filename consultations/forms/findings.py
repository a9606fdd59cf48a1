from django import forms

from consultations.choices import FindingSource
from consultations.models import ConsultativeGroup, Event
from core.bounds import MAX_TEXT_LENGTH, bounded_count_field
from core.forms import choices_within


class FindingForm(forms.Form):
    title = forms.CharField(label="What people said (the theme or issue)", max_length=250)
    description = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        label="More detail (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source = forms.ChoiceField(label="Where it came from", choices=FindingSource.choices)
    event = forms.ModelChoiceField(
        label="Which event",
        queryset=Event.objects.none(),
        required=False,
        help_text="Needed when it came from an event.",
    )
    group = forms.ModelChoiceField(
        label="Which group's meeting",
        queryset=ConsultativeGroup.objects.none(),
        required=False,
        help_text="Needed when it came from a group meeting.",
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        max_length=600,
        help_text="Separated by commas, for example: street lighting, young people.",
    )
    times_raised = bounded_count_field(
        label="Times raised at events or meetings",
        initial=0,
        help_text="Responses coded to this finding are counted on top of this.",
    )

    def __init__(self, *args, consultation, user, group=None, **kwargs):
        """The groups offered are the active ones ``user`` may change (a sergeant: their
        own wards'), besides ``group``, the one already saved."""
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = consultation.events.order_by("starts_at")
        groups = ConsultativeGroup.objects.editable_by(user).filter(active=True)
        keep = group.pk if group is not None else None
        self.fields["group"].queryset = choices_within(groups, keep=keep).order_by("name")

    @classmethod
    def initial_for(cls, finding) -> dict:
        return {
            "title": finding.title,
            "description": finding.description,
            "source": finding.source,
            "event": finding.event_id,
            "group": finding.group_id,
            "tags": ", ".join(finding.tags),
            "times_raised": finding.times_raised,
        }

    def clean_tags(self):
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class ResponseCodingForm(forms.Form):
    findings = forms.ModelMultipleChoiceField(
        label="The findings this response raises",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = consultation.findings.order_by("title")
