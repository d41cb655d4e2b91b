"""assembly.enterprise_facts's path for sources with nothing declared (most firms of a screening)
gives exactly the facts of the general path; the years load_sources reads are all the builders read."""

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakzero.enterprises.tests.factories import EnterpriseYearFactory
from breakzero.policies import assembly
from breakzero.policies.rule_adapters import hnte_facts, tech_sme_facts
from breakzero.policies.tests.factories import AS_OF, enterprise_with_years
from breakzero.policies.tests.test_screening_memo import fact_sources

# fact_sources leaves these at their defaults: drawn here, so the fast path reading them wrong is caught.
_OTHER_DATA = st.fixed_dictionaries({"digital_level": st.none() | st.integers(1, 6),
                                     "maker_china_national": st.sampled_from(["", "top500", "top50"])})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_sources(), _OTHER_DATA)
def test_enterprise_facts_undeclared_equal_general_path(source, other):
    source = dataclasses.replace(source, declared={}, **other)
    fast, full = assembly.enterprise_facts(source), assembly._enterprise_facts_in_full(source)
    assert fast == full
    assert repr(fast) == repr(full)  # 1 and True, 5 and Decimal(5) told apart


def test_enterprise_facts_undeclared_takes_fast_path(monkeypatch):
    calls = []
    monkeypatch.setattr(assembly, "_undeclared_enterprise_facts", lambda source: calls.append(source) or "fast")
    source = assembly.FactSource(1, assembly.dt.date(2025, 6, 30))
    assert assembly.enterprise_facts(source) == "fast"
    declared = dataclasses.replace(source, declared={"has_own_brand": True})
    assert assembly.enterprise_facts(declared).has_own_brand is True
    assert calls == [source]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_sources())
def test_facts_builders_read_no_year_before_those_loaded(source):
    # load_sources reads YEARS_READ years: a year before them must change no rule's facts.
    oldest = source.as_of.year - assembly.YEARS_READ
    kept = {year: row for year, row in source.years.items() if year >= oldest}
    older = dataclasses.replace(source, years={**kept, oldest - 1: {"operating_revenue": Decimal(7), "employees": 9,
                                                                      "rd_expense": Decimal(1), "size": "small"}})
    trimmed = dataclasses.replace(source, years=kept)
    for build in (assembly.enterprise_facts, assembly._enterprise_facts_in_full, hnte_facts, tech_sme_facts):
        assert build(older) == build(trimmed)


@pytest.mark.django_db
def test_load_sources_reads_the_years_the_builders_read():
    enterprise = enterprise_with_years(last_year=2024)
    EnterpriseYearFactory(enterprise=enterprise, year=2021)
    years = assembly.load_sources(as_of=AS_OF, enterprise_ids=[enterprise.pk])[enterprise.pk].years
    assert sorted(years) == [2022, 2023, 2024]
