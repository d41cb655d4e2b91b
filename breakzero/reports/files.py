"""Uploaded files checked by content, not by name: PDF, DOCX, XLSX and images, with size limits."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any

from breakzero.core.errors import DomainError

PLAN_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
PLAN_KINDS = frozenset({"pdf", "docx"})
ATTACHMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp"})
KIND_LABELS = {"pdf": "PDF", "docx": "Word（.docx）", "xlsx": "Excel（.xlsx）", "png": "PNG 图片",
               "jpeg": "JPEG 图片", "gif": "GIF 图片", "webp": "WebP 图片"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
}
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "png": ".png", "jpeg": ".jpg", "gif": ".gif",
              "webp": ".webp"}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    size: int


def sniff_kind(head: bytes, upload: Any) -> str | None:
    """The file's real type from its first bytes (and, for zips, the parts inside); None if unknown."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def check_upload(upload: Any, *, allowed: frozenset[str], max_bytes: int) -> CheckedFile:
    """Size first, then type by content; raises DomainError with a Chinese message."""
    if upload is None:
        raise DomainError("请选择要上传的文件。")
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise DomainError("文件为空，请重新选择。")
    if size > max_bytes:
        raise DomainError(f"文件过大（{size / 1048576:.1f} MB），上限为 {max_bytes // 1048576} MB。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_kind(head, upload)
    upload.seek(0)
    if kind not in allowed:
        names = "、".join(KIND_LABELS[k] for k in sorted(allowed))
        raise DomainError(f"文件“{_name(upload)}”的内容不是允许的类型（仅支持 {names}）。")
    return CheckedFile(kind=kind, size=size)


def _office_kind(upload: Any) -> str | None:
    """DOCX = a zip holding word/document.xml; XLSX = a zip holding xl/workbook.xml."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _name(upload: Any) -> str:
    return str(getattr(upload, "name", "") or "")[-100:]
