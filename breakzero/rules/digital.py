"""中小企业数字化水平评测 levels and the pilot-city acceptance rule (programme-rules-2.md §3.2–3.3).

2022 version (工信厅企业〔2022〕32号): level from the total score, bands a ≤ x < b
(一级 20–40, 二级 40–60, 三级 60–80, 四级 80+; < 20 no level, UNCONFIRMED).
2024 version (工信厅企业〔2024〕56号): the level also depends on scenario
levels whose official table is not known, so it is an input, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, items_passed
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_by_id

__all__ = ["PilotAcceptanceFacts", "RatingMode", "evaluate_pilot_acceptance", "level_from_score"]

_VERSIONS = {"2022": "miit-2022-32", "2024": "miit-2024-56"}
_PILOT_SOURCE = "财建〔2023〕117号、工企业函〔2024〕46号；工信厅企业〔2024〕56号（试点企业须按2024年版指标现场评测）"


def level_from_score(score: Decimal | int, *, version: str | int) -> int | None:
    """Level 1–4 from a total score (2022 version), or None below level 1 (< 20, UNCONFIRMED reading).

    ``ValueError`` for a score outside 0–100, an unknown version, or a version
    whose level is not computed from the score alone (2024).
    """
    chosen = _version(version)
    if not chosen.has_threshold("level1"):
        raise ValueError(f"{version} 版数字化水平等级由总分和场景等级共同确定，官方定级表未获取：请录入评测系统给出的等级")
    if isinstance(score, float):
        raise TypeError("总分请使用 Decimal，不要使用 float")
    value = Decimal(score)
    if value < 0 or value > chosen.threshold("max_score"):
        raise ValueError(f"数字化水平评测总分应在 0–{chosen.threshold('max_score')} 分之间（现为 {value}）")
    for level in (4, 3, 2, 1):
        if value >= chosen.threshold(f"level{level}"):
            return level
    return None


def _version(version: str | int) -> RuleSet:
    key = str(version)
    if key not in _VERSIONS:
        raise ValueError(f"未知的数字化水平评测指标版本 {version}（已知：2022、2024）")
    return rule_set_by_id(Rule.DIGITAL_LEVEL, _VERSIONS[key])


class RatingMode(StrEnum):
    """How the level was established."""

    SELF = "self"  # 企业自评
    ON_SITE = "on_site"  # 现场评测


@dataclass(frozen=True)
class PilotAcceptanceFacts(_Facts):
    """A pilot-city firm's 评测验收 (§3.2): the rating after its transformation."""

    as_of: date
    rating_mode: RatingMode | None = None
    rating_version: str | None = None  #: "2022" or "2024"
    level: int | None = None  #: level given by the official system or the on-site evaluator (1–4)
    is_evaluation_passed: bool | None = None  #: the city's 评测验收 result


def evaluate_pilot_acceptance(facts: PilotAcceptanceFacts) -> Evaluation:
    """Accepted only when rated on site with the 2024 indicators, a level recorded and 评测验收 passed."""
    if facts.level is not None and facts.level not in (1, 2, 3, 4):
        raise ValueError(f"数字化水平等级应为 1–4 级（现为 {facts.level}）")
    items: tuple[Item, ...] = (
        Indicator("on_site", "现场评测", _PILOT_SOURCE, "rating", "评测方式").flag(
            None if facts.rating_mode is None else facts.rating_mode is RatingMode.ON_SITE,
            want=True,
            met_zh="已现场评测",
            unmet_zh="仅有自评结果：试点企业须现场评测，自评不能作为验收依据",
        ),
        Indicator("version_2024", "按2024年版评测指标", _PILOT_SOURCE, "rating", "评测指标版本").flag(
            None if facts.rating_version is None else str(facts.rating_version) == "2024",
            want=True,
            met_zh="按2024年版指标评测",
            unmet_zh=f"按{facts.rating_version}年版指标评测：试点企业须使用2024年版",
        ),
        Indicator("level", "评测等级已记录", _PILOT_SOURCE, "rating", "评测等级").flag(
            None if facts.level is None else True, want=True, met_zh=f"评测等级为{facts.level}级", unmet_zh=""
        ),
        Indicator("accepted", "评测验收通过", _PILOT_SOURCE, "rating", "评测验收结果").flag(
            facts.is_evaluation_passed, want=True, met_zh="评测验收通过", unmet_zh="评测验收未通过"
        ),
    )
    passed = items_passed(items)
    notes = ("验收所需的最低等级或提升幅度未见规定，此处不作要求",)
    return Evaluation(passed=passed, items=items, rule_set="miit-2024-56", as_of=facts.as_of, notes=notes)
