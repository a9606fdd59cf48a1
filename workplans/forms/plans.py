"""Forms for plans and objectives: they validate; the services in workplans.services save."""

from django import forms

from workplans.choices import Principle
from workplans.forms.widgets import DATE
from workplans.fy import fy_label, fy_of
from workplans.models import Objective, WorkPlan
from workplans.services.items import possible_leads


def financial_year_choices(around: int, *, extra: tuple[int, ...] = ()) -> list[tuple[int, str]]:
    """Financial years from ten before ``around`` to ten after, plus any in ``extra``
    (a plan's own years stay choosable however old)."""
    years = sorted({*range(around - 10, around + 11), *extra})
    return [(year, fy_label(year)) for year in years]


class PlanForm(forms.ModelForm):
    principles = forms.MultipleChoiceField(
        label="Engagement principles it serves",
        choices=Principle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkPlan
        fields = [
            "title",
            "owning_unit",
            "owner",
            "description",
            "starts_fy",
            "ends_fy",
            "status",
            "endorsed_by",
            "endorsed_on",
            "strategy",
            "principles",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "endorsed_on": DATE}

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        own = tuple(y for y in (self.instance.starts_fy, self.instance.ends_fy) if y)
        for name in ("starts_fy", "ends_fy"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                help_text="April to March.",
                choices=financial_year_choices(fy_of(today), extra=own),
                coerce=int,
            )
        if not self.instance.pk:
            self.initial.setdefault("starts_fy", fy_of(today))
            self.initial.setdefault("ends_fy", fy_of(today) + 2)
        self.fields["owner"].queryset = possible_leads()


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["kind", "title", "description", "principle"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "Outcome, strand or principle"}
