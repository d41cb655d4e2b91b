"""The audit trail as people read it: field names as their labels, coded values as their words, and
personal data masked as on every other page (个人信息保护法; the stored entry keeps what was recorded).

Entries name their object as "app_label.model"; a model that no longer exists (or a name that is not a
model) shows the stored name and values unchanged.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from breakzero.core.masking import mask_email, mask_id_number, mask_phone

EMPTY = "∅"


def _masker(name: str):
    if "phone" in name or "mobile" in name:
        return mask_phone
    if "id_number" in name or "id_card" in name:
        return mask_id_number
    if "email" in name:
        return mask_email
    return None


@cache
def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_label(object_type: str) -> str:
    model = _model(object_type or "")
    return str(model._meta.verbose_name) if model else (object_type or "")


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def value_text(field: models.Field | None, name: str, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    masker = _masker(name)
    if masker is not None:
        return masker(str(value))
    if field is not None and field.flatchoices:
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def changes(object_type: str, recorded: dict | None) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each recorded change."""
    model = _model(object_type or "")
    rows = []
    for name, pair in (recorded or {}).items():
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        rows.append((label, value_text(field, name, before), value_text(field, name, after)))
    return rows


def changes_text(object_type: str, recorded: dict | None) -> str:
    return "；".join(f"{label}：{before} → {after}" for label, before, after in changes(object_type, recorded))


# What each recorded detail key means (recorder.py, middleware.py, archive_audit, security_views).
DETAIL_LABELS = {
    "what": "导出内容", "rows": "行数", "file": "文件", "status": "状态", "method": "请求方法",
    "view": "页面", "filters": "筛选条件", "username": "用户名", "ip": "IP 地址", "op": "操作",
    "count": "数量", "kind": "导入类型", "total_rows": "总行数", "created": "新增", "updated": "更新",
    "unchanged": "未变", "rejected": "拒绝", "message": "说明", "field": "字段", "bulk": "批量",
    "before": "截止", "sha256": "SHA-256",
}
IMPORT_STATUS = {"done": "完成", "failed": "失败"}


def _file_name(value: str) -> str:
    """A Content-Disposition header as the file's name (RFC 6266 `filename*=UTF-8''…` decoded)."""
    from urllib.parse import unquote

    text = str(value)
    if "filename*=" in text:
        encoded = text.split("filename*=", 1)[1].split(";", 1)[0].strip()
        return unquote(encoded.split("''", 1)[-1])
    if "filename=" in text:
        return text.split("filename=", 1)[1].split(";", 1)[0].strip().strip('"')
    return text


def _detail_value(key: str, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if key == "file":
        return _file_name(value)
    if key == "status" and str(value) in IMPORT_STATUS:
        return IMPORT_STATUS[str(value)]
    if isinstance(value, dict):
        return "，".join(f"{k}={v}" for k, v in value.items()) or EMPTY
    masker = _masker(key)
    if masker is not None:
        return masker(str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def details(recorded: dict | None) -> list[tuple[str, str]]:
    """(label, value) for each recorded detail: keys as words, a downloaded file by its name."""
    return [(DETAIL_LABELS.get(key, key), _detail_value(key, value)) for key, value in (recorded or {}).items()]


def details_text(recorded: dict | None) -> str:
    return "；".join(f"{label}：{value}" for label, value in details(recorded))
