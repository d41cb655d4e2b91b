"""Demo data for progress: targets 2020–2022 down the hierarchy, participant rosters, a few titles.

Called last by `manage.py seed_demo`; ends with a summary refresh so the dashboard has numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.cultivation.models import Title, default_valid_until
from breakzero.enterprises.models import Enterprise
from breakzero.indicators.models import IndicatorTarget, Participant, TargetChange
from breakzero.indicators.summaries import summaries_refresh
from breakzero.regions.models import Region

YEARS = (2020, 2021, 2022)
PROVINCE_TARGETS = {"break_zero": 300, "participants": 1000}
TITLE_BATCHES = (("第一批", dt.date(2019, 6, 13)), ("第二批", dt.date(2020, 12, 1)), ("第三批", dt.date(2021, 7, 19)),
                 ("第四批", dt.date(2022, 8, 15)))


def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    firms = list(Enterprise.objects.order_by("pk").values_list("pk", "city_id", "county_id"))
    if not firms:
        stdout.write("indicators demo: no enterprises, skipped")
        return
    with transaction.atomic():
        targets = _targets(firms)
        participants = _participants(rng, firms)
        titles = _titles(rng, firms)
    refreshed = summaries_refresh()
    stdout.write(f"indicators demo: {targets} targets, {participants} participants, {titles} titles; "
                 f"summaries {refreshed.rows} rows in {refreshed.duration_ms} ms")


def _targets(firms: list[tuple]) -> int:
    """Province targets split to cities and counties by enterprise count; 岳阳市 leaves 2022 short (a visible gap)."""
    now = timezone.now()
    by_city = Counter(city for _, city, _ in firms)
    by_county = Counter(county for _, _, county in firms if county)
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).values_list("code", "city_code"))
    rows = []
    for indicator, total in PROVINCE_TARGETS.items():
        for year in YEARS:
            rows.append((indicator, "430000", year, Decimal(total)))
            city_parts = _split(total, by_city)
            for city, value in city_parts.items():
                rows.append((indicator, city, year, Decimal(value)))
                weights = Counter({code: by_county.get(code, 0) + 1 for code, parent in counties if parent == city})
                for county, part in _split(value, weights).items():
                    short = indicator == "break_zero" and year == 2022 and city == "430600" and part > 0
                    rows.append((indicator, county, year, Decimal(part - 1 if short else part)))
    existing = set(IndicatorTarget.objects.filter(year__in=YEARS).values_list("indicator", "region_id", "year"))
    fresh = [row for row in rows if row[:3] not in existing]  # a second seed adds no targets and no history
    IndicatorTarget.objects.bulk_create(
        [IndicatorTarget(indicator=i, region_id=r, year=y, value=v, set_at=now) for i, r, y, v in fresh],
        ignore_conflicts=True,
    )
    TargetChange.objects.bulk_create(
        [TargetChange(indicator=i, region_id=r, year=y, new_value=v, changed_at=now, reason="演示数据") for i, r, y, v in fresh]
    )
    return len(rows)


def _split(total: int, weights: Counter) -> dict[str, int]:
    """Integer parts proportional to weights that add up exactly to total (largest remainder)."""
    weight_sum = sum(weights.values()) or 1
    exact = {key: total * w / weight_sum for key, w in weights.items()}
    parts = {key: int(v) for key, v in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - parts[k], reverse=True)[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def _participants(rng: random.Random, firms: list[tuple]) -> int:
    rows = []
    for year in YEARS:
        share = {2020: 0.35, 2021: 0.45, 2022: 0.55}[year]
        chosen = rng.sample(firms, k=min(len(firms), max(1, int(len(firms) * share))))
        rows += [Participant(enterprise_id=pk, year=year, note="演示名单") for pk, _, _ in chosen]
    Participant.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)


def _titles(rng: random.Random, firms: list[tuple]) -> int:
    rows = []
    for pk, _, _ in firms:
        roll = rng.random()
        if roll < 0.03:
            batch, day = rng.choice(TITLE_BATCHES)
            rows.append(Title(enterprise_id=pk, tier=Title.Tier.LITTLE_GIANT, level=Title.Level.NATIONAL, batch=batch,
                              recognized_on=day, valid_until=default_valid_until(day), source="演示数据"))
        elif roll < 0.10:
            day = dt.date(rng.choice((2020, 2021, 2022)), rng.randint(1, 12), 1)
            rows.append(Title(enterprise_id=pk, tier=Title.Tier.SRDI_SME, level=Title.Level.PROVINCIAL,
                              recognized_on=day, valid_until=default_valid_until(day), source="演示数据"))
    Title.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)
