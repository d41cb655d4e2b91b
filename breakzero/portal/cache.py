"""Anonymous portal pages are cached whole for a short while; signed-in visitors are never served
from (nor stored in) the cache, so nothing personal leaks between visitors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

PREFIX = "portal-page:"


def cached_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD without a session user: served from the cache by path, query and language.
    The stored response varies on Cookie and Accept-Language for proxies downstream. A page that
    renders a CSRF token is never stored (its token belongs to one visitor's cookie)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated or getattr(request, "htmx", False):
            return view(request, *args, **kwargs)
        key = f"{PREFIX}{get_language()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                    # The page rendered a CSRF token (a POST form): a stored copy would hand this visitor's
                    # token to everyone else, whose cookie it does not match. Serve it, never store it.
                    return response
                seconds = settings.PORTAL_CACHE_SECONDS
                patch_cache_control(response, public=True, max_age=seconds)
                patch_vary_headers(response, ("Cookie", "Accept-Language"))
                cache.set(key, response, seconds)
        return response

    return wrapped


def portal_cache_clear() -> None:
    """Called when an editor publishes: the next visitor sees the new page (signals only clear caches)."""
    clear = getattr(cache, "delete_pattern", None)
    if clear is not None:
        clear(f"{PREFIX}*")
    else:
        cache.clear()
