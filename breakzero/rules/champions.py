"""Provincial manufacturing single champions, product track (programme-rules-2.md §2.3; 4th-batch call
as reproduced, CONFIRMED; the 2024 办法 湘工信产业〔2024〕119号 text is not available)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from breakzero.rules.bands import at_most_item
from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, items_passed

__all__ = ["ChampionFacts", "evaluate_provincial_single_champion"]

SOURCE = "湖南省制造业单项冠军（产品）第四批申报通知"
RULE_SET = "hngxt-single-champion-4th"
NATIONAL_RANK_MAX = 3  # 全国前3
PROVINCIAL_RANK_MAX = 1  # 省内第1


@dataclass(frozen=True)
class ChampionFacts(_Facts):
    as_of: dt.date
    is_hunan_legal_person: bool | None = None
    has_good_credit: bool | None = None
    has_own_rd_and_manufacturing: bool | None = None  #: own R&D, design and manufacturing
    national_rank: int | None = None  #: the product's market-share rank in China
    provincial_rank: int | None = None  #: rank in Hunan
    is_technology_domestic_leading: bool | None = None
    has_brand_strategy: bool | None = None


def evaluate_provincial_single_champion(facts: ChampionFacts) -> Evaluation:
    """Product track: Hunan legal person with good credit and own R&D/manufacturing; the product
    ranks in China's top 3 and first in Hunan; domestic-leading technology; a brand strategy."""
    items = (
        _flag("c1.legal_person", "湖南省内注册的独立法人", facts.is_hunan_legal_person),
        _flag("c1.credit", "信用良好", facts.has_good_credit),
        _flag("c1.own_rd", "具有自主研发、设计和制造能力", facts.has_own_rd_and_manufacturing),
        at_most_item(Indicator("c2.national", "单项产品市场占有率全国排名", f"{SOURCE} 条件2", "c2", "全国排名"),
                     facts.national_rank, NATIONAL_RANK_MAX, unit="名"),
        at_most_item(Indicator("c2.provincial", "单项产品市场占有率省内排名", f"{SOURCE} 条件2", "c2", "省内排名"),
                     facts.provincial_rank, PROVINCIAL_RANK_MAX, unit="名"),
        _flag("c3.technology", "技术水平国内领先", facts.is_technology_domestic_leading),
        _flag("c4.brand", "实施品牌战略", facts.has_brand_strategy),
    )
    passed = items_passed(items)
    notes = ("结论待定：有未知事实，见各项",) if passed is None else ()
    return Evaluation(passed=passed, items=items, rule_set=RULE_SET, as_of=facts.as_of, notes=notes)


def _flag(code: str, name: str, value: bool | None) -> Item:
    return Indicator(code, name, f"{SOURCE} 条件{code[1]}", code.split(".")[0]).flag(
        value, want=True, met_zh=name, unmet_zh=f"不满足：{name}")
