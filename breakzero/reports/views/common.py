"""Helpers shared by the reports pages: file downloads and service-error handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError


def download(field_file: Any, filename: str, *, inline: bool = False) -> FileResponse:
    if not field_file:
        raise Http404(_("文件不存在"))
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("文件不存在")) from exc
    return FileResponse(handle, as_attachment=not inline, filename=filename)


def call_service(form: forms.Form, func: Callable[[], Any], *, field: str | None = None) -> Any:
    """Run a service; a DomainError/ValidationError becomes a form error (None returned)."""
    try:
        return func()
    except DomainError as exc:
        form.add_error(field, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(field, message)
    return None
