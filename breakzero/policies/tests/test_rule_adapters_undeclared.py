"""The HNTE and 科技型中小企业 facts builders' path for sources with nothing declared (most firms of a
screening) gives exactly the facts of the general path, field by field."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakzero.policies import assembly, rule_adapters
from breakzero.policies.tests.factories import AS_OF
from breakzero.policies.tests.test_screening_memo import fact_sources

BUILDERS = (
    (rule_adapters.hnte_facts, rule_adapters._hnte_facts_in_full),
    (rule_adapters.tech_sme_facts, rule_adapters._tech_sme_facts_in_full),
)
_MONEY = st.decimals(min_value=-500, max_value=60000, places=2, allow_nan=False, allow_infinity=False)
# Money as load_sources gives it (Decimal) or as another caller may (int): the series take both through Decimal().
_VALUES = {"employees": st.integers(0, 2000), "rd_staff": st.integers(0, 300), "size": st.sampled_from(["", "small"]),
           **{key: _MONEY | st.integers(0, 60000) for key in (
               "operating_revenue", "main_business_revenue", "total_assets", "total_liabilities", "rd_expense",
               "high_tech_revenue")}}


@st.composite
def _dense_years(draw: st.DrawFn, prev: int) -> dict[int, dict]:
    """Years with most values known (fact_sources' are sparse): runs of two and three known years
    of each series, and series of unequal length, come often."""
    years = {}
    for year in range(prev - 3, prev + 1):
        if draw(st.integers(0, 5)):  # a missing year now and then
            years[year] = {key: draw(values) for key, values in _VALUES.items() if draw(st.integers(0, 5))}
    return years


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_sources(), st.data())
def test_facts_undeclared_equal_general_path(source, data):
    if data.draw(st.booleans()):
        source = dataclasses.replace(source, years=data.draw(_dense_years(source.as_of.year - 1)))
    source = dataclasses.replace(source, declared={})
    for build, in_full in BUILDERS:
        fast, full = build(source), in_full(source)
        for field in dataclasses.fields(full):  # repr: 1 and True, 5 and Decimal(5) told apart
            assert repr(getattr(fast, field.name)) == repr(getattr(full, field.name)), field.name
        assert fast == full


@pytest.mark.parametrize(("build", "fast_name"), [
    (rule_adapters.hnte_facts, "_undeclared_hnte_facts"),
    (rule_adapters.tech_sme_facts, "_undeclared_tech_sme_facts"),
])
def test_facts_undeclared_takes_fast_path_declared_does_not(monkeypatch, build, fast_name):
    calls = []
    monkeypatch.setattr(rule_adapters, fast_name, lambda source: calls.append(source) or "fast")
    source = assembly.FactSource(1, AS_OF, years={AS_OF.year - 1: {"employees": 12}})
    assert build(source) == "fast"
    declared = dataclasses.replace(source, declared={"st_staff": 5})
    assert build(declared).st_staff == 5
    assert calls == [source]
