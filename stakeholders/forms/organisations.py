"""The organisation form: validates what unit staff type; the service saves it."""

from django import forms
from django.db.models import Q

from areas.models import Ward
from stakeholders.choices import OrganisationKind
from stakeholders.models import Organisation
from stakeholders.selectors.organisations import single_point_of_contact_choices


class OrganisationForm(forms.ModelForm):
    """Everything about an organisation. The umbrella is chosen from the umbrella bodies;
    the single point of contact from the organisation's own people (a short list, however
    many contacts the database holds)."""

    website = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="The full address, for example https://www.example.org.uk",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "parent",
            "pan_london",
            "boroughs",
            "wards",
            "communities",
            "topics",
            "single_point_of_contact",
            "website",
            "email",
            "phone",
            "notes",
            "last_verified",
        ]
        widgets = {
            "boroughs": forms.SelectMultiple(attrs={"size": 8}),
            "wards": forms.SelectMultiple(attrs={"size": 10}),
            "communities": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "last_verified": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }
        help_texts = {
            "pan_london": "Tick if it serves the whole of London; otherwise choose boroughs "
            "or wards below.",
            "boroughs": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "wards": "Only where it serves particular wards rather than whole boroughs. "
            "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "last_verified": "When these details were last confirmed as current.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        umbrellas = Q(kind=OrganisationKind.UMBRELLA)
        if instance is not None and instance.parent_id:
            umbrellas |= Q(pk=instance.parent_id)
        self.fields["parent"].queryset = Organisation.objects.visible_to(user).filter(umbrellas)
        self.fields["parent"].help_text = (
            "The umbrella body this organisation belongs to, if any (organisations of the "
            "kind “Umbrella body”)."
        )
        self.fields["wards"].queryset = Ward.objects.select_related("borough").order_by(
            "borough__name", "name"
        )
        if instance is None:
            # Nobody belongs to a new organisation yet: the single point of contact is
            # chosen from its people once they are added.
            del self.fields["single_point_of_contact"]
        else:
            spoc = self.fields["single_point_of_contact"]
            spoc.queryset = single_point_of_contact_choices(user=user, organisation=instance)
            spoc.empty_label = "None"
            spoc.label = "Single point of contact"
            spoc.help_text = (
                "The one person the unit goes to first, chosen from this organisation's "
                "people. Add someone to the organisation on their contact record first."
            )
