"""Attendance forms: validation only; the views call consultations.services.attendance."""

from django import forms

from areas.models import Ward
from core.bounds import bounded_count_field
from stakeholders.choices import ConsulteeCategory
from stakeholders.validators import validate_uk_postcode


class WalkInSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a contact by name or email address", min_length=2, max_length=200
    )


class WalkInNewForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    postcode = forms.CharField(max_length=8, required=False, validators=[validate_uk_postcode])
    home_ward = forms.ModelChoiceField(
        queryset=Ward.objects.none(),
        required=False,
        label="Lives in ward",
        help_text="Only if they said so.",
    )
    category = forms.ChoiceField(label="Consultee category", choices=ConsulteeCategory.choices)

    def __init__(self, *args, wards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_ward"].queryset = wards if wards is not None else Ward.objects.none()


class HeadCountForm(forms.Form):
    """The total, then one optional count per community (fields ``community_<id>``)."""

    total = bounded_count_field(label="How many came in all", required=False)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = list(communities)
        for community in self.communities:
            self.fields[f"community_{community.pk}"] = bounded_count_field(
                label=community.name, required=False
            )

    def community_counts(self) -> dict:
        return {
            community: self.cleaned_data.get(f"community_{community.pk}")
            for community in self.communities
        }
