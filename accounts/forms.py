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


class PasswordAgainForm(forms.Form):
    """The user's own password, asked again before a change to how they sign in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again to make sure it is you.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class EmailChangeForm(PasswordAgainForm):
    email = forms.EmailField(
        label="New email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="You will sign in with this from now on. We tell your old address.",
    )
    field_order = ["email", "password"]

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Another account already uses this email address.")
        return email


class AppCodeForm(PasswordAgainForm):
    """Setting up an authenticator app: a code it shows proves it holds the key."""

    code = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    field_order = ["code", "password"]


class SecondFactorCodeForm(forms.Form):
    """Signing in: a code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6 digits your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )
