"""Patent fee reduction (专利收费减缴办法, 财税〔2016〕78号 and its 2019 amendment): who qualifies, the rate,
and what each fee then costs (policy-rules §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from breakzero.rules.bands import fmt2, plain
from breakzero.rules.facts import Applicant, ApplicantKind, FeeFacts, FeeKind, FeeRequest, PatentType
from breakzero.rules.results import all3
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

INV, UM, DES = PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN
# §5.4 standard official fees in 元 (CONFIRMED, two public fee tables).
FLAT_FEES: dict[tuple[FeeKind, PatentType], int] = {
    (FeeKind.APPLICATION, INV): 900,
    (FeeKind.APPLICATION, UM): 500,
    (FeeKind.APPLICATION, DES): 500,
    (FeeKind.SUBSTANTIVE_EXAMINATION, INV): 2500,
    (FeeKind.REEXAMINATION, INV): 1000,
    (FeeKind.REEXAMINATION, UM): 300,
    (FeeKind.REEXAMINATION, DES): 300,
    (FeeKind.PUBLICATION_PRINTING, INV): 50,
    (FeeKind.CLAIM_SURCHARGE, INV): 150,
    (FeeKind.CLAIM_SURCHARGE, UM): 150,  # per claim over 10
}
_SHORT_TERM = ((1, 3, 600), (4, 5, 900), (6, 8, 1200), (9, 10, 2000))
# (first year, last year, 元); design years 11–15 are UNCONFIRMED and not listed.
ANNUAL_FEES: dict[PatentType, tuple[tuple[int, int, int], ...]] = {
    INV: ((1, 3, 900), (4, 6, 1200), (7, 9, 2000), (10, 12, 4000), (13, 15, 6000), (16, 20, 8000)),
    UM: _SHORT_TERM,
    DES: _SHORT_TERM,
}
REDUCIBLE = frozenset({FeeKind.APPLICATION, FeeKind.SUBSTANTIVE_EXAMINATION, FeeKind.ANNUAL, FeeKind.REEXAMINATION})
FEE_ZH = {
    FeeKind.APPLICATION: "申请费",
    FeeKind.SUBSTANTIVE_EXAMINATION: "发明专利申请实质审查费",
    FeeKind.ANNUAL: "年费",
    FeeKind.REEXAMINATION: "复审费",
    FeeKind.PUBLICATION_PRINTING: "公布印刷费",
    FeeKind.CLAIM_SURCHARGE: "权利要求附加费",
}
_ALWAYS_QUALIFY = {
    ApplicantKind.PUBLIC_INSTITUTION: "事业单位",
    ApplicantKind.SOCIAL_ORGANISATION: "社会团体",
    ApplicantKind.NONPROFIT_RESEARCH: "非营利性科研机构",
}


@dataclass(frozen=True)
class ApplicantCheck:
    """One applicant's qualification for reduction."""

    name: str
    kind: ApplicantKind
    qualifies: bool | None
    reason_zh: str


@dataclass(frozen=True)
class FeeLine:
    """One fee: standard amount, whether it is reducible, and what is payable (元)."""

    fee: FeeKind
    patent_type: PatentType
    patent_year: int | None
    standard_yuan: Decimal
    reducible: bool | None
    payable_yuan: Decimal | None
    reason_zh: str


@dataclass(frozen=True)
class FeeReductionResult:
    """Fee reduction: overall qualification, rate off (85 / 70 / 0), per-applicant checks and fee lines."""

    qualifies: bool | None
    rate_percent: int | None
    applicants: tuple[ApplicantCheck, ...]
    lines: tuple[FeeLine, ...]
    total_standard_yuan: Decimal
    total_payable_yuan: Decimal | None
    rule_set: str
    as_of: date
    notes: tuple[str, ...] = ()


def fee_reduction(
    facts: FeeFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> FeeReductionResult:
    """Every applicant must qualify; one → 85% off, two or more → 70% off (§5.2, §5.3)."""
    if not facts.applicants:
        raise ValueError("至少需要一个申请人或专利权人")
    chosen = rule_set or rule_set_for(Rule.PATENT_FEES, facts.as_of)
    checks = tuple(applicant_check(a, chosen) for a in facts.applicants)
    qualifies = all3(c.qualifies for c in checks)
    rate = reduction_rate(qualifies, len(checks), chosen)
    years = annual_fee_years(chosen, options)
    lines = tuple(fee_line(request, rate, years) for request in facts.fees)
    payable = [line.payable_yuan for line in lines]
    notes = (
        f"年费减缴期限：自授予专利权当年起 {years} 年（待确认 设置）",
        "同一年度内经线上系统首次获准后，再次请求只需提交请求书",
    )
    return FeeReductionResult(
        qualifies=qualifies,
        rate_percent=rate,
        applicants=checks,
        lines=lines,
        total_standard_yuan=sum((line.standard_yuan for line in lines), Decimal(0)),
        total_payable_yuan=None if None in payable else sum(payable, Decimal(0)),  # type: ignore[arg-type]
        rule_set=chosen.id,
        as_of=facts.as_of,
        notes=notes,
    )


def applicant_check(applicant: Applicant, rule_set: RuleSet) -> ApplicantCheck:
    """Individual: monthly income < threshold 元; enterprise: taxable income < threshold 万元 ("低于")."""
    if applicant.kind in _ALWAYS_QUALIFY:
        return _check(applicant, True, f"{_ALWAYS_QUALIFY[applicant.kind]}符合减缴条件")
    if applicant.kind is ApplicantKind.ENTERPRISE:
        limit = rule_set.threshold("enterprise_taxable")
        if applicant.taxable_income is None:
            return _check(applicant, None, "缺少上年度应纳税所得额，暂无法判断")
        ok = applicant.taxable_income < limit
        return _check(
            applicant, ok, f"上年度应纳税所得额 {fmt2(applicant.taxable_income)} 万元，需低于 {plain(limit)} 万元"
        )
    return _individual_check(applicant, rule_set.threshold("individual_monthly_yuan"))


def reduction_rate(qualifies: bool | None, applicants: int, rule_set: RuleSet) -> int | None:
    """85 for a single qualifying applicant, 70 for joint ones, 0 when any does not qualify."""
    if qualifies is None:
        return None
    if not qualifies:
        return 0
    return int(rule_set.threshold("single_reduction" if applicants == 1 else "joint_reduction"))


def annual_fee_years(rule_set: RuleSet, options: Unconfirmed) -> int:
    """Annual fees reducible within N years from the grant year: 6 (2016 text) or 10 (UNCONFIRMED timing)."""
    return options.annual_fee_years_2016_rules if rule_set.id == "mof-2016-78" else options.annual_fee_years_2019_rules


def standard_fee(fee: FeeKind, patent_type: PatentType, patent_year: int | None = None) -> Decimal:
    """Official fee in 元 from the §5.4 table; ``ValueError`` where the table has no figure."""
    if fee is FeeKind.ANNUAL:
        for first, last, amount in ANNUAL_FEES[patent_type]:
            if patent_year is not None and first <= patent_year <= last:
                return Decimal(amount)
        raise ValueError(f"{patent_type} 第 {patent_year} 年年费标准未收录（外观设计第 11 年起 待确认）")
    if (fee, patent_type) not in FLAT_FEES:
        raise ValueError(f"{patent_type} 没有 {FEE_ZH[fee]}")
    return Decimal(FLAT_FEES[(fee, patent_type)])


def fee_line(request: FeeRequest, rate: int | None, years: int) -> FeeLine:
    """One fee with its reducibility and payable amount."""
    standard = standard_fee(request.fee, request.patent_type, request.patent_year) * request.quantity
    reducible = _reducible(request, years)
    if reducible is False or rate == 0:
        payable: Decimal | None = standard
        reason = (
            f"{FEE_ZH[request.fee]}不予减缴" if reducible is False else f"{FEE_ZH[request.fee]}：申请人不符合减缴条件"
        )
    elif reducible is None or rate is None:
        payable, reason = None, f"{FEE_ZH[request.fee]}：是否减缴尚待确认"
    else:
        payable = standard * (100 - rate) / 100
        reason = f"{FEE_ZH[request.fee]} {plain(standard)} 元减缴 {rate}%，缴纳 {fmt2(payable)} 元"
    return FeeLine(
        fee=request.fee,
        patent_type=request.patent_type,
        patent_year=request.patent_year,
        standard_yuan=standard,
        reducible=reducible,
        payable_yuan=payable,
        reason_zh=reason,
    )


def _reducible(request: FeeRequest, years: int) -> bool | None:
    if request.fee not in REDUCIBLE:
        return False
    if request.fee is not FeeKind.ANNUAL:
        return True
    return None if request.year_from_grant is None else 1 <= request.year_from_grant <= years


def _individual_check(applicant: Applicant, monthly_limit: Decimal) -> ApplicantCheck:
    if applicant.monthly_income_yuan is not None:
        ok = applicant.monthly_income_yuan < monthly_limit
        return _check(
            applicant, ok, f"上年度月均收入 {fmt2(applicant.monthly_income_yuan)} 元，需低于 {plain(monthly_limit)} 元"
        )
    if applicant.annual_income_yuan is not None:
        ok = applicant.annual_income_yuan < monthly_limit * 12
        return _check(
            applicant, ok, f"上年度收入 {fmt2(applicant.annual_income_yuan)} 元，需低于 {plain(monthly_limit * 12)} 元"
        )
    return _check(applicant, None, "缺少上年度收入，暂无法判断")


def _check(applicant: Applicant, ok: bool | None, reason: str) -> ApplicantCheck:
    return ApplicantCheck(name=applicant.name, kind=applicant.kind, qualifies=ok, reason_zh=reason)
