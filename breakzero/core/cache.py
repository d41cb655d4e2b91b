"""A Redis cache that degrades to a cache miss while Redis is unreachable.

Caches here hold only what can be recomputed (dashboard fragments, region look-ups,
rate-limit counters), so a Redis restart must slow pages down, not break them: reads
answer "not cached", writes are dropped, and the failure is logged once per minute.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
_last_warning = 0.0


def _warn(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning("Redis cache unavailable, serving without it: %s", exc)


def _tolerant(name: str, default: Any = None) -> Any:
    method = getattr(RedisCache, name)

    def call(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            _warn(exc)
            return default() if callable(default) else default

    call.__name__ = name
    return call


class TolerantRedisCache(RedisCache):
    """Django's Redis cache; connection failures count as misses (module docstring)."""

    def __init__(self, server: str, params: dict) -> None:
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, params)

    get = _tolerant("get")
    set = _tolerant("set")
    add = _tolerant("add", False)
    delete = _tolerant("delete", False)
    touch = _tolerant("touch", False)
    has_key = _tolerant("has_key", False)
    incr = _tolerant("incr", 0)
    get_many = _tolerant("get_many", dict)
    set_many = _tolerant("set_many", list)
    delete_many = _tolerant("delete_many")
    clear = _tolerant("clear", False)

    def get_or_set(self, key: Any, default: Any, timeout: Any = ..., version: Any = None) -> Any:
        """Compute the value when Redis is down, rather than answer None."""
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                kwargs = {} if timeout is ... else {"timeout": timeout}
                self.add(key, value, version=version, **kwargs)
        return value
