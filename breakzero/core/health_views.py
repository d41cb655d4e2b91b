"""Health endpoints for load balancers and orchestrators, and Prometheus metrics."""

import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from breakzero.core import operations
from breakzero.core.permissions import public


@public
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers (no dependency is checked, so a database outage does
    not make the orchestrator restart every web process at once)."""
    return HttpResponse("ok", content_type="text/plain")


@public
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the primary database answers, 503 otherwise; the replica, cache
    and queue states are reported for the operator (a degraded one is served around)."""
    checks = operations.readiness()
    status = 200 if checks["primary"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", "checks": checks}, status=status)


@public
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for the monitoring host only: requests relayed by the proxy
    (X-Forwarded-For) and addresses outside METRICS_ALLOWED_IPS get 404."""
    if not _metrics_allowed(request):
        raise Http404
    body, content_type = operations.metrics_payload()
    return HttpResponse(body, content_type=content_type)


def _metrics_allowed(request: HttpRequest) -> bool:
    if request.headers.get("X-Forwarded-For"):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)
