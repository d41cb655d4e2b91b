"""What operators need from every web process: request ids and logs, Prometheus metrics,
read-your-writes pinning for the replica router, and the health endpoints' checks."""

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

from config import routers

logger = logging.getLogger("breakzero.requests")
PIN_COOKIE = "bz_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class RequestContextMiddleware:
    """Request id (X-Request-ID, kept from the proxy when it sends one), one log line and
    metrics per request, and the replica pin (config.routers) for the request's reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.request_id = request_id[:64]
        pinned = request.method not in SAFE_METHODS or _pinned_by_cookie(request)
        token = routers.pin_request(pinned)
        try:
            response = self.get_response(request)
        finally:
            wrote = routers.request_is_pinned() and not pinned
            routers.unpin_request(token)
        if wrote or request.method not in SAFE_METHODS:
            _set_pin_cookie(response)
        response["X-Request-ID"] = request.request_id
        _record(request, response, time.perf_counter() - started)
        return response


def _pinned_by_cookie(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def _set_pin_cookie(response: HttpResponse) -> None:
    seconds = settings.REPLICA_PIN_SECONDS
    if "replica" in connections.settings and seconds > 0:
        response.set_cookie(
            PIN_COOKIE, f"{time.time() + seconds:.0f}", max_age=seconds, httponly=True,
            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else "unmatched"


def _record(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    route = _route(request)
    metrics = _metrics()
    if metrics:
        metrics["requests"].labels(request.method, route, str(response.status_code)).inc()
        metrics["latency"].labels(route).observe(seconds)
    user = getattr(request, "user", None)
    logger.info(
        "%s %s %s %.0fms", request.method, request.path, response.status_code, seconds * 1000,
        extra={
            "request_id": request.request_id, "method": request.method, "path": request.path,
            "route": route, "status": response.status_code, "duration_ms": round(seconds * 1000, 1),
            "user_id": getattr(user, "pk", None) if user and user.is_authenticated else None,
        },
    )


_METRICS: dict[str, Any] | None = None
_METRICS_LOCK = threading.Lock()


def _metrics() -> dict[str, Any] | None:
    """Counters are created lazily (prometheus_client is optional in the embedded default), once: two
    threads' first requests would otherwise both register them (DuplicateTimeseries → a 500)."""
    global _METRICS
    if _METRICS is not None:
        return _METRICS or None
    with _METRICS_LOCK:
        if _METRICS is not None:
            return _METRICS or None
        try:
            from prometheus_client import Counter, Histogram
        except ImportError:  # pragma: no cover - installed with the project
            _METRICS = {}
            return None
        _METRICS = {
            "requests": Counter("breakzero_http_requests_total", "HTTP requests", ["method", "route", "status"]),
            "latency": Histogram(
                "breakzero_http_request_seconds", "HTTP request duration", ["route"],
                buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10),
            ),
        }
    return _METRICS or None


def readiness() -> dict[str, Any]:
    """Each dependency's state for /readyz: the primary must answer; the replica, the cache
    and the task queue are reported (a degraded one does not stop the site serving)."""
    checks: dict[str, Any] = {"primary": _check_database("default")}
    if "replica" in connections.settings:
        checks["replica"] = _check_database("replica")
        checks["replica_lag_seconds"] = _replica_lag()
    checks["cache"] = _check_cache()
    if settings.TASK_BACKEND == "rq":
        checks["queue"] = _check_redis(settings.REDIS_URL)
    return checks


def _check_database(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any driver error means "not ready"
        connections[alias].close()
        return f"error: {type(exc).__name__}"


def _replica_lag() -> float | None:
    if connections["replica"].vendor != "postgresql":
        return None
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
            )
            value = cursor.fetchone()[0]
        return None if value is None else round(float(value), 3)
    except Exception:
        connections["replica"].close()
        return None


def _check_cache() -> str:
    location = settings.CACHES["default"].get("LOCATION", "")
    if isinstance(location, str) and location.startswith(("redis://", "rediss://")):
        return _check_redis(location)
    return "ok"


def _check_redis(url: str) -> str:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


def metrics_payload() -> tuple[bytes, str]:
    """The Prometheus exposition: this process's metrics, or every gunicorn process's when
    PROMETHEUS_MULTIPROC_DIR is set, plus the platform's own gauges read at scrape time."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    _metrics()
    body = generate_latest(registry) + _platform_gauges()
    return body, CONTENT_TYPE_LATEST


def _platform_gauges() -> bytes:
    """Import jobs by status, task backlog per queue and replica lag, as gauges."""
    from django.db.models import Count

    from breakzero.core.models import ImportJob

    lines = ["# HELP breakzero_import_jobs Import jobs by status", "# TYPE breakzero_import_jobs gauge"]
    for row in ImportJob.objects.using("default").values("status").annotate(n=Count("pk")).order_by():
        lines.append(f'breakzero_import_jobs{{status="{row["status"]}"}} {row["n"]}')
    lines += ["# HELP breakzero_task_backlog Tasks waiting per queue", "# TYPE breakzero_task_backlog gauge"]
    for queue, count in _task_backlog().items():
        lines.append(f'breakzero_task_backlog{{queue="{queue}"}} {count}')
    if "replica" in connections.settings:
        lag = _replica_lag()
        if lag is not None:
            lines += ["# TYPE breakzero_replica_lag_seconds gauge", f"breakzero_replica_lag_seconds {lag}"]
    return ("\n".join(lines) + "\n").encode()


def _task_backlog() -> dict[str, int]:
    from django.db.models import Count

    try:
        if settings.TASK_BACKEND == "rq":
            import django_rq

            return {name: django_rq.get_queue(name).count for name in settings.TASK_QUEUES}
        if settings.TASK_BACKEND == "database":
            from django_tasks_db.models import DBTaskResult

            counts = dict.fromkeys(settings.TASK_QUEUES, 0)
            ready = DBTaskResult.objects.using("default").filter(status="READY")
            for row in ready.values("queue_name").annotate(n=Count("pk")).order_by():
                counts[row["queue_name"]] = row["n"]
            return counts
    except Exception:
        logger.warning("task backlog unavailable", exc_info=True)
    return {}
