"""assembly.enterprise_facts's path for sources with nothing declared (most firms of a screening)
gives exactly the facts of the general path."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakzero.policies import assembly
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
