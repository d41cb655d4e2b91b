"""Facts shared by registration-only sources (evaluation.RegistrationOnlyShared) equal the facts
each source would get built for itself, whatever its other fields."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakzero.policies import assembly, evaluation, screening
from breakzero.policies.rule_adapters import hnte_facts, tech_sme_facts
from breakzero.policies.tests.test_screening_memo import NOW, _rows_by_rules, fact_sources

SHARED = (
    (evaluation.shared_enterprise_facts, assembly.enterprise_facts),
    (evaluation.shared_hnte_facts, hnte_facts),
    (evaluation.shared_tech_sme_facts, tech_sme_facts),
)
FIELDS = [f.name for f in dataclasses.fields(assembly.FactSource) if f.name not in ("years", "declared", "cache")]


def _registration_only(source: assembly.FactSource) -> assembly.FactSource:
    return dataclasses.replace(source, years={}, declared={}, cache={})


# fact_sources leaves these two at their defaults: drawn here, so a builder reading them is caught.
_OTHER_DATA = st.fixed_dictionaries({"digital_level": st.none() | st.integers(1, 6),
                                     "maker_china_national": st.sampled_from(["", "top500", "top50"])})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_sources(), fact_sources(), _OTHER_DATA, _OTHER_DATA)
def test_shared_facts_source_differing_outside_reads_gets_its_own_facts(first, donor, first_more, donor_more):
    # second: the first's values for the fields a builder reads, the donor's for every other one,
    # so it hits the facts kept for the first; they must equal the facts built for it alone.
    first = dataclasses.replace(_registration_only(first), **first_more)
    donor = dataclasses.replace(donor, **donor_more)
    for shared, build in SHARED:
        shared.kept.clear()
        others = {name: getattr(donor, name) for name in FIELDS if name not in shared.reads}
        second = dataclasses.replace(first, **others)
        assert shared(first) == build(first)
        assert shared(second) is shared(first)  # the kept facts, not a new build
        assert shared(second) == build(second)
        assert repr(shared(second)) == repr(build(second))  # 1 and True, 5 and Decimal(5) told apart


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_sources())
def test_shared_facts_source_with_years_or_declared_built_for_itself(source):
    if not source.years and not source.declared:
        source = dataclasses.replace(source, declared={"has_own_brand": True})
    for shared, build in SHARED:
        shared.kept.clear()
        assert shared(source) is not shared(source)
        assert shared(source) == build(source)
        assert not shared.kept


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fact_sources(), min_size=2, max_size=8))
def test_screening_rows_of_registration_only_sources_equal_rules_per_source(sources):
    sources = [dataclasses.replace(_registration_only(s), enterprise_id=n) for n, s in enumerate(sources, 1)]
    expected = [row for source in sources for row in _rows_by_rules(source)]
    assert list(screening._rows(sources, NOW)) == expected


def test_shared_facts_bounded_emptied_past_kept_max(monkeypatch):
    monkeypatch.setattr(evaluation.RegistrationOnlyShared, "KEPT_MAX", 2)
    shared = evaluation.RegistrationOnlyShared(tech_sme_facts, ("as_of", "invention_grants", "other_patents"))
    base = assembly.FactSource(1, NOW.date())
    for grants in range(5):
        shared(dataclasses.replace(base, invention_grants=grants))
        assert len(shared.kept) <= 2


@pytest.mark.parametrize(("shared", "build"), SHARED)
def test_shared_facts_keys_name_source_fields(shared, build):
    assert set(shared.reads) <= set(FIELDS)
