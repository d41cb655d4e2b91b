"""The JSON API under /api/v1/ (django-ninja): session or bearer-token authentication."""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from breakzero.core.api_docs import OfflineSwagger
from breakzero.core.api_errors import install_error_handlers


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bz_…`: an unexpired, unrevoked ApiToken whose user could sign in
    now (not inactive, locked out or due a password change: accounts.tokens.token_usable_by).
    `suspended_ok` only for revoking one's own token, which a user may always do."""

    def __init__(self, *, suspended_ok: bool = False) -> None:
        super().__init__()
        self.suspended_ok = suspended_ok

    def authenticate(self, request, token: str):
        from breakzero.accounts.tokens import token_authenticate

        user = token_authenticate(token, suspended_ok=self.suspended_ok)
        if user is not None:
            request.user = user
        return user


class CsrfSessionAuth(SessionAuth):
    """Browser session; ninja checks CSRF for unsafe methods. Requests without a logged-in
    session (bearer-token clients) skip this check and go on to TokenAuth."""

    csrf = True

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


class _SettingsRate:
    """Reads the rate from settings per request (API_RATE_USER / API_RATE_ANON), so it can
    be tuned per deployment and overridden in tests; fixed window in Django's cache."""

    setting = ""

    def __init__(self) -> None:
        from django.conf import settings

        super().__init__(getattr(settings, self.setting))

    def allow_request(self, request) -> bool:
        from django.conf import settings

        self.num_requests, self.duration = self.parse_rate(getattr(settings, self.setting))
        return super().allow_request(request)


class UserRateThrottle(_SettingsRate, AuthRateThrottle):
    """Per token or session user (anonymous calls fall back to the client address)."""

    setting = "API_RATE_USER"

    def get_cache_key(self, request):
        user = getattr(request, "auth", None)
        if user is not None and getattr(user, "pk", None) is not None:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{user.pk}"}
        return super().get_cache_key(request)


class AddressRateThrottle(_SettingsRate, AnonRateThrottle):
    """Per client address for unauthenticated calls (login probing, public schema)."""

    setting = "API_RATE_ANON"


class BreakZeroAPI(NinjaAPI):
    """Operations answer 401 themselves (ninja auth), so Django's LoginRequiredMiddleware
    must not redirect them to the login page; the schema and docs stay behind the login."""

    def on_exception(self, request, exc):
        """ninja throttles only after authentication succeeded, so token guessing and probing
        without credentials were never counted: every refused authentication counts against
        the address's anonymous limit, and past it the answer is 429 instead of 401."""
        if isinstance(exc, AuthenticationError) and not isinstance(exc, Throttled):
            throttle = AddressRateThrottle()
            if not throttle.allow_request(request):
                response = super().on_exception(request, Throttled(wait=throttle.wait()))
                response["Retry-After"] = str(max(1, int(throttle.wait() or 1)))
                return response
        return super().on_exception(request, exc)

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if pattern.name not in {"openapi-json", "openapi-view", "api-root"}:
                pattern.callback.login_required = False
        return urls


api = BreakZeroAPI(
    title="破零倍增平台 API",
    version="1.0",
    description="湖南省中小企业技术创新“破零倍增”行动平台 JSON API。所有数据按用户管辖范围过滤。",
    urls_namespace="api",
    auth=[CsrfSessionAuth(), TokenAuth()],
    docs_url="/docs",
    docs=OfflineSwagger(),  # assets served by the project (CSP 'self'), not from a CDN
    openapi_url="/openapi.json",
    throttle=[UserRateThrottle(), AddressRateThrottle()],
)
install_error_handlers(api)


def _add_routers() -> None:
    from breakzero.enterprises.api import router as enterprises_router

    api.add_router("/", enterprises_router)
    for module in (
        "breakzero.patents.api",
        "breakzero.indicators.api",
        "breakzero.calls.api",
        "breakzero.cultivation.api",
        "breakzero.policies.api",
        "breakzero.service_bodies.api",
        "breakzero.reports.api",
        "breakzero.reporting.api",
        "breakzero.accounts.api",
    ):
        try:
            router = __import__(module, fromlist=["router"]).router
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        api.add_router("/", router)


_add_routers()
__all__ = ["api", "APIKeyHeader"]
