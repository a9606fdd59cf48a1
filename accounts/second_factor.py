"""The second factor: an authenticator app (TOTP, django-otp) with single-use backup codes.

Who must have one: unit staff and administrators, when ``settings.ENGAGE_REQUIRE_2FA`` is
on (production). Anyone else may set one up, and once they have, it is asked of them at
every sign-in too. The password is asked again before any change here (the forms do it).

django-otp does the cryptography and the bookkeeping that matters: a TOTP code is refused
at or before the time step of the last code accepted (so a code works once), wrong codes
slow further tries down (its throttling), and a backup code is deleted once used.
"""

import base64
import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import Role

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
ROLES_THAT_MUST_USE_IT = (Role.ADMINISTRATOR, Role.UNIT_STAFF)


def second_factor_required(user) -> bool:
    """Whether this user may not go on without a second factor."""
    return settings.ENGAGE_REQUIRE_2FA and user.has_role(*ROLES_THAT_MUST_USE_IT)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def has_any_device(user) -> bool:
    """Any confirmed device, backup codes included: then a code is asked at sign-in.
    Asked on every request until the session is verified, so in one query (django-otp's
    ``user_has_device`` makes one per kind of device)."""
    confirmed = {"user": user, "confirmed": True}
    apps = TOTPDevice.objects.filter(**confirmed).values("pk")
    return apps.union(StaticDevice.objects.filter(**confirmed).values("pk")).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Setting it up ----------------------------------------------------------------------


@transaction.atomic
def app_device_pending(*, user) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device per user, kept until
    confirmed, so reloading the page shows the same key rather than a new one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an SVG QR code, inline as a data: URI (the Content
    Security Policy allows data: images, and an <img> runs nothing)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def app_device_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending app with a code from it. It replaces any earlier app (a new
    phone), and comes with a fresh set of backup codes, returned to be shown once.
    Returns None, changing nothing, when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed or not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_replace(user=user)


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """A new set of backup codes (the old ones stop working); returned to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_remove(*, user) -> None:
    """Turn the second factor off: the app and the backup codes go."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- Using it ---------------------------------------------------------------------------


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def _backup_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def code_verify(*, user, code: str):
    """The device that accepts ``code`` (a code from the app, or a backup code), or None.

    Six digits are tried against the app only, anything else against the backup codes
    only, so a mistyped code counts as one wrong try, against one device.
    """
    digits = _digits(code)
    if re.fullmatch(r"\d{6}", digits):
        candidates, token = TOTPDevice, digits
    else:
        candidates, token = StaticDevice, _backup_code(code)
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, candidates):
            verified = otp_verify_token(user, device.persistent_id, token)
            if verified is not None:
                return verified
    return None


def codes_paused(*, user) -> bool:
    """Whether, after wrong codes, django-otp is making the user wait before the next try."""
    return any(
        not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True)
    )
