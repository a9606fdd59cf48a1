"""The one form a sergeant fills in after a ward panel meeting, and its correction."""

from django import forms

from consultations.forms.priorities import DATE
from consultations.models import Outcome
from core.bounds import MAX_TEXT_LENGTH, BoundedDateField, bounded_count_field

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingDetailsForm(forms.Form):
    day = BoundedDateField(label="Date", widget=DATE)
    starts = forms.TimeField(label="Start time", widget=TIME)
    ends = forms.TimeField(label="End time", widget=TIME)
    venue_name = forms.CharField(label="Venue", max_length=200, required=False)
    public_count = bounded_count_field(label="Members of the public who came", required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", "The meeting ends after it starts.")
        return data


class MeetingLogForm(MeetingDetailsForm):
    """Details, who came, and the police report on each open priority (fields named
    ``action_<pk>``, ``outcome_<pk>``, ``close_<pk>``)."""

    present = forms.ModelMultipleChoiceField(
        label="Members present",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_meeting_on = BoundedDateField(label="Next meeting date", widget=DATE, required=False)

    def __init__(self, *args, members, open_priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.open_priorities = list(open_priorities)
        for priority in self.open_priorities:
            self.fields[f"action_{priority.pk}"] = forms.CharField(
                max_length=MAX_TEXT_LENGTH,
                label="What the police did",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"outcome_{priority.pk}"] = forms.ChoiceField(
                label="Outcome", choices=[("", "Not given"), *Outcome.choices], required=False
            )
            self.fields[f"close_{priority.pk}"] = forms.BooleanField(
                label="Close this priority", required=False
            )

    def clean(self):
        data = super().clean()
        for priority in self.open_priorities:
            if data.get(f"close_{priority.pk}") and not data.get(f"outcome_{priority.pk}"):
                self.add_error(f"outcome_{priority.pk}", "Closing a priority needs its outcome.")
            elif (
                data.get(f"outcome_{priority.pk}")
                and not data.get(f"action_{priority.pk}")
                and not data.get(f"close_{priority.pk}")
            ):
                self.add_error(
                    f"action_{priority.pk}", "Say what the police did, to go with the outcome."
                )
        return data

    def report_rows(self):
        return [
            (priority, self[f"action_{p}"], self[f"outcome_{p}"], self[f"close_{p}"])
            for priority in self.open_priorities
            for p in [priority.pk]
        ]


class ActionForm(forms.Form):
    description = forms.CharField(
        max_length=MAX_TEXT_LENGTH, label="Action agreed", widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label="Who will do it", max_length=200)
    due_on = BoundedDateField(label="Due by", widget=DATE, required=False)


class ExistingActionForm(ActionForm):
    id = forms.IntegerField(widget=forms.HiddenInput)
    remove = forms.BooleanField(label="Remove this action", required=False)


ActionFormSet = forms.formset_factory(ActionForm, extra=3)
ExistingActionFormSet = forms.formset_factory(ExistingActionForm, extra=0)
