"""Rule sets of the provincial programmes in ``shared/reference/programme-rules-2.md`` (data only).

Every LIKELY or UNCONFIRMED threshold is marked in ``confidence``; a number the
reference calls "not known" is left out of the set (the rule then reports an
UNCONFIRMED item instead of inventing it). Effective dates the reference does
not give are marked in the set's ``note_zh``.
"""

from __future__ import annotations

from datetime import date

from breakzero.rules.ruleset_types import Confidence, Rule, RuleSet, marks, t

LIKELY = Confidence.LIKELY
UNCONFIRMED = Confidence.UNCONFIRMED

_BENCHMARK_CALL = "省工信厅《关于征集全省中小企业技术创新“破零倍增”标杆企业的通知》（2020-11-16）"

BENCHMARKS: tuple[RuleSet, ...] = (
    # §2.1: the 2020 call is the only one known; whether it was repeated is not known.
    RuleSet(
        Rule.BREAK_ZERO_BENCHMARK,
        "hngxt-2020-benchmark",
        date(2020, 11, 16),
        None,
        _BENCHMARK_CALL,
        thresholds=t(grants_in_year=2, rd_staff_pct=10, rd_expense=30, rd_intensity_pct=4, patent_product_sales=300),
        note_zh="仅知2020年征集通知；2021年后是否再次征集未知",
    ),
    RuleSet(
        Rule.DOUBLING_BENCHMARK,
        "hngxt-2020-benchmark",
        date(2020, 11, 16),
        None,
        _BENCHMARK_CALL,
        # R&D intensity threshold and the remaining conditions: not known (GAP) — left out.
        thresholds=t(valid_inventions=5, rd_staff_pct=15, rd_expense=50),
        note_zh="倍增标杆的研发投入强度门槛及其余条件原文未获取",
    ),
)

TECH_CENTRES: tuple[RuleSet, ...] = (
    # §2.2.1: recognition conditions known only from the 2017 round (LIKELY).
    RuleSet(
        Rule.TECH_CENTRE,
        "hnjxw-2014-197",
        date(2014, 1, 1),
        date(2021, 12, 31),
        "湘经信科技〔2014〕197号《湖南省认定企业技术中心管理办法》",
        thresholds=t(operating_revenue=20000, equipment_value=600, rd_sales_pct=3, invention_patents=1),
        confidence=marks(LIKELY, "operating_revenue", "equipment_value", "rd_sales_pct", "invention_patents"),
        note_zh="生效日按2014年初计（待确认）；条件取自2017年认定通知的咨询机构摘要（很可能）",
    ),
    # §2.2.2: 275号 applies to the 2022 (第27批) recognition; its exact date is not given.
    RuleSet(
        Rule.TECH_CENTRE,
        "hngxt-2022-275",
        date(2022, 1, 1),
        None,
        "湘工信科技〔2022〕275号《湖南省省级企业技术中心认定管理办法》",
        thresholds=t(
            operating_years=2,
            revenue_manufacturing=6000,
            revenue_rd_design=3000,
            centre_years=2,
            rd_expense=300,
            validity_years=3,
        ),
        confidence=marks(
            LIKELY,
            "operating_years",
            "revenue_manufacturing",
            "revenue_rd_design",
            "centre_years",
            "rd_expense",
            "validity_years",
        ),
        note_zh="自2022年起按275号（第27批）；生效日按2022-01-01计（待确认）；附件4限定性指标原文未获取",
    ),
)

FUND_CALLS: tuple[RuleSet, ...] = (
    # §6.2: the 2022 call of the 湖南省中小企业发展专项资金.
    RuleSet(
        Rule.SME_FUND_CALL,
        "hngxt-2021-509",
        date(2021, 11, 1),
        date(2022, 12, 31),
        "湘工信财务〔2021〕509号（2022年度省中小企业发展专项资金申报通知）",
        thresholds=t(call_year=2022, established_years=1, bad_record_years=2, falsified_years=2),
        dates=(("established_cutoff", date(2021, 10, 31)),),
        note_zh="通知日期未给出，按截止日后一日起计（待确认）",
    ),
)

DIGITAL_LEVELS: tuple[RuleSet, ...] = (
    # §3.3: levels by total score, bands a ≤ x < b.
    RuleSet(
        Rule.DIGITAL_LEVEL,
        "miit-2022-32",
        date(2022, 11, 1),
        date(2024, 9, 3),
        "工信厅企业〔2022〕32号《中小企业数字化水平评测指标（2022年版）》",
        thresholds=t(level1=20, level2=40, level3=60, level4=80, max_score=100),
        note_zh="总分 < 20 不定级（待确认 读法）",
    ),
    # §3.3: 2024 levels need scenario counts whose official table is not known → level is an input.
    RuleSet(
        Rule.DIGITAL_LEVEL,
        "miit-2024-56",
        date(2024, 9, 4),
        None,
        "工信厅企业〔2024〕56号《中小企业数字化水平评测指标（2024年版）》",
        note_zh="等级由总分和场景等级共同确定，官方定级表未获取：等级作为输入（官方系统或现场评测结果）",
    ),
)

MAKER_CHINA: tuple[RuleSet, ...] = (
    # §5.2: the exclusion is read in the 2023 call; applying it to 2022 is our inference.
    RuleSet(
        Rule.MAKER_CHINA,
        "hngxt-2022-maker-china",
        date(2022, 1, 1),
        date(2022, 12, 31),
        "2022年“创客中国”湖南省中小企业创新创业大赛通知（排除条款沿用2023年通知，待确认）",
        thresholds=t(excluded_award_level=2),
        confidence=marks(UNCONFIRMED, "excluded_award_level"),
    ),
    RuleSet(
        Rule.MAKER_CHINA,
        "hngxt-2023-maker-china",
        date(2023, 1, 1),
        None,
        "2023年“创客中国”湖南省中小企业创新创业大赛通知",
        thresholds=t(excluded_award_level=2),
        note_zh="2024年后沿用2023年通知的报名条件（待确认）",
    ),
)

PROGRAMME_RULE_SETS: tuple[RuleSet, ...] = BENCHMARKS + TECH_CENTRES + FUND_CALLS + DIGITAL_LEVELS + MAKER_CHINA
