"""Every UNCONFIRMED policy choice in one place, as one frozen settings object.

Each field names the section of ``shared/reference/policy-rules.md`` that marks
the rule UNCONFIRMED (or SINGLE-sourced). Rule functions take
``options: Unconfirmed = DEFAULT``; a caller may pass
``dataclasses.replace(DEFAULT, ...)`` to see what another reading gives.

UNCONFIRMED *data* (not choices) lives with its rule set and is flagged there:
the programme thresholds of ``programme-rules-2.md`` (``rulesets_programmes.py``,
marked per threshold), the 小巨人 batch thresholds before 63号 (``rulesets_historic.py``,
marked per threshold), the 2026 tier thresholds (``rulesets.py``, ``miit-2026-2``, §2.7), the HNTE
growth-band points 9–10/7–8/… (``hnte_scoring.py``, §3.2), the 2022 Q4 rate row
(``rulesets.py``, §4.1), the examination periods (``priority_exam.py``, §6.2)
and the dates of documents marked UNCONFIRMED.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class GrowthMethod(StrEnum):
    """How "average growth of the last 2 years" is read (§2.2)."""

    ARITHMETIC = "arithmetic"  # (g_prev + g_prev2) / 2
    CAGR = "cagr"  # sqrt(R_prev / R_prev3) - 1


class BreakZeroEvent(StrEnum):
    """Which event counts as an enterprise's first invention patent (§0)."""

    GRANT = "grant"
    APPLICATION = "application"


# §0 "Doubling base year" UNCONFIRMED: 2019 for every indicator of the plan.
# Pairs rather than a dict so the settings object stays hashable.
_DOUBLING_BASE_YEARS: tuple[tuple[str, int], ...] = (
    ("invention_grants", 2019),
    ("rd_intensity", 2019),
    ("new_product_benefit", 2019),
    ("little_giant_count", 2019),
)


@dataclass(frozen=True)
class Unconfirmed:
    """The UNCONFIRMED readings the rules use; defaults follow the reference's advice."""

    # Global boundary convention: 资产负债率 exactly on an edge (55%) goes to the
    # worse band by default; True = the favourable band (one Guangdong tool).
    debt_ratio_edge_favourable: bool = False
    # §2.2 average growth of the last 2 years: arithmetic mean (default) or CAGR.
    average_growth_method: GrowthMethod = GrowthMethod.ARITHMETIC
    # §2.1 growth with a zero base year: True = score 0 and flag; False = unknown.
    zero_base_growth_scores_zero: bool = True
    # §2.2 whether a province requires the 创新型 title before 专精特新 (63号).
    srdi_requires_innovative_title: bool = False
    # §2.3 (SINGLE) a valid provincial 专精特新 title is a prerequisite for 小巨人.
    little_giant_requires_srdi_title: bool = True
    # §2.3 R < 5000 万 band: R&D ≥ 3000 万 read over the last 2 years (True)
    # or the prior year only (False).
    little_giant_small_rd_over_two_years: bool = True
    # §0 break-zero counted on the first granted (default) or filed invention.
    break_zero_event: BreakZeroEvent = BreakZeroEvent.GRANT
    # §0 doubling base year per indicator.
    doubling_base_years: tuple[tuple[str, int], ...] = _DOUBLING_BASE_YEARS
    # §0 "小巨人企业数倍增" (湘工信中小发展〔2020〕151号) does not say which level counts: the national
    # 专精特新“小巨人” (MIIT) or also the provincial 小巨人 (湘经信中小发展〔2017〕274号, renamed under
    # 湘工信中小发展〔2021〕27号; programme-rules-2.md §2.4, §2.5.4, §2.5.5). Default: both levels.
    # Deployments override it with the Django setting LITTLE_GIANT_DOUBLING_LEVELS.
    little_giant_doubling_levels: tuple[str, ...] = ("national", "provincial")
    # §3.1 condition 1: "registered one year or more" read as ≥ 365 days.
    hnte_registration_days: int = 365
    # §4.1 2022 Q4 (公告2022年第28号): 100% for firms otherwise at 75%.
    super_deduction_2022_q4_full: bool = False
    # §4.2 excluded industry when its revenue share is > 50% (公告2015年第97号, recalled).
    excluded_industry_share_percent: int = 50
    # §4.2 manufacturing when its revenue share is ≥ 50% (recalled).
    manufacturing_share_percent: int = 50
    # §5.1 annual fees reducible within N years from the grant year: 6 under the
    # 2016 text; 10 under the current text (timing of the change UNCONFIRMED).
    annual_fee_years_2016_rules: int = 6
    annual_fee_years_2019_rules: int = 10
    # §6.1 procedure (recalled): a recommendation is needed except for ground 5;
    # off by default because the procedure is UNCONFIRMED.
    priority_exam_checks_recommendation: bool = False
    # programme-rules-2 §2.1: "2项以上" new invention grants includes the first grant
    # (True: 2 grants in the year suffice; False: the first plus 2 more).
    benchmark_grants_include_first: bool = True
    # programme-rules-2 §6.2 "成立1年以上(截至2021年10月31日)": established on the
    # cut-off date one year earlier passes (inclusive reading).
    fund_established_inclusive: bool = True
    # programme-rules-2 §6.2 exclusion 2 ("奖励类除外"): read as exempting an award
    # application only (default); True also ignores past 奖励类 support in the history.
    fund_past_awards_ignored: bool = False
    # programme-rules-2 §2.5.1: whether the 2022 (4th) 小巨人 batch was judged on the
    # old annex (False, default) or on 63号 附件3 (True).
    little_giant_2022_batch_uses_63: bool = False

    def doubling_base_year(self, indicator: str) -> int:
        """Base year of a doubling indicator (§0); 2019 for one not listed."""
        return dict(self.doubling_base_years).get(indicator, 2019)


DEFAULT = Unconfirmed()
