from functools import cached_property

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.generic import FormView, ListView, TemplateView
from django_otp import login as otp_login

from accounts import second_factor
from accounts.forms import (
    AppCodeForm,
    EmailChangeForm,
    PasswordAgainForm,
    SecondFactorCodeForm,
    SignInForm,
    UserForm,
)
from accounts.models import User
from accounts.services import (
    password_reset_request,
    user_change_own_email,
    user_create,
    user_update,
)
from areas.models import Ward
from core.access import Access, PublicMixin, RoleRequiredMixin
from core.client_address import client_address
from core.forms import add_service_errors
from core.roles import ALL_ROLES, Role

OWN_ACCOUNT = Access(roles=ALL_ROLES, own_account=True)
ADMINISTRATORS = Access(roles=frozenset({Role.ADMINISTRATOR}))


class SignInView(PublicMixin, auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    access = Access(public=True, own_account=True)


class PasswordChangeView(RoleRequiredMixin, auth_views.PasswordChangeView):
    access = OWN_ACCOUNT
    template_name = "accounts/simple_form.html"
    extra_context = {"heading": "Change your password", "submit_label": "Change password"}
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


class PasswordResetView(PublicMixin, auth_views.PasswordResetView):
    template_name = "accounts/simple_form.html"
    extra_context = {
        "heading": "Reset your password",
        "intro": "Enter the email address you sign in with and we will send you a link.",
        "submit_label": "Send the link",
    }
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        """Over the hourly limit, answer exactly as usual but send nothing."""
        if password_reset_request(
            email=form.cleaned_data["email"], client_address=client_address(self.request)
        ):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(PublicMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "heading": "Check your email",
        "text": "If an account uses that address, we have sent it a link to choose a new "
        "password. The link works for one day.",
    }


class PasswordResetConfirmView(PublicMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        """A new password ends any sign-in lockout of the account: guesses at the old one
        no longer matter, and "reset your password" is what the lockout page advises."""
        response = super().form_valid(form)
        axes_reset(username=self.user.email)
        return response


class PasswordResetCompleteView(PublicMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {
        "heading": "Password saved",
        "text": "Your new password is saved. You can now sign in with it.",
        "link_url": reverse_lazy("accounts:sign-in"),
        "link_label": "Sign in",
    }


class UserListView(RoleRequiredMixin, ListView):
    access = ADMINISTRATORS
    template_name = "accounts/user_list.html"
    context_object_name = "users"
    paginate_by = 50

    def get_queryset(self):
        return User.objects.prefetch_related(
            "groups", Prefetch("wards", queryset=Ward.objects.select_related("borough"))
        )


class UserFormViewMixin(RoleRequiredMixin):
    """Shared by create and update: turn a service's ValidationError into form errors."""

    access = ADMINISTRATORS
    form_class = UserForm
    template_name = "accounts/user_form.html"
    success_url = reverse_lazy("accounts:user-list")

    def form_valid(self, form):
        try:
            user = self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(user=user))
        return super().form_valid(form)


class UserCreateView(UserFormViewMixin, FormView):
    success_message = "Account created for {user}. They have been emailed a link to set a password."

    def save(self, data):
        return user_create(
            email=data["email"],
            full_name=data["full_name"],
            job_title=data["job_title"],
            roles=data["roles"],
            wards=data["wards"],
            acting_user=self.request.user,
        )


class UserUpdateView(UserFormViewMixin, FormView):
    success_message = "Account for {user} saved."

    @cached_property
    def account(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.account}

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def save(self, data):
        return user_update(
            user=self.account,
            email=data["email"],
            full_name=data["full_name"],
            job_title=data["job_title"],
            is_active=data["is_active"],
            roles=data["roles"],
            wards=data["wards"],
            acting_user=self.request.user,
        )


# --- The user's own account: email and second factor (the password asked again) ---------

BACKUP_CODES_SESSION_KEY = "accounts_backup_codes_to_show"


class AccountView(RoleRequiredMixin, TemplateView):
    """What the user can change about how they sign in, in one place."""

    access = OWN_ACCOUNT
    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            has_second_factor=second_factor.has_second_factor(user),
            second_factor_required=second_factor.second_factor_required(user),
            backup_codes_left=second_factor.backup_codes_left(user),
            **kwargs,
        )


class OwnAccountFormMixin(RoleRequiredMixin):
    """A form about the signed-in user's own account, which asks for their password."""

    access = OWN_ACCOUNT
    form_class = PasswordAgainForm
    success_url = reverse_lazy("accounts:account")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class EmailChangeView(OwnAccountFormMixin, FormView):
    form_class = EmailChangeForm
    template_name = "accounts/simple_form.html"
    extra_context = {
        "heading": "Change your email address",
        "submit_label": "Change email address",
    }

    def form_valid(self, form):
        try:
            user_change_own_email(user=self.request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your email address has been changed.")
        return super().form_valid(form)


class SecondFactorVerifyView(RoleRequiredMixin, auth_views.RedirectURLMixin, FormView):
    """The second step of signing in: a code from the app, or a backup code."""

    access = OWN_ACCOUNT
    form_class = SecondFactorCodeForm
    template_name = "accounts/two_factor_verify.html"
    next_page = settings.LOGIN_REDIRECT_URL

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (user.is_verified() or not second_factor.has_any_device(user)):
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.get_redirect_url(), **kwargs)

    def form_valid(self, form):
        user = self.request.user
        if second_factor.codes_paused(user=user):
            form.add_error("code", "Too many wrong codes. Wait a minute, then try again.")
            return self.form_invalid(form)
        device = second_factor.code_verify(user=user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error(
                "code",
                "That code did not work. Codes change every 30 seconds and each works once: "
                "try the one your app shows now, or a backup code.",
            )
            return self.form_invalid(form)
        self.request.session.cycle_key()
        otp_login(self.request, device)
        return HttpResponseRedirect(self.get_success_url())


class SecondFactorSetupView(OwnAccountFormMixin, FormView):
    """Set up an authenticator app, or move it to a new phone: scan, then type a code."""

    form_class = AppCodeForm
    template_name = "accounts/two_factor_setup.html"
    success_url = reverse_lazy("accounts:two-factor-backup-codes")

    @cached_property
    def device(self):
        return second_factor.app_device_pending(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=second_factor.qr_code_data_uri(self.device),
            manual_key=second_factor.manual_key(self.device),
            replacing=second_factor.has_second_factor(self.request.user),
            required=second_factor.second_factor_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        codes = second_factor.app_device_confirm(
            user=self.request.user, device=self.device, code=form.cleaned_data["code"]
        )
        if codes is None:
            form.add_error(
                "code",
                "That code did not match. Check that you scanned the code on this page, "
                "then type the code your app shows now.",
            )
            return self.form_invalid(form)
        self.device.refresh_from_db()
        otp_login(self.request, self.device)
        self.request.session[BACKUP_CODES_SESSION_KEY] = codes
        messages.success(self.request, "Your authenticator app is set up.")
        return super().form_valid(form)


class BackupCodesView(OwnAccountFormMixin, FormView):
    """New backup codes are shown once, straight after they are made; after that, only
    how many are left, and a way to make a new set."""

    template_name = "accounts/two_factor_backup_codes.html"
    success_url = reverse_lazy("accounts:two-factor-backup-codes")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not second_factor.has_second_factor(request.user):
            return redirect("accounts:two-factor-setup")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            codes=self.request.session.pop(BACKUP_CODES_SESSION_KEY, None),
            codes_left=second_factor.backup_codes_left(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        codes = second_factor.backup_codes_replace(user=self.request.user)
        self.request.session[BACKUP_CODES_SESSION_KEY] = codes
        return super().form_valid(form)


class SecondFactorRemoveView(OwnAccountFormMixin, FormView):
    """Turn the second factor off: for those whose role does not require it."""

    template_name = "accounts/two_factor_remove.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            required=second_factor.second_factor_required(self.request.user), **kwargs
        )

    def form_valid(self, form):
        if second_factor.second_factor_required(self.request.user):
            messages.error(
                self.request, "Your role needs a second factor, so it cannot be turned off."
            )
            return redirect("accounts:account")
        second_factor.second_factor_remove(user=self.request.user)
        messages.success(self.request, "Your second factor is turned off.")
        return super().form_valid(form)
