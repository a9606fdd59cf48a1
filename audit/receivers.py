"""Sign-ins, failed sign-ins and sign-outs, from django.contrib.auth's signals.

Lockouts come from django-axes' ``user_locked_out`` signal, connected here once axes is
installed (stream h2); ``on_locked_out`` is ready for it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from audit.models import Action
from audit.services import audit_record


def on_logged_in(sender, request, user, **kwargs):
    audit_record(action=Action.SIGN_IN, actor=user, request=request, target=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.SIGN_OUT, actor=user, request=request, target=user)


def _account_tried(username: str):
    """The account whose address was typed, if there is one (the attack's target)."""
    if not username:
        return None
    return get_user_model().objects.filter(email__iexact=username).first()


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")
    account = _account_tried(username)
    audit_record(
        action=Action.SIGN_IN_FAILED,
        request=request,
        target=account,
        summary="Wrong password for an account" if account else "Unknown account",
        detail={"known_account": account is not None},
        values={"username": username[:254]},
    )


def on_locked_out(sender, request=None, username=None, **kwargs):
    """django-axes' ``user_locked_out``: too many failed sign-ins from one place."""
    account = _account_tried(username or "")
    audit_record(
        action=Action.LOCKOUT,
        request=request,
        target=account,
        summary="Locked out after repeated failed sign-ins",
        values={"username": (username or "")[:254]},
    )


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="audit-sign-in")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit-sign-out")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-sign-in-failed")
