from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import User
from areas.models import Ward
from core.roles import Role


class SignInForm(AuthenticationForm):
    """Django's sign-in form, labelled for an email address."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class UserForm(forms.ModelForm):
    """What an administrator sets on an account: who it is, its roles and a sergeant's wards."""

    roles = forms.TypedMultipleChoiceField(
        choices=Role.choices,
        coerce=Role,
        widget=forms.CheckboxSelectMultiple,
        help_text="A user may hold more than one role.",
    )
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.select_related("borough"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Neighbourhood sergeants only: the wards they look after.",
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "job_title", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("roles", sorted(self.instance.roles))
            self.initial.setdefault("wards", list(self.instance.wards.all()))
        else:
            del self.fields["is_active"]

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Another account already uses this email address.")
        return email
