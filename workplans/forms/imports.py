"""Import forms: they only validate what the user sent; workplans.services.imports reads
the file, checks the rows and does the work."""

from django import forms
from django.utils import timezone

from workplans.forms.plans import financial_year_choices
from workplans.fy import fy_of
from workplans.models import PlanImport, WorkPlan
from workplans.models.plans import EARLIEST_FY
from workplans.services.imports import IMPORT_FIELDS

NOT_IN_FILE = "(not in the file)"
DEFAULT_UNIT = "MPS Strategic Consultation Unit"


class PlanImportUploadForm(forms.Form):
    """The file, and the plan it goes into: an existing one, or a new draft plan (made
    only when the import is committed)."""

    EXISTING, NEW = "existing", "new"

    file = forms.FileField(
        label="File",
        help_text="A CSV (saved as UTF-8) or an Excel workbook (.xlsx). The first row holds "
        "the column headings; only the first sheet of a workbook is read.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    into = forms.ChoiceField(
        label="Import into",
        choices=[(EXISTING, "A plan already in engage"), (NEW, "A new draft plan")],
        widget=forms.RadioSelect,
    )
    plan = forms.ModelChoiceField(
        label="The plan already in engage",
        queryset=WorkPlan.objects.none(),
        required=False,
        empty_label="Choose a plan",
        help_text="Only if importing into a plan already in engage. Its objectives with the "
        "same titles as the file's are added to, not repeated.",
    )
    plan_title = forms.CharField(
        label="Title of the new plan",
        max_length=WorkPlan._meta.get_field("title").max_length,
        required=False,
        help_text="Only for a new plan, like the rest below.",
    )
    plan_owning_unit = forms.CharField(
        label="Owning unit of the new plan",
        max_length=WorkPlan._meta.get_field("owning_unit").max_length,
        required=False,
        initial=DEFAULT_UNIT,
    )
    plan_starts_fy = forms.TypedChoiceField(
        label="First financial year of the new plan",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Plan years in the file (1, 1/2, 2/3) count from it: year 1 is this one.",
    )
    plan_ends_fy = forms.TypedChoiceField(
        label="Last financial year of the new plan",
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        plans = WorkPlan.objects.editable_by(user).order_by("-starts_fy", "title")
        self.fields["plan"].queryset = plans
        this_year = fy_of(timezone.localdate())
        # Old plans are imported too (the seeds' are from 2002): every year engage takes.
        years = financial_year_choices(this_year, extra=tuple(range(EARLIEST_FY, this_year)))
        for name in ("plan_starts_fy", "plan_ends_fy"):
            self.fields[name].choices = [("", "Choose a year"), *years]
        self.initial.setdefault("into", self.EXISTING if self.initial.get("plan") else self.NEW)
        self.initial.setdefault("plan_starts_fy", this_year)
        self.initial.setdefault("plan_ends_fy", this_year + 2)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("into") == self.EXISTING:
            if not cleaned.get("plan"):
                self.add_error("plan", "Choose the plan to import into.")
        elif cleaned.get("into") == self.NEW:
            required = {
                "plan_title": "Give the new plan a title.",
                "plan_owning_unit": "Say which unit owns the new plan.",
                "plan_starts_fy": "Choose the new plan's first financial year.",
                "plan_ends_fy": "Choose the new plan's last financial year.",
            }
            for name, message in required.items():
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def service_arguments(self) -> dict:
        """What ``plan_import_create`` takes besides the file and the acting user."""
        data = self.cleaned_data
        if data["into"] == self.EXISTING:
            return {"plan": data["plan"]}
        names = ("plan_title", "plan_owning_unit", "plan_starts_fy", "plan_ends_fy")
        return {name: data[name] for name in names}


class PlanImportMappingForm(forms.Form):
    """For each engage field, the file's column that holds it (pre-filled with the
    suggestion from the headings)."""

    def __init__(self, *args, plan_import: PlanImport, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", NOT_IN_FILE), *((str(i), h) for i, h in enumerate(plan_import.headers))]
        for import_field in IMPORT_FIELDS:
            initial = plan_import.mapping.get(import_field.name)
            self.fields[import_field.name] = forms.ChoiceField(
                label=import_field.title,
                choices=columns,
                required=import_field.name == "action",
                initial="" if initial is None else str(initial),
                help_text=import_field.help_text,
                error_messages={"required": "Choose the column that holds the actions."},
            )

    def mapping(self) -> dict[str, int]:
        """The mapping in the shape the service takes: field name → column index."""
        return {name: int(value) for name, value in self.cleaned_data.items() if value}


class PlanImportCommitForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label="Leave out the rows with errors, and the rows that continue them",
        required=False,
        help_text="Otherwise nothing is imported while any row has an error.",
    )
