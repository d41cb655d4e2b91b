"""The progress dashboard's rendered fragments, kept in the shared cache (config.settings CACHES).

A dashboard body is three pieces, cached apart so the users' mix (every region × year × indicator)
reuses what does not change with the indicator:
- the indicator table of a region and year: the same for everyone who may open that region;
- the chosen indicator's header (breadcrumb, filters) and its charts and ranking: keyed as well by
  the indicator and by the user's scope, i.e. the breadcrumb regions the user governs.
Every key carries the summaries' version (selectors.summary_version changes with every refresh and
every target change), the day (forecasts run to today) and the language, so a refresh makes the
older fragments unreachable; they expire (TABLE_SECONDS, CHOSEN_SECONDS).

Access is checked before a fragment is looked up (access.region_for answers 404 outside the
user's regions), and no key omits what decides the content, so a fragment reaches only users
allowed to see it.
"""

from __future__ import annotations

import datetime as dt
import time
import zlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from breakzero.indicators import definitions, display, selectors, tables
from breakzero.regions.models import Region

# Keys carry the version: an older fragment is unreachable, not wrong, and expires. Fragments are
# stored zlib-compressed (a table ~33 kB → ~7 kB): the Redis they share holds the task queues too.
TABLE_SECONDS = 3600  # every region × year after a refresh: ~1,500 tables, ~10 MB
CHOSEN_SECONDS = 600  # region × year × indicator × scope: only what users asked for lately
SEPARATOR = "\x00"  # between the head and the tail of a chosen piece (no NUL in a rendered page)


def dashboard_body(*, user: Any, region: Region, year: int, indicator_id: str, today: dt.date) -> SafeString:
    """The dashboard body of a region the user may view: one cache round trip on a hit, no query."""
    refreshed, version = selectors.summary_version()
    table_key, chosen_key = keys(user=user, region=region, year=year, indicator_id=indicator_id, today=today,
                                 version=version)
    found = cache.get_many([table_key, chosen_key])
    table, chosen = _unpack(found.get(table_key)), _unpack(found.get(chosen_key))
    if table is None or chosen is None:
        data = selectors.dashboard(user=user, region=region, year=year, indicator_id=indicator_id, today=today,
                                   refreshed=refreshed, version=version, chosen_only=table is not None)
        if table is None:
            table = render_to_string("indicators/dashboard_table.html", {"d": data})
            cache.set(table_key, _pack(table), TABLE_SECONDS)
        if chosen is None:
            context = {"d": data, "charts": display.chart_json(tables.chart_data(data)),
                       "indicator_options": indicator_options(indicator_id)}
            chosen = (render_to_string("indicators/dashboard_chosen.html#head", context) + SEPARATOR
                      + render_to_string("indicators/dashboard_chosen.html#tail", context))
            cache.set(chosen_key, _pack(chosen), CHOSEN_SECONDS)
    head, tail = chosen.split(SEPARATOR)
    return mark_safe(f"{head}{table}\n{tail}")  # noqa: S308 - rendered templates, autoescaped


def _version_moved_on(version: str) -> bool:
    selectors.forget_summary_version()
    return selectors.summary_version()[1] != version


def _pack(html: str) -> bytes:
    return zlib.compress(html.encode(), 1)


def _unpack(packed: object) -> str | None:
    """The fragment, or None (a miss) for anything not stored by _pack (an older release's entry)."""
    return zlib.decompress(packed).decode() if isinstance(packed, bytes) else None


def indicator_options(chosen: str) -> SafeString:
    """The indicator <option>s with `chosen` selected (names translated once per language and process)."""
    language = get_language()
    options = _options.get(language)
    if options is None:
        options = _options[language] = {
            i.id: format_html('<option value="{}"{{}}>{}</option>', i.id, display.translated(i.name_zh))
            for i in definitions.all_indicators()
        }
    return mark_safe("".join(html.format(" selected" if key == chosen else "") for key, html in options.items()))  # noqa: S308


_options: dict[str, dict[str, str]] = {}


def keys(*, user: Any, region: Region, year: int, indicator_id: str, today: dt.date, version: str) -> tuple[str, str]:
    """(table key, chosen-indicator key): each names everything its fragment's content depends on."""
    scope = ",".join(p.code for p in selectors.breadcrumb(user, region)) or "-"
    table = table_key(region=region, year=year, today=today, version=version)
    return table, f"progress:chosen:{table.removeprefix('progress:table:')}:{indicator_id}:{scope}"


def table_key(*, region: Region, year: int, today: dt.date, version: str) -> str:
    return f"progress:table:{version}:{today.isoformat()}:{get_language()}:{region.code}:{year}"


def prefill_soon() -> None:
    """After a refresh: queue the pre-fill when web processes share a cache (PROGRESS_PREFILL_SECONDS)."""
    from breakzero.indicators.tasks import dashboard_prefill_task

    if settings.PROGRESS_PREFILL_SECONDS > 0:
        dashboard_prefill_task.enqueue()


def prefill(*, seconds: float, today: dt.date | None = None, codes: list[str] | None = None) -> int:
    """Render the indicator tables of every region × covered year under the current version, in the
    default language, until `seconds` have passed (the default year first); returns how many.
    `codes`: only these regions.

    A table is the costly part of a dashboard miss; the chosen-indicator pieces are cheap and are
    rendered on demand. Safe to run twice: tables already cached are skipped; it stops early when a
    newer refresh or target change has moved the version on.
    """
    from django.conf import settings as django_settings
    from django.utils import timezone, translation

    from breakzero.core.period import default_year

    deadline = time.monotonic() + seconds
    selectors.forget_summary_version()  # this process may be a worker that did not run the refresh
    refreshed, version = selectors.summary_version()
    today = today or timezone.localdate()
    first = default_year()
    years = sorted(set(refreshed.covered_years if refreshed else []) | {first}, key=lambda y: (y != first, -y))
    regions = Region.objects.select_related("parent").order_by("code")
    regions = list(regions if codes is None else regions.filter(code__in=codes))
    done = 0
    with translation.override(django_settings.LANGUAGE_CODE):
        for year in years:
            for region in regions:
                if time.monotonic() > deadline:
                    return done
                key = table_key(region=region, year=year, today=today, version=version)
                if cache.get(key) is not None:
                    continue
                data = selectors.dashboard(user=None, region=region, year=year, indicator_id="break_zero", today=today,
                                           refreshed=refreshed, version=version)
                cache.set(key, _pack(render_to_string("indicators/dashboard_table.html", {"d": data})), TABLE_SECONDS)
                done += 1
                if done % 100 == 0 and _version_moved_on(version):
                    return done  # a newer refresh queued its own pre-fill: these tables would be stale
    return done
