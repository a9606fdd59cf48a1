from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("", views.AccountView.as_view(), name="account"),
    path("email/", views.EmailChangeView.as_view(), name="email-change"),
    path("two-factor/", views.SecondFactorSetupView.as_view(), name="two-factor-setup"),
    path("two-factor/verify/", views.SecondFactorVerifyView.as_view(), name="two-factor-verify"),
    path(
        "two-factor/backup-codes/",
        views.BackupCodesView.as_view(),
        name="two-factor-backup-codes",
    ),
    path("two-factor/remove/", views.SecondFactorRemoveView.as_view(), name="two-factor-remove"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/new/", views.UserCreateView.as_view(), name="user-create"),
    path("users/<int:pk>/", views.UserUpdateView.as_view(), name="user-update"),
]
