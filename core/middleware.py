"""Middleware that keeps personal data out of caches and ends sessions left alone.

``NoStoreMiddleware``: every response Django builds is ``Cache-Control: no-store``. Signed-in
pages and exports hold personal data, and even the public pages carry a CSRF token or, for
an invitation, the invitee's details, so none of them belongs in a browser's or a proxy's
cache. Static files are served by WhiteNoise before this runs and keep their caching.

``SessionTimeoutMiddleware``: a signed-in session ends after
``settings.ENGAGE_SESSION_IDLE_MINUTES`` without a request, and
``settings.ENGAGE_SESSION_ABSOLUTE_HOURS`` after signing in whatever the activity. The user
is signed out with a message saying why; a public page then carries on as for anyone
signed out, any other page sends them to sign in again.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from core.access import access_of

SIGNED_IN_AT = "engage_signed_in_at"
LAST_SEEN = "engage_last_seen"
# Last activity is written at most once a minute, not on every request: the idle time-out
# is then exact to the minute, and most requests leave the session row alone.
LAST_SEEN_RESOLUTION_SECONDS = 60


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


def record_sign_in(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the start of the session's absolute time-out."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def _expiry_message(session, now: float) -> str | None:
    """Why this session has run out, or None if it has not."""
    idle = settings.ENGAGE_SESSION_IDLE_MINUTES
    absolute = settings.ENGAGE_SESSION_ABSOLUTE_HOURS
    if now - session.get(SIGNED_IN_AT, now) > absolute * 60 * 60:
        return (
            f"You were signed out because you signed in more than "
            f"{_plural(absolute, 'hour')} ago. Sign in again to carry on."
        )
    if now - session.get(LAST_SEEN, now) > idle * 60:
        return (
            f"You were signed out after {_plural(idle, 'minute')} without activity. "
            "Sign in again to carry on."
        )
    return None


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session = request.session
        now = timezone.now().timestamp()
        message = _expiry_message(session, now)
        if message is None:
            # A session from before time-outs existed starts its clocks now.
            session.setdefault(SIGNED_IN_AT, now)
            if now - session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN] = now
            return None
        logout(request)
        messages.info(request, message)
        access = access_of(view_func)
        if access is not None and access.public:
            return None
        return redirect_to_login(request.get_full_path())
