"""Percentile bands for the soft rule "outside the region's 1st–99th percentile for the industry".

The bands are a summary table (PercentileBand: region × industry division × register field × year),
recomputed when accepted data changes (a refresher on the register's yearly data) and only read
when a report is checked: a web or xlsx submission reads its enterprise's groups in one query, an
officials' import loads the year once (BandIndex) and resolves each row by a dict look-up.

A report of year Y is compared with the accepted figures of year Y − 1 (the reported year is not
complete yet). A group smaller than settings.REPORTING_BAND_MIN_COUNT falls back to the city, then
to the whole province; the question names the group used (联网直报 核实性审核 / DHIS2 outlier
detection by percentile).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, IntegerField, Q

from breakzero.core.prepared import Param, Prepared
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.services import YEAR_FIELDS
from breakzero.regions.models import Region
from breakzero.reporting.models import PercentileBand, PeriodType, ReportingWindow

Band = tuple[Decimal, Decimal, str]  # (1st percentile, 99th percentile, the group in words)
BAND_DEBOUNCE = 900


def band_year(report_year: int) -> int:
    """The year whose accepted figures a report of `report_year` is compared with."""
    return report_year - 1


def bands_refresh(*, years: Iterable[int] | None = None) -> int:
    """Recompute the summary for `years` (default: the years the yearly windows compare with);
    returns the number of bands stored."""
    chosen = sorted(set(years)) if years is not None else needed_years()
    return sum(_refresh_year(year) for year in chosen)


def bands_refresher(*, sources: list[str], enterprise_ids: list[int] | None) -> None:
    """core.hooks refresher: accepted yearly figures changed → recompute the bands the yearly windows
    read. An import ("yearly") refreshes at once. One enterprise's change (an accepted report, an
    edited industry or region: "enterprises") moves a band by one value at most, and thousands arrive
    in a window's last days: those refresh at most once per BAND_DEBOUNCE seconds, and the daily
    schedule (reporting_bands_task) catches up the last ones."""
    if "yearly" in sources:
        bands_refresh()
    elif "enterprises" in sources and cache.add("reporting:bands:debounce", 1, timeout=BAND_DEBOUNCE):
        bands_refresh()


def needed_years() -> list[int]:
    years = ReportingWindow.objects.filter(dataset__period_type=PeriodType.YEAR).values_list("year", flat=True)
    return sorted({band_year(y) for y in years})


def bands_for(*, enterprise: Enterprise, report_year: int, fields: dict[str, str]) -> dict[str, Band]:
    """The bands of one enterprise's groups (one query): {field code: band}; `fields` maps data
    field codes to register columns."""
    division = division_key(enterprise.industry_code)
    if not division or not fields:
        return {}
    # Every field of the groups is read (a few rows more) so that one compiled statement serves
    # any data set; resolve() looks up only the fields asked for. An absent county or city is
    # NULL in the statement and matches no band, as leaving it out of the list did.
    year = band_year(report_year)
    rows = _BANDS.all(year=year, industry=division, county=enterprise.county_id, city=enterprise.city_id,
                      province=_province() or None)
    index = BandIndex(year=year, min_count=min_count(),
                      rows={(r, i, f): (lo, hi, n) for r, i, f, lo, hi, n in rows})
    return index.resolve(enterprise.county_id, enterprise.city_id, division, fields)


_BANDS = Prepared(lambda: PercentileBand.objects.filter(
    Q(region_id=Param("county", CharField())) | Q(region_id=Param("city", CharField()))
    | Q(region_id=Param("province", CharField())),
    year=Param("year", IntegerField()), industry=Param("industry", CharField()),
).values_list("region_id", "industry", "field", "low", "high", "count"))


def division_key(industry_code: str | None) -> str:
    """The industry division (大类, GB/T 4754 two digits) a band groups by; '' when unknown."""
    head = (industry_code or "")[:2]
    return head if len(head) == 2 and head.isdigit() else ""


def min_count() -> int:
    return max(1, int(getattr(settings, "REPORTING_BAND_MIN_COUNT", 20)))


@dataclass
class BandIndex:
    """One year's bands in memory, resolved per (county, city, division) with the fallback; the
    resolution is memoised, so an import of 100,000 rows does a dict look-up per row."""

    year: int
    min_count: int
    rows: dict[tuple[str, str, str], tuple[Decimal, Decimal, int]]
    _memo: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, report_year: int) -> BandIndex:
        year = band_year(report_year)
        rows = PercentileBand.objects.filter(year=year).values_list("region_id", "industry", "field", "low", "high", "count")
        return cls(year=year, min_count=min_count(), rows={(r, i, f): (lo, hi, n) for r, i, f, lo, hi, n in rows})

    def resolve(self, county: str | None, city: str | None, division: str, fields: dict[str, str]) -> dict[str, Band]:
        key = (county, city, division, tuple(fields.items()))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._resolve(county, city, division, fields)
        return found

    def _resolve(self, county: str | None, city: str | None, division: str, fields: dict[str, str]) -> dict[str, Band]:
        chain = [r for r in (county, city, _province()) if r]
        result = {}
        for code, column in fields.items():
            for position, region in enumerate(chain):
                band = self.rows.get((region, division, column))
                if band is not None and band[2] >= self.min_count:
                    result[code] = (band[0], band[1], self._words(region, division, band[2], fell_back=position > 0))
                    break
        return result

    def _words(self, region: str, division: str, count: int, *, fell_back: bool) -> str:
        from breakzero.rules.industries import industry_name

        try:
            industry = industry_name(division)
        except (KeyError, ValueError):
            industry = f"行业大类 {division}"
        note = f"本地同行业不足 {self.min_count} 家，" if fell_back else ""
        return f"{note}比较组：{_region_name(region)}{industry}，{self.year} 年 {count} 家企业"


def _refresh_year(year: int) -> int:
    """Every group's 1st and 99th percentile (nearest rank, as before: sorted[⌊n·0.01⌋],
    sorted[⌊n·0.99⌋]); one read of the enterprises, one per register field."""
    province = _province()
    meta = {pk: [r for r in (county, city, province) if r] + [division_key(code)]
            for pk, county, city, code in Enterprise.objects.values_list("pk", "county_id", "city_id", "industry_code")
            .iterator(chunk_size=10000)}
    bands = []
    for column in YEAR_FIELDS:
        groups: dict[tuple[str, str], list] = defaultdict(list)
        rows = EnterpriseYear.objects.filter(year=year, **{f"{column}__isnull": False}).values_list("enterprise_id", column)
        for pk, value in rows.iterator(chunk_size=10000):
            *regions, division = meta.get(pk) or [""]
            if division:
                for region in regions:
                    groups[(region, division)].append(value)
        for (region, division), values in groups.items():
            values.sort()
            n = len(values)
            bands.append(PercentileBand(year=year, region_id=region, industry=division, field=column,
                                        low=values[int(n * 0.01)], high=values[min(n - 1, int(n * 0.99))], count=n))
    with transaction.atomic():
        PercentileBand.objects.filter(year=year).delete()
        PercentileBand.objects.bulk_create(bands, batch_size=2000)
    _region_name.cache_clear()
    return len(bands)


def _province() -> str:
    """The province's code (read once per process once the regions are loaded)."""
    global _PROVINCE
    if not _PROVINCE:
        _PROVINCE = Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", flat=True).first() or ""
    return _PROVINCE


_PROVINCE = ""


@lru_cache(maxsize=1024)
def _region_name(code: str) -> str:
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code
