"""Toolkit forms: they only validate what staff type; consultations.services.toolkit
checks the file's content and saves."""

from django import forms

from consultations.models import Consultation, ToolkitResource
from consultations.selectors.toolkit import KIND_CHOICES
from consultations.services.toolkit import ALLOWED_FILE_LABEL, FINISHED_STATUSES, MAX_FILE_SIZE


class ToolkitSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words in the title, summary or tags, e.g. ward panel youth.",
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *KIND_CHOICES]
    )


class TagsField(forms.CharField):
    """Tags typed separated by commas; cleaned to a list."""

    def to_python(self, value):
        text = super().to_python(value)
        return [tag.strip() for tag in text.split(",") if tag.strip()]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def validate(self, value):
        super().validate(value)
        too_long = [tag for tag in value if len(tag) > 60]
        if too_long:
            raise forms.ValidationError("Keep each tag to 60 characters or fewer.")


class ToolkitResourceForm(forms.ModelForm):
    tags = TagsField(
        required=False,
        max_length=600,
        help_text="Separate tags with commas, e.g. ward panels, young people, feedback.",
    )
    file = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,.ods,.pptx,.odp"}),
        help_text=f"A {ALLOWED_FILE_LABEL} document, at most {MAX_FILE_SIZE // 1024 // 1024} MB.",
    )
    link = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Or instead: the full address of a page elsewhere, e.g. https://example.org",
    )

    class Meta:
        model = ToolkitResource
        fields = ["title", "kind", "summary", "tags", "file", "link", "consultation"]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "summary": "What it is for and when to use it: the search reads this.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        consultation = self.fields["consultation"]
        consultation.queryset = Consultation.objects.filter(status__in=FINISHED_STATUSES).order_by(
            "title"
        )
        consultation.required = False
        consultation.empty_label = "None"
        consultation.help_text = "For a case study: the finished consultation it describes."

    def clean_file(self):
        # The service checks the content; the form keeps no stored file as "new".
        upload = self.cleaned_data.get("file")
        return upload if hasattr(upload, "content_type") else None

    def clean(self):
        cleaned = super().clean()
        # ClearableFileInput sends False when "clear" is ticked.
        self.remove_file = self.data.get("file-clear") in {"on", "true", "1"}
        return cleaned


class GoodPracticeForm(forms.Form):
    good_practice_note = forms.CharField(
        label="What others can learn from it",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="What worked, and why it is worth copying. Shown in the toolkit.",
        error_messages={"required": "Say what others can learn from it."},
    )
