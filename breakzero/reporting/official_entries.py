"""Officials' yearly-data imports become accepted submissions entered by the official.

The yearly importer (enterprises) writes EnterpriseYear set-based and then calls
`core.hooks.data_changed(source="yearly", ...)`; this refresher records, for every yearly
data-set window of the imported years, an accepted submission marked 由主管部门录入 with the
register's figures, and the findings of the same validation rules (so the reviewer and the data
quality page see them). Batched: a few queries per 2,000 enterprises, no per-row queries.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from django.db.models import Q

from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.reporting.bands import BandIndex, division_key
from breakzero.reporting.models import PeriodLock, PeriodType, ReportingWindow, Submission, SubmissionEvent
from breakzero.reporting.selectors import check_rules, fields_of
from breakzero.rules.report_checks import HARD, SOFT, check, check_many

SOURCES = frozenset({"yearly"})
BATCH = 2000


def official_entries_refresh(*, sources: list[str], enterprise_ids: list[int] | None) -> None:
    """Refresher: sync the imported enterprises' yearly rows into submissions."""
    if not SOURCES & set(sources) or not enterprise_ids:
        return
    windows = ReportingWindow.objects.filter(dataset__period_type=PeriodType.YEAR).select_related("dataset")
    for window in windows:
        for start in range(0, len(enterprise_ids), BATCH):
            official_entries_sync(window=window, enterprise_ids=enterprise_ids[start:start + BATCH])


@transaction.atomic
def official_entries_sync(*, window: ReportingWindow, enterprise_ids: list[int]) -> int:
    """Accepted, official-entered submissions for these enterprises' register rows of the window's year."""
    fields = [f for f in fields_of(window.dataset) if f.year_field]
    if not fields:
        return 0
    names = [f.year_field for f in fields]
    rows = {r["enterprise_id"]: r for r in EnterpriseYear.objects.filter(
        year=window.year, enterprise_id__in=enterprise_ids).values("enterprise_id", *names)}
    previous = {r["enterprise_id"]: _coded(r, fields) for r in EnterpriseYear.objects.filter(
        year=window.year - 1, enterprise_id__in=list(rows)).values("enterprise_id", *names)}
    existing = {s.enterprise_id: s for s in Submission.objects.filter(window=window, enterprise_id__in=list(rows))}
    coded = {pk: _coded(row, fields) for pk, row in rows.items()}
    for pk, values in coded.items():
        base = existing[pk].values if pk in existing else {}
        coded[pk] = {**base, **values}
    meta = {pk: (county, city, division_key(code)) for pk, county, city, code in
            Enterprise.objects.filter(pk__in=list(rows)).values_list("pk", "county_id", "city_id", "industry_code")}
    index, columns = BandIndex.load(window.year), {f.code: f.year_field for f in fields}
    bands = {pk: index.resolve(*meta[pk], columns) for pk in coded if pk in meta}
    findings = check_many(check_rules(window.dataset), [{"key": pk, **v} for pk, v in coded.items()],
                          previous=previous, bands=bands)
    counties = {pk: m[0] for pk, m in meta.items()}
    now, changed = timezone.now(), []
    for pk, values in coded.items():
        sub = existing.get(pk) or Submission(window=window, enterprise_id=pk, county_id=counties.get(pk))
        if sub.pk and sub.status == Submission.Status.ACCEPTED and sub.values == values:
            continue
        sub.values, sub.status, sub.is_entered_by_official = values, Submission.Status.ACCEPTED, True
        sub.questions = [{"code": f.code, "kind": f.kind, "field": f.field, "message_zh": f.message_zh,
                          "explanation": ""} for f in findings.get(pk, [])]
        sub.submitted_at = sub.submitted_at or now
        sub.reviewed_at = sub.updated_at = now
        changed.append(sub)
    Submission.objects.bulk_create([s for s in changed if not s.pk], batch_size=1000)
    Submission.objects.bulk_update([s for s in changed if s.pk and s.enterprise_id in existing],
                                   ["values", "status", "is_entered_by_official", "questions", "submitted_at",
                                    "reviewed_at", "updated_at"], batch_size=1000)
    _events(window, [s.enterprise_id for s in changed])
    return len(changed)


def yearly_import_guard():
    """Row guard for officials' yearly imports (core.hooks.register_row_guard): a row of a year that
    has a yearly reporting window is refused when it breaks one of the data set's hard rules (the same
    审核公式 as the web form) or when its enterprise's period is locked (a locked period changes only
    through a correction request approved one level up). The soft rules (change against the last
    period, R&D intensity, the region's industry percentile band) do not refuse a row: each one that
    fires is a note on that row of the import's report, as the form's question would be. `required`
    rules are left out: a blank cell keeps the stored value, it does not erase it. None when no yearly
    window exists (nothing to check)."""
    windows = list(ReportingWindow.objects.filter(dataset__period_type=PeriodType.YEAR).select_related("dataset"))
    if not windows:
        return None
    checks = _RowChecks(windows)

    def guard(key: tuple[int, int], values: dict[str, Any]) -> list[tuple[str, ...]]:
        enterprise_id, year = key
        problems: list[tuple[str, ...]] = []
        if enterprise_id in checks.locked.get(year, ()):
            problems.append(("year", f"{year} 年度数据已锁定，修改须提出更正申请并经上一级批准"))
        for name, rules, mapped in checks.by_year.get(year, ()):
            coded = {code: values[column] for column, code in mapped.items() if values.get(column) is not None}
            column_of = {code: column for column, code in mapped.items()}
            found = check(rules, coded, previous=checks.previous(year, enterprise_id, mapped),
                          bands=checks.bands(year, enterprise_id, mapped))
            problems += [(column_of.get(f.field, "year"), f"{f.message_zh}（{name}审核规则）")
                         for f in found if f.kind == HARD]
            problems += [(column_of.get(f.field, "year"), f"{f.message_zh}（{name}核实性规则，请核实）", "note")
                         for f in found if f.kind == SOFT]
        return problems

    guard.state = checks.state  # type: ignore[attr-defined]
    return guard


class _RowChecks:
    """What the import guard loads once per import: rules per year, locked enterprises, and lazily
    (only when a soft rule needs them) the enterprises' groups, the percentile bands and the
    previous year's figures of the fields a change rule compares."""

    def __init__(self, windows: list[ReportingWindow]) -> None:
        self.by_year: dict[int, list[tuple[str, list, dict[str, str]]]] = {}
        self.change_columns: set[str] = set()
        for window in windows:
            mapped = {f.year_field: f.code for f in fields_of(window.dataset) if f.year_field}
            rules = [r for r in check_rules(window.dataset) if r.operator != "required"]
            self.by_year.setdefault(window.year, []).append((window.dataset.name, rules, mapped))
            column_of = {code: column for column, code in mapped.items()}
            self.change_columns |= {column_of[r.field] for r in rules if r.operator == "change_within" and r.field in column_of}
        self.locked: dict[int, set[int]] = {}
        for window in windows:
            codes = list(PeriodLock.objects.filter(window=window).values_list("region_id", flat=True))
            if codes:
                self.locked.setdefault(window.year, set()).update(Enterprise.objects.filter(
                    Q(county_id__in=codes) | Q(city_id__in=codes)).values_list("pk", flat=True))
        self._meta: dict[int, tuple] | None = None
        self._indexes: dict[int, BandIndex] = {}
        self._previous: dict[int, dict[int, dict[str, Any]]] = {}

    def state(self) -> str:
        """What the guard reads from the database, as text (core.hooks.row_guards_state): the
        rules and fields per year, the locked enterprises, and for each window year the
        enterprises' regions and industries, the bands and the previous year's figures (loaded
        now if no row asked for them yet)."""
        for year in self.by_year:
            self.bands(year, 0, {})
            self.previous(year, 0, {})
        bands = {year: (index.year, index.min_count, sorted(index.rows.items())) for year, index in self._indexes.items()}
        previous = {year: sorted(rows.items()) for year, rows in self._previous.items()}
        locked = {year: sorted(ids) for year, ids in self.locked.items()}
        sha = hashlib.sha256(repr((sorted(self.by_year.items()), locked, sorted((self._meta or {}).items()))).encode())
        sha.update(repr((sorted(bands.items()), sorted(previous.items()))).encode())
        return sha.hexdigest()

    def bands(self, year: int, enterprise_id: int, mapped: dict[str, str]) -> dict[str, tuple]:
        if self._meta is None:
            self._meta = {pk: (county, city, division_key(code)) for pk, county, city, code in
                          Enterprise.objects.values_list("pk", "county_id", "city_id", "industry_code").iterator(chunk_size=10000)}
        if year not in self._indexes:
            self._indexes[year] = BandIndex.load(year)
        meta = self._meta.get(enterprise_id)
        if meta is None or not meta[2]:
            return {}
        return self._indexes[year].resolve(*meta, {code: column for column, code in mapped.items()})

    def previous(self, year: int, enterprise_id: int, mapped: dict[str, str]) -> dict[str, Any]:
        if not self.change_columns:
            return {}
        if year not in self._previous:
            columns = sorted(self.change_columns)
            self._previous[year] = {row[0]: dict(zip(columns, row[1:], strict=True)) for row in EnterpriseYear.objects.filter(
                year=year - 1).values_list("enterprise_id", *columns).iterator(chunk_size=10000)}
        row = self._previous[year].get(enterprise_id) or {}
        return {mapped[column]: value for column, value in row.items() if column in mapped and value is not None}


def _coded(row: dict[str, Any], fields: list) -> dict[str, Any]:
    return {f.code: None if row[f.year_field] is None else str(row[f.year_field]) for f in fields}


def _events(window: ReportingWindow, enterprise_ids: list[int]) -> None:
    ids = Submission.objects.filter(window=window, enterprise_id__in=enterprise_ids).values_list("pk", flat=True)
    SubmissionEvent.objects.bulk_create([SubmissionEvent(submission_id=pk, action="import", note="主管部门批量导入")
                                         for pk in ids], batch_size=1000)
