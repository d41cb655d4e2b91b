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
from django.utils.translation import gettext_lazy as _

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
    if isinstance(value, dict | list | tuple):
        return structured_text(value)
    return str(value)


# Words for codes stored inside JSON values (a call's review chain ['county', 'city'], an allocation's
# weights {'participants': 0.3}): every choice label of the project's models, plus the vocabularies an
# app registers for keys that are not model choices (register_words, e.g. the funds' allocation factors).
_REGISTERED_WORDS: dict[str, Any] = {}


def register_words(words: dict[str, Any]) -> None:
    _REGISTERED_WORDS.update(words)
    _code_words.cache_clear()


@cache
def _code_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("breakzero."):
            continue
        for field in model._meta.get_fields():
            for key, label in getattr(field, "flatchoices", None) or ():
                if isinstance(key, str):
                    words.setdefault(key, str(label))
    words.update({key: str(label) for key, label in _REGISTERED_WORDS.items()})
    return words


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "":
        return EMPTY
    return _code_words().get(value, str(value)) if isinstance(value, str) else str(value)


def structured_text(value: Any) -> str:
    """A JSON value as words: a list of form fields by their labels, codes by their labels, a mapping as
    label：value pairs."""
    if isinstance(value, dict):
        return "，".join(f"{_word(k)}：{structured_text(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, list | tuple):
        items = []
        for item in value:
            if isinstance(item, dict):
                named = next((item[k] for k in ("label", "name", "title") if item.get(k)), None)
                items.append(str(named) if named is not None else structured_text(item))
            else:
                items.append(structured_text(item))
        return "、".join(items) or EMPTY
    return _word(value)


# Fields declared without a verbose_name carry Django's default label, the bare field name ("county",
# "created at"); the trail names the ones many models share in words instead.
SHARED_FIELD_LABELS = {
    "id": _("编号"), "created_at": _("创建时间"), "updated_at": _("更新时间"), "city": _("市州"),
    "county": _("区县"), "region": _("地区"), "parent": _("上级"), "user": _("用户"), "sort_order": _("排序"),
    "created_by": _("创建人"), "recorded_by": _("登记人"), "registered_by": _("登记人"),
    "decided_by": _("处理人"), "approved_by": _("批准人"), "changed_by": _("修改人"),
    "uploaded_by": _("上传人"), "reviewed_by": _("审核人"), "submitted_by": _("提交人"),
    "recorded_at": _("登记时间"), "decided_at": _("处理时间"), "kind": _("类型"), "client_ip": _("IP 地址"),
}


def field_label(field: models.Field | None, name: str) -> str:
    """A field's own label; for a field left with Django's default one (its bare name), the shared
    word for that name, else 操作人 for any actor ("…_by"), else the related model's name."""
    if field is not None and not _default_label(field):
        return str(field.verbose_name)
    if name in SHARED_FIELD_LABELS:
        return str(SHARED_FIELD_LABELS[name])
    if name.endswith("_by"):
        return str(_("操作人"))
    if field is not None and field.is_relation and field.related_model is not None:
        return str(field.related_model._meta.verbose_name)
    return str(field.verbose_name) if field is not None else name


def _default_label(field: models.Field) -> bool:
    """True when the field was declared without a verbose_name (Django then sets the plain name)."""
    return type(field.verbose_name) is str and field.verbose_name in {field.name.replace("_", " "), "ID"}


def changes(object_type: str, recorded: dict | None) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each recorded change."""
    model = _model(object_type or "")
    rows = []
    for name, pair in (recorded or {}).items():
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        field = _field(model, name)
        rows.append((field_label(field, name), value_text(field, name, before), value_text(field, name, after)))
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
    if isinstance(value, dict | list):
        return structured_text(value)
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
