"""湖南省省级企业技术中心 (工信 scheme, programme-rules-2.md §2.2): recognition conditions and validity.

Two regimes chosen by date: 湘经信科技〔2014〕197号 before 2022 and
湘工信科技〔2022〕275号 from 2022 (``rulesets_programmes.py``). The 省发展改革委
"湖南省企业技术中心" is a different scheme: it never satisfies a 工信 check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from breakzero.rules.bands import at_least_item, ratio_at_least_item
from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import CriterionStatus, Evaluation, Item, items_passed
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for

__all__ = [
    "ApplicantType",
    "CentreRecognition",
    "CentreScheme",
    "TechCentreFacts",
    "evaluate_centre_recognition",
    "evaluate_tech_centre",
]


class CentreScheme(StrEnum):
    """Which body recognises the centre; the two schemes must never be merged (§2.2)."""

    MIIT_PROVINCIAL = "miit_provincial"  # 省工信厅: 湖南省省级企业技术中心
    NDRC = "ndrc"  # 省发展改革委: 湖南省企业技术中心


class ApplicantType(StrEnum):
    """Applicant type under 275号 (from the licence, main business and products, GB/T 4754-2017)."""

    MANUFACTURING = "manufacturing"  # 生产制造型
    RD_DESIGN = "rd_design"  # 研发设计型


@dataclass(frozen=True)
class TechCentreFacts(_Facts):
    """An application for a 工信 provincial technology centre; amounts in 万元 of the prior year."""

    as_of: date  #: application date; picks the regime
    scheme: CentreScheme | None = CentreScheme.MIIT_PROVINCIAL  #: scheme the application belongs to
    applicant_type: ApplicantType | None = None  #: 275号 type
    is_registered_in_hunan: bool | None = None
    is_independent_legal_person: bool | None = None
    operating_years: Decimal | None = None  #: years of continuous operation
    centre_years: Decimal | None = None  #: years the technology centre has been running
    has_management_systems: bool | None = None  #: IP, quality-standard and brand systems in place
    operating_revenue_prev: Decimal | None = None  #: 营业收入 (197号)
    main_business_revenue_prev: Decimal | None = None  #: 主营业务收入 (275号)
    product_sales_revenue_prev: Decimal | None = None  #: 产品销售收入 (197号 R&D ratio)
    rd_expense_prev: Decimal | None = None  #: R&D (研究与试验发展) expenditure
    equipment_value: Decimal | None = None  #: 技术开发仪器设备原值
    valid_invention_patents: int | None = None  #: valid granted invention patents


@dataclass(frozen=True)
class CentreRecognition(_Facts):
    """A recognition held by an enterprise; ``review_year``/``review_retained`` after a 复核."""

    scheme: CentreScheme
    recognised_on: date
    revoked_on: date | None = None
    review_year: int | None = None
    review_retained: bool | None = None  #: 复核 result 优秀/合格 (True) or 不合格 (False)


def evaluate_tech_centre(facts: TechCentreFacts, *, rule_set: RuleSet | None = None) -> Evaluation:
    """Recognition conditions of the regime in force on ``facts.as_of`` (197号 before 2022, 275号 from 2022)."""
    chosen = rule_set or rule_set_for(Rule.TECH_CENTRE, facts.as_of)
    regime = _items_275 if chosen.id == "hngxt-2022-275" else _items_197
    items = (_scheme_item(facts.scheme, chosen.source), *regime(facts, chosen))
    passed = items_passed(items)
    notes = [chosen.note_zh] if chosen.note_zh else []
    if passed is None:
        notes.append("结论待定：有未知事实或未确认的条件，见各项")
    return Evaluation(passed=passed, items=items, rule_set=chosen.id, as_of=facts.as_of, notes=tuple(notes))


def evaluate_centre_recognition(recognition: CentreRecognition, *, on: date) -> Evaluation:
    """Is this a valid 工信 provincial centre on ``on``? 275号: recognised in year Y → valid for Y..Y+2
    (LIKELY), kept after a 复核 rated 优秀/合格 for three more years from the 复核 year (UNCONFIRMED);
    197号 recognitions (evaluated yearly) stay valid until revoked. A 发改委 recognition never counts."""
    chosen = rule_set_for(Rule.TECH_CENTRE, recognition.recognised_on)
    items = [_scheme_item(recognition.scheme, chosen.source)]
    revoked = recognition.revoked_on is not None and recognition.revoked_on <= on
    items.append(
        Indicator("revoked", "未被撤销", chosen.source).check(
            not revoked, f"已于 {recognition.revoked_on} 撤销" if revoked else "未被撤销"
        )
    )
    if chosen.has_threshold("validity_years"):
        items.append(_validity_item(recognition, chosen, on))
    passed = items_passed(items)
    return Evaluation(passed=passed, items=tuple(items), rule_set=chosen.id, as_of=on)


def _scheme_item(scheme: CentreScheme | None, source: str) -> Item:
    ind = Indicator("scheme", "属于省工信厅省级企业技术中心认定体系", source, "scheme", "认定体系")
    if scheme is None:
        return ind.unknown()
    if scheme is CentreScheme.NDRC:
        reason = "省发展改革委认定的“湖南省企业技术中心”与省工信厅省级企业技术中心是两套体系，不能替代"
        return ind.check(False, reason, value=scheme.value)
    return ind.check(True, "省工信厅省级企业技术中心体系", value=scheme.value)


def _items_197(facts: TechCentreFacts, chosen: RuleSet) -> tuple[Item, ...]:
    src = chosen.source
    return (
        at_least_item(
            _ind("revenue", "上年度营业收入", src, chosen, "operating_revenue"),
            facts.operating_revenue_prev,
            chosen.threshold("operating_revenue"),
            unit="万元",
        ),
        at_least_item(
            _ind("equipment", "技术开发仪器设备原值", src, chosen, "equipment_value"),
            facts.equipment_value,
            chosen.threshold("equipment_value"),
            unit="万元",
        ),
        ratio_at_least_item(
            _ind("rd_ratio", "研发经费占产品销售收入比例", src, chosen, "rd_sales_pct", "研发经费和产品销售收入"),
            facts.rd_expense_prev,
            facts.product_sales_revenue_prev,
            chosen.threshold("rd_sales_pct"),
        ),
        at_least_item(
            _ind("inventions", "有效发明专利", src, chosen, "invention_patents"),
            facts.valid_invention_patents,
            chosen.threshold("invention_patents"),
            unit="项",
        ),
    )


def _items_275(facts: TechCentreFacts, chosen: RuleSet) -> tuple[Item, ...]:
    src = chosen.source
    return (
        Indicator("registered", "在湖南注册的独立法人", f"{src} 第六条", "conditions").flag(
            _both(facts.is_registered_in_hunan, facts.is_independent_legal_person),
            want=True,
            met_zh="在湖南注册、具有独立法人资格",
            unmet_zh="不是在湖南注册的独立法人",
        ),
        at_least_item(
            _ind("operating_years", "持续经营年限", src, chosen, "operating_years"),
            facts.operating_years,
            chosen.threshold("operating_years"),
            unit="年",
        ),
        _revenue_item(facts, chosen),
        at_least_item(
            _ind("centre_years", "技术中心成立并正常运行年限", src, chosen, "centre_years"),
            facts.centre_years,
            chosen.threshold("centre_years"),
            unit="年",
        ),
        Indicator("systems", "知识产权、质量标准和品牌管理体系健全", f"{src} 第六条", "conditions").flag(
            facts.has_management_systems, want=True, met_zh="相关管理体系健全", unmet_zh="管理体系不健全"
        ),
        at_least_item(
            _ind("rd_expense", "上年度研究与试验发展经费支出", src, chosen, "rd_expense"),
            facts.rd_expense_prev,
            chosen.threshold("rd_expense"),
            unit="万元",
        ),
        Item(
            code="rd_ratio_band",
            name_zh="研发经费占主营业务收入比例（按规模分档）",
            status=CriterionStatus.UNKNOWN,
            reason_zh="275号附件4限定性指标的分档表原文未获取（待确认），需人工核对",
            source=f"{src} 附件4",
            threshold="未知（待确认）",
            group="unconfirmed",
        ),
    )


def _revenue_item(facts: TechCentreFacts, chosen: RuleSet) -> Item:
    src = chosen.source
    if facts.applicant_type is None:
        return Indicator("revenue", "上年度主营业务收入（按申报类型）", src, "conditions", "申报类型").unknown()
    manufacturing = facts.applicant_type is ApplicantType.MANUFACTURING
    key = "revenue_manufacturing" if manufacturing else "revenue_rd_design"
    label = "生产制造型" if manufacturing else "研发设计型"
    return at_least_item(
        _ind("revenue", f"上年度主营业务收入（{label}）", src, chosen, key),
        facts.main_business_revenue_prev,
        chosen.threshold(key),
        unit="万元",
    )


def _validity_item(recognition: CentreRecognition, chosen: RuleSet, on: date) -> Item:
    years = int(chosen.threshold("validity_years"))
    last = recognition.recognised_on.year + years - 1
    basis = f"{recognition.recognised_on.year}年认定，有效至{last}年"
    if recognition.review_retained and recognition.review_year is not None:
        last = max(last, recognition.review_year + years - 1)
        basis += f"；{recognition.review_year}年复核保留，延至{last}年（待确认）"
    elif recognition.review_retained is False:
        return Indicator("validity", "在有效期内", chosen.source).check(False, "复核不合格，称号撤销")
    ok = on.year <= last
    ind = Indicator("validity", "在有效期内", f"{chosen.source}（有效期3年，自认定年度起算{chosen.marked('validity_years')}）")
    return ind.check(ok, basis if ok else f"{basis}，{on} 已过期", value=last, threshold=f"≤ {last}年")


def _ind(code: str, name: str, source: str, chosen: RuleSet, key: str, missing: str = "") -> Indicator:
    return Indicator(code, f"{name}{chosen.marked(key)}", source, "conditions", missing or name)


def _both(first: bool | None, second: bool | None) -> bool | None:
    if first is False or second is False:
        return False
    if first is None or second is None:
        return None
    return True
