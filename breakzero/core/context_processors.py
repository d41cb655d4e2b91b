"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def platform(request: HttpRequest) -> dict:
    return {
        "platform_name": _("破零倍增"),
        "require_2fa": settings.REQUIRE_2FA,
        "debug": settings.DEBUG,
    }
