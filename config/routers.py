"""Reads to the streaming replica, writes to the primary, and read-your-writes.

With ``DATABASE_REPLICA_URL`` set (settings), web requests read from the ``replica`` alias
and write to ``default``. Reads stay on the primary when:
- the request is pinned: it is not a GET/HEAD, it has written already, or the user wrote
  within ``REPLICA_PIN_SECONDS`` (a cookie set by ``PrimaryPinMiddleware``) — replication
  lag must never hide a user's own change from them;
- a transaction is open on the primary (a service reading what it is about to write);
- the code runs outside a web request (commands, tasks, migrations): background work
  reads what it writes;
- the replica does not answer (restarting, network): this process reads the primary for
  `REPLICA_RETRY_SECONDS`, then tries the replica again.
"""

import time

from contextvars import ContextVar
from typing import Any

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
REPLICA_RETRY_SECONDS = 5.0
_replica_down_until = 0.0

# None: not in a request (use the primary). False: a request that may read the replica.
# True: a request pinned to the primary.
_pinned: ContextVar[bool | None] = ContextVar("breakzero_primary_pinned", default=None)


def pin_request(value: bool) -> Any:
    """Mark the current request as pinned (True) or free to read the replica (False)."""
    return _pinned.set(value)


def unpin_request(token: Any) -> None:
    _pinned.reset(token)


def request_is_pinned() -> bool:
    return _pinned.get() is not False


def reads_use_replica() -> bool:
    """Whether a read in this context may go to the replica."""
    if REPLICA not in connections.settings or request_is_pinned():
        return False
    return not connections[PRIMARY].in_atomic_block and _replica_available()


def _replica_available() -> bool:
    """Connect (or health-check, CONN_HEALTH_CHECKS) once per request; a failure sends this
    process's reads to the primary for a few seconds instead of failing the page."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except Exception:  # any driver error: serve from the primary
        replica.close()
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        return False
    return True


class ReplicaRouter:
    """Django database router: see the module docstring."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return REPLICA if reads_use_replica() else PRIMARY

    def db_for_write(self, model: Any, **hints: Any) -> str:
        if _pinned.get() is False:
            _pinned.set(True)  # the rest of this request reads its own writes
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
