"""Choosing an audience to invite, and answering an invitation."""

from django import forms

from consultations.selectors.invitations import audiences_for_invitations


class InviteAudienceForm(forms.Form):
    audience = forms.ModelChoiceField(
        queryset=audiences_for_invitations(),
        empty_label="Choose an audience",
        help_text=(
            "Built under Stakeholders, Audiences. Consent, the fatigue cap and duplicates "
            "are applied to it; anyone already invited to this event is not invited again."
        ),
    )


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", "Yes, I will come"), ("decline", "No, I cannot come")],
        widget=forms.RadioSelect,
        label="Will you come?",
    )
