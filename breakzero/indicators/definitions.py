"""The programme's indicators, each defined once: name, unit, formula, source clause,
compute function, doubling flag and default target rule.

Adding an indicator is one `define(Indicator(...))` call; its compute function returns rows for
every region level (see computations.py). Baseline years of doubling indicators come from
`breakzero.rules.unconfirmed` (UNCONFIRMED, one place).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from breakzero.indicators import computations as c
from breakzero.indicators import computations_empowerment as e
from breakzero.rules.unconfirmed import DEFAULT as UNCONFIRMED

SOURCE_151 = "湘工信中小发展〔2020〕151号"
PROGRAMME_FINAL_YEAR = 2022  # the action plan runs 2020–2022; doubling is due in 2022
PROVINCE_CODE = "430000"
DATED = "dated"  # every record carries its own date (events counted by date, stocks held on a day)
YEARLY = "yearly"  # reported once for a whole year (annual statements): no month-level figure exists


@dataclass(frozen=True)
class TargetRule:
    """Default target when no region has set one: a fixed province value, or doubling of the baseline."""

    province_value: Decimal | None = None  # e.g. 300 break-zero enterprises a year province-wide
    is_cumulative_by_final_year: bool = False  # service-system counts: reach the value by 2022

    def describe(self, indicator: "Indicator") -> str:
        if indicator.is_doubling:
            return f"{PROGRAMME_FINAL_YEAR}年达到{indicator.base_year}年基数的2倍（中间年度按线性路径）"
        if self.province_value is not None:
            return f"全省每年不少于{self.province_value.normalize():,}"
        return "由各级设定"


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    unit: str
    formula: str
    source: str
    compute: Callable[..., Iterable[c.ValueRow]]
    is_doubling: bool = False
    target_rule: TargetRule = field(default_factory=TargetRule)
    is_flow: bool = True  # counted events accumulate over the year (pro rata applies)
    # YEARLY: the figure exists only once the year's statements are in; never pro-rated or extrapolated
    # from part of a year, and a month/quarter view shows the latest complete reported year instead.
    reporting: str = DATED
    is_count: bool = True  # no records means 0 (sums and ratios without data stay empty)
    has_months: bool = False
    decimals: int = 0
    is_fraction: bool = False  # a ratio stored as a fraction (0.0876), read as a percentage (8.76 %)
    baseline_key: str = ""  # key in rules.unconfirmed doubling_base_years
    # what the drill-down lists (every figure links to its records): one of RECORD_KINDS
    records: str = ""
    # The source tables ("app_label.Model", as in summaries.SOURCES) compute reads. A refresh after
    # a change recomputes only the indicators whose tables changed (the follow-ups do only the work
    # the change requires); empty = not declared, recomputed after every change.
    # test_summaries.test_indicator_reads_cover_every_table_its_sql_reads keeps this honest.
    reads: tuple[str, ...] = ()

    @property
    def is_yearly_reported(self) -> bool:
        return self.reporting == YEARLY

    @property
    def base_year(self) -> int:
        return UNCONFIRMED.doubling_base_year(self.baseline_key or self.id)


REGISTRY: dict[str, Indicator] = {}


def gettext_noop(text: str) -> str:
    """Marks names and formulas for the translation catalogue without importing Django; pages
    translate them where they are shown (`|translated` in indicators.templatetags.progress_tags)."""
    return text


RECORD_KINDS = ("break_zero", "patents", "years", "titles", "participants", "bodies", "engineers", "digital_uses",
                "digital_assessments", "contest_entries", "talents", "applications", "patent_deals",
                "pledge_loans", "digital_levels", "experts", "courses", "visits", "achievements", "navigation")


def define(indicator: Indicator) -> Indicator:
    if indicator.id in REGISTRY:
        raise ValueError(f"indicator {indicator.id} defined twice")
    if indicator.records not in RECORD_KINDS:
        # A figure without records behind it cannot be checked, and its drill-down link would fail.
        raise ValueError(f"indicator {indicator.id}: records must be one of {RECORD_KINDS}")
    if indicator.reporting not in (DATED, YEARLY):
        raise ValueError(f"indicator {indicator.id}: reporting must be {DATED!r} or {YEARLY!r}")
    if indicator.is_yearly_reported:
        # A yearly statement is not a flow within the year and has no months.
        indicator = replace(indicator, is_flow=False, has_months=False)
    REGISTRY[indicator.id] = indicator
    return indicator


def get(indicator_id: str) -> Indicator:
    return REGISTRY[indicator_id]


def all_indicators() -> list[Indicator]:
    return list(REGISTRY.values())


LITTLE_GIANT_LEVEL_NAMES = {"national": "国家级专精特新“小巨人”", "provincial": "省级小巨人"}


def little_giant_levels() -> tuple[str, ...]:
    """The title levels the 小巨人 doubling indicator counts (UNCONFIRMED: the plan does not say).

    One setting, LITTLE_GIANT_DOUBLING_LEVELS (e.g. ("national",)); default from rules.unconfirmed: both.
    """
    from django.conf import settings

    levels = tuple(getattr(settings, "LITTLE_GIANT_DOUBLING_LEVELS", None) or UNCONFIRMED.little_giant_doubling_levels)
    unknown = set(levels) - set(LITTLE_GIANT_LEVEL_NAMES)
    if unknown:
        raise ValueError(f"LITTLE_GIANT_DOUBLING_LEVELS: unknown level(s) {sorted(unknown)}")
    return levels


def default_target(indicator: Indicator, *, region_code: str, year: int, baseline: Decimal | None) -> Decimal | None:
    """The rule's target when no IndicatorTarget row exists; None = not applicable.

    Doubling: baseline × (1 + (year − base) / (2022 − base)) — 2 × baseline in 2022; a zero or missing
    baseline gives None (reported "n/a", never infinity). Fixed values apply to the province only.
    """
    if indicator.is_doubling:
        base = indicator.base_year
        if baseline is None or baseline <= 0 or year <= base:
            return None
        share = Decimal(min(year, PROGRAMME_FINAL_YEAR) - base) / Decimal(PROGRAMME_FINAL_YEAR - base)
        return (baseline * (1 + share)).quantize(Decimal("0.000001"))
    rule = indicator.target_rule
    if rule.province_value is not None and region_code == PROVINCE_CODE:
        return rule.province_value
    return None


define(Indicator(
    id="break_zero", name_zh=gettext_noop("破零企业数"), unit="家",
    formula=gettext_noop("当年首次获得发明专利授权的中小企业数（按破零日期计入年度、月份）"),
    source=f"{SOURCE_151} 目标任务：每年新增破零企业300家以上",
    compute=c.break_zero, target_rule=TargetRule(province_value=Decimal(300)), has_months=True, records="break_zero",
    reads=("patents.BreakZeroEvent", "enterprises.Enterprise"),
))
define(Indicator(
    id="sme_invention_grants", name_zh=gettext_noop("中小企业发明专利授权量"), unit="件",
    formula=gettext_noop("当年授权、申请人含中小企业的发明专利件数（多地共同申请在各地区各计一次，上级地区去重计一次）"),
    source=f"{SOURCE_151} 目标任务：中小企业发明专利授权量倍增",
    compute=c.sme_invention_grants, is_doubling=True, has_months=True, baseline_key="invention_grants",
    records="patents",
    reads=("patents.Patent", "patents.PatentApplicant", "enterprises.Enterprise", "enterprises.EnterpriseYear"),
))
define(Indicator(
    id="rd_intensity", name_zh=gettext_noop("中小企业研发经费投入强度"), unit="",
    formula=gettext_noop("Σ研发费用 ÷ Σ营业收入（当年有两项数据的中小企业）；另列企业自身比值的中位数"),
    source=f"{SOURCE_151} 目标任务：研发投入强度倍增",
    compute=c.rd_intensity, is_doubling=True, reporting=YEARLY, is_count=False, decimals=4, is_fraction=True,
    records="years", reads=("enterprises.EnterpriseYear", "enterprises.Enterprise"),
))
define(Indicator(
    id="new_product_revenue", name_zh=gettext_noop("中小企业新产品销售收入"), unit="万元",
    formula=gettext_noop("Σ新产品销售收入（当年有数据的中小企业）"),
    source=f"{SOURCE_151} 目标任务：新产品效益倍增",
    compute=c.new_product_revenue, is_doubling=True, reporting=YEARLY, is_count=False, baseline_key="new_product_benefit",
    decimals=2,
    records="years",
    reads=("enterprises.EnterpriseYear", "enterprises.Enterprise"),
))
define(Indicator(
    id="new_product_profit", name_zh=gettext_noop("中小企业新产品利润"), unit="万元",
    formula=gettext_noop("Σ新产品利润（当年有数据的中小企业）"),
    source=f"{SOURCE_151} 目标任务：新产品效益倍增",
    compute=c.new_product_profit, is_doubling=True, reporting=YEARLY, is_count=False, baseline_key="new_product_benefit",
    decimals=2,
    records="years",
    reads=("enterprises.EnterpriseYear", "enterprises.Enterprise"),
))
define(Indicator(
    id="little_giants", name_zh=gettext_noop("专精特新“小巨人”企业数"), unit="家",
    formula=gettext_noop("年末（当年为刷新日）持有有效“小巨人”称号的企业数；国家级、省级分列，倍增按设定的层级计（待确认：行动方案未明确层级，默认两级合计，一家企业只计一次）"),
    source=f"{SOURCE_151} 目标任务：专精特新“小巨人”企业数倍增",
    compute=c.little_giants, is_doubling=True, is_flow=False, baseline_key="little_giant_count", records="titles",
))
define(Indicator(
    id="participants", name_zh=gettext_noop("参与行动企业数"), unit="家",
    formula=gettext_noop("当年参与名单中的企业数（名单由各地导入或维护）"),
    source=f"{SOURCE_151} 目标任务：每年参与企业1000家以上",
    compute=c.participants, target_rule=TargetRule(province_value=Decimal(1000)), is_flow=False,
    records="participants",
    reads=("indicators.Participant", "enterprises.Enterprise"),
))

# ---------------------------------------------------------------------------------------------
# SERVICE-SYSTEM INDICATORS — added by the service-bodies engineer, one define(...) each:
#   platforms (10 key platforms), core_institutions (100 core service institutions),
#   innovation_engineers (1000 innovation engineers). Pattern:
#   define(Indicator(id="platforms", name_zh=gettext_noop("重点服务平台数"), unit="个", formula="…", source=f"{SOURCE_151} …",
#       compute=<function(*, years, today) -> rows via computations.count_by_level>, is_flow=False,
#       target_rule=TargetRule(province_value=Decimal(10), is_cumulative_by_final_year=True)))
# ---------------------------------------------------------------------------------------------


def _service_count(builder: Callable[..., str]) -> Callable[..., list[c.ValueRow]]:
    """A compute function counting service-system rows selected by a service_bodies.stats builder."""

    def compute(*, years: list[int] | None, today) -> list[c.ValueRow]:
        return c.count_by_level(builder(years=years, today=today), years)

    return compute


def _service_stats():
    from breakzero.service_bodies import stats

    return stats


define(Indicator(
    id="platforms", name_zh=gettext_noop("重点技术创新服务平台数"), unit="个",
    formula=gettext_noop("年末（当年为刷新日）认定有效的重点技术创新服务平台数（认定有效期3年）"),
    source=f"{SOURCE_151} 目标任务：建设10个重点技术创新服务平台",
    compute=_service_count(lambda **kw: _service_stats().platforms_inner(**kw)), is_flow=False,
    target_rule=TargetRule(province_value=Decimal(10), is_cumulative_by_final_year=True), records="bodies",
))
define(Indicator(
    id="core_institutions", name_zh=gettext_noop("核心服务机构数"), unit="家",
    formula=gettext_noop("年末（当年为刷新日）认定有效的核心服务机构数（认定有效期3年）"),
    source=f"{SOURCE_151} 目标任务：培育100家核心服务机构",
    compute=_service_count(lambda **kw: _service_stats().core_institutions_inner(**kw)), is_flow=False,
    target_rule=TargetRule(province_value=Decimal(100), is_cumulative_by_final_year=True), records="bodies",
))
define(Indicator(
    id="innovation_engineers", name_zh=gettext_noop("创新工程师人数"), unit="人",
    formula=gettext_noop("截至年末已参加培训或取得证书的创新工程师人数（累计，按所在区县）"),
    source=f"{SOURCE_151} 目标任务：培养1000名创新工程师",
    compute=_service_count(lambda **kw: _service_stats().engineers_inner(**kw)), is_flow=False,
    target_rule=TargetRule(province_value=Decimal(1000), is_cumulative_by_final_year=True), records="engineers",
))

SOURCE_DIGITAL = "湘工信中小发展〔2020〕151号 二(五) 数字化赋能；programme-rules-2.md §3"
define(Indicator(
    id="cloud_enterprises", name_zh=gettext_noop("上云企业数"), unit="家",
    formula=gettext_noop("当年登记上云（使用云服务）的企业数（每家企业每年计一次）"),
    source=SOURCE_DIGITAL, compute=e.digital_uses("cloud"), reporting=YEARLY, records="digital_uses",
    reads=("digital.DigitalUse", "enterprises.Enterprise"),
))
define(Indicator(
    id="platform_enterprises", name_zh=gettext_noop("上平台企业数"), unit="家",
    formula=gettext_noop("当年登记使用工业互联网平台的企业数（每家企业每年计一次）"),
    source=SOURCE_DIGITAL, compute=e.digital_uses("platform"), reporting=YEARLY, records="digital_uses",
    reads=("digital.DigitalUse", "enterprises.Enterprise"),
))
define(Indicator(
    id="digital_level3_plus", name_zh=gettext_noop("数字化水平三级及以上企业数"), unit="家",
    formula=gettext_noop("当年数字化水平评测达到三级及以上的企业数（一家企业只计一次）"),
    source=SOURCE_DIGITAL, compute=e.digital_level3_plus, reporting=YEARLY, records="digital_assessments",
    reads=("digital.Assessment", "enterprises.Enterprise"),
))
define(Indicator(
    id="digital_assessed", name_zh=gettext_noop("参加数字化水平评测企业数"), unit="家",
    formula=gettext_noop("当年完成数字化水平评测（有等级）的企业数（一家企业只计一次；明细列出各企业的最高等级）"),
    source=SOURCE_DIGITAL, compute=e.digital_assessed(1), reporting=YEARLY, records="digital_assessments",
    reads=("digital.Assessment", "enterprises.Enterprise"),
))
define(Indicator(
    id="contest_entries", name_zh=gettext_noop("创新创业大赛参赛项目数"), unit="个",
    formula=gettext_noop("当年创客中国等大赛登记报名的项目数（按报名所在区县、市州）"),
    source="湘工信中小发展〔2020〕151号 二(一)；programme-rules-2.md §5.2", compute=e.contest_entries(winners=False),
    reporting=YEARLY, records="contest_entries", reads=("contests.Entry", "contests.Contest"),
))
define(Indicator(
    id="contest_winners", name_zh=gettext_noop("创新创业大赛获奖项目数"), unit="个",
    formula=gettext_noop("当年省级决赛获奖的项目数（按报名所在区县、市州）"),
    source="湘工信中小发展〔2020〕151号 二(一)；programme-rules-2.md §5.2", compute=e.contest_entries(winners=True),
    reporting=YEARLY, records="contest_entries", reads=("contests.Entry", "contests.Contest"),
))
define(Indicator(
    id="leading_talents", name_zh=gettext_noop("领军人才和创新团队数"), unit="个",
    formula=gettext_noop("当年入选人才计划的中小企业领军人才和创新团队数（按所在企业的区县、市州）"),
    source="湘工信中小发展〔2020〕151号 二(八)；programme-rules-2.md §4", compute=e.leading_talents,
    reporting=YEARLY, records="talents", reads=("talent.LeadingTalent", "enterprises.Enterprise"),
))
define(Indicator(
    id="title_approvals", name_zh=gettext_noop("职称绿色通道评审通过人数"), unit="人",
    formula=gettext_noop("当年批次中小企业专业技术人才职称评审绿色通道结果已发布的申报数（按申报所在区县、市州）"),
    source="湘工信中小发展〔2020〕151号 二(八)；programme-rules-2.md §4",
    compute=e.published_applications("title_green_channel"), reporting=YEARLY, records="applications",
    reads=("calls.Application", "calls.Call", "calls.Programme"),
))
define(Indicator(
    id="defence_projects", name_zh=gettext_noop("民参军核心技术项目数"), unit="个",
    formula=gettext_noop("当年批次民参军核心技术项目结果已发布的项目数（按申报所在区县、市州）"),
    source="湘工信中小发展〔2020〕151号 二(三)；programme-rules-2.md §5.1",
    compute=e.published_applications("defence_core_technology"), reporting=YEARLY, records="applications",
    reads=("calls.Application", "calls.Call", "calls.Programme"),
))
SOURCE_IP = "湘工信中小发展〔2020〕151号 二(四)；programme-rules-2.md §7"
define(Indicator(
    id="patent_deals", name_zh=gettext_noop("专利转让许可数"), unit="件",
    formula=gettext_noop("当年签订的专利转让、许可合同数（按受让/被许可企业所在区县、市州）"),
    source=SOURCE_IP, compute=e.enterprise_records("ipfinance", "PatentDeal", "signed_on"), records="patent_deals",
    reads=("ipfinance.PatentDeal", "enterprises.Enterprise"),
))
define(Indicator(
    id="patent_deal_value", name_zh=gettext_noop("专利转让许可合同金额"), unit="万元",
    formula=gettext_noop("当年签订的专利转让、许可合同金额合计"),
    source=SOURCE_IP, compute=e.enterprise_records("ipfinance", "PatentDeal", "signed_on", amount="value"),
    is_count=False, decimals=2, records="patent_deals",
    reads=("ipfinance.PatentDeal", "enterprises.Enterprise"),
))
define(Indicator(
    id="pledge_loans", name_zh=gettext_noop("专利质押贷款笔数"), unit="笔",
    formula=gettext_noop("当年放款的专利质押贷款笔数（按借款企业所在区县、市州）"),
    source=f"{SOURCE_IP}.4", compute=e.enterprise_records("ipfinance", "PledgeLoan", "lent_on"), records="pledge_loans",
    reads=("ipfinance.PledgeLoan", "enterprises.Enterprise"),
))
define(Indicator(
    id="pledge_loan_amount", name_zh=gettext_noop("专利质押贷款金额"), unit="万元",
    formula=gettext_noop("当年放款的专利质押贷款金额合计"),
    source=f"{SOURCE_IP}.4", compute=e.enterprise_records("ipfinance", "PledgeLoan", "lent_on", amount="amount"),
    is_count=False, decimals=2, records="pledge_loans",
    reads=("ipfinance.PledgeLoan", "enterprises.Enterprise"),
))

# ---------------------------------------------------------------------------------------------
# EMPOWERMENT RECORDS — digital levels, talent, achievements and patent navigation (plan §二(四)(五)(八);
# programme-rules-2.md §3.3, §4, §7.5). Region-placed records count in their own county and city.
_LEVEL_NAMES = {1: gettext_noop("数字化水平一级企业数"), 2: gettext_noop("数字化水平二级企业数"),
                3: gettext_noop("数字化水平三级企业数"), 4: gettext_noop("数字化水平四级企业数")}
for _level, _name in _LEVEL_NAMES.items():
    define(Indicator(
        id=f"digital_level_{_level}", name_zh=_name, unit="家",
        formula=gettext_noop("当年数字化水平评测的最高等级为该级的企业数（一家企业每年按当年最高等级计一次）"),
        source=f"{SOURCE_DIGITAL}.3", compute=e.digital_level(_level), reporting=YEARLY, records="digital_levels",
        reads=("digital.Assessment", "enterprises.Enterprise"),
    ))
SOURCE_TALENT = "湘工信中小发展〔2020〕151号 二(八)、三(四)；programme-rules-2.md §4"
define(Indicator(
    id="flexible_experts", name_zh=gettext_noop("柔性引进专家数"), unit="人",
    formula=gettext_noop("当年新签柔性引进协议的专家人数（按协议开始日期计入年度，按引进企业所在区县、市州）"),
    source=SOURCE_TALENT, compute=e.enterprise_records("talent", "FlexibleExpert", "agreement_start"),
    records="experts", reads=("talent.FlexibleExpert", "enterprises.Enterprise"),
))
define(Indicator(
    id="training_courses", name_zh=gettext_noop("培训课程期数"), unit="期",
    formula=gettext_noop("当年协会、服务机构举办的培训课程期数（按举办区县、市州）"),
    source=SOURCE_TALENT, compute=e.region_records("talent", "TrainingCourse", "held_on"),
    records="courses", reads=("talent.TrainingCourse",),
))
define(Indicator(
    id="training_attendees", name_zh=gettext_noop("培训人次"), unit="人次",
    formula=gettext_noop("当年培训课程参训人数合计（按举办区县、市州）"),
    source=SOURCE_TALENT, compute=e.region_records("talent", "TrainingCourse", "held_on", amount="attendees"),
    records="courses", reads=("talent.TrainingCourse",),
))
define(Indicator(
    id="exchange_visits", name_zh=gettext_noop("交流考察次数"), unit="次",
    formula=gettext_noop("当年组织的中小企业经营管理和技术人员交流考察次数（按开始日期，按组织区县、市州）"),
    source=SOURCE_TALENT, compute=e.region_records("talent", "ExchangeVisit", "started_on"),
    records="visits", reads=("talent.ExchangeVisit",),
))
define(Indicator(
    id="achievements_listed", name_zh=gettext_noop("成果库入库成果数"), unit="项",
    formula=gettext_noop("当年列入成果库、可供转让或许可的专利和技术成果数（按入库日期，按持有单位所在区县、市州）"),
    source=SOURCE_IP, compute=e.region_records("ipfinance", "Achievement", "listed_on"),
    records="achievements", reads=("ipfinance.Achievement",),
))
define(Indicator(
    id="navigation_projects", name_zh=gettext_noop("专利导航项目数"), unit="个",
    formula=gettext_noop("当年启动的专利导航项目数（GB/T 39551，按开始日期，按所在区县、市州）"),
    source=f"{SOURCE_IP}.5", compute=e.region_records("ipfinance", "NavigationProject", "started_on"),
    records="navigation", reads=("ipfinance.NavigationProject",),
))
