"""Formatting of progress rows for the shell, the API and the xlsx exports (one place, so they agree)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from breakzero.indicators.forecast import STATUS_LABELS_ZH
from breakzero.indicators.selectors import IndicatorProgress, RankRow


def number(value: Decimal | None, *, decimals: int) -> str:
    """Fixed decimals per indicator (counts as integers, rd_intensity as a 4-decimal fraction)."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    return str(value.quantize(quantum))


def figure(value: Decimal | None, *, decimals: int) -> Decimal | None:
    """The same fixed decimals as `number`, kept a number (an xlsx numeric cell, never text)."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-decimals))


def progress_record(row: IndicatorProgress) -> dict[str, Any]:
    """The machine-readable row: indicator,region_code,year,actual,target,ratio,status."""
    decimals = row.indicator.decimals
    return {
        "indicator": row.indicator.id,
        "region_code": row.region.code,
        "year": row.year,
        "actual": number(row.actual, decimals=decimals),
        "target": number(row.target, decimals=max(decimals, 2) if row.target is not None and row.target % 1 else decimals),
        "ratio": number(row.progress.ratio, decimals=4),
        "status": row.progress.status,
    }


PROGRESS_HEADERS = ["指标", "单位", "年度", "实际值", "目标值", "目标来源", "完成率", "序时进度目标", "剩余每月需完成",
                    "全年预测", "状态", "说明"]


def progress_table(rows: Iterable[IndicatorProgress]) -> Iterable[list[Any]]:
    for row in rows:
        p, d = row.progress, row.indicator.decimals
        yield [
            row.indicator.name_zh, row.indicator.unit, row.year, figure(row.actual, decimals=d),
            figure(row.target, decimals=max(d, 2) if row.target is not None and row.target % 1 else d),
            "默认规则" if row.target_is_default and row.target is not None else ("已设定" if row.target is not None else ""),
            figure(p.ratio, decimals=4), figure(p.expected_to_date, decimals=max(d, 2)),
            figure(p.run_rate_needed, decimals=2), figure(p.forecast, decimals=max(d, 2)),
            STATUS_LABELS_ZH[p.status], p.explanation,
        ]


RANKING_HEADERS = ["排名", "区划代码", "地区", "实际值", "目标值", "完成率"]


def ranking_table(rows: Iterable[RankRow], *, decimals: int) -> Iterable[list[Any]]:
    for position, row in enumerate(rows, start=1):
        yield [position, row.region.code, row.region.name, figure(row.value, decimals=decimals),
               figure(row.target, decimals=max(decimals, 2)), figure(row.ratio, decimals=4)]


def chart_data(data: Any) -> dict[str, Any]:
    """JSON for the page's charts: trend with target line, ranking bars, map values (json_script)."""
    chosen = next(row for row in data.rows if row.indicator.id == data.indicator.id)
    years = sorted(set(chosen.history) | set(chosen.targets) | {data.year})
    decimals = data.indicator.decimals
    as_float = lambda v: float(v) if v is not None else None  # noqa: E731
    return {
        "indicator": data.indicator.name_zh,
        "unit": data.indicator.unit,
        "decimals": decimals,
        "region": data.region.code,
        "map_code": data.region.code if not data.region.is_county else data.region.city_code,
        "highlight": data.region.code if data.region.is_county else "",
        "years": years,
        "actual": [as_float(chosen.history.get(y)) for y in years],
        "target": [as_float(chosen.targets.get(y, chosen.target if y == data.year else None)) for y in years],
        "months": [as_float(data.months.get(m, 0)) for m in range(1, 13)] if data.indicator.has_months else [],
        "ranking": [{"code": r.region.code, "name": r.region.name, "value": as_float(r.value)} for r in data.ranking],
    }


def target_table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The targets grid: one row per indicator, one column per region ('*' = default rule)."""
    headers = ["指标", "单位", *[r.name for r in context["regions"]]]
    rows = []
    for line in context["grid"]:
        decimals = line["indicator"].decimals
        cells = [number(c["target"], decimals=decimals) + ("*" if c["is_default"] else "") for c in line["cells"]]
        rows.append([line["indicator"].name_zh, line["indicator"].unit, *cells])
    return headers, rows
