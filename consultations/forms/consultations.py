"""The consultation form and the calendar filters: they validate; services save."""

from django import forms

from accounts.models import User
from areas.models import Borough, Ward
from consultations.choices import Method
from consultations.models import Consultation
from consultations.services.clashes import REASON_REQUIRED
from consultations.services.consultations import CAN_INFLUENCE_REQUIRED
from core.bounds import MAX_TEXT_LENGTH
from core.roles import Role
from stakeholders.choices import ConsulteeCategory
from stakeholders.models import Community

PLANNING_ROLES = (Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.NEIGHBOURHOOD_SERGEANT)


class ConsultationForm(forms.ModelForm):
    """Everything about a consultation. A sergeant plans within their own wards only: the
    ward list holds their wards, and all-of-London and boroughs are not offered."""

    methods = forms.MultipleChoiceField(
        choices=Method.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    audience_categories = forms.MultipleChoiceField(
        label="Consultee categories to reach",
        choices=ConsulteeCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consultation
        fields = [
            "title",
            "why",
            "can_influence",
            "already_fixed",
            "engagement_level",
            "methods",
            "lead_officer",
            "unit",
            "pan_london",
            "boroughs",
            "wards",
            "audience_categories",
            "communities",
            "statutory",
            "statutory_basis",
            "powers_to_explain",
            "opens_on",
            "closes_on",
            "feedback_promised_by",
            "estimated_cost",
            "actual_cost",
        ]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "can_influence": forms.Textarea(attrs={"rows": 3}),
            "already_fixed": forms.Textarea(attrs={"rows": 3}),
            "powers_to_explain": forms.Textarea(attrs={"rows": 3}),
            "boroughs": forms.SelectMultiple(attrs={"size": 8}),
            "wards": forms.SelectMultiple(attrs={"size": 10}),
            "communities": forms.CheckboxSelectMultiple,
            "opens_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "closes_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "feedback_promised_by": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }
        error_messages = {"can_influence": {"required": CAN_INFLUENCE_REQUIRED}}
        help_texts = {
            "pan_london": "Tick if it covers the whole of London; otherwise choose boroughs "
            "or wards below.",
            "boroughs": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "wards": "Only where it covers particular wards rather than whole boroughs. "
            "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "estimated_cost": "In pounds.",
            "actual_cost": "In pounds, once known.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        planner = user.has_role(Role.ADMINISTRATOR, Role.UNIT_STAFF)
        lead = self.fields["lead_officer"]
        lead.queryset = (
            User.objects.filter(is_active=True, groups__name__in=[r.value for r in PLANNING_ROLES])
            .distinct()
            .order_by("full_name")
        )
        if not self.instance.pk and not self.initial.get("lead_officer"):
            self.initial["lead_officer"] = user.pk
        wards = self.fields["wards"]
        wards.queryset = (
            Ward.objects.editable_by(user)
            .select_related("borough")
            .order_by("borough__name", "name")
        )
        if not planner:
            wards.required = True
            wards.help_text = "The wards you look after that this consultation covers."
            del self.fields["pan_london"]
            del self.fields["boroughs"]
        self.fields["communities"].queryset = Community.objects.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pan_london") and (cleaned.get("boroughs") or cleaned.get("wards")):
            self.add_error(
                "pan_london",
                "It covers all of London: leave the boroughs and wards empty, or untick this.",
            )
        return cleaned


class ClashAcknowledgementForm(forms.Form):
    """Shown with a clash warning: go ahead anyway, saying why (kept on record)."""

    acknowledge_clashes = forms.BooleanField(label="Go ahead anyway", required=False)
    clash_reason = forms.CharField(
        max_length=MAX_TEXT_LENGTH,
        label="Why go ahead despite the clash?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept on record with the consultation.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("acknowledge_clashes") and not cleaned.get("clash_reason", "").strip():
            self.add_error("clash_reason", REASON_REQUIRED)
        return cleaned

    @property
    def reason(self) -> str:
        if self.is_valid() and self.cleaned_data["acknowledge_clashes"]:
            return self.cleaned_data["clash_reason"].strip()
        return ""


class CalendarFilterForm(forms.Form):
    """Filters shared by the calendar's month and list views."""

    KIND_CHOICES = [
        ("", "All kinds"),
        ("consultation", "Consultations"),
        ("event", "Consultation events"),
        ("group", "Group meetings"),
    ]

    borough = forms.ModelChoiceField(
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label="All boroughs",
        to_field_name="ons_code",
    )
    unit = forms.CharField(label="Lead unit", required=False, max_length=150)
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    audience = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [
            ("", "All audiences"),
            (
                "Consultee categories",
                [(f"category:{value}", label) for value, label in ConsulteeCategory.choices],
            ),
            (
                "Communities",
                [
                    (f"community:{community.pk}", community.name)
                    for community in Community.objects.order_by("name")
                ],
            ),
        ]

    def filters(self) -> dict:
        """The valid filters, for selectors/calendar.py (an invalid one is ignored)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }
