"""rules.summaries for 高新技术企业 and 科技型中小企业 gives exactly the screening row of the full
evaluation: unknowns, zero and negative amounts, ratios exactly on each threshold, sales on the
R&D-ratio band edges, growth series with zero years, dates around the rule sets' start."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import HnteFacts, TechSmeFacts
from breakzero.rules.tests.test_summaries import _money, _reference, _summary

_flag = st.none() | st.booleans()
_count = st.none() | st.integers(-1, 6)
AS_OF = (date(2015, 12, 31), date(2016, 1, 1), date(2017, 5, 2), date(2017, 5, 3), date(2025, 6, 30), date(2026, 4, 1))


def _on_edge(whole: Decimal | None, edges: tuple[int, ...], draw: st.DrawFn) -> Decimal | None:
    if whole is None or draw(st.booleans()):
        return draw(_money())
    return whole * draw(st.sampled_from(edges)) / 100


def _series(draw: st.DrawFn) -> tuple[Decimal, ...] | None:
    return draw(st.none() | st.lists(st.sampled_from((0, 100, 105, 115, 125, 135, 200)).map(Decimal)
                                     | st.decimals(-100, 5000, places=2), min_size=0, max_size=3).map(tuple))  # fmt: skip


@st.composite
def hnte_facts(draw: st.DrawFn) -> HnteFacts:
    as_of = draw(st.sampled_from(AS_OF))
    sales = _series(draw)
    if sales and draw(st.booleans()):
        sales = (*sales[:-1], Decimal(draw(st.sampled_from((5000, 5001, 20000, 20001)))))  # band edges (含)
    rd = None if sales is None or draw(st.integers(0, 5)) == 0 else tuple(
        _on_edge(s, (2, 3, 4, 5, 6), draw) or Decimal(0) for s in sales)  # fmt: skip
    if rd is not None and draw(st.integers(0, 20)) == 0:
        rd = rd[:-1]  # years disagree: the rule raises, the summary leaves it to the full path
    rd_total = None if rd is None else sum(rd, Decimal(0))
    total_revenue = draw(_money())
    staff = draw(st.none() | st.integers(-1, 400))
    return HnteFacts(
        as_of=as_of,
        registration_date=draw(st.none() | st.sampled_from((364, 365, 366, 0, 4000)).map(lambda d: as_of - timedelta(days=d))),
        has_core_ip=draw(_flag), is_in_supported_field=draw(_flag),
        st_staff=draw(st.none() | st.integers(-1, 400)) if staff is None or staff <= 0 or draw(st.booleans())
        else staff * draw(st.sampled_from((5, 10, 15, 100, 120))) // 100,
        total_staff=staff, rd_expense_by_year=rd,
        rd_expense_domestic=_on_edge(rd_total, (50, 60, 70, 100), draw),
        sales_by_year=sales, high_tech_revenue=_on_edge(total_revenue, (50, 60, 61, 100), draw),
        total_revenue=total_revenue, had_major_incident_1y=draw(_flag),
        net_assets_by_year=_series(draw), ip_class1=draw(_count), ip_class2=draw(_count),
        has_self_developed_ip=draw(_flag),
        conversions_per_year=draw(st.none() | st.sampled_from((0, 1, 2, 5)).map(Decimal) | st.decimals(0, 9, places=1)),
        taxable_income=draw(st.none() | _money()),
        rd_system_points=draw(st.none() | st.none() | st.integers(0, 6)),  # an expert score: full path
    )  # fmt: skip


@st.composite
def tech_sme_facts(draw: st.DrawFn) -> TechSmeFacts:
    sales, cost = draw(_money((0, 100, 20000, 20001))), draw(_money())
    staff = draw(st.none() | st.sampled_from((0, 100, 500, 501)) | st.integers(-1, 900))
    return TechSmeFacts(
        as_of=draw(st.sampled_from(AS_OF)),
        is_resident_mainland=draw(_flag), employees=staff,
        sales_revenue=sales, total_assets=draw(_money((0, 20000, 20001))),
        has_prohibited_products=draw(_flag), had_incident_or_misconduct=draw(_flag),
        is_on_abnormal_or_violation_list=draw(_flag),
        st_staff=draw(st.none() | st.integers(-1, 300)) if staff is None or staff <= 0 or draw(st.booleans())
        else staff * draw(st.sampled_from((9, 10, 15, 20, 25, 30, 100, 110))) // 100,
        total_staff=staff,
        rd_expense=_on_edge(sales, (2, 3, 4, 5, 6), draw) if draw(st.booleans()) else _on_edge(cost, (10, 15, 20, 25, 30), draw),
        total_cost_and_expense=cost, ip_class1=draw(_count), ip_class2=draw(_count),
        has_valid_hnte=draw(_flag), has_national_award_top3_5y=draw(_flag),
        has_ministerial_rd_institution=draw(_flag), led_standard_5y=draw(_flag),
    )  # fmt: skip


def _same(rule: str, facts: object) -> None:
    try:
        row = _summary(rule, facts)
    except TypeError:  # a count the rule cannot compare (negative Ⅰ类, unknown Ⅱ类): both paths raise
        row = None
    if row is not None:
        reference = _reference(rule, facts)
        assert row == reference
        assert [type(v) for v in row] == [type(v) for v in reference]


@settings(max_examples=1500)
@given(facts=hnte_facts())
def test_hnte_summary_any_facts_equals_full_evaluation(facts: HnteFacts) -> None:
    _same("hnte", facts)


_TECH_SME_PASSES = TechSmeFacts(
    as_of=date(2025, 6, 30), is_resident_mainland=True, employees=200, sales_revenue=Decimal(5000),
    total_assets=Decimal(8000), has_prohibited_products=False, had_incident_or_misconduct=False,
    is_on_abnormal_or_violation_list=False, st_staff=60, total_staff=200, rd_expense=Decimal(400),
    total_cost_and_expense=Decimal(4000), ip_class1=1, ip_class2=0,
)  # fmt: skip


def test_tech_sme_summary_passing_facts_equal_full_evaluation() -> None:
    assert _reference("tech_sme", _TECH_SME_PASSES)[0] is True
    assert _summary("tech_sme", _TECH_SME_PASSES) == _reference("tech_sme", _TECH_SME_PASSES)


@settings(max_examples=1500)
@given(facts=tech_sme_facts())
def test_tech_sme_summary_any_facts_equals_full_evaluation(facts: TechSmeFacts) -> None:
    _same("tech_sme", facts)
