"""Forms for the data-protection tools: they only validate what was typed."""

from django import forms

from stakeholders.services.data_protection import CONFIRMATION_WORD, ErasureReason


class ErasureConfirmationMixin:
    """Erasure is irreversible: the user types the word ERASE and gives a reason."""

    def check_confirmation(self, cleaned_data) -> None:
        if not cleaned_data.get("reason"):
            self.add_error("reason", "Choose why this contact is being erased.")
        if (cleaned_data.get("confirm") or "").strip() != CONFIRMATION_WORD:
            self.add_error("confirm", f"Type {CONFIRMATION_WORD} in capitals to confirm.")


def _reason_field(required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Why is this being erased?",
        choices=[("", "Choose a reason"), *ErasureReason.choices],
        required=required,
    )


def _confirm_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label=f"Type {CONFIRMATION_WORD} to confirm",
        help_text="Erasure cannot be undone.",
        max_length=20,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ContactEraseForm(ErasureConfirmationMixin, forms.Form):
    reason = _reason_field(required=False)
    confirm = _confirm_field(required=False)

    def clean(self):
        cleaned_data = super().clean()
        self.check_confirmation(cleaned_data)
        return cleaned_data


class RetentionActionForm(ErasureConfirmationMixin, forms.Form):
    """The retention review's bulk actions over the contacts ticked on the page.

    ``contacts`` is limited to the contacts due for review that the user may see, so a
    tampered form cannot reach anyone else.
    """

    VERIFY = "verify"
    ERASE = "erase"

    contacts = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": "Tick at least one contact."},
    )
    action = forms.ChoiceField(
        choices=[(VERIFY, "Mark verified today"), (ERASE, "Erase")],
        error_messages={"required": "Choose what to do with the contacts ticked."},
    )
    reason = _reason_field(required=False)
    confirm = _confirm_field(required=False)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("action") == self.ERASE:
            self.check_confirmation(cleaned_data)
        return cleaned_data
