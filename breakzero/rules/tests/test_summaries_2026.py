"""rules.summaries under 工信部企业〔2026〕2号 (专精特新, 小巨人) gives exactly the screening row of the
full evaluation, across the 2026-04-01 boundary and at the import date (2026-12-07): facts drawn on
every threshold of ``miit-2026-2`` (shares 80/90 %, debt 75/80 %, R&D 3 % each year, 100 万元 each
year, 1200 万元 over two, revenue 1500/5000 万元, CAGR exactly 5 %, Ⅰ类 1/4, market 10 %, score
50/60), with the titles, re-review and award exemption unknown, true or false.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.rulesets import Rule, resolve_rule_set
from breakzero.rules.summaries import REGISTRY
from breakzero.rules.tests.test_summaries import _all_met, _money, _reference, _summary, enterprise_facts

AS_OF = (date(2026, 3, 31), date(2026, 4, 1), date(2026, 12, 7), date(2027, 1, 1))
RULES = ("srdi_sme", "little_giant")
_flag = st.none() | st.booleans()


def _on(whole: Decimal | None, percents: tuple, draw: st.DrawFn) -> Decimal | None:
    """``whole`` × one of ``percents`` % (exactly on a 2026 threshold), or any amount."""
    if whole is None or draw(st.integers(0, 3)) == 0:
        return draw(_money())
    return whole * draw(st.sampled_from(percents)) / 100


@st.composite
def facts_2026(draw: st.DrawFn) -> EnterpriseFacts:
    base = draw(enterprise_facts())
    revenue = draw(st.sampled_from((1499, 1500, 4999, 5000, 12000)).map(Decimal) | _money())
    revenue2 = draw(st.sampled_from((1500, 5000, 8000)).map(Decimal) | _money())
    # CAGR: prev = prev3 × (1 + g)², on the 5 % edge (110.25 %) or either side of it.
    prev3 = _on(revenue, (0, 80, 90, 100), draw)
    if prev3 is not None and draw(st.booleans()):
        revenue = prev3 * draw(st.sampled_from((Decimal("110.25"), Decimal("110.24"), Decimal(100), Decimal(-5)))) / 100
    amounts = st.sampled_from((99, 100, 599, 600, 601)).map(Decimal)  # 100 each year, 1200 over two
    rd = draw(amounts) if draw(st.booleans()) else _on(revenue, (2, 3, 4), draw)
    rd2 = draw(amounts) if draw(st.booleans()) else _on(revenue2, (2, 3, 4), draw)
    assets = draw(_money())
    return dataclasses.replace(
        base,
        as_of=draw(st.sampled_from(AS_OF)),
        operating_revenue_prev=revenue, operating_revenue_prev2=revenue2, operating_revenue_prev3=prev3,
        main_business_revenue_prev=_on(revenue, (79, 80, 89, 90, 100, 101), draw),
        rd_expense_prev=rd, rd_expense_prev2=rd2,
        total_assets=assets, total_liabilities=_on(assets, (74, 75, 76, 79, 80, 81), draw),
        equity_financing_2y=draw(st.sampled_from((1999, 2000)).map(Decimal) | _money()),
        niche_years=draw(st.none() | st.sampled_from((2, 3, 4)).map(Decimal) | st.decimals(-1, 5, places=1)),
        ip_class1=draw(st.none() | st.integers(-1, 5)),
        niche_market_share_pct=draw(st.none() | st.sampled_from((9, 10, 11)).map(Decimal)),
        is_top3_in_china=draw(_flag), has_national_award_top3_3y=draw(_flag),
        has_innovative_title=draw(_flag), has_srdi_title=draw(_flag), is_re_review=draw(_flag),
        development_score=draw(st.none() | st.sampled_from((49, 50, 59, 60, 61)).map(Decimal)
                               | st.decimals(0, 100, places=1)),
    )  # fmt: skip


def _passing_2026() -> EnterpriseFacts:
    """Facts that pass both 2026 tiers (each summary's passed=True path)."""
    return dataclasses.replace(_all_met(date(2026, 12, 7)), has_innovative_title=True, ip_class1=5,
                               main_business_revenue_prev=Decimal(19500), is_re_review=False)  # fmt: skip


@settings(max_examples=2500)
@given(facts=facts_2026(), rule=st.sampled_from(RULES))
@example(facts=_passing_2026(), rule="srdi_sme")
@example(facts=_passing_2026(), rule="little_giant")
def test_summary_2026_equals_full_evaluation(facts: EnterpriseFacts, rule: str) -> None:
    row = _summary(rule, facts)
    reference = _reference(rule, facts)
    if facts.as_of >= date(2026, 4, 1) and reference[0] != "error":  # error: a negative CAGR base
        assert reference[5] == "miit-2026-2"
    if row is not None:
        assert row == reference
        assert [type(v) for v in row] == [type(v) for v in reference]


@pytest.mark.parametrize("rule", RULES)
def test_summary_2026_covers_passing_and_first_gaps(rule: str) -> None:
    """Covered at the import date: passing, failing on the title (remembered text), on a later
    condition (built by its own builder), and unknown."""
    passing = _passing_2026()
    cases = [
        passing,
        dataclasses.replace(passing, has_innovative_title=False, has_srdi_title=False),
        dataclasses.replace(passing, development_score=Decimal(10)),
        dataclasses.replace(passing, total_liabilities=Decimal(29000), development_score=None),
        dataclasses.replace(passing, is_sme=False),
    ]
    rows = [_summary(rule, facts) for facts in cases]
    assert rows == [_reference(rule, facts) for facts in cases]
    assert rows[0][0] is True and rows[0][5] == "miit-2026-2"
    assert [r[3] for r in rows[1:]] == [1, 1, 1, 1] and all(r[4] for r in rows[1:])
    assert rows[3][2] == 1  # the unknown score counted


def test_summary_2026_registered() -> None:
    in_force = resolve_rule_set(Rule.SRDI_SME, date(2026, 12, 7))[0].id
    assert in_force in REGISTRY["srdi_sme"].rule_sets and in_force in REGISTRY["little_giant"].rule_sets
    assert in_force not in REGISTRY["innovative_sme"].rule_sets
