"""The enterprise user's home figure: its own check-up in one line (rules met, and which)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.figures import Figure
from breakzero.policies import selectors


def enterprise_figures(user: Any, today: dt.date) -> Iterable[Figure]:
    if user.role != Role.ENTERPRISE or not user.enterprise_id:
        return
    checkup = selectors.checkup_get(enterprise=user.enterprise, as_of=today)
    met = [o.rule.name_zh for o in checkup.outcomes if o.passed]
    note = _("已符合：%(names)s") % {"names": "、".join(met)} if met else _("暂未符合任何政策条件，查看差距")
    yield Figure("policy-checkup", _("政策体检（%(year)d 年度数据）") % {"year": checkup.fiscal_year},
                 _("%(met)d / %(all)d 项") % {"met": len(met), "all": len(checkup.outcomes)},
                 url=reverse("policies:checkup", args=[user.enterprise_id]), note=note)
