"""Forms for segments, static lists and audiences. They validate input; services save."""

from django import forms

from core.bounds import MAX_TEXT_LENGTH
from stakeholders.choices import Channel
from stakeholders.models import Contact, Segment, StaticList

NAME_HELP = "Unique: other people will choose it by this name."


class SegmentForm(forms.Form):
    name = forms.CharField(max_length=200, help_text=NAME_HELP)
    description = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what the segment is for.",
    )


class StaticListForm(forms.Form):
    name = forms.CharField(max_length=200, help_text=NAME_HELP)
    description = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what the list is for, and who keeps it.",
    )


class AddToListForm(forms.Form):
    """Add a search's contacts (all of them, or the ones ticked) to a list, new or not.

    ``contacts`` must be a queryset of the contacts the search matches: a ticked contact
    outside it is refused.
    """

    ALL, TICKED = "all", "ticked"

    static_list = forms.ModelChoiceField(
        queryset=StaticList.objects.all(),
        required=False,
        label="Add them to the list",
        empty_label="Choose a list",
    )
    new_list_name = forms.CharField(
        max_length=200,
        required=False,
        label="Or start a new list called",
        help_text="Leave empty to use the list chosen above.",
    )
    which = forms.ChoiceField(
        choices=[(ALL, "Every contact the search matches"), (TICKED, "Only the contacts ticked")],
        initial=ALL,
        widget=forms.RadioSelect,
        label="Which contacts",
    )
    contacts = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts

    def clean(self):
        data = super().clean()
        chosen, new_name = data.get("static_list"), (data.get("new_list_name") or "").strip()
        if chosen and new_name:
            self.add_error("new_list_name", "Choose a list or name a new one, not both.")
        elif not chosen and not new_name and "new_list_name" not in self.errors:
            self.add_error("static_list", "Choose a list, or name a new one below.")
        if data.get("which") == self.TICKED and not data.get("contacts"):
            self.add_error("which", "Tick at least one contact, or add every contact matched.")
        return data


class AudienceForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example: “Camden CPEG, March meeting”.")
    channel = forms.ChoiceField(
        choices=Channel.choices,
        widget=forms.RadioSelect,
        label="Sent by",
        help_text="Who may be contacted, and what counts as the same address, depend on it.",
    )
    segments = forms.ModelMultipleChoiceField(
        queryset=Segment.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Saved searches, evaluated afresh each time the audience is used.",
    )
    static_lists = forms.ModelMultipleChoiceField(
        queryset=StaticList.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Static lists",
    )
