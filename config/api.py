"""The JSON API under /api/v1/ (django-ninja): session or bearer-token authentication."""

from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from breakzero.core.api_errors import install_error_handlers


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bz_…`: an unexpired, unrevoked ApiToken."""

    def authenticate(self, request, token: str):
        from breakzero.accounts.models import ApiToken

        api_token = (
            ApiToken.objects.select_related("user", "user__region", "user__enterprise")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class CsrfSessionAuth(SessionAuth):
    """Browser session; ninja checks CSRF for unsafe methods."""

    csrf = True


api = NinjaAPI(
    title="破零倍增平台 API",
    version="1.0",
    description="湖南省中小企业技术创新“破零倍增”行动平台 JSON API。所有数据按用户管辖范围过滤。",
    urls_namespace="api",
    auth=[CsrfSessionAuth(), TokenAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)


def _add_routers() -> None:
    from breakzero.enterprises.api import router as enterprises_router

    api.add_router("/", enterprises_router)
    for module in (
        "breakzero.patents.api",
        "breakzero.indicators.api",
        "breakzero.cultivation.api",
        "breakzero.policies.api",
        "breakzero.service_bodies.api",
        "breakzero.reports.api",
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
