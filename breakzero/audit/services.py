"""Writing the audit trail. Other apps call `audit_record(...)` for events the generic
recorders cannot see (shell imports, exports, reveals of personal data)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections, models, router

from breakzero.audit.middleware import current_request
from breakzero.audit.models import AuditEntry

Action = AuditEntry.Action
_batch: ContextVar[list[AuditEntry] | None] = ContextVar("audit_batch", default=None)


def audit_record(
    *,
    action: str,
    request: Any = None,
    user: Any = None,
    target: Any = None,
    changes: dict | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """Append one audit entry (等保 2.0 安全审计: who, when, where from, what).

    `request` defaults to the request being served (AuditContextMiddleware); `user` to its
    user; `target` is a model instance or a ("app.model", id, text) tuple.
    """
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    object_type, object_id, object_repr = describe(target)
    entry = AuditEntry(
        user_id=getattr(user, "pk", None),
        username=(getattr(user, "username", "") or (detail or {}).get("username", ""))[:150],
        role=getattr(user, "role", "") or "",
        ip=client_ip(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=jsonable(changes or {}),
        detail=jsonable(detail or {}),
        path=(getattr(request, "path", "") or "")[:300],
    )
    batch = _batch.get()
    if batch is not None:
        batch.append(entry)
    else:
        entry.save(force_insert=True)
    return entry


@contextmanager
def audit_batch() -> Iterator[None]:
    """The entries recorded inside the block are written together in one INSERT when it ends (same
    entries, same fields and times, in order): for a write path that records several. Use it only
    inside the transaction of those writes (`@transaction.atomic` outside it): an exception
    leaving the block writes nothing, which is right only because the transaction then rolls back.
    A block inside another joins the outer one."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set([])
    try:
        yield
        entries = _batch.get()
    finally:
        _batch.reset(token)
    if entries:
        entries_insert(entries)


def entries_insert(entries: list[AuditEntry]) -> None:
    """One multi-row INSERT of new entries, the values prepared as Model.save prepares them
    (pre_save, get_db_prep_save). Plain SQL: bulk_create's statement (UNNEST of one array per
    column on PostgreSQL) cost more CPU to build than the two single INSERTs it replaced. The
    entries keep pk None (nothing reads it back)."""
    connection = connections[router.db_for_write(AuditEntry)]
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES {', '.join([row] * len(entries))}")
    params = [f.get_db_prep_save(f.pre_save(entry, True), connection) for entry in entries for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def describe(target: Any) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)[:64], str(target)[:200]
    object_type, object_id, text = target
    return str(object_type)[:100], str(object_id)[:64], str(text)[:200]


def client_ip(request: Any) -> str | None:
    """The client address as Django sees it (REMOTE_ADDR; a reverse proxy must set it)."""
    if request is None:
        return None
    address = (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or None
    return address


def jsonable(value: Any) -> Any:
    """JSON-safe copy: dates as ISO text, decimals and UUIDs as strings, files as names."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)
