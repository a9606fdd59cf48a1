from functools import cached_property

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.views.generic import FormView, ListView

from accounts.forms import SignInForm, UserForm
from accounts.models import User
from accounts.services import user_create, user_update
from areas.models import Ward
from core.access import Access, PublicMixin, RoleRequiredMixin
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
