"""Tier rule sets in force before 工信部企业〔2022〕63号 (programme-rules-2.md §2.4–2.5), per batch (data only).

Before 2022-08-01 MIIT ran 专精特新"小巨人" as yearly batches, each with its own
annex; Hunan ran its own provincial tier. Every threshold is a per-batch
setting marked LIKELY or UNCONFIRMED as in §2.5.2; a condition the reference
calls "not known" is left out (the rule reports it as an UNCONFIRMED item).
Periods whose rules are not known at all (专精特新中小企业 before 63号, the
Hunan tier's entry criteria) are evaluated with the nearest later set and
flagged "applied retroactively" (``rulesets.resolve_rule_set``).
"""

from __future__ import annotations

from datetime import date

from breakzero.rules.ruleset_types import Confidence, Rule, RuleSet, marks, t

LIKELY = Confidence.LIKELY
UNCONFIRMED = Confidence.UNCONFIRMED

# §2.5.2 (B): the same structure for the 2nd, 3rd and 4th batches; each batch keeps its own copy so a
# batch's annex, once found, changes only that batch.
_BATCH_THRESHOLDS = t(
    niche_years=3,
    avg_growth=5,
    debt_max=70,
    main_share=70,
    market_share=10,
    large_revenue=10000,
    large_rd_percent=3,
    mid_revenue=5000,
    mid_rd_percent=6,
    small_equity=8000,
    small_rd=3000,
    small_rd_staff=50,
    invention_patents=2,
    other_ip=5,
)
_BATCH_CONFIDENCE = marks(
    UNCONFIRMED, "niche_years", "avg_growth", "debt_max", "market_share", "invention_patents", "other_ip"
) + marks(
    LIKELY,
    "main_share",
    "large_revenue",
    "large_rd_percent",
    "mid_revenue",
    "mid_rd_percent",
    "small_equity",
    "small_rd",
    "small_rd_staff",
)


def _batch(rule_id: str, start: date, end: date, source: str, note: str) -> RuleSet:
    return RuleSet(
        Rule.LITTLE_GIANT,
        rule_id,
        start,
        end,
        source,
        is_confirmed=False,
        thresholds=_BATCH_THRESHOLDS,
        confidence=_BATCH_CONFIDENCE,
        note_zh=note,
    )


LITTLE_GIANT_BATCHES: tuple[RuleSet, ...] = (
    # §2.5.2 (A): only a press summary of the 381号 annex is known; "late Nov 2018" → 2018-11-26 (UNCONFIRMED).
    RuleSet(
        Rule.LITTLE_GIANT,
        "miit-2018-381",
        date(2018, 11, 26),
        date(2019, 12, 31),
        "工信厅企业函〔2018〕381号（第一批专精特新“小巨人”，附件条件据新闻转述）",
        is_confirmed=False,
        thresholds=t(
            revenue_min=10000,
            revenue_max=40000,
            avg_growth=10,
            debt_max=70,
            niche_years=3,
            main_share=70,
            province_rank=3,
            st_staff_pct=15,
            invention_patents=5,
            other_ip=15,
        ),
        confidence=marks(
            LIKELY,
            "revenue_min",
            "revenue_max",
            "debt_max",
            "niche_years",
            "main_share",
            "province_rank",
            "st_staff_pct",
            "invention_patents",
            "other_ip",
        )
        + marks(UNCONFIRMED, "avg_growth"),
        note_zh="第一批（2018年通知，2019年公布248家）；附件原文未获取，研发投入要求未知；起止日期为推定（待确认）",
    ),
    _batch(
        "miit-2020-batch2",
        date(2020, 1, 1),
        date(2020, 12, 31),
        "工信部第二批专精特新“小巨人”企业培育（2020年，通知文号未获取）",
        "第二批（2020年，1584家）；附件原文未获取，条件据咨询材料和63号附件3推定（待确认）",
    ),
    _batch(
        "miit-2021-batch3",
        date(2021, 1, 1),
        date(2021, 12, 31),
        "工信部第三批专精特新“小巨人”企业培育（2021年，通知文号未获取）",
        "第三批（2021年，2930家）；附件原文未获取，条件据咨询材料和63号附件3推定（待确认）",
    ),
    # §2.5.1: the 4th batch points to (B) by default; Unconfirmed.little_giant_2022_batch_uses_63 switches to 63号.
    _batch(
        "miit-2022-batch4",
        date(2022, 1, 1),
        date(2022, 7, 31),
        "工信部第四批专精特新“小巨人”企业培育（2022年上半年，通知文号未获取）",
        "第四批（2022年）；按第二至四批条件评估，是否已按63号附件3评审未知（待确认）",
    ),
)

# §2.5.4-2.5.5: Hunan's provincial tier; its entry criteria were not found, so the platform evaluates
# that role with the nearest later provincial rules (63号 附件2) and flags the result.
HUNAN_TIERS: tuple[RuleSet, ...] = (
    RuleSet(
        Rule.HUNAN_LITTLE_GIANT,
        "hnjxw-2017-274",
        date(2017, 1, 1),
        date(2020, 12, 31),
        "湘经信中小发展〔2017〕274号《湖南省小巨人企业培育计划实施方案》",
        note_zh="认定条件原文未获取",
    ),
    RuleSet(
        Rule.HUNAN_LITTLE_GIANT,
        "hngxt-2021-27",
        date(2021, 1, 1),
        date(2022, 7, 31),
        "湘工信中小发展〔2021〕27号《湖南省专精特新“小巨人”企业培育计划(2021-2025)》",
        note_zh="认定条件原文未获取",
    ),
)

HISTORIC_RULE_SETS: tuple[RuleSet, ...] = LITTLE_GIANT_BATCHES + HUNAN_TIERS
