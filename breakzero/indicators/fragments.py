"""The progress dashboard's rendered fragments, kept in the shared cache (config.settings CACHES).

A dashboard body is three pieces, cached apart so the users' mix (every region × year × indicator)
reuses what does not change with the indicator:
- the indicator table of a region and year: the same for everyone who may open that region;
- the chosen indicator's header (breadcrumb, filters) and its charts and ranking: keyed as well by
  the indicator and by the user's scope, i.e. the breadcrumb regions the user governs.
Every key carries the summaries' version (selectors.summary_version changes with every refresh and
every target change), the day (forecasts run to today) and the language, so a refresh makes the
older fragments unreachable; they expire after FRAGMENT_SECONDS.

Access is checked before a fragment is looked up (access.region_for answers 404 outside the
user's regions), and no key omits what decides the content, so a fragment reaches only users
allowed to see it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from breakzero.indicators import definitions, display, selectors, tables
from breakzero.regions.models import Region

FRAGMENT_SECONDS = 600


def dashboard_body(*, user: Any, region: Region, year: int, indicator_id: str, today: dt.date) -> SafeString:
    """The dashboard body of a region the user may view: one cache round trip on a hit, no query."""
    refreshed, version = selectors.summary_version()
    table_key, chosen_key = keys(user=user, region=region, year=year, indicator_id=indicator_id, today=today,
                                 version=version)
    found = cache.get_many([table_key, chosen_key])
    table, chosen = found.get(table_key), found.get(chosen_key)
    if table is None or chosen is None:
        data = selectors.dashboard(user=user, region=region, year=year, indicator_id=indicator_id, today=today,
                                   refreshed=refreshed, version=version)
        fresh = {}
        if table is None:
            table = fresh[table_key] = render_to_string("indicators/dashboard_table.html", {"d": data})
        if chosen is None:
            context = {"d": data, "charts": display.chart_json(tables.chart_data(data)),
                       "indicators": definitions.all_indicators()}
            chosen = fresh[chosen_key] = (render_to_string("indicators/dashboard_chosen.html#head", context),
                                          render_to_string("indicators/dashboard_chosen.html#tail", context))
        cache.set_many(fresh, FRAGMENT_SECONDS)
    head, tail = chosen
    return mark_safe(f"{head}{table}\n{tail}")  # noqa: S308 - rendered templates, autoescaped


def keys(*, user: Any, region: Region, year: int, indicator_id: str, today: dt.date, version: str) -> tuple[str, str]:
    """(table key, chosen-indicator key): each names everything its fragment's content depends on."""
    scope = ",".join(p.code for p in selectors.breadcrumb(user, region)) or "-"
    common = f"{version}:{today.isoformat()}:{get_language()}:{region.code}:{year}"
    return f"progress:table:{common}", f"progress:chosen:{common}:{indicator_id}:{scope}"
