"""The response form, built from a consultation's questions: one field per question,
then the optional name and email with the consent question, and (public form only) a
honeypot field that people never see and bots fill in."""

from django import forms
from django.utils.html import conditional_escape

from consultations.choices import QuestionKind
from consultations.services.responses import RATING_LABELS, Respondent, question_field_name

HONEYPOT = "website"


def _question_field(question) -> forms.Field:
    # Form rendering escapes labels and choices but not help_text: escape the hint here.
    common = {
        "label": question.text,
        "help_text": conditional_escape(question.help_text),
        "required": False,
    }
    choices = [(option, option) for option in question.options]
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.RATING:
        return forms.TypedChoiceField(
            choices=list(RATING_LABELS.items()),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)


class ResponseForm(forms.Form):
    """Required questions are marked and enforced; the service has the last word."""

    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    email = forms.EmailField(label="Your email address (optional)", required=False)
    consents_to_contact = forms.BooleanField(
        label="You may contact me about this consultation",
        required=False,
        help_text="We will use your email address only to tell you what came of it.",
    )

    def __init__(self, *args, questions, public=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        fields = {}
        for question in self.questions:
            field = _question_field(question)
            if question.required:
                field.required = True
                field.error_messages["required"] = "This question needs an answer."
            fields[question_field_name(question)] = field
        # Questions first, then who is answering.
        self.fields = {**fields, **self.fields}
        if public:
            self.fields[HONEYPOT] = forms.CharField(
                label="Leave this empty",
                required=False,
                widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            )
        else:
            self.fields["name"].label = "Their name (optional)"
            self.fields["email"].label = "Their email address (optional)"
            self.fields["consents_to_contact"].label = "They agreed we may contact them"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consents_to_contact") and not cleaned.get("email"):
            self.add_error("email", "Give an email address if you would like us to contact you.")
        return cleaned

    @property
    def question_fields(self):
        return [self[question_field_name(question)] for question in self.questions]

    @property
    def about_you_fields(self):
        return [self["name"], self["email"], self["consents_to_contact"]]

    def honeypot_value(self) -> str:
        return self.data.get(HONEYPOT, "") if HONEYPOT in self.fields else ""

    def answers(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(question_field_name(question))
            for question in self.questions
        }

    def respondent(self) -> Respondent:
        return Respondent(
            name=self.cleaned_data.get("name", ""),
            email=self.cleaned_data.get("email", ""),
            consents_to_contact=self.cleaned_data.get("consents_to_contact", False),
        )
