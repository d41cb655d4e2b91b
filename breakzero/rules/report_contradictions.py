"""Reported R&D against what the same enterprise declared elsewhere (data quality page).

* The R&D expense declared for policy screening (super-deduction, 财税〔2023〕7号 basis) should
  match the reported one; more than `tolerance` apart (default 10 %) is a contradiction.
* An enterprise declaring a valid HNTE certificate must meet the HNTE R&D ratio (认定办法 条件五:
  5 % / 4 % / 3 % by sales band — `rules.hnte.rd_ratio_threshold`); a reported intensity below it
  contradicts the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from breakzero.rules.hnte import rd_ratio_threshold
from breakzero.rules.ruleset_types import Rule
from breakzero.rules.rulesets import rule_set_for

TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class Contradiction:
    code: str
    message_zh: str


def rd_contradictions(
    *, reported_rd: Decimal | None, reported_revenue: Decimal | None, declared_rd: Decimal | None,
    declares_hnte: bool, as_of: date, tolerance: Decimal = TOLERANCE,
) -> list[Contradiction]:
    found = []
    if declared_rd is not None and reported_rd is not None:
        base = max(abs(declared_rd), abs(reported_rd))
        if base and abs(declared_rd - reported_rd) > base * tolerance:
            found.append(Contradiction("rd_vs_declared", f"填报研发费用 {reported_rd} 万元与政策申报的 {declared_rd} 万元不一致"))
    if declares_hnte and reported_revenue and reported_rd is not None:
        threshold = rd_ratio_threshold(reported_revenue, rule_set_for(Rule.HNTE, as_of))
        ratio = reported_rd * 100 / reported_revenue
        if ratio < threshold:
            found.append(Contradiction(
                "rd_vs_hnte", f"声明持有高新技术企业证书，但填报研发投入强度 {ratio:.2f}% 低于认定要求 {threshold}%"))
    return found
