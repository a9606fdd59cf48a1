"""Between the password and the second factor, a session can reach only the next step.

After a right password a user is signed in, but not yet *verified* (django-otp's
``OTPMiddleware``, which runs first, says whether this session entered a code). Until
they are, this middleware sends every request elsewhere:

- a user with a second factor is sent to enter a code from it;
- a user who must have one (``second_factor_required``) and has none is sent to set it
  up, and can reach nothing else, the Django admin included, until they have.

Signing out is always allowed. Users who need no second factor and have none pass.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from accounts.second_factor import has_any_device, second_factor_required

SIGN_OUT = "accounts:sign-out"
VERIFY = "accounts:two-factor-verify"
SET_UP = "accounts:two-factor-setup"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if has_any_device(user):
            step = VERIFY
        elif second_factor_required(user):
            step = SET_UP
        else:
            return None
        if request.resolver_match.view_name in {step, SIGN_OUT}:
            return None
        return redirect_to_login(request.get_full_path(), reverse(step))
