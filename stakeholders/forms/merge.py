"""The merge form: which record to keep, and whose value wins for each field that
differs. Only validates; stakeholders.services.merge does the merging."""

from django import forms

SIDES = (("first", "Record A"), ("second", "Record B"))


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label="Which record to keep",
        choices=SIDES,
        initial="first",
        widget=forms.RadioSelect,
        help_text="The other record is merged into it and deleted; all its links move.",
    )

    def __init__(self, *args, differing: list[tuple[str, str, str]], **kwargs):
        """``differing``: (field name, label, side chosen by default) for each field
        whose values differ."""
        super().__init__(*args, **kwargs)
        self.differing = [name for name, _, _ in differing]
        for name, label, default in differing:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=SIDES, initial=default, widget=forms.RadioSelect
            )

    def field_choices(self) -> dict[str, str]:
        """Each differing field's choice as the merge service wants it: the kept
        record's value ("winner") or the other's ("loser")."""
        keep = self.cleaned_data["keep"]
        return {
            name: "winner" if self.cleaned_data[name] == keep else "loser"
            for name in self.differing
        }
