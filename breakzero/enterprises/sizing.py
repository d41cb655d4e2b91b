"""Enterprise size (大型/中型/小型/微型) of every yearly row, and each enterprise's latest size.

Rule: 工信部联企业〔2011〕300号 via `breakzero.rules.sme_size.classify_size`.
Revenue indicator Y (policy-rules.md §1.2, 2017 statistical rules): 主营业务收入 where the
enterprise reports it (industry, construction and the other industries that report it),
otherwise 营业收入. So Y = 主营业务收入 when the row has it, else 营业收入, and the
size note says which one was used. When a needed indicator is missing or the industry is
not covered, size stays '' and size_note says why: never guess.

Writes are set-based: rows are read with one query, classified in Python (the rule is
pure), staged and applied with one UPDATE … FROM; latest_size/latest_year with one UPDATE (per part, when many).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from django.db import connection, transaction

from breakzero.core.bulk import StageColumn, StagingTable, part_marker, qn
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.rules.sme_size import SIZE_CLASSES, SIZE_TABLE, SizeThresholds, classify_size, size_group

NOTE_MAX = 200
_CHUNK = 5000
# Enterprises per statement of a big latest-size refresh (a 700,000-row yearly load changes the
# whole register's; one statement over 100,000 of them held the job page ~3 s without news).
REFRESH_PART_IDS = 25_000


def classify_year(
    *,
    industry_code: str,
    employees: int | None,
    operating_revenue: Decimal | None,
    main_business_revenue: Decimal | None,
    total_assets: Decimal | None,
) -> tuple[str, str]:
    """(size, size_note) of one yearly row; size '' with the reason when it cannot classify."""
    if not industry_code:
        return "", "缺少行业代码，无法划型"
    revenue, label = (
        (main_business_revenue, "主营业务收入") if main_business_revenue is not None else (operating_revenue, "营业收入")
    )
    try:
        size = _classify(industry_code, employees, revenue, total_assets)
    except ValueError as exc:
        return "", _zh(str(exc))[:NOTE_MAX]
    return size, f"按{label}划型"


def sizes_recompute(*, enterprise_ids: Iterable[int] | None = None) -> int:
    """Re-classify the yearly rows of these enterprises (all when None); returns rows changed.

    Needed when an enterprise's industry code changes (enterprise import or edit).
    """
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    if ids == []:
        return 0
    columns = [StageColumn("id", "bigint"), StageColumn("size", "varchar(10)"), StageColumn("size_note", "varchar(200)")]
    table = qn(EnterpriseYear._meta.db_table)
    with transaction.atomic(), StagingTable(columns, prefix="stage_size") as stage:
        # Load batch by batch: a COPY must not be open while the next rows are read.
        batch: list[tuple[int, str, str]] = []
        for row in _classified_rows(ids):
            batch.append(row)
            if len(batch) >= _CHUNK:
                stage.load(batch)
                batch = []
        stage.load(batch)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET size = s.size, size_note = s.size_note FROM {qn(stage.name)} s"
                f" WHERE {table}.id = s.id AND ({table}.size <> s.size OR {table}.size_note <> s.size_note)"
            )
            changed = cursor.rowcount
        latest_size_refresh(enterprise_ids=ids)
    return changed


def latest_size_refresh(*, enterprise_ids: Iterable[int] | None = None) -> int:
    """Set Enterprise.latest_year/latest_size from its newest yearly row that has a size.

    When no row of an enterprise can be classified, its newest year is used with an
    empty size (the UI shows "无法划型" and the row's note). Returns enterprises changed.
    Many ids on PostgreSQL: one statement per REFRESH_PART_IDS of them, each marked as a part
    (core.import_progress shows 更新 企业（第 i/n 批） on the job page, not one long statement).
    """
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    if ids == []:
        return 0
    with transaction.atomic(), StagingTable([StageColumn("id", "bigint")], prefix="stage_ids") as stage:
        if ids is None:
            scopes = [""]
        else:
            stage.load((i,) for i in ids)
            scopes = [f" WHERE y.enterprise_id IN (SELECT id FROM {qn(stage.name)}){bounds}" for bounds in _parts(ids)]
        changed = 0
        with connection.cursor() as cursor:
            for number, scope in enumerate(scopes, 1):
                part = part_marker(number, len(scopes)) if len(scopes) > 1 else ""
                cursor.execute(part + _latest_sql(scope))
                changed += cursor.rowcount
        return changed


def _parts(ids: list[int]) -> list[str]:
    """Bounds of the sorted `ids` in parts of REFRESH_PART_IDS (PostgreSQL), as SQL on y; [""]: one part."""
    if connection.vendor != "postgresql" or len(ids) <= REFRESH_PART_IDS:
        return [""]
    chunks = [ids[i : i + REFRESH_PART_IDS] for i in range(0, len(ids), REFRESH_PART_IDS)]
    return [f" AND y.enterprise_id BETWEEN {int(chunk[0])} AND {int(chunk[-1])}" for chunk in chunks]


def _latest_sql(scope: str) -> str:
    enterprise = qn(Enterprise._meta.db_table)
    year = qn(EnterpriseYear._meta.db_table)
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return (
        f"UPDATE {enterprise} SET latest_year = r.year, latest_size = r.size FROM ("
        f"SELECT y.enterprise_id, y.year, y.size, ROW_NUMBER() OVER (PARTITION BY y.enterprise_id"
        f" ORDER BY CASE WHEN y.size <> '' THEN 0 ELSE 1 END, y.year DESC) AS rn FROM {year} y{scope}) r"
        f" WHERE r.rn = 1 AND {enterprise}.id = r.enterprise_id"
        f" AND ({enterprise}.latest_year {distinct} r.year OR {enterprise}.latest_size <> r.size)"
    )


def _classified_rows(ids: list[int] | None) -> Iterator[tuple[int, str, str]]:
    queryset = EnterpriseYear.objects.order_by()
    fields = ("id", "enterprise__industry_code", "employees", "operating_revenue", "main_business_revenue", "total_assets")
    chunks = [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)] if ids is not None else [None]
    for chunk in chunks:
        rows = queryset if chunk is None else queryset.filter(enterprise_id__in=chunk)
        for pk, code, employees, operating, main, assets in rows.values_list(*fields).iterator(chunk_size=_CHUNK):
            size, note = classify_year(
                industry_code=code,
                employees=employees,
                operating_revenue=operating,
                main_business_revenue=main,
                total_assets=assets,
            )
            yield pk, size, note


def _classify(industry_code: str, employees: int | None, revenue: Decimal | None, assets: Decimal | None) -> str:
    """classify_size, with the per-code group look-up cached (it is most of the cost: 36 µs
    per call, 2.5 s for 70,000 rows). The fast path reads the rule's own SIZE_TABLE and is
    checked against classify_size by a property test; anything unusual (missing or negative
    indicator, uncovered industry) goes to classify_size itself for its exact message."""
    plan = _plan(industry_code)
    if plan is None:
        return classify_size(industry_code, employees, revenue, assets)
    given = (employees, revenue, assets)
    values = [given[position] for position in plan[0]]
    for value in values:
        if value is None or value < 0:
            return classify_size(industry_code, employees, revenue, assets)
    for size, bounds in plan[1]:
        for value, bound in zip(values, bounds):
            if value < bound:
                break
        else:
            return size
    return "micro"


_POSITIONS = {"employees": 0, "revenue": 1, "total_assets": 2}  # classify_size's argument order


@lru_cache(maxsize=2048)
def _plan(industry_code: str) -> tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]] | None:
    """The group's indicators (as positions in (employees, revenue, assets)) and its bounds per
    size, large first, from SIZE_TABLE; None when the code is in no group."""
    thresholds = _thresholds(industry_code)
    if thresholds is None or not thresholds.indicators:
        return None
    bands = (thresholds.large, thresholds.medium, thresholds.small)
    for bounds in bands:
        if len(bounds) != len(thresholds.indicators):
            raise ValueError(f"SIZE_TABLE group {thresholds.group}: one bound per indicator expected")
    positions = tuple(_POSITIONS[name] for name in thresholds.indicators)
    return positions, tuple(zip(SIZE_CLASSES[:3], bands, strict=True))


@lru_cache(maxsize=2048)
def _thresholds(industry_code: str) -> SizeThresholds | None:
    try:
        group = size_group(industry_code)
    except ValueError:
        return None
    return next(row for row in SIZE_TABLE if row.group == group)


def _zh(message: str) -> str:
    """The Chinese half of a rules message ("中文 / English")."""
    return message.split(" / ", 1)[0]
