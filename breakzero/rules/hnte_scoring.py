"""HNTE innovation-capability evaluation (工作指引 国科发火〔2016〕195号): 100 whole points, pass ≥ 71.

Range bands ("7–8 分") are judged by experts inside the band: when no expert
score is supplied the band maximum is used and the reason says so. The
growth-band point values are recalled, not found in a stored copy
(UNCONFIRMED, policy-rules §3.2); thresholds and zero rules are CONFIRMED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, localcontext

from breakzero.rules.bands import PRECISION, Band, BandTable, bound, fmt_pct, plain
from breakzero.rules.facts import HnteFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import DeferredText, Item, Points, score_bounds, status_for

SOURCE = "国科发火〔2016〕195号 工作指引 企业创新能力评价"
IP_CAP = 30


def _ranged(unit: str, *rows: tuple[str | None, int, int, str, bool]) -> BandTable:
    """Rows (lower, low points, high points, label, strict), best first."""
    return BandTable(
        unit,
        tuple(
            Band(
                points=high, points_low=low, lower=None if lower is None else Decimal(lower), label=label, strict=strict
            )
            for lower, low, high, label, strict in rows
        ),
    )


CONVERSION_BANDS = _ranged(
    "项",
    ("5", 25, 30, "≥ 5 项", False),
    ("4", 19, 24, "≥ 4 项", False),
    ("3", 13, 18, "≥ 3 项", False),
    ("2", 7, 12, "≥ 2 项", False),
    ("1", 1, 6, "≥ 1 项", False),
    (None, 0, 0, "0 项", False),
)
# Point values recalled from the 2016 工作指引 — UNCONFIRMED (§3.2).
GROWTH_BANDS = _ranged(
    "%",
    ("35", 9, 10, "≥ 35%", False),
    ("25", 7, 8, "≥ 25%", False),
    ("15", 5, 6, "≥ 15%", False),
    ("5", 3, 4, "≥ 5%", False),
    ("0", 1, 2, "> 0", True),
    (None, 0, 0, "≤ 0", False),
)
IP_QUANTITY_BANDS = (
    Band(8, points_low=7, label="Ⅰ类 ≥ 1 项"),
    Band(6, Decimal(5), points_low=5, label="Ⅱ类 ≥ 5 项"),
    Band(4, Decimal(3), points_low=3, label="Ⅱ类 3–4 项"),
    Band(2, Decimal(1), points_low=1, label="Ⅱ类 1–2 项"),
    Band(0, None, points_low=0, label="无"),
)

_IP = "ip"
ADVANCEMENT = Indicator("innovation.ip_advancement", "知识产权技术先进程度", SOURCE, _IP)
CORE_SUPPORT = Indicator("innovation.ip_core_support", "知识产权对主要产品的核心支持作用", SOURCE, _IP)
QUANTITY = Indicator("innovation.ip_quantity", "知识产权数量", SOURCE, _IP, "Ⅰ类和Ⅱ类知识产权数")
ACQUISITION = Indicator("innovation.ip_acquisition", "知识产权获得方式", SOURCE, _IP)
STANDARD = Indicator("innovation.ip_standard", "参与制定标准（加分）", SOURCE, _IP)
IP_TOTAL = Indicator("innovation.ip_total", "知识产权得分（上限 30 分）", SOURCE, "innovation")
CONVERSION = Indicator("innovation.conversion", "科技成果转化能力", SOURCE, "innovation", "近三年年均成果转化数")
RD_SYSTEM = Indicator("innovation.rd_system", "研发组织管理制度与辅助账", SOURCE, "innovation")
RD_INSTITUTION = Indicator("innovation.rd_institution", "研发机构与产学研合作", SOURCE, "innovation")
RD_INCENTIVE = Indicator("innovation.rd_incentive", "成果转化激励与开放创新平台", SOURCE, "innovation")
RD_TALENT = Indicator("innovation.rd_talent", "人才培养、引进与绩效评价", SOURCE, "innovation")
NET_ASSET_GROWTH = Indicator("innovation.net_asset_growth", "净资产增长率", SOURCE, "growth", "近三年净资产")
SALES_GROWTH = Indicator("innovation.sales_growth", "销售收入增长率", SOURCE, "growth", "近三年销售收入")


def innovation_items(facts: HnteFacts) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """(IP detail items, counted items); the counted ones sum to the 100-point score."""
    acquisition_cap = 3 if facts.has_self_developed_ip is False else 6
    ip_detail = (
        expert_item(ADVANCEMENT, facts.ip_advancement_points, 8),
        expert_item(CORE_SUPPORT, facts.ip_core_support_points, 8),
        ranged_item(QUANTITY, *_quantity_band(facts), facts.ip_quantity_points, max_points=8),
        expert_item(ACQUISITION, facts.ip_acquisition_points, acquisition_cap, max_points=6),
        expert_item(STANDARD, facts.ip_standard_points, 2),
    )
    counted = (
        ip_total_item(ip_detail),
        conversion_item(facts.conversions_per_year, facts.conversion_points),
        expert_item(RD_SYSTEM, facts.rd_system_points, 6),
        expert_item(RD_INSTITUTION, facts.rd_institution_points, 6),
        expert_item(RD_INCENTIVE, facts.rd_incentive_points, 4),
        expert_item(RD_TALENT, facts.rd_talent_points, 4),
        growth_item(NET_ASSET_GROWTH, facts.net_assets_by_year, facts.net_asset_growth_points),
        growth_item(SALES_GROWTH, facts.sales_by_year, facts.sales_growth_points),
    )
    return ip_detail, counted


def innovation_bounds(ip_detail: Sequence[Item], counted: Sequence[Item]) -> tuple[Points, Points]:
    """(low, high) of the 100-point score: IP capped at 30 on both bounds; others as usual."""
    ip_low, ip_high = score_bounds(ip_detail)
    low, high = score_bounds(i for i in counted if i.code != IP_TOTAL.code)
    return low + min(ip_low, IP_CAP), high + min(ip_high, IP_CAP)


def expert_item(ind: Indicator, points: int | None, cap: int, *, max_points: int | None = None) -> Item:
    """An expert-judged whole-point score within ``cap``."""
    top = max_points or cap
    if points is None:
        return ind.unknown(max_points=top)
    if not isinstance(points, int) or not 0 <= points <= cap:
        raise ValueError(f"{ind.name_zh}：专家评分须为 0–{cap} 的整数，得到 {points!r}")
    return ind.scored(points, top, f"{ind.name_zh}：专家评分 {points} 分（满分 {top} 分）", value=points)


def ranged_item(
    ind: Indicator,
    shown: str | DeferredText,
    band: Band | None,
    expert: int | None,
    *,
    max_points: int,
    value: object = None,
) -> Item:
    """Score a range band: the expert's points inside it, else the band's maximum (said in the reason).

    ``shown`` is the measured figure as the reason should print it (a ``DeferredText`` when
    ``value`` is given: printed only if the reason is read).
    """
    if band is None:
        return ind.unknown(max_points=max_points)
    value = shown if value is None else value
    if expert is None:
        return ind.scored(band.points, max_points, DeferredText(_ranged_reason, ind.name_zh, shown, band, None),
                          value=value, threshold=band.label)  # fmt: skip
    low = band.points_low if band.points_low is not None else band.points
    if not isinstance(expert, int) or not low <= expert <= band.points:
        raise ValueError(f"{ind.name_zh}：评分 {expert!r} 不在「{band.label}」档的 {band.points_text} 内")
    reason = DeferredText(_ranged_reason, ind.name_zh, shown, band, expert)
    return ind.scored(expert, max_points, reason, value=value, threshold=band.label)


def _ranged_reason(name_zh: str, shown: str | DeferredText, band: Band, expert: int | None) -> str:
    figure = shown if type(shown) is str else shown.text()  # type: ignore[union-attr]
    if expert is None:
        return f"{name_zh} {figure}，在「{band.label}」档（{band.points_text}），未提供专家评分，按该档上限计 {band.points} 分"
    return f"{name_zh} {figure}，在「{band.label}」档（{band.points_text}），专家评 {expert} 分"


def conversion_item(per_year: Decimal | None, expert: int | None) -> Item:
    """Annual average S&T result conversions over 3 years, on the ≥5/4/3/2/1 bands (30 points)."""
    if per_year is None:
        return CONVERSION.unknown(max_points=30)
    band = CONVERSION_BANDS.find(per_year)
    return ranged_item(CONVERSION, f"年均 {plain(per_year)} 项", band, expert, max_points=30, value=per_year)


def ip_total_item(ip_detail: Sequence[Item]) -> Item:
    """IP sub-items summed and capped at 30 (the standards bonus cannot lift it past 30)."""
    low, high = score_bounds(ip_detail)
    if low != high:
        reason = f"知识产权已知得分 {low} 分，最高可能 {min(high, IP_CAP)} 分（上限 30 分）"
        return replace(IP_TOTAL.unknown(max_points=IP_CAP), reason_zh=reason)
    points = min(low, IP_CAP)
    reason = f"知识产权各项合计 {low} 分" + ("，按上限计 30 分" if low > IP_CAP else f"，得 {points} 分")
    return IP_TOTAL.scored(points, IP_CAP, reason, value=low)


def growth_rate(values: tuple[Decimal, ...]) -> tuple[Decimal | None, str]:
    """Growth in percent by the 工作指引 formula, or (None, why it scores 0).

    3 years: ½(V2/V1 + V3/V2) − 1; V1 = 0 → V3/V2 − 1; V2 = 0 → 0 points.
    Fewer years in operation: the actual years (2 years: V2/V1 − 1).
    """
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _growth_rate(values[-3:])


def _growth_rate(last: tuple[Decimal, ...]) -> tuple[Decimal | None, str]:
    if len(last) < 2:
        return None, "经营不足两个会计年度，无法计算增长率，按 0 分计"
    if len(last) == 2:
        first, second = last
        return (None, "首年数值为 0，按 0 分计") if first == 0 else (percent_change(second, first), "")
    one, two, three = last
    if two == 0:
        return None, "第二年数值为 0，按 0 分计"
    if one == 0:
        return percent_change(three, two), "第一年数值为 0，仅用后两年计算"
    return (two / one + three / two) * 50 - 100, ""


def percent_change(new: Decimal, old: Decimal) -> Decimal:
    """(new / old − 1) in percent."""
    return new / old * 100 - 100


def growth_item(ind: Indicator, values: tuple[Decimal, ...] | None, expert: int | None) -> Item:
    """Net-asset or sales growth scored on the ≥35/25/15/5/>0 bands (10 points)."""
    if values is None:
        return ind.unknown(max_points=10)
    rate, why = growth_rate(tuple(Decimal(v) for v in values))
    if rate is None:
        return ind.scored(0, 10, f"{ind.name_zh}：{why}", threshold="≤ 0")
    item = ranged_item(ind, DeferredText(fmt_pct, rate), GROWTH_BANDS.find(rate), expert, max_points=10, value=rate)
    if why:
        return replace(item, reason_zh=DeferredText(_with_why, item, why))
    return item


def _with_why(item: Item, why: str) -> str:
    return f"{item.reason_zh}（{why}）"


def _quantity_band(facts: HnteFacts) -> tuple[str, Band | None]:
    class1, class2 = facts.ip_class1, facts.ip_class2
    if class1 is None or (class1 == 0 and class2 is None):
        return "", None
    if class1 >= 1:
        return f"Ⅰ类 {class1} 项", IP_QUANTITY_BANDS[0]
    band = next(b for b in IP_QUANTITY_BANDS[1:] if b.admits(class2))  # type: ignore[arg-type]
    return f"Ⅱ类 {class2} 项", band


def gate_item(low: Points, high: Points, minimum: Decimal) -> Item:
    """Condition 7: innovation score ≥ 71 ("70分以上（不含70分）")."""
    ok = True if low >= minimum else (False if high < minimum else None)
    return Item(
        code="condition.innovation",
        name_zh="企业创新能力评价",
        status=status_for(ok),
        reason_zh=DeferredText(_gate_reason, low, high, minimum, ok),
        source=f"{SOURCE}；国科发火〔2016〕32号 第十一条（七）",
        points=low,
        value=low,
        threshold=bound("≥", minimum, "分"),
        group="condition",
    )


def _gate_reason(low: Points, high: Points, minimum: Decimal, ok: bool | None) -> str:
    reason = f"创新能力评价 {low} 分，需 ≥ {plain(minimum)} 分（70 分以上，不含 70 分）"
    if high != low:
        reason += f"；另有未评项目，最高可能 {high} 分"
    if ok is False:
        reason += f"：还差 {plain(minimum - low)} 分"
    return reason
