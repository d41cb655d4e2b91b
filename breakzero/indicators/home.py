"""The figures an official watches on the home page: break-zero and the doubling indicators of
their region against target, for the programme's default year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.core.figures import Figure
from breakzero.core.period import default_year
from breakzero.indicators import display, forecast
from breakzero.indicators.access import home_region
from breakzero.indicators.selectors import load_summaries, progress_rows
from breakzero.indicators.tables import number
from breakzero.rules.doubling import DoublingState


def official_figures(user: Any, today: dt.date) -> Iterable[Figure]:
    if not user.is_official:
        return
    region = home_region(user)
    if region is None:
        return
    year = default_year(today)
    rows = progress_rows(summaries=load_summaries(codes=[region.code]), region=region, year=year, today=today)
    base = reverse("indicators:dashboard")
    for row in rows:
        if row.indicator.id != "break_zero" and not row.indicator.is_doubling:
            continue
        yield _figure(row, region=region, year=year, url=f"{base}?region={region.code}&year={year}&indicator={row.indicator.id}")


def _figure(row: Any, *, region: Any, year: int, url: str) -> Figure:
    indicator = row.indicator
    value = number(row.actual, decimals=indicator.decimals) if row.actual is not None else "—"
    unit = display.unit_label(indicator.unit) if indicator.unit else ""
    ratio = row.progress.ratio
    progress = float(ratio * 100) if ratio is not None else None
    if row.target is not None:
        note = _("目标 %(target)s%(unit)s · 完成 %(ratio)s · %(status)s") % {
            "target": number(row.target, decimals=indicator.decimals), "unit": unit,
            "ratio": f"{progress:.0f} %" if progress is not None else "—",
            "status": display.status_label(row.progress.status)}
    else:
        note = _("未设定目标")
    lagging = row.progress.status == forecast.Status.OFF_TRACK
    if row.doubling is not None and row.doubling.state == DoublingState.DOUBLED:
        note = f"{note} · {_('已倍增')}"
    label = _("%(region)s %(year)d 年 · %(name)s") % {"region": region.name, "year": year, "name": _(indicator.name_zh)}
    return Figure(f"indicator-{indicator.id}", label, f"{value}{unit}", url=url, note=note, progress=progress,
                  is_lagging=lagging)
