"""What an enterprise gains now: R&D super-deduction of last year, patent fee reduction, priority examination."""

from __future__ import annotations

from dataclasses import dataclass

from breakzero.policies import assembly
from breakzero.rules.facts import (
    Applicant,
    ApplicantKind,
    DeductionFacts,
    FeeFacts,
    FeeKind,
    FeeRequest,
    PatentType,
    PriorityCase,
    PriorityFacts,
    PriorityGround,
)
from breakzero.rules.patent_fees import FeeReductionResult, fee_reduction
from breakzero.rules.priority_exam import PriorityDeadlines, deadline
from breakzero.rules.rd_deduction import DeductionResult, super_deduction

INVENTION_FEES = (
    FeeRequest(FeeKind.APPLICATION, PatentType.INVENTION),
    FeeRequest(FeeKind.SUBSTANTIVE_EXAMINATION, PatentType.INVENTION),
    FeeRequest(FeeKind.ANNUAL, PatentType.INVENTION, patent_year=1, year_from_grant=1),
)


@dataclass(frozen=True)
class Benefits:
    deduction: DeductionResult | None
    fees: FeeReductionResult | None
    priority: PriorityDeadlines | None
    errors: tuple[str, ...] = ()


def benefits_for(source: assembly.FactSource) -> Benefits:
    """Each benefit computed independently; one that cannot be computed says why."""
    errors, results = [], []
    for func in (deduction_for, fees_for, priority_for):
        try:
            results.append(func(source))
        except (ValueError, ArithmeticError) as exc:
            errors.append(str(exc))
            results.append(None)
    return Benefits(*results, errors=tuple(errors))


def deduction_for(source: assembly.FactSource) -> DeductionResult:
    """Super-deduction of the prior tax year on the R&D expense in the yearly data (§4)."""
    d = source.declared
    return super_deduction(DeductionFacts(
        as_of=source.as_of, tax_year=source.prev, expensed_rd=source.amount("rd_expense"),
        is_manufacturing=assembly.is_manufacturing(source), is_excluded_industry=assembly.is_excluded_industry(source),
        is_tech_sme=d.get("is_tech_sme"), is_ic_or_machine_tool_listed=d.get("is_ic_or_machine_tool_listed"),
    ))


def fees_for(source: assembly.FactSource) -> FeeReductionResult:
    """The enterprise as sole applicant of a new invention: application, examination and first annual fee."""
    applicant = Applicant(name="本企业", kind=ApplicantKind.ENTERPRISE, taxable_income=source.declared.get("taxable_income"))
    return fee_reduction(FeeFacts(as_of=source.as_of, applicants=(applicant,), fees=INVENTION_FEES))


def priority_for(source: assembly.FactSource) -> PriorityDeadlines:
    """Priority examination of an invention application; a strategic-emerging main product gives ground 1."""
    strategic = source.declared.get("is_strategic_emerging_field")
    grounds = frozenset({PriorityGround.NATIONAL_PRIORITY_INDUSTRY}) if strategic else None
    return deadline(PriorityFacts(as_of=source.as_of, case=PriorityCase.INVENTION, grounds=grounds))
