"""R&D super-deduction (policy-rules §4, cases D1–D6), the §4.1 year function and §4.3 measurement."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import DeductionFacts
from breakzero.rules.rd_deduction import eligible_rd_expense, super_deduction
from breakzero.rules.unconfirmed import DEFAULT


def deduction(tax_year: int, **values: object) -> DeductionFacts:
    base = dict(
        is_excluded_industry=False, is_manufacturing=False, is_tech_sme=False, is_ic_or_machine_tool_listed=False
    )
    return DeductionFacts(as_of=date(tax_year + 1, 5, 31), tax_year=tax_year, **{**base, **values})  # type: ignore[arg-type]


def test_rd_deduction_d1_2021_software_firm_gets_75_percent() -> None:
    result = super_deduction(deduction(2021, expensed_rd=D(200)))
    assert (result.rate_percent, result.extra_deduction) == (D(75), D(150))
    assert result.rule_set == "mof-2018-99"


def test_rd_deduction_d2_2021_manufacturer_gets_100_percent() -> None:
    result = super_deduction(deduction(2021, expensed_rd=D(200), is_manufacturing=True))
    assert result.extra_deduction == D(200) and result.rule_set == "mof-2021-13"


def test_rd_deduction_d3_2022_tech_sme_gets_100_percent() -> None:
    assert super_deduction(deduction(2022, expensed_rd=D(200), is_tech_sme=True)).extra_deduction == D(200)


def test_rd_deduction_d4_2023_wholesale_trader_gets_nothing() -> None:
    result = super_deduction(deduction(2023, expensed_rd=D(200), is_excluded_industry=True))
    assert result.eligible is False and result.extra_deduction == 0 and result.tax_saved_standard == 0


def test_rd_deduction_d5_2023_intangible_amortised_at_200_percent() -> None:
    result = super_deduction(deduction(2023, intangible_cost=D(1000), intangible_years=10, expensed_rd=D(0)))
    assert (result.intangible_book_amortisation, result.intangible_tax_amortisation) == (D(100), D(200))
    assert result.tax_saved_standard == D(25)


def test_rd_deduction_d6_2019_tech_sme_gets_75_percent() -> None:
    assert super_deduction(deduction(2019, expensed_rd=D(100), is_tech_sme=True)).extra_deduction == D(75)


def test_rd_deduction_worked_example_2023_tax_saving_125_and_75() -> None:
    result = super_deduction(deduction(2023, expensed_rd=D(500)))
    assert (result.extra_deduction, result.tax_saved_standard, result.tax_saved_hnte) == (D(500), D(125), D(75))


@pytest.mark.parametrize(
    ("year", "flags", "rate"),
    [
        (2016, {}, 50),
        (2016, {"is_tech_sme": True}, 50),
        (2017, {}, 50),
        (2017, {"is_tech_sme": True}, 75),
        (2018, {}, 75),
        (2020, {}, 75),
        (2021, {"is_tech_sme": True}, 75),
        (2022, {"is_manufacturing": True}, 100),
        (2022, {}, 75),
        (2023, {}, 100),
        (2023, {"is_ic_or_machine_tool_listed": True}, 120),
        (2027, {"is_ic_or_machine_tool_listed": True}, 120),
        (2028, {"is_ic_or_machine_tool_listed": True}, 100),
    ],
)
def test_rd_deduction_rate_timeline_year_edges(year: int, flags: dict[str, bool], rate: int) -> None:
    assert super_deduction(deduction(year, **flags)).rate_percent == rate


def test_rd_deduction_before_2016_raises() -> None:
    with pytest.raises(ValueError):
        super_deduction(deduction(2015, expensed_rd=D(100)))


def test_rd_deduction_unknown_manufacturing_gives_sure_and_possible_rates() -> None:
    result = super_deduction(deduction(2021, expensed_rd=D(200), is_manufacturing=None))
    assert (result.rate_percent, result.max_rate_percent) == (D(75), D(100))


def test_rd_deduction_excluded_industry_computed_from_revenue_share_over_50() -> None:
    at_half = deduction(
        2023, expensed_rd=D(100), is_excluded_industry=None, excluded_industry_revenue=D(500), income_base=D(1000)
    )
    assert super_deduction(at_half).eligible is True  # "50%（不含）以上": exactly 50% is not excluded
    over = dataclasses.replace(at_half, excluded_industry_revenue=D("500.01"))
    assert super_deduction(over).eligible is False


@pytest.mark.parametrize(("revenue", "rate"), [(D(500), D(100)), (D("499.99"), D(75))])
def test_rd_deduction_manufacturing_share_50_edge(revenue: D, rate: D) -> None:
    facts = deduction(2021, is_manufacturing=None, manufacturing_revenue=revenue, income_base=D(1000))
    assert super_deduction(facts).rate_percent == rate


def test_rd_deduction_2022_q4_setting_adds_100_percent_for_the_quarter() -> None:
    facts = deduction(2022, expensed_rd=D(400), expensed_rd_q4=D(100))
    assert super_deduction(facts).extra_deduction == D(300)
    options = dataclasses.replace(DEFAULT, super_deduction_2022_q4_full=True)
    assert super_deduction(facts, options=options).extra_deduction == D(325)


def test_rd_deduction_other_related_costs_capped_at_one_ninth() -> None:
    assert eligible_rd_expense(direct_costs=D(900), other_related=D(150)) == D(1000)
    assert eligible_rd_expense(direct_costs=D(900), other_related=D(50)) == D(950)


def test_rd_deduction_commissioned_80_percent_and_abroad_capped_at_two_thirds() -> None:
    assert eligible_rd_expense(direct_costs=D(0), other_related=D(0), commissioned_domestic=D(100)) == D(80)
    total = eligible_rd_expense(direct_costs=D(300), other_related=D(0), commissioned_abroad=D(1000))
    assert total == D(500)


def _spec_rate(year: int, manufacturing: bool, tech_sme: bool, ic: bool) -> int:
    """The year function as written in policy-rules §4.1."""
    if year == 2016:
        return 50
    if year == 2017:
        return 75 if tech_sme else 50
    if year <= 2020:
        return 75
    if year == 2021:
        return 100 if manufacturing else 75
    if year == 2022:
        return 100 if manufacturing or tech_sme else 75
    if year <= 2027:
        return 120 if ic else 100
    return 100


@given(
    year=st.integers(2016, 2035),
    manufacturing=st.booleans(),
    tech_sme=st.booleans(),
    ic=st.booleans(),
    excluded=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_rd_deduction_timeline_data_matches_year_function(
    year: int, manufacturing: bool, tech_sme: bool, ic: bool, excluded: bool
) -> None:
    result = super_deduction(
        deduction(
            year,
            is_manufacturing=manufacturing,
            is_tech_sme=tech_sme,
            is_ic_or_machine_tool_listed=ic,
            is_excluded_industry=excluded,
        )
    )
    assert result.rate_percent == (0 if excluded else _spec_rate(year, manufacturing, tech_sme, ic))


@given(
    rd=st.decimals(min_value=0, max_value=100000, places=2),
    extra=st.decimals(min_value=0, max_value=1000, places=2),
    year=st.integers(2016, 2030),
)
@settings(max_examples=200, deadline=None)
def test_rd_deduction_more_rd_never_lowers_deduction(rd: D, extra: D, year: int) -> None:
    low = super_deduction(deduction(year, expensed_rd=rd))
    high = super_deduction(deduction(year, expensed_rd=rd + extra))
    assert high.extra_deduction >= low.extra_deduction >= 0
