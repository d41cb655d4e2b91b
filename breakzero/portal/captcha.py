"""A server-side arithmetic captcha needing no third-party service: the question is shown as text,
the answer travels signed (and time-stamped) in the form, and each token is accepted once."""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

SALT = "breakzero.portal.captcha"
MAX_AGE_SECONDS = 30 * 60
DIGITS = "零一二三四五六七八九十"


def captcha_new() -> tuple[str, str]:
    """(question in Chinese, signed token). Small sums so that anyone can answer them by heart."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    token = signing.TimestampSigner(salt=SALT).sign_object({"answer": a + b, "nonce": nonce})
    return f"{a} + {b} = ?（{DIGITS[a]}加{DIGITS[b]}）", token


def captcha_check(*, token: str, answer: str) -> bool:
    """True once for a valid, unexpired token with the right answer; a replayed token fails."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return False
    if str(data.get("answer")) != (answer or "").strip():
        return False
    return cache.add(f"portal-captcha:{data.get('nonce')}", 1, MAX_AGE_SECONDS)
