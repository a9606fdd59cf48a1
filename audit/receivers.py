"""Sign-ins, failed sign-ins and sign-outs, from django.contrib.auth's signals; changes to
staff accounts, from the user model's save and role (group) changes.

The accounts app sits above audit in the layers, so it cannot call audit_record itself:
audit listens instead. A save that only stamps ``last_login`` (every sign-in) is not a
change to anyone's data and is left out; the sign-in entry covers it.

Lockouts come from django-axes' ``user_locked_out`` signal; second factors set up, moved
or removed, and backup codes made, from django-otp's device models.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def on_authenticator_saving(sender, instance, **kwargs):
    """Note whether the app was confirmed already: a device is saved at every code checked
    (django-otp keeps its last step and throttling there), which is no change."""
    instance._audit_was_confirmed = bool(
        instance.pk and sender.objects.filter(pk=instance.pk, confirmed=True).exists()
    )


def on_authenticator_saved(sender, instance, created, **kwargs):
    """An authenticator app confirmed (set up, or moved to a new phone)."""
    if instance.confirmed and not instance._audit_was_confirmed:
        _second_factor_changed(instance.user, "Authenticator app set up")


def on_authenticator_deleted(sender, instance, **kwargs):
    if instance.confirmed:  # not an app whose set-up was left unfinished
        _second_factor_changed(instance.user, "Authenticator app removed")


def on_backup_codes_made(sender, instance, created, **kwargs):
    if created:
        _second_factor_changed(instance.user, "Backup codes made")


def _second_factor_changed(user, summary: str) -> None:
    audit_record(action=Action.SECOND_FACTOR_CHANGE, target=user, summary=summary)


def on_user_saved(sender, instance, created, update_fields=None, **kwargs):
    fields = sorted(update_fields) if update_fields else []
    if fields == ["last_login"]:
        return
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        target=instance,
        summary=f"{'Added' if created else 'Changed'} user account {instance.pk}",
        detail={"fields": fields or ["account"]},
    )


def on_user_roles_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    """``instance`` is the user, or (``reverse``) the group whose members changed."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    what = "members of role group" if reverse else "roles of user account"
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        target=instance,
        summary=f"Changed the {what} {instance.pk}",
        detail={"fields": ["roles"], "change": action, "ids": sorted(pk_set or [])},
    )


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="audit-sign-in")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit-sign-out")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit-lockout")
    pre_save.connect(on_authenticator_saving, sender=TOTPDevice, dispatch_uid="audit-totp-was")
    post_save.connect(on_authenticator_saved, sender=TOTPDevice, dispatch_uid="audit-totp")
    post_delete.connect(on_authenticator_deleted, sender=TOTPDevice, dispatch_uid="audit-totp-gone")
    post_save.connect(on_backup_codes_made, sender=StaticDevice, dispatch_uid="audit-backup")
    user_model = get_user_model()
    post_save.connect(on_user_saved, sender=user_model, dispatch_uid="audit-user-saved")
    m2m_changed.connect(
        on_user_roles_changed, sender=user_model.groups.through, dispatch_uid="audit-user-roles"
    )
