"""TOTP enrolment (django-otp): a pending device, its QR code (SVG, server-side), confirmation."""

import base64

import segno
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from breakzero.accounts.models import User


@transaction.atomic
def pending_device(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first visit (its secret survives reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


@transaction.atomic
def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """A correct first code proves the app holds the secret; the device becomes active."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app by hand."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
