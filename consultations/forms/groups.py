"""Forms for the standing consultative groups: they validate; the services save."""

from django import forms

from areas.models import Borough, Ward
from consultations.choices import GroupRole
from consultations.models import ConsultativeGroup
from consultations.models.scope import is_planner
from core.bounds import BoundedDateField
from stakeholders.models import Community, Contact


class GroupForm(forms.ModelForm):
    """A group and where it works. A sergeant chooses among their own wards only."""

    class Meta:
        model = ConsultativeGroup
        fields = [
            "name",
            "kind",
            "pan_london",
            "borough",
            "ward",
            "description",
            "meets_every_days",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "ward": "Required for a ward panel.",
            "borough": "Filled in from the ward when you choose one.",
            "active": "Untick when the group no longer meets.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_planner(user):
            self.fields["ward"].help_text = "A group in one of your wards."
        self.fields["ward"].queryset = (
            Ward.objects.editable_by(user)
            .select_related("borough")
            .order_by("borough__name", "name")
        )
        self.fields["borough"].queryset = Borough.objects.editable_by(user).order_by("name")


class MembershipForm(forms.Form):
    """Pick a contact from a search (never a list of every contact), with their role, when
    they joined and the communities they bring."""

    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        widget=forms.RadioSelect,
        label="Person",
        error_messages={
            "required": "Search for the person, then choose them from the results.",
            "invalid_choice": "Choose someone from the search results.",
        },
    )
    role = forms.ChoiceField(choices=GroupRole.choices, initial=GroupRole.MEMBER)
    joined_on = BoundedDateField(
        label="Joined on",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities they bring",
    )

    def __init__(self, *args, contacts, candidates, **kwargs):
        """``contacts``: everyone the user may choose (validation only); ``candidates``: the
        few the search found, shown as the choices."""
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.queryset = contacts
        # Rendered choices: the search results only, however many contacts there are.
        field.widget.choices = [(c.pk, self.label_for(c)) for c in candidates]

    @staticmethod
    def label_for(contact) -> str:
        parts = [contact.name]
        if contact.email:
            parts.append(contact.email)
        if contact.home_ward_id:
            parts.append(str(contact.home_ward))
        return ", ".join(parts)
