"""Helpers shared by the funds pages: refused input as a message, parsing, xlsx export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.funds import access
from breakzero.funds.models import Budget



STAFF = access.OFFICIAL_OR_FINANCE


READERS = access.READERS


def _attempt(request: HttpRequest, call: Callable[[], Any], success: str) -> Any:
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


def _budget(request: HttpRequest, pk: int) -> Budget:
    if not access.can_see_funds(request.user):
        raise Http404
    return get_object_or_404(Budget.objects.select_related("fund"), pk=pk)


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise DomainError(_("日期格式应为 YYYY-MM-DD。")) from None


def _export(request: HttpRequest, what: str, headers: list[str], rows: list[list[Any]], filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet=filename.rsplit(".", 1)[0][:31])
    data_exported.send(sender=_export, request=request, what=what, rows=len(rows))
    return xlsx_response(buffer.getvalue(), filename)


def _year(value: Any) -> int:
    year = _int(value)
    if year is None or not 2000 <= year <= 2100:
        raise DomainError(_("年度应为四位数字，如 2026。"))
    return year


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _key(value: str | None, kind: Callable[[str], Any] = str) -> Any:
    """A report filter: "none" (rows without one), a value of `kind`, or None (no filter; bad values too)."""
    if value in (None, "") or value == "none":
        return value or None
    try:
        return kind(value)
    except ValueError:
        return None
