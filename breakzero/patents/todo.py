"""The patents app's to-do items: near matches of applicants waiting for an official's decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.core.todo import TodoItem
from breakzero.patents.access import review_items_visible_to
from breakzero.patents.models import ReviewItem


def review_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    if not user.is_official:
        return
    count = review_items_visible_to(user).filter(status=ReviewItem.Status.PENDING).count()
    yield TodoItem("patent-review", _("待确认的专利申请人匹配"), count, reverse("patents:review-list"),
                   hint=_("确认后计入破零"))
