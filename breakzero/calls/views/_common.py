"""Helpers shared by the engine's views."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.permissions import OFFICIALS_AND_ADMIN
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response

PAGE_SIZE = 50
VIEWERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE, Role.EXPERT)
OFFICIALS = (Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL)


def attempt(request: HttpRequest, call: Callable[[], Any], success: str) -> Any:
    """Run a service; its DomainError becomes an error message (returns None then)."""
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


def export(request: HttpRequest, sender: Any, *, what: str, headers: list[str], rows: list[list[Any]],
           filename: str) -> HttpResponse:
    """An xlsx download, audited."""
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet=filename.rsplit(".", 1)[0][:31])
    data_exported.send(sender=sender, request=request, what=what, rows=len(rows))
    return xlsx_response(buffer.getvalue(), filename)
