"""The cultivation app's to-do items (cultivation applications on the engine waiting for this user's
step) and an enterprise's open applications on its home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.calls.models import CLOSED_STATES
from breakzero.core.figures import Figure
from breakzero.core.todo import TodoItem
from breakzero.cultivation import selectors


def application_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """Officials: applications at their level (the engine's to-do rule); an enterprise: its drafts and
    returned applications."""
    if not (user.is_official or user.role == Role.ENTERPRISE):
        return
    count = selectors.application_list(user=user, todo=True).count()
    label = _("待提交或退回修改的申报") if user.role == Role.ENTERPRISE else _("待我审核的培育申报")
    yield TodoItem("cultivation-applications", label, count, f"{reverse('cultivation:application-list')}?todo=on")


def enterprise_figures(user: Any, today: dt.date) -> Iterable[Figure]:
    """An enterprise's open applications (not yet published, refused or withdrawn)."""
    if user.role != Role.ENTERPRISE or not user.enterprise_id:
        return
    open_count = selectors.applications_visible_to(user).filter(enterprise_id=user.enterprise_id).exclude(
        state__in=CLOSED_STATES).count()
    yield Figure("cultivation-open", _("进行中的培育申报"), _("%(n)d 件") % {"n": open_count},
                 url=reverse("cultivation:application-list"))
