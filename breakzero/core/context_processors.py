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


def navigation(request: HttpRequest) -> dict:
    """The menu of the user's role and the header badge (callables: evaluated only when shown)."""
    from breakzero.core import nav, todo

    user = getattr(request, "user", None)
    return {
        "nav_links": lambda: [(link, link.is_current(request.path)) for link in nav.links_for(user)],
        "todo_count": lambda: todo.cached_count(user),
        "programme_period": _period,
    }


def _period() -> dict:
    from breakzero.core import period

    current = period.current()
    return {"start": current.start_year, "end": current.end_year, "baseline": current.baseline_year,
            "default_year": period.default_year()}
