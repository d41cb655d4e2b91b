"""Unread notices as a to-do item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.core.todo import TodoItem
from breakzero.notifications.selectors import unread_count


def unread_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    yield TodoItem("notices-unread", _("未读站内信"), unread_count(user), f"{reverse('notifications:list')}?unread=1")
