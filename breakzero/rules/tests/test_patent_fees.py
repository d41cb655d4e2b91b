"""Patent fee reduction (policy-rules §5, cases P1–P4), threshold edges and the fee table."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import Applicant, ApplicantKind, FeeFacts, FeeKind, FeeRequest, PatentType
from breakzero.rules.patent_fees import fee_reduction, standard_fee
from breakzero.rules.unconfirmed import DEFAULT

FIRM = Applicant(name="湘江科技", kind=ApplicantKind.ENTERPRISE, taxable_income=D(80))
UNIVERSITY = Applicant(name="中南大学", kind=ApplicantKind.PUBLIC_INSTITUTION)
APPLICATION = FeeRequest(fee=FeeKind.APPLICATION, patent_type=PatentType.INVENTION)
EXAMINATION = FeeRequest(fee=FeeKind.SUBSTANTIVE_EXAMINATION, patent_type=PatentType.INVENTION)


def fees(on: date, *applicants: Applicant, requests: tuple[FeeRequest, ...] = (APPLICATION,)) -> FeeFacts:
    return FeeFacts(as_of=on, applicants=applicants, fees=requests)


def test_patent_fees_p1_sole_enterprise_pays_135_application_fee() -> None:
    result = fee_reduction(fees(date(2020, 5, 10), FIRM))
    assert (result.qualifies, result.rate_percent) == (True, 85)
    assert result.lines[0].payable_yuan == D(135) and result.rule_set == "mof-2019-amendment"


def test_patent_fees_worked_example_examination_fee_375() -> None:
    assert fee_reduction(fees(date(2020, 5, 10), FIRM, requests=(EXAMINATION,))).total_payable_yuan == D(375)


def test_patent_fees_p2_joint_with_university_pays_750_examination_fee() -> None:
    result = fee_reduction(fees(date(2020, 5, 10), FIRM, UNIVERSITY, requests=(EXAMINATION,)))
    assert result.rate_percent == 70 and result.lines[0].payable_yuan == D(750)
    assert [a.qualifies for a in result.applicants] == [True, True]


def test_patent_fees_p3_2018_enterprise_with_50_wan_gets_no_reduction() -> None:
    firm = dataclasses.replace(FIRM, taxable_income=D(50))
    result = fee_reduction(fees(date(2018, 3, 1), firm))
    assert result.qualifies is False and result.rate_percent == 0 and result.total_payable_yuan == D(900)
    assert result.rule_set == "mof-2016-78"


def test_patent_fees_p4_individual_monthly_5000_exactly_gets_no_reduction() -> None:
    person = Applicant(name="张三", kind=ApplicantKind.INDIVIDUAL, monthly_income_yuan=D(5000))
    assert fee_reduction(fees(date(2020, 6, 1), person)).qualifies is False
    just_below = dataclasses.replace(person, monthly_income_yuan=D("4999.99"))
    assert fee_reduction(fees(date(2020, 6, 1), just_below)).qualifies is True


@pytest.mark.parametrize(
    ("on", "income", "qualifies"),
    [
        (date(2019, 6, 30), D("29.99"), True),
        (date(2019, 6, 30), D(30), False),
        (date(2019, 7, 1), D("99.99"), True),
        (date(2019, 7, 1), D(100), False),
    ],
)
def test_patent_fees_enterprise_threshold_switches_on_2019_07_01(on: date, income: D, qualifies: bool) -> None:
    firm = dataclasses.replace(FIRM, taxable_income=income)
    assert fee_reduction(fees(on, firm)).qualifies is qualifies


@pytest.mark.parametrize(("annual", "qualifies"), [(D("41999.99"), True), (D(42000), False)])
def test_patent_fees_individual_annual_income_edge_under_2016_rules(annual: D, qualifies: bool) -> None:
    person = Applicant(name="李四", kind=ApplicantKind.INDIVIDUAL, annual_income_yuan=annual)
    assert fee_reduction(fees(date(2018, 1, 2), person)).qualifies is qualifies


def test_patent_fees_one_non_qualifying_joint_applicant_blocks_all() -> None:
    rich = Applicant(name="大企业", kind=ApplicantKind.ENTERPRISE, taxable_income=D(500))
    result = fee_reduction(fees(date(2021, 1, 5), FIRM, rich))
    assert result.qualifies is False and result.lines[0].payable_yuan == D(900)


def test_patent_fees_unknown_income_leaves_amount_open() -> None:
    unknown = dataclasses.replace(FIRM, taxable_income=None)
    result = fee_reduction(fees(date(2021, 1, 5), unknown))
    assert result.qualifies is None and result.rate_percent is None and result.total_payable_yuan is None


def test_patent_fees_before_2016_09_01_raises() -> None:
    with pytest.raises(ValueError):
        fee_reduction(fees(date(2016, 8, 31), FIRM))


def annual(year_from_grant: int, patent_year: int = 5) -> FeeRequest:
    return FeeRequest(
        fee=FeeKind.ANNUAL, patent_type=PatentType.INVENTION, patent_year=patent_year, year_from_grant=year_from_grant
    )


@pytest.mark.parametrize(
    ("on", "year_from_grant", "reducible"),
    [
        (date(2019, 6, 30), 6, True),
        (date(2019, 6, 30), 7, False),
        (date(2019, 7, 1), 10, True),
        (date(2019, 7, 1), 11, False),
    ],
)
def test_patent_fees_annual_fee_reduction_years_6_then_10(on: date, year_from_grant: int, reducible: bool) -> None:
    firm = dataclasses.replace(FIRM, taxable_income=D(10))
    assert fee_reduction(fees(on, firm, requests=(annual(year_from_grant, 12),))).lines[0].reducible is reducible


def test_patent_fees_annual_years_setting_is_used() -> None:
    options = dataclasses.replace(DEFAULT, annual_fee_years_2019_rules=6)
    result = fee_reduction(fees(date(2021, 1, 1), FIRM, requests=(annual(7, 9),)), options=options)
    assert result.lines[0].reducible is False and result.lines[0].payable_yuan == D(2000)


def test_patent_fees_printing_and_claim_surcharge_never_reduced() -> None:
    extra = (
        FeeRequest(fee=FeeKind.PUBLICATION_PRINTING, patent_type=PatentType.INVENTION),
        FeeRequest(fee=FeeKind.CLAIM_SURCHARGE, patent_type=PatentType.INVENTION, quantity=3),
    )
    result = fee_reduction(fees(date(2021, 1, 1), FIRM, requests=(APPLICATION, *extra)))
    assert [line.payable_yuan for line in result.lines] == [D(135), D(50), D(450)]
    assert result.total_payable_yuan == D(635)


@pytest.mark.parametrize(
    ("kind", "year", "amount"),
    [
        (PatentType.INVENTION, 3, 900),
        (PatentType.INVENTION, 4, 1200),
        (PatentType.INVENTION, 6, 1200),
        (PatentType.INVENTION, 7, 2000),
        (PatentType.INVENTION, 10, 4000),
        (PatentType.INVENTION, 13, 6000),
        (PatentType.INVENTION, 20, 8000),
        (PatentType.UTILITY_MODEL, 6, 1200),
        (PatentType.UTILITY_MODEL, 9, 2000),
        (PatentType.DESIGN, 5, 900),
    ],
)
def test_patent_fees_annual_fee_table(kind: PatentType, year: int, amount: int) -> None:
    assert standard_fee(FeeKind.ANNUAL, kind, year) == amount


def test_patent_fees_design_year_11_is_unconfirmed_and_raises() -> None:
    with pytest.raises(ValueError, match="待确认"):
        standard_fee(FeeKind.ANNUAL, PatentType.DESIGN, 11)


@given(income=st.decimals(min_value=0, max_value=1000, places=2), joint=st.booleans())
@settings(max_examples=200, deadline=None)
def test_patent_fees_payable_never_exceeds_standard(income: D, joint: bool) -> None:
    firm = dataclasses.replace(FIRM, taxable_income=income)
    applicants = (firm, UNIVERSITY) if joint else (firm,)
    result = fee_reduction(fees(date(2022, 1, 1), *applicants, requests=(APPLICATION, EXAMINATION, annual(2))))
    assert 0 < result.total_payable_yuan <= result.total_standard_yuan
    assert result.rate_percent in (0, 70 if joint else 85)
