"""Import forms: they only validate what the user sent; stakeholders.services.imports
checks the file's content and does the work."""

from django import forms
from django.utils.text import capfirst

from stakeholders.models import ImportJob
from stakeholders.services.imports import DEFAULT_PREFIX, fields_for, max_file_size

NOT_IN_FILE = "(not in the file)"


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=ImportJob.Kind.choices,
        widget=forms.RadioSelect,
        initial=ImportJob.Kind.CONTACTS,
    )
    file = forms.FileField(
        label="File",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A CSV (saved as UTF-8) or an Excel workbook (.xlsx), at most "
            f"{max_file_size() // 1024 // 1024} MB. The first row must hold the column "
            "headings; only the first sheet of a workbook is read."
        )


class ImportMappingForm(forms.Form):
    """For each engage field, the file column that holds it (pre-filled with the
    suggestion); for a required choice, a value for rows that leave it empty."""

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        columns = [("", NOT_IN_FILE), *((str(i), h) for i, h in enumerate(job.headers))]
        for import_field in fields_for(job.kind):
            initial = job.mapping.get(import_field.name)
            self.fields[import_field.name] = forms.ChoiceField(
                label=capfirst(import_field.label),
                choices=columns,
                required=import_field.required and not import_field.takes_default,
                initial="" if initial is None else str(initial),
                help_text=(
                    "Required: choose its column, or a value below for rows that have none."
                    if import_field.takes_default
                    else import_field.help_text
                ),
                error_messages={
                    "required": f"Choose the column that holds the {import_field.label}."
                },
            )
            if import_field.takes_default:
                self.fields[self.default_name(import_field.name)] = forms.ChoiceField(
                    label=f"{capfirst(import_field.label)} for rows that have none",
                    choices=[("", "(none: such rows are errors)"), *import_field.choices.choices],
                    required=False,
                    initial=job.mapping.get(DEFAULT_PREFIX + import_field.name, ""),
                )

    @staticmethod
    def default_name(name: str) -> str:
        return f"{name}_default"

    def clean(self):
        cleaned = super().clean()
        for import_field in fields_for(self.job.kind):
            if not import_field.takes_default:
                continue
            if not cleaned.get(import_field.name) and not cleaned.get(
                self.default_name(import_field.name)
            ):
                self.add_error(
                    import_field.name,
                    f"Choose the column that holds the {import_field.label}, or a value for "
                    "every row below.",
                )
        return cleaned

    def mapping(self) -> dict:
        """The mapping in the shape the service takes."""
        mapping = {}
        for import_field in fields_for(self.job.kind):
            if self.cleaned_data.get(import_field.name):
                mapping[import_field.name] = int(self.cleaned_data[import_field.name])
            if import_field.takes_default:
                default = self.cleaned_data.get(self.default_name(import_field.name))
                if default:
                    mapping[DEFAULT_PREFIX + import_field.name] = default
        return mapping


class ImportChoiceForm(forms.Form):
    """The rows ticked on one page of the preview. ``shown`` lists the rows that page
    showed, so rows on other pages keep the choice already saved for them."""

    IMPORT, SAVE = "import", "save"

    rows = forms.TypedMultipleChoiceField(coerce=int, required=False)
    shown = forms.TypedMultipleChoiceField(coerce=int, required=False)
    action = forms.ChoiceField(choices=[(IMPORT, "Import"), (SAVE, "Save")], required=False)
    page = forms.IntegerField(min_value=1, required=False)  # the page these rows were on
    goto = forms.IntegerField(min_value=1, required=False)  # save, then show this page

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        choices = [(entry["row"], entry["row"]) for entry in job.preview]
        self.fields["rows"].choices = choices
        self.fields["shown"].choices = choices

    def chosen_rows(self) -> list[int]:
        shown = set(self.cleaned_data["shown"])
        kept = set(self.job.selected_rows) - shown
        return sorted(kept | set(self.cleaned_data["rows"]))
