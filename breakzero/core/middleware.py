"""Request middleware of the platform."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class ChineseFirstMiddleware:
    """The interface is Chinese first: the browser's Accept-Language is ignored, so only an
    explicit choice (the language switcher's cookie) turns English on. Runs before
    LocaleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages, exports and API answers for a signed-in user (session or API token) hold data
    that must not stay in a browser or proxy cache (等保 剩余信息保护; ASVS 8.2.1):
    `Cache-Control: no-store`. Checked on the way out, after token authentication set the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response
