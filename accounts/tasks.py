from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from core.links import absolute_url


@shared_task(
    name="accounts.send_account_invitation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_account_invitation(user_id: int) -> None:
    """Email a new user the link that lets them choose their password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return  # gone, or already set up: nothing to send
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": absolute_url(path)}
    send_mail(
        subject="Your engage account",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@shared_task(name="accounts.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry; returns how many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="accounts.purge_sign_in_records")
def purge_sign_in_records() -> int:
    """Delete lockout and reset-throttle records that no longer count; returns how many."""
    from accounts.services import sign_in_records_purge  # services imports this module

    return sign_in_records_purge()
