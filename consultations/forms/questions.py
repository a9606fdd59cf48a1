from django import forms

from consultations.choices import QuestionKind
from core.bounds import MAX_SHORT_TEXT_LENGTH


class QuestionForm(forms.Form):
    text = forms.CharField(label="Question", max_length=500)
    help_text = forms.CharField(
        label="Hint (optional)",
        max_length=300,
        required=False,
        help_text="Shown under the question, to help people answer.",
    )
    kind = forms.ChoiceField(label="Kind of answer", choices=QuestionKind.choices)
    options = forms.CharField(
        max_length=MAX_SHORT_TEXT_LENGTH,
        label="Options (choice questions only)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One option a line. Ignored for free-text and rating questions.",
    )
    required = forms.BooleanField(label="People must answer this question", required=False)

    @classmethod
    def initial_for(cls, question) -> dict:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "options": "\n".join(question.options),
            "required": question.required,
        }

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
