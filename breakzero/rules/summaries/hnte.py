"""Summary of 高新技术企业 (国科发火〔2016〕32号 第十一条, 工作指引 195号; ``rules.hnte``).

Covers facts without expert scores (screening has none): any expert-judged points given, the
full path validates and scores them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from operator import attrgetter

from breakzero.rules import hnte, hnte_scoring
from breakzero.rules.facts import HnteFacts
from breakzero.rules.rulesets import Rule, rule_set_for
from breakzero.rules.summaries.common import all3, at_least, bounds, cached_gap, flag, gap_text, gate, in_force, points_of, quantized, thresholds
from breakzero.rules.summaries.common import ratio_at_least
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

COVERED = frozenset({"most-2016-32"})
EXPERT_FIELDS = ("ip_advancement_points", "ip_core_support_points", "ip_acquisition_points", "ip_standard_points",
                 "rd_system_points", "rd_institution_points", "rd_incentive_points", "rd_talent_points",
                 "ip_quantity_points", "conversion_points", "net_asset_growth_points", "sales_growth_points")  # fmt: skip
_EXPERT = attrgetter(*EXPERT_FIELDS)
_CONDITIONS = 7  # hnte.condition_items; then the innovation gate and the incidents flag
_FLAGS = {1: "has_core_ip", 2: "is_in_supported_field"}  # condition position → its yes/no fact


def hnte_summary(facts: HnteFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``hnte.evaluate_hnte`` → screening row: all eight conditions, the seventh the innovation score."""
    if _EXPERT(facts).count(None) != len(EXPERT_FIELDS):
        return None
    rule_set = in_force(Rule.HNTE, facts.as_of, rule_set_for)  # ValueError before the first set
    if rule_set.id not in COVERED:
        return None
    t = thresholds(rule_set)
    rd_total = _total(facts.rd_expense_by_year)
    registered = facts.registration_date
    conditions = [
        None if registered is None else at_least((facts.as_of - registered).days, Decimal(options.hnte_registration_days)),
        flag(facts.has_core_ip),
        flag(facts.is_in_supported_field),
        ratio_at_least(facts.st_staff, facts.total_staff, t["st_staff"], part_of_whole=True),
        _rd_ratio(facts, rd_total, rule_set),
        ratio_at_least(facts.rd_expense_domestic, rd_total, t["domestic_rd"]),
        ratio_at_least(facts.high_tech_revenue, facts.total_revenue, t["high_tech_revenue"]),
    ]
    ip_detail, counted = _innovation(facts)
    ip_low, ip_high = bounds(ip_detail)
    low, high = bounds(counted[1:])
    low, high = low + min(ip_low, hnte_scoring.IP_CAP), high + min(ip_high, hnte_scoring.IP_CAP)
    minimum = t["pass_score"]
    conditions += [gate(low, high, minimum), flag(facts.had_major_incident_1y, False)]
    passed = all3(conditions)
    unknown = [*conditions, *(p for p, _top in ip_detail), *(p for p, _top in counted)].count(None)
    if passed is True:
        return (True, quantized(low), unknown, 0, "", rule_set.id, facts.as_of)
    unmet = conditions.count(False)  # every condition blocks; scored items never do
    text = ""
    if unmet:
        index = conditions.index(False)
        if index in _FLAGS and type(getattr(facts, _FLAGS[index])) is bool:
            text = cached_gap(("hnte", index, getattr(facts, _FLAGS[index])),
                              lambda: hnte.condition_items(facts, rule_set, options)[index])  # fmt: skip
        elif index < _CONDITIONS:
            text = gap_text(hnte.condition_items(facts, rule_set, options)[index])
        elif index == _CONDITIONS:
            key = ("hnte", index, repr(low), repr(high), repr(minimum))
            text = cached_gap(key, lambda: hnte_scoring.gate_item(low, high, minimum))
        else:  # incidents: unmet only on True, one text
            text = cached_gap(("hnte", index, facts.had_major_incident_1y),
                              lambda: hnte.evaluate_hnte(facts, options=options, rule_set=rule_set).items[index])  # fmt: skip
    return (passed, quantized(low), unknown, unmet, text, rule_set.id, facts.as_of)


def _total(values: tuple[Decimal, ...] | None) -> Decimal | None:
    """``hnte._total`` (Decimal + int converts exactly, as Decimal(int) does: the same sum)."""
    return None if values is None else sum(values, Decimal(0))


def _rd_ratio(facts: HnteFacts, rd_total: Decimal | None, rule_set) -> bool | None:  # type: ignore[no-untyped-def]
    """``hnte.rd_ratio_item``: summed R&D over summed sales, threshold by the latest year's sales."""
    rd, sales = facts.rd_expense_by_year, facts.sales_by_year
    if rd is None or sales is None or not sales:
        return None
    if len(rd) != len(sales):
        raise ValueError("研发费用与销售收入的年份数不一致")  # the full path words it
    return ratio_at_least(rd_total, _total(sales), hnte.rd_ratio_threshold(sales[-1], rule_set))


def _maxima() -> dict[str, int]:
    """Each innovation item's maximum, read off the library's items for facts with nothing known
    (every item then unknown at its maximum): the caps are written once, in hnte_scoring."""
    ip_detail, counted = hnte_scoring.innovation_items(HnteFacts(as_of=date(2020, 1, 1)))
    return {item.code: item.max_points for item in (*ip_detail, *counted)}


_MAX = _maxima()
_S = hnte_scoring
_IP_EXPERTS = (_S.ADVANCEMENT.code, _S.CORE_SUPPORT.code, _S.ACQUISITION.code, _S.STANDARD.code)
_COUNTED_EXPERTS = (_S.RD_SYSTEM.code, _S.RD_INSTITUTION.code, _S.RD_INCENTIVE.code, _S.RD_TALENT.code)


def _innovation(facts: HnteFacts) -> tuple[list[tuple[int | None, int]], list[tuple[int | None, int]]]:
    """(points or None, max) of ``hnte_scoring.innovation_items`` without expert scores (the
    expert items unknown at their maximum; ranged bands at their maximum)."""
    s, top = hnte_scoring, _MAX
    _shown, band = s._quantity_band(facts)
    ip_detail = [(None, top[code]) for code in _IP_EXPERTS]
    ip_detail.append((None if band is None else band.points, top[s.QUANTITY.code]))
    ip_low, ip_high = bounds(ip_detail)
    per_year = facts.conversions_per_year
    counted = [
        (None if ip_low != ip_high else min(ip_low, s.IP_CAP), top[s.IP_TOTAL.code]),  # ip_total_item
        (None if per_year is None else points_of(s.CONVERSION_BANDS, per_year), top[s.CONVERSION.code]),
        *((None, top[code]) for code in _COUNTED_EXPERTS),
        (_growth_points(facts.net_assets_by_year), top[s.NET_ASSET_GROWTH.code]),
        (_growth_points(facts.sales_by_year), top[s.SALES_GROWTH.code]),
    ]
    return ip_detail, counted


def _growth_points(values: tuple[Decimal, ...] | None) -> int | None:
    """``hnte_scoring.growth_item`` without an expert score: the band maximum, 0 when not computable."""
    if values is None:
        return None
    if not all(type(v) is Decimal for v in values):
        values = tuple(Decimal(v) for v in values)
    rate, _why = hnte_scoring.growth_rate(values)
    return 0 if rate is None else points_of(hnte_scoring.GROWTH_BANDS, rate)
