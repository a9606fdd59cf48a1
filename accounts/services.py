"""Writes to accounts. Views call these; they never save users themselves."""

import datetime
import hashlib
import hmac
import logging
from smtplib import SMTPException

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import PasswordResetRequest, User
from accounts.tasks import send_account_invitation
from core.roles import Role

logger = logging.getLogger(__name__)

PASSWORD_RESET_WINDOW = datetime.timedelta(hours=1)


def _check_roles_and_wards(*, roles, wards):
    if not roles:
        raise ValidationError({"roles": "Choose at least one role."})
    is_sergeant = Role.NEIGHBOURHOOD_SERGEANT in roles
    if is_sergeant and not wards:
        raise ValidationError({"wards": "A neighbourhood sergeant needs at least one ward."})
    if wards and not is_sergeant:
        raise ValidationError({"wards": "Only neighbourhood sergeants are assigned wards."})


def _apply_roles_and_wards(user, *, roles, wards):
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    user.wards.set(wards)
    user.__dict__.pop("roles", None)  # forget the cached roles


@transaction.atomic
def user_create(*, email, full_name, job_title="", roles, wards=(), acting_user) -> User:
    """Create an account with no usable password and email its holder a link to set one."""
    roles, wards = set(roles), list(wards)
    _check_roles_and_wards(roles=roles, wards=wards)
    user = User(
        email=email,
        full_name=full_name,
        job_title=job_title,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _apply_roles_and_wards(user, roles=roles, wards=wards)
    send_account_invitation.delay_on_commit(user.pk)
    return user


@transaction.atomic
def user_update(
    *, user, email, full_name, job_title, is_active, roles, wards=(), acting_user
) -> User:
    """Change an account's details, roles and wards. Nobody can lock themselves out."""
    roles, wards = set(roles), list(wards)
    _check_roles_and_wards(roles=roles, wards=wards)
    if user == acting_user and (not is_active or Role.ADMINISTRATOR not in roles):
        raise ValidationError(
            "You cannot remove your own administrator role or deactivate yourself; "
            "ask another administrator."
        )
    user.email, user.full_name, user.job_title = email, full_name, job_title
    user.is_active = is_active
    user.is_staff = Role.ADMINISTRATOR in roles
    user.full_clean()
    user.save(update_fields=["email", "full_name", "job_title", "is_active", "is_staff"])
    _apply_roles_and_wards(user, roles=roles, wards=wards)
    return user


@transaction.atomic
def user_change_own_email(*, user, email) -> User:
    """Change the address a user signs in with (they gave their password again), and tell
    the old address, so that someone who took over the account cannot do it unseen.

    The notice is sent from the request once the change is committed, not by the worker:
    a task would carry the old address through the broker, and the broker carries ids
    only. Failing to send it does not undo the change; it is logged.
    """
    old_email = user.email
    user.email = email
    user.full_clean()
    user.save(update_fields=["email"])
    if user.email != old_email:
        transaction.on_commit(lambda: _tell_old_address(user, old_email))
    return user


def _tell_old_address(user, old_email):
    context = {"user": user, "old_email": old_email}
    try:
        send_mail(
            subject="Your engage sign-in email address was changed",
            message=render_to_string("accounts/email/email_changed.txt", context),
            from_email=None,
            recipient_list=[old_email],
        )
    except (OSError, SMTPException):
        logger.exception("Could not tell user %s's old address of the change", user.pk)


def _digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def password_reset_request(*, email: str, client_address: str) -> bool:
    """Count a request for a password reset link; False when it is over the hourly limit
    for that email address or that client address (then no link may be sent).

    Every request counts, for an account or not, so the answer says nothing about which
    addresses have accounts. Requests refused are not counted.
    """
    with connection.cursor() as cursor:
        # Reset requests are rare: one at a time keeps the counts exact.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('accounts.password_reset'))")
    PasswordResetRequest.objects.filter(created__lt=timezone.now() - PASSWORD_RESET_WINDOW).delete()
    email_digest = _digest(User.objects.normalize_email(email.strip()).lower())
    address_digest = _digest(client_address)
    recent = PasswordResetRequest.objects.all()
    if (
        recent.filter(email_digest=email_digest).count()
        >= settings.ENGAGE_PASSWORD_RESETS_PER_EMAIL
        or recent.filter(address_digest=address_digest).count()
        >= settings.ENGAGE_PASSWORD_RESETS_PER_ADDRESS
    ):
        return False
    request = PasswordResetRequest(email_digest=email_digest, address_digest=address_digest)
    request.full_clean()
    request.save()
    return True


@transaction.atomic
def sign_in_records_purge() -> int:
    """Delete what the sign-in throttles keep once it no longer counts: reset requests past
    the hour, and django-axes' failed attempts (an email, an IP address, a browser) past
    the cool-off. Returns how many rows went."""
    now = timezone.now()
    resets, _ = PasswordResetRequest.objects.filter(
        created__lt=now - PASSWORD_RESET_WINDOW
    ).delete()
    attempts, _ = AccessAttempt.objects.filter(
        attempt_time__lt=now - settings.AXES_COOLOFF_TIME
    ).delete()
    return resets + attempts
