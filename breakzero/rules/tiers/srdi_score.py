"""专精特新中小企业 score: the 13 indicators of 63号 附件2 (100 points in four groups)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from breakzero.rules.bands import (
    Band,
    BandTable,
    ceiling_item,
    falling,
    fmt_value,
    percent,
    plain,
    part_exceeds_whole,
    ratio_item,
    rising,
    score_item,
)
from breakzero.rules.facts import EnterpriseFacts, MainProductField, RdInstitutionLevel
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Item
from breakzero.rules.tiers.common import average_growth, debt_ratio, growth_item, ip_item, share
from breakzero.rules.unconfirmed import Unconfirmed

SOURCE = "工信部企业〔2022〕63号 附件2 评价指标"
SPEC, FINE, CHAR, INNOV = "specialisation", "refinement", "characteristic", "innovation"


def _ind(code: str, name: str, group: str, missing: str = "") -> Indicator:
    return Indicator(f"score.{code}", name, SOURCE, group, missing)


MAIN_SHARE = _ind("main_business_share", "主营业务收入占营业收入比重", SPEC, "上年度主营业务收入和营业收入")
GROWTH = _ind("average_growth", "近2年主营业务收入平均增长率", SPEC, "近三年主营业务收入")
NICHE = _ind("niche_years", "从事细分市场年限", SPEC, "从事细分市场年限")
FIELD = _ind("field", "主导产品所属领域", SPEC, "主导产品所属领域情况")
DIGITAL = _ind("digital_level", "数字化水平", FINE, "数字化水平评测等级")
QUALITY = _ind("quality", "质量管理水平", FINE, "质量管理项目数")
MARGIN = _ind("net_margin", "净利润率", FINE, "上年度净利润和营业收入")
DEBT = _ind("debt_ratio", "资产负债率", FINE, "上年末资产和负债总额")
PROVINCIAL = _ind("characteristic", "特色化指标（省定）", CHAR, "省级特色化得分")
IP = _ind("ip", "与主导产品相关的有效知识产权", INNOV, "知识产权数量")
RD_INPUT = _ind("rd_input", "研发投入", INNOV, "上年度研发费用和营业收入")
RD_STAFF = _ind("rd_staff_share", "研发人员占比", INNOV, "研发人员和从业人员数")
INSTITUTION = _ind("rd_institution", "自建研发机构级别", INNOV, "研发机构级别")

MAIN_SHARE_BANDS = rising("%", ("80", 5), ("70", 3), ("60", 1), (None, 0))
GROWTH_BANDS = rising("%", ("10", 10), ("8", 8), ("6", 6), ("4", 4), ("0", 2), (None, 0))
MARGIN_BANDS = rising("%", ("10", 10), ("8", 8), ("6", 6), ("4", 4), ("2", 2), (None, 0))
DEBT_BANDS = falling("%", ("50", 5), ("60", 3), ("70", 1), (None, 0))
RD_AMOUNT_BANDS = rising("万元", ("500", 10), ("400", 8), ("300", 6), ("200", 4), ("100", 2), (None, 0))
RD_RATIO_BANDS = rising("%", ("10", 10), ("8", 8), ("6", 6), ("4", 4), ("3", 2), (None, 0))
RD_STAFF_BANDS = rising("%", ("20", 5), ("10", 3), ("5", 1), (None, 0))
DIGITAL_BANDS = BandTable(
    "级",
    (Band(5, Decimal(3), label="三级及以上"), Band(3, Decimal(2), label="二级"), Band(0, None, label="一级及以下")),
)
IP_POINTS = (10, 8, 6, 2)
FIELD_POINTS = {MainProductField.KEY_CHAIN: 5, MainProductField.FOUNDATION: 3, MainProductField.OTHER: 0}
FIELD_ZH = {
    MainProductField.KEY_CHAIN: "在产业链供应链关键环节补短板、锻长板、填空白取得实际成效",
    MainProductField.FOUNDATION: "属于工业“六基”、中华老字号或为重点产业链链主配套",
    MainProductField.OTHER: "不属于加分领域",
}
INSTITUTION_POINTS = {
    RdInstitutionLevel.NATIONAL: 10,
    RdInstitutionLevel.PROVINCIAL: 8,
    RdInstitutionLevel.CITY: 4,
    RdInstitutionLevel.BELOW_CITY: 2,
    RdInstitutionLevel.NONE: 0,
}
INSTITUTION_ZH = {
    RdInstitutionLevel.NATIONAL: "国家级",
    RdInstitutionLevel.PROVINCIAL: "省级",
    RdInstitutionLevel.CITY: "市级",
    RdInstitutionLevel.BELOW_CITY: "市级以下",
    RdInstitutionLevel.NONE: "无",
}
CHARACTERISTIC_MAX = Decimal(15)


def srdi_score_items(facts: EnterpriseFacts, options: Unconfirmed) -> tuple[Item, ...]:
    """All 13 scored indicators (附件2); unknown facts leave their item unknown."""
    growth, growth_known = average_growth(facts, options.average_growth_method)
    return (
        ratio_item(
            MAIN_SHARE,
            facts.main_business_revenue_prev,
            facts.operating_revenue_prev,
            MAIN_SHARE_BANDS,
            part_of_whole=True,
        ),
        growth_item(GROWTH, growth, growth_known, GROWTH_BANDS, options),
        niche_points_item(facts.niche_years),
        _enum_item(FIELD, facts.main_product_field, FIELD_POINTS, FIELD_ZH),
        score_item(DIGITAL, None if facts.digital_level is None else Decimal(facts.digital_level), DIGITAL_BANDS),
        quality_item(facts.quality_items),
        ratio_item(MARGIN, facts.net_profit_prev, facts.operating_revenue_prev, MARGIN_BANDS),
        ceiling_item(DEBT, debt_ratio(facts), DEBT_BANDS, favourable_edges=options.debt_ratio_edge_favourable),
        characteristic_item(facts.provincial_characteristic_points),
        ip_item(IP, facts, IP_POINTS),
        rd_input_item(facts.rd_expense_prev, facts.operating_revenue_prev),
        part_exceeds_whole(RD_STAFF, facts.rd_staff, facts.employees, max_points=RD_STAFF_BANDS.top)
        or score_item(RD_STAFF, share(facts.rd_staff, facts.employees), RD_STAFF_BANDS),
        _enum_item(INSTITUTION, facts.rd_institution_level, INSTITUTION_POINTS, INSTITUTION_ZH),
    )


def niche_points_item(years: Decimal | None) -> Item:
    """1 point per full 2 years in the niche market, at most 5: ``min(floor(years / 2), 5)``."""
    if years is None:
        return NICHE.unknown(max_points=5)
    points = min(int(Decimal(years) // 2), 5) if years > 0 else 0
    reason = f"从事细分市场 {plain(years)} 年，每满 2 年得 1 分，得 {points} 分（上限 5 分）"
    if points < 5:
        reason += f"；再满 {plain(Decimal(2 * (points + 1)) - Decimal(years))} 年可多得 1 分"
    return NICHE.scored(points, 5, reason, value=years, threshold="每满 2 年 1 分")


def quality_item(count: int | None) -> Item:
    """3 points per quality-management item, capped at 5: ``min(3n, 5)``."""
    if count is None:
        return QUALITY.unknown(max_points=5)
    points = min(3 * count, 5)
    reason = f"具备质量管理项目 {count} 项，每项 3 分，得 {points} 分（上限 5 分）"
    return QUALITY.scored(points, 5, reason, value=count, threshold="每项 3 分")


def characteristic_item(points: Decimal | None) -> Item:
    """特色化 (15) is set by each province; Hunan's indicators were not found (UNCONFIRMED)."""
    if points is None:
        reason = "湖南省特色化指标未确认（待确认），需提供省级特色化得分"
        return replace(PROVINCIAL.unknown(max_points=CHARACTERISTIC_MAX), reason_zh=reason)
    if not 0 <= points <= CHARACTERISTIC_MAX:
        raise ValueError(f"特色化得分须在 0–15 之间：{points}")
    reason = f"省级特色化指标得分 {plain(points)} 分（满分 15 分，按省定标准）"
    return PROVINCIAL.scored(points, CHARACTERISTIC_MAX, reason, value=points)


def rd_input_item(rd_expense: Decimal | None, revenue: Decimal | None) -> Item:
    """R&D amount band or R&D ratio band, whichever is better (附件2 研发投入)."""
    if rd_expense is None:
        return RD_INPUT.unknown(max_points=10)
    by_amount = RD_AMOUNT_BANDS.find(rd_expense)
    if revenue is None and by_amount.points < RD_AMOUNT_BANDS.top:
        return RD_INPUT.unknown(max_points=10)  # the ratio could still reach a better band
    reason = f"研发费用 {fmt_value(rd_expense, '万元')}（{by_amount.label}，{by_amount.points} 分）"
    best = by_amount.points
    if revenue is not None and revenue > 0:
        ratio = percent(rd_expense, revenue)
        by_ratio = RD_RATIO_BANDS.find(ratio)
        best = max(best, by_ratio.points)
        reason += f"，研发费用占比 {fmt_value(ratio, '%')}（{by_ratio.label}，{by_ratio.points} 分）"
    reason += f"，取较高档得 {best} 分"
    if best < RD_AMOUNT_BANDS.top:
        reason += "；研发费用 ≥ 500 万元或占比 ≥ 10% 可得 10 分"
    return RD_INPUT.scored(best, 10, reason, value=rd_expense, threshold="金额或比例取较高档")


def _enum_item(ind: Indicator, value: object, points: dict, words: dict) -> Item:  # type: ignore[type-arg]
    top = max(points.values())
    if value is None:
        return ind.unknown(max_points=top)
    reason = f"{ind.name_zh}：{words[value]}，得 {points[value]} 分"
    return ind.scored(points[value], top, reason, value=str(value))
