"""How django-axes sees a sign-in attempt, and what a locked-out person is shown.

Axes counts wrong passwords per account *and* client address (settings, "Sign-in
protection"): someone guessing at an account from one place locks it for that place only,
so they cannot lock its owner out everywhere, and one address is not locked for accounts
it never tried.
"""

from django.conf import settings
from django.shortcuts import render

from accounts.models import User


def attempted_username(request, credentials) -> str:
    """The email address tried, as the account is looked up: in any case, one account.

    Without this, ``Alice@…`` and ``alice@…`` would be counted as two usernames and each
    would get its own allowance of guesses.
    """
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return User.objects.normalize_email(username.strip()).lower()


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page's answer once the account is locked for this client address."""
    context = {"minutes": cool_off_minutes()}
    return render(
        request,
        "accounts/sign_in_locked.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
