"""Documented fact dataclasses the policy rules take; every fact is Optional and ``None`` means unknown.

Units: money in 万元 (10,000 CNY) as ``Decimal`` unless the name ends in
``_yuan``; ``_pct`` facts are percentages (``Decimal('12.5')`` = 12.5%); counts
are ``int``. "prev" is the prior fiscal year (上年度), "prev2" the year before
it, "prev3" the one before that. Ratios are never facts when the rule can
compute them from raw amounts. Floats are rejected: use ``Decimal``.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self


class _Facts:
    """Mixin: reject floats so no binary rounding reaches a boundary test."""

    @classmethod
    def of(cls, **values: Any) -> Self:
        """``cls(**values)``, built without the generated ``__init__`` when nothing can go wrong.

        A frozen dataclass's ``__init__`` sets every field through ``object.__setattr__`` (31 for
        HnteFacts, 59 for EnterpriseFacts), most of a facts object's cost in bulk screening, which
        builds three a firm. Here the defaults and ``values`` go straight into the instance dict.
        Anything else — a name that is no field, a required field missing, a value whose type is
        not one of the plain ones (a float, say), a class with its own checks — is left to
        ``cls(**values)``, so the errors are the constructor's own. Tests hold the two equal.
        """
        plan = _PLANS.get(cls, _UNPLANNED)
        if plan is _UNPLANNED:
            plan = _PLANS[cls] = _plan(cls)
        if plan is None or not (values.keys() <= plan[0].keys() and plan[1] <= values.keys()
                                and set(map(type, values.values())) <= _PLAIN_TYPES):  # fmt: skip
            return cls(**values)
        built = object.__new__(cls)
        held = built.__dict__
        held.update(plan[0])
        held.update(values)
        return built

    def __post_init__(self) -> None:
        # The instance dict holds exactly the fields (no slots): the distinct value types in one
        # C-level pass, the field named only when a float (or a float subclass) is among them;
        # bulk screening builds three facts per firm.
        if not any(issubclass(kind, float) for kind in set(map(type, vars(self).values()))):
            return
        for spec in fields(self):  # type: ignore[arg-type]
            if isinstance(getattr(self, spec.name), float):
                raise TypeError(f"{type(self).__name__}.{spec.name}: use Decimal, not float")


# Types `of` takes as they are (its instance dict then holds what __init__ would have set, and
# the float check has nothing to find); any other type goes through the constructor.
_PLAIN_TYPES = frozenset({type(None), bool, int, str, Decimal, date, tuple, frozenset})
_PLANS: dict[type, tuple[dict[str, Any], frozenset[str]] | None] = {}  # None: only the constructor
_UNPLANNED: Any = object()


def _plan(cls: type) -> tuple[dict[str, Any], frozenset[str]] | None:
    """(each field's default, the required fields) for `of`, or None when only ``cls(**values)``
    builds it right: not a dataclass, slots, a field with a factory or not in __init__, a default of
    a type `of` does not take as it is, or a ``__post_init__`` other than the float check."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or "__slots__" in cls.__dict__ or cls.__post_init__ is not _Facts.__post_init__:
        return None
    defaults: dict[str, Any] = {}  # in field order, as __init__ sets them (a required one's value comes with the call)
    required = set()
    for spec in fields(cls):
        if not spec.init or spec.default_factory is not MISSING:
            return None
        if spec.default is MISSING:
            required.add(spec.name)
        elif type(spec.default) not in _PLAIN_TYPES:
            return None
        defaults[spec.name] = None if spec.default is MISSING else spec.default
    return defaults, frozenset(required)


class RdInstitutionLevel(StrEnum):
    """Level of the enterprise's own recognised R&D institution (63号 附件2)."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"  # 省部级
    CITY = "city"
    BELOW_CITY = "below_city"
    NONE = "none"


class MainProductField(StrEnum):
    """Field of the main product for the 专精特新 score (63号 附件2)."""

    KEY_CHAIN = "key_chain"  # real 补短板/锻长板/填空白 results at key chain links → 5
    FOUNDATION = "foundation"  # 工业"六基", 中华老字号, or serves a key-chain leader → 3
    OTHER = "other"  # → 0


@dataclass(frozen=True)
class EnterpriseFacts(_Facts):
    """Facts for the three cultivation tiers (63号 and the 2026 revision), as of ``as_of``."""

    as_of: date  #: evaluation date; picks the rule set in force
    # §2.0 common eligibility
    is_sme: bool | None = None  #: an SME under the 划型标准 (§1)
    is_independent_legal_person: bool | None = None  #: registered in mainland China, independent legal person
    is_on_abnormal_or_dishonest_list: bool | None = None  #: 经营异常名录 or 严重失信主体名单
    has_prohibited_products: bool | None = None  #: products in prohibited/restricted/eliminated lists
    had_major_incident_3y: bool | None = None  #: major safety/quality/environment accident or tax evasion, 3 years
    # Finance (万元)
    operating_revenue_prev: Decimal | None = None  #: 营业收入, prior year
    operating_revenue_prev2: Decimal | None = None  #: 营业收入, two years before
    operating_revenue_prev3: Decimal | None = None  #: 营业收入, three years before (2026 CAGR)
    main_business_revenue_prev: Decimal | None = None  #: 主营业务收入, prior year
    main_business_revenue_prev2: Decimal | None = None  #: 主营业务收入, two years before
    main_business_revenue_prev3: Decimal | None = None  #: 主营业务收入, three years before
    rd_expense_prev: Decimal | None = None  #: 研发费用, prior year
    rd_expense_prev2: Decimal | None = None  #: 研发费用, two years before
    total_assets: Decimal | None = None  #: 资产总额, prior year end
    total_liabilities: Decimal | None = None  #: 负债总额, prior year end
    net_profit_prev: Decimal | None = None  #: 净利润, prior year
    net_profit_prev2: Decimal | None = None  #: 净利润, two years before (小巨人 batches before 63号)
    net_profit_prev3: Decimal | None = None  #: 净利润, three years before
    equity_financing_2y: Decimal | None = None  #: new paid-in equity from qualified institutions, last 2 years
    equity_financing_3y: Decimal | None = None  #: the same over the last 3 years
    # People (persons)
    employees: int | None = None  #: 从业人员, prior year
    rd_staff: int | None = None  #: 研发人员, prior year
    # Market
    niche_years: Decimal | None = None  #: years in the specific niche market (细分市场)
    niche_market_share_pct: Decimal | None = None  #: main product's national niche market share, %
    is_top3_in_china: bool | None = None  #: main product ranks top 3 in China (2026 小巨人)
    is_top3_in_province: bool | None = None  #: main product ranks top 3 in the province (2018 小巨人)
    has_own_brand: bool | None = None  #: own competitive brand (小巨人 特色化)
    # IP related to the main product (63号 §2.4 classes); subsets counted in their parent
    ip_class1_high_value: int | None = None  #: Ⅰ类高价值 items
    ip_class1_self_developed: int | None = None  #: self-developed Ⅰ类 items (incl. high-value ones)
    ip_class1: int | None = None  #: all Ⅰ类 items
    ip_class2: int | None = None  #: Ⅱ类 items
    ip_class1_in_use: int | None = None  #: Ⅰ类 items applied and generating benefit (小巨人)
    # Field, management, institutions
    is_strategic_emerging_field: bool | None = None  #: main product in 《战略性新兴产业分类》
    main_product_field: MainProductField | None = None  #: 专精特新 field item
    digital_level: int | None = None  #: 中小企业数字化水平评测 level (1–4)
    quality_items: int | None = None  #: quality-management items held (0–4, 专精特新)
    provincial_characteristic_points: Decimal | None = None  #: 特色化 score set by the province (0–15)
    rd_institution_level: RdInstitutionLevel | None = None  #: own recognised R&D institution
    has_rd_institution: bool | None = None  #: own or joint R&D institution of any level (小巨人)
    has_information_system: bool | None = None  #: a core business supported by an information system
    has_foreign_certification: bool | None = None  #: management/product certification of a developed region
    has_key_chain_role: bool | None = None  #: 产业链配套 role at a key chain link (小巨人)
    is_main_product_in_key_field: bool | None = None  #: 主导产品所属领域 (小巨人)
    # Awards and honours
    has_sti_award_3y: bool | None = None  #: national or provincial S&T award, last 3 years
    has_valid_honour: bool | None = None  #: valid HNTE, 技术创新示范, 知识产权优势/示范 enterprise
    has_award_top_rank_3y: bool | None = None  #: provincial award top 3 or national top 5, 3 years
    has_national_award_top3_3y: bool | None = None  #: national S&T award ranked top 3, 3 years
    is_maker_china_top500_3y: bool | None = None  #: 创客中国 national top 500, 3 years
    is_maker_china_top50_3y: bool | None = None  #: 创客中国 national top 50, 3 years
    # Titles and 2026 figures
    has_innovative_title: bool | None = None  #: valid 创新型 (2026: 科技和创新型) title
    has_srdi_title: bool | None = None  #: valid provincial 专精特新 title
    has_little_giant_title: bool | None = None  #: valid 小巨人 title
    is_re_review: bool | None = None  #: a 复核 rather than a first application (2026)
    development_score: Decimal | None = None  #: platform 专精特新发展评价 score (2026)


@dataclass(frozen=True)
class HnteFacts(_Facts):
    """Facts for the 高新技术企业 test (国科发火〔2016〕32号, 工作指引195号); ``as_of`` = application date."""

    as_of: date
    registration_date: date | None = None  #: date of registration
    has_core_ip: bool | None = None  #: owns IP giving core support to main products (condition 2)
    is_in_supported_field: bool | None = None  #: core technology in 国家重点支持的高新技术领域
    st_staff: int | None = None  #: S&T staff who worked ≥ 183 days in the year
    total_staff: int | None = None  #: all staff incl. part-time/temporary ≥ 183 days
    rd_expense_by_year: tuple[Decimal, ...] | None = None  #: R&D per fiscal year, oldest first (≤ 3)
    rd_expense_domestic: Decimal | None = None  #: part of that R&D spent inside China (sum)
    sales_by_year: tuple[Decimal, ...] | None = None  #: sales revenue per year, oldest first, same years
    high_tech_revenue: Decimal | None = None  #: high-tech product/service revenue, latest year
    total_revenue: Decimal | None = None  #: 收入总额 less 不征税收入, latest year
    had_major_incident_1y: bool | None = None  #: major safety/quality accident or environmental violation
    net_assets_by_year: tuple[Decimal, ...] | None = None  #: total assets − liabilities, oldest first
    ip_class1: int | None = None  #: Ⅰ类 IP items
    ip_class2: int | None = None  #: Ⅱ类 IP items not used by an earlier HNTE application
    has_self_developed_ip: bool | None = None  #: False when every item was transferred/gifted/acquired
    conversions_per_year: Decimal | None = None  #: annual average S&T result conversions, 3 years
    taxable_income: Decimal | None = None  #: 应纳税所得额 for the tax comparison
    # Expert-judged whole points (None = not yet scored)
    ip_advancement_points: int | None = None  #: technical advancement, 0–8
    ip_core_support_points: int | None = None  #: core-support role, 0–8
    ip_acquisition_points: int | None = None  #: how obtained, 0–6 (≤ 3 if none self-developed)
    ip_standard_points: int | None = None  #: bonus for drafting standards, 0–2
    rd_system_points: int | None = None  #: R&D management rules and accounts, 0–6
    rd_institution_points: int | None = None  #: internal R&D institution and cooperation, 0–6
    rd_incentive_points: int | None = None  #: conversion incentives and open platform, 0–4
    rd_talent_points: int | None = None  #: talent schemes, 0–4
    # Optional expert points inside a computed range band (else the band maximum)
    ip_quantity_points: int | None = None  #: inside the IP-quantity band (e.g. 7 or 8)
    conversion_points: int | None = None  #: inside the conversion band (e.g. 19–24)
    net_asset_growth_points: int | None = None  #: inside the net-asset growth band (e.g. 7–8)
    sales_growth_points: int | None = None  #: inside the sales growth band


@dataclass(frozen=True)
class TechSmeFacts(_Facts):
    """Facts for 科技型中小企业 (国科发政〔2017〕115号); figures of the prior fiscal year."""

    as_of: date
    is_resident_mainland: bool | None = None  #: resident enterprise registered in mainland China
    employees: int | None = None  #: 职工总数 (part-time/temporary ≥ 6 months)
    sales_revenue: Decimal | None = None  #: 销售收入
    total_assets: Decimal | None = None  #: 资产总额
    has_prohibited_products: bool | None = None
    had_incident_or_misconduct: bool | None = None  #: prior or current year: accident, violation, misconduct
    is_on_abnormal_or_violation_list: bool | None = None
    st_staff: int | None = None  #: 科技人员 (part-time/temporary ≥ 6 months)
    total_staff: int | None = None
    rd_expense: Decimal | None = None
    total_cost_and_expense: Decimal | None = None  #: 成本费用总额
    ip_class1: int | None = None
    ip_class2: int | None = None
    has_valid_hnte: bool | None = None
    has_national_award_top3_5y: bool | None = None
    has_ministerial_rd_institution: bool | None = None  #: recognised 省部级以上 R&D institution
    led_standard_5y: bool | None = None  #: led an international/national/industry standard


@dataclass(frozen=True)
class DeductionFacts(_Facts):
    """Facts for the R&D super-deduction of one tax year (§4)."""

    as_of: date
    tax_year: int
    expensed_rd: Decimal | None = None  #: eligible R&D expensed in the year
    expensed_rd_q4: Decimal | None = None  #: part of it incurred 1 Oct – 31 Dec (2022 Q4 option)
    intangible_cost: Decimal | None = None  #: cost of an intangible asset formed by R&D
    intangible_years: int | None = None  #: its straight-line amortisation years
    is_manufacturing: bool | None = None  #: 制造业企业; else computed from the revenues below
    is_excluded_industry: bool | None = None  #: in the 负面清单; else computed from the revenues below
    manufacturing_revenue: Decimal | None = None
    excluded_industry_revenue: Decimal | None = None  #: revenue of the listed excluded industries
    income_base: Decimal | None = None  #: 收入总额 less 不征税收入 and investment income
    is_tech_sme: bool | None = None  #: valid 科技型中小企业 入库登记编号 for the year
    is_ic_or_machine_tool_listed: bool | None = None  #: listed 集成电路 / 工业母机 enterprise


class ApplicantKind(StrEnum):
    """Applicant or patentee category for fee reduction (§5.2)."""

    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位 (e.g. a university)
    SOCIAL_ORGANISATION = "social_organisation"  # 社会团体
    NONPROFIT_RESEARCH = "nonprofit_research"


class PatentType(StrEnum):
    """Chinese patent types."""

    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"


class FeeKind(StrEnum):
    """Official fees (§5.4); the last two are never reducible."""

    APPLICATION = "application"
    SUBSTANTIVE_EXAMINATION = "substantive_examination"
    ANNUAL = "annual"
    REEXAMINATION = "reexamination"
    PUBLICATION_PRINTING = "publication_printing"
    CLAIM_SURCHARGE = "claim_surcharge"


@dataclass(frozen=True)
class Applicant(_Facts):
    """One applicant or patentee; income of the prior year."""

    name: str
    kind: ApplicantKind
    taxable_income: Decimal | None = None  #: enterprise 应纳税所得额, 万元
    monthly_income_yuan: Decimal | None = None  #: individual average monthly income, 元
    annual_income_yuan: Decimal | None = None  #: individual annual income, 元 (if monthly unknown)


@dataclass(frozen=True)
class FeeRequest(_Facts):
    """One fee to pay. ``patent_year`` = annual-fee year counted from filing (sets the amount);
    ``year_from_grant`` = 1 for the annual fee of the year the patent was granted (sets reducibility)."""

    fee: FeeKind
    patent_type: PatentType
    patent_year: int | None = None
    year_from_grant: int | None = None
    quantity: int = 1


@dataclass(frozen=True)
class FeeFacts(_Facts):
    """Facts for patent fee reduction; ``as_of`` = filing or request date."""

    as_of: date
    applicants: tuple[Applicant, ...] = ()
    fees: tuple[FeeRequest, ...] = ()


class PriorityCase(StrEnum):
    """Case types of priority examination (§6.1)."""

    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    REEXAMINATION = "reexamination"
    INVALIDATION_INVENTION = "invalidation_invention"
    INVALIDATION_UTILITY_MODEL = "invalidation_utility_model"
    INVALIDATION_DESIGN = "invalidation_design"


class PriorityGround(StrEnum):
    """Grounds for priority of an application or re-examination (§6.1, 1–5 CONFIRMED, 6 recalled)."""

    NATIONAL_PRIORITY_INDUSTRY = "national_priority_industry"
    LOCAL_ENCOURAGED_INDUSTRY = "local_encouraged_industry"
    FAST_UPDATING_TECHNOLOGY = "fast_updating_technology"
    EXPLOITATION = "exploitation"
    FIRST_FILED_IN_CHINA = "first_filed_in_china"
    MAJOR_PUBLIC_INTEREST = "major_public_interest"


@dataclass(frozen=True)
class PriorityFacts(_Facts):
    """Facts for a priority-examination case; ``as_of`` = evaluation date."""

    as_of: date
    case: PriorityCase
    priority_granted_on: date | None = None  #: date priority examination was granted
    grounds: frozenset[PriorityGround] | None = None  #: grounds claimed (applications, re-exams)
    has_infringement_dispute: bool | None = None  #: invalidation: dispute before an office/court
    is_major_interest: bool | None = None  #: invalidation: major national or public interest
    has_recommendation: bool | None = None  #: recommendation by a ministry or provincial IP office
