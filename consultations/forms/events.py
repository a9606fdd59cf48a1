"""Forms for events and their briefing materials: they validate; the services save."""

from django import forms

from areas.models import Borough, Ward
from consultations.models import Event
from consultations.services.materials import ALLOWED_DESCRIPTION, MAX_MATERIAL_BYTES
from core.forms import choices_within

_DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class EventForm(forms.ModelForm):
    """When and where, how accessible the venue is, the online link and the capacity."""

    online_link = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        label="Online link",
        help_text="For an online or hybrid event, the full address to join it.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "borough",
            "ward",
            "step_free",
            "hearing_loop",
            "interpreters",
            "access_notes",
            "online_link",
            "capacity",
            "reminder_days_before",
            "published",
            "cancelled",
        ]
        widgets = {
            "starts_at": _DATETIME,
            "ends_at": _DATETIME,
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"starts_at": "Starts", "ends_at": "Ends"}
        help_texts = {
            "starts_at": "Date and time, London time.",
            "ends_at": "Date and time, London time.",
            "access_notes": "Anything else people need to know to take part: parking, "
            "toilets, quiet room, childcare.",
            "capacity": "Leave blank if there is no limit.",
        }

    def __init__(self, *args, user, **kwargs):
        """The ward and borough are chosen among those ``user`` may place events in (a
        sergeant: their own), besides the one already saved."""
        super().__init__(*args, **kwargs)
        wards = Ward.objects.editable_by(user).select_related("borough")
        self.fields["ward"].queryset = choices_within(wards, keep=self.instance.ward_id).order_by(
            "borough__name", "name"
        )
        boroughs = Borough.objects.editable_by(user)
        self.fields["borough"].queryset = choices_within(
            boroughs, keep=self.instance.borough_id
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The event must end after it starts.")
        return cleaned


class MaterialForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="What people will see as the link.")
    file = forms.FileField(
        help_text=f"A {ALLOWED_DESCRIPTION}, up to {MAX_MATERIAL_BYTES // (1024 * 1024)} MB."
    )
