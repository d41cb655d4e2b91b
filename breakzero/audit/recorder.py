"""Generic recorders: model writes (with before/after values), logins, core signals.

Signal handlers here only append audit entries; they write nothing else (STYLE §8).
Bulk imports bypass the ORM (core.bulk upserts) and are recorded once per import job.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from django.apps import apps
from django.db import models

from breakzero.audit.services import Action, audit_record

# Never recorded row by row: the trail itself, and import jobs (one 'import' event instead).
SKIP_MODELS = frozenset({"core.importjob"})
NOISE_FIELDS = frozenset({"updated_at", "last_login", "last_used_at"})
SECRET_FIELDS = frozenset({"password", "key_hash", "key", "secret", "token"})
REDACTED = "******"


def is_recorded(model: type[models.Model]) -> bool:
    """breakzero models except the audit app, import jobs and models marked `audit_exclude`."""
    meta = model._meta
    if model.__module__ == "__fake__" or meta.app_label == "audit" or meta.label_lower in SKIP_MODELS:
        return False  # historical models in migrations, the trail itself, import jobs
    if getattr(model, "audit_exclude", False) or meta.proxy:
        return False
    try:
        return apps.get_app_config(meta.app_label).name.startswith("breakzero.")
    except LookupError:
        return False


def snapshot(instance: models.Model) -> dict[str, Any]:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in NOISE_FIELDS:
            continue
        value = field.value_from_object(instance)
        values[field.name] = _fingerprint(value) if field.name in SECRET_FIELDS and value else value
    return values


def _fingerprint(secret: Any) -> str:
    """Secrets are never stored; a short digest still shows that they changed."""
    return REDACTED + hashlib.sha256(str(secret).encode()).hexdigest()[:8]


def remember_before(instance: models.Model) -> None:
    """For a service that holds the row it read under SELECT … FOR UPDATE and has not changed it
    yet: its snapshot is the 'before' of the next save, which then skips reading the row again."""
    instance._audit_before_known = copy.deepcopy(snapshot(instance))


def on_pre_save(sender: Any, instance: models.Model, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if raw or not is_recorded(sender) or instance._state.adding or instance.pk is None:
        return
    known = instance.__dict__.pop("_audit_before_known", None)
    if known is not None:  # remember_before: the row as read, locked, in this transaction (used once)
        instance._audit_before = known
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous is not None else None


def on_post_save(sender: Any, instance: models.Model, created: bool, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if raw or not is_recorded(sender):
        return
    if update_fields and set(update_fields) <= NOISE_FIELDS:
        return
    after = snapshot(instance)
    before = None if created else getattr(instance, "_audit_before", None)
    instance.__dict__.pop("_audit_before", None)
    changes = {
        name: [None if before is None else before.get(name), value]
        for name, value in after.items()
        if before is None or before.get(name) != value
    }
    if changes or created:
        audit_record(action=Action.CREATE if created else Action.UPDATE, target=instance, changes=changes)


def on_post_delete(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if not is_recorded(sender):
        return
    changes = {name: [value, None] for name, value in snapshot(instance).items()}
    audit_record(action=Action.DELETE, target=instance, changes=changes)


def on_import_job_saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """One 'import' event per finished import job, with its counts (not one per row)."""
    if update_fields is not None and "status" not in update_fields:
        return
    if instance.status not in {"done", "failed"}:
        return
    detail = {
        "kind": instance.kind, "file": instance.original_name, "status": instance.status,
        "total_rows": instance.total_rows, "created": instance.created_count, "updated": instance.updated_count,
        "unchanged": instance.unchanged_count, "rejected": instance.rejected_count, "message": instance.message[:500],
    }
    audit_record(action=Action.IMPORT, user=instance.created_by, target=instance, detail=detail)


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=Action.LOGIN, request=request, user=user, target=user)


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=Action.LOGOUT, request=request, user=user, target=user)


def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(action=Action.LOGIN_FAILED, request=request, detail={"username": username})


def on_locked_out(sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any) -> None:
    audit_record(action=Action.LOCKOUT, request=request, detail={"username": username or "", "ip": ip_address or ""})


def on_access_denied(sender: Any, request: Any, **kwargs: Any) -> None:
    view = getattr(sender, "__qualname__", str(sender))
    audit_record(action=Action.ACCESS_DENIED, request=request, detail={"view": f"{getattr(sender, '__module__', '')}.{view}"})
    if request is not None:
        request._denial_audited = True  # the middleware does not record the same refusal twice


def on_data_exported(sender: Any, request: Any, what: str = "", rows: int | None = None, **kwargs: Any) -> None:
    audit_record(action=Action.EXPORT, request=request, detail={"what": what, "rows": rows})
    if request is not None:
        request._export_audited = True  # the download middleware does not record it twice


def on_data_imported(sender: Any, kind: str = "", source: str = "", counts: dict | None = None, **kwargs: Any) -> None:
    """Shell imports (no ImportJob): one entry per run with its counts."""
    audit_record(action=Action.IMPORT, target=("core.importjob", "", f"{kind} {source}"[:200]), detail=counts or {})


def on_personal_data_revealed(
    sender: Any, request: Any, obj: Any = None, field: str = "", rows: int | None = None, **kwargs: Any
) -> None:
    """One record, or a bulk read (`rows` records in one answer, obj None)."""
    detail = {"field": field} if rows is None else {"field": field, "rows": rows, "bulk": True}
    audit_record(action=Action.REVEAL, request=request, target=obj, detail=detail)
