"""Helpers for tests of the second factor: a set-up app, and the code it would show now."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import backup_codes_replace


def app_code(device: TOTPDevice) -> str:
    """The 6-digit code the authenticator app holding ``device``'s key shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def set_up_app(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator app for ``user``, and their backup codes."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, backup_codes_replace(user=user)
