"""Screening reuses one evaluation for enterprises with the same facts: it must give exactly what
calling the rules library for every enterprise gives."""

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakzero.policies import assembly, declared, screening, screening_keys
from breakzero.rules import indicators
from breakzero.policies.evaluation import blocking_unmet, evaluate_source
from breakzero.rules.results import CriterionStatus
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme

NOW = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
AS_OF = dt.date(2025, 6, 30)
SIZES = ("", "micro", "small", "medium", "large")


def _money(low: int = 0, high: int = 60000) -> st.SearchStrategy:
    return st.decimals(min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False)


_year = st.fixed_dictionaries(
    {},
    optional={
        "employees": st.integers(0, 2000), "operating_revenue": _money(), "main_business_revenue": _money(),
        "total_assets": _money(), "total_liabilities": _money(), "rd_expense": _money(0, 5000),
        "rd_staff": st.integers(0, 300), "high_tech_revenue": _money(), "size": st.sampled_from(SIZES),
    },
)


def _declared_value(field: declared.DeclaredField) -> st.SearchStrategy:
    if field.kind == declared.BOOL:
        return st.booleans()
    if field.kind == declared.INT:
        return st.integers(int(field.minimum or 0), int(field.maximum or 50))
    if field.kind == declared.CHOICE:
        return st.sampled_from([value for value, _label in field.choices])
    return st.decimals(min_value=field.minimum if field.minimum is not None else -5000,
                       max_value=field.maximum if field.maximum is not None else 20000, places=1,
                       allow_nan=False, allow_infinity=False)


_declared = st.fixed_dictionaries({}, optional={f.key: _declared_value(f) for f in declared.FIELDS})


@st.composite
def fact_sources(draw: st.DrawFn) -> assembly.FactSource:
    prev = AS_OF.year - 1
    years = {}
    for year in range(prev - 3, prev + 1):
        if draw(st.booleans()):
            years[year] = {"enterprise_id": draw(st.integers(1, 10**6)), "year": year, **draw(_year)}
    return assembly.FactSource(
        enterprise_id=draw(st.integers(1, 10**6)),
        as_of=draw(st.sampled_from([AS_OF, dt.date(2026, 3, 1)])),
        industry_code=draw(st.sampled_from(["", "3911", "2710", "5191", "6513"])),
        industry_section=draw(st.sampled_from(["", "C", "F", "I"])),
        founded_on=draw(st.none() | st.dates(dt.date(1995, 1, 1), dt.date(2025, 1, 1))),
        years=years,
        invention_grants=draw(st.none() | st.integers(0, 12)),
        other_patents=draw(st.none() | st.integers(0, 30)),
        titles=frozenset(draw(st.sets(st.sampled_from(["innovative_sme", "srdi_sme", "little_giant"])))),
        declared=draw(_declared),
        declared_year=draw(st.none() | st.just(prev)),
        is_break_zero=draw(st.booleans()),
    )


def _rows_by_rules(source: assembly.FactSource) -> list[tuple]:
    """The reference: every rule called for this one source, nothing shared."""
    rows = []
    for outcome in evaluate_source(dataclasses.replace(source, cache={})):
        ev, has_title = outcome.evaluation, outcome.rule.title_tier in source.titles
        if ev is None:
            rows.append((source.enterprise_id, outcome.rule.code, None, None, 0, 0, outcome.error_zh[:300], has_title,
                         "", source.as_of, NOW))
            continue
        unmet = blocking_unmet(ev)
        unknown = sum(1 for i in ev.items if i.status is CriterionStatus.UNKNOWN)
        gap = f"{unmet[0].name_zh}：{unmet[0].reason_zh}"[:300] if unmet else ""
        score = None if ev.score is None else Decimal(ev.score).quantize(Decimal("0.01"))
        rows.append((source.enterprise_id, outcome.rule.code, ev.passed, score, unknown, len(unmet), gap, has_title,
                     ev.rule_set, ev.as_of, NOW))
    return rows


FIELDS = [f.name for f in dataclasses.fields(assembly.FactSource) if f.name not in screening_keys.NOT_IN_KEY]
# A variant differs from its source in one FactSource field, or in one declared fact only (so a
# rule's facts may differ in one field: a memo key missing that field would be caught).
CHANGES = FIELDS + [f"declared.{f.key}" for f in declared.FIELDS]
_variants = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(CHANGES), st.integers(0, 5)), max_size=8)


def _changed(source: assembly.FactSource, name: str, donor: assembly.FactSource, eid: int) -> assembly.FactSource:
    if name.startswith("declared."):
        key = name.split(".", 1)[1]
        facts = {k: v for k, v in source.declared.items() if k != key}
        if key in donor.declared:
            facts[key] = donor.declared[key]
        return dataclasses.replace(source, enterprise_id=eid, declared=facts)
    return dataclasses.replace(source, enterprise_id=eid, **{name: getattr(donor, name)})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fact_sources(), min_size=1, max_size=6), _variants)
def test_screening_rows_memoised_equal_rules_called_per_source(sources, variants):
    # Copies of some sources under other enterprise ids (they share a key), each with one field
    # taken from another source (a key that missed that field would hand out wrong results).
    for n, (index, name, donor) in enumerate(variants):
        original, other = sources[index % len(sources)], sources[donor % len(sources)]
        eid = 10**7 + n
        years = {y: {**row, "enterprise_id": eid} for y, row in original.years.items()}
        copy = dataclasses.replace(original, enterprise_id=eid, years=years, cache={})
        sources += [copy, _changed(copy, name, other, eid + 100)]
    expected = [row for source in sources for row in _rows_by_rules(source)]
    assert list(screening._rows(sources, NOW)) == expected


@settings(max_examples=60, deadline=None)
@given(fact_sources())
def test_screening_tier_rows_equal_tier_rule_functions(source):
    rows = {row[1]: row for row in screening._rows([source], NOW)}
    facts = assembly.enterprise_facts(source)
    for code, rule in (("innovative_sme", evaluate_innovative_sme), ("srdi_sme", evaluate_srdi_sme),
                       ("little_giant", evaluate_little_giant)):
        try:
            ev = rule(facts)
        except (ValueError, ArithmeticError):
            assert rows[code][2] is None
            continue
        assert (rows[code][2], rows[code][5], rows[code][8]) == (ev.passed, len(blocking_unmet(ev)), ev.rule_set)


def test_facts_key_differs_when_any_field_differs():
    base = assembly.FactSource(1, AS_OF, "3911", "C", dt.date(2010, 1, 1), {2024: {"year": 2024, "employees": 10}},
                               2, 3, frozenset({"srdi_sme"}), {"niche_years": Decimal("3")}, 2024, is_break_zero=True)
    changed = {
        "as_of": dt.date(2026, 1, 1), "industry_code": "2710", "industry_section": "F", "founded_on": None,
        "years": {2024: {"year": 2024, "employees": 11}}, "invention_grants": 3, "other_patents": None,
        "titles": frozenset(), "declared": {"niche_years": Decimal("3.0")}, "declared_year": None,
        "is_break_zero": False, "digital_level": 3, "maker_china_national": "top500",
    }
    assert set(changed) == set(FIELDS) == set(screening_keys._KEY_FIELDS)  # a new FactSource field needs a case here
    for name, value in changed.items():
        assert screening.facts_key(dataclasses.replace(base, **{name: value})) != screening.facts_key(base), name
    other = dataclasses.replace(base, enterprise_id=2, years={2024: {"enterprise_id": 2, "year": 2024, "employees": 10}})
    assert screening.facts_key(other) == screening.facts_key(base)


def test_facts_key_tells_true_from_one():
    base = assembly.FactSource(1, AS_OF, declared={"quality_items": 1})
    assert screening.facts_key(base) != screening.facts_key(dataclasses.replace(base, declared={"quality_items": True}))


def _clear_shared_rule_caches() -> None:
    """The rules library's bulk caches (shared immutable items, threshold texts, resolved rule sets)."""
    from breakzero.rules import bands, rulesets

    indicators.clear_shared_items()
    for cache in (bands._BOUNDS, rulesets._BY_RULE, rulesets._RESOLVED):
        cache.clear()


def _typed(outcomes: list) -> list[str]:
    """Whole evaluations as text: repr tells 5 from Decimal('5') and 1 from True, unlike ==."""
    return [repr((o.rule.code, o.evaluation, o.error_zh)) for o in outcomes]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fact_sources(), min_size=2, max_size=5))
def test_rules_with_warm_caches_equal_rules_from_cold(sources):
    # Warm: every source evaluated after the others filled the caches; cold: caches emptied before each.
    warm = [_typed(evaluate_source(dataclasses.replace(s, cache={}))) for s in sources]
    cold = []
    for source in sources:
        _clear_shared_rule_caches()
        cold.append(_typed(evaluate_source(dataclasses.replace(source, cache={}))))
    assert warm == cold


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fact_sources(), min_size=2, max_size=6), st.lists(fact_sources(), min_size=1, max_size=6))
def test_screening_rows_with_memos_switched_off_equal_rules(first, second):
    # Any batch switches both memos off (as a batch of firms that share nothing does): the next
    # batch is keyed per source and judged without the per-rule memo, and must give the same rows.
    from unittest import mock

    second = [dataclasses.replace(s, enterprise_id=10**8 + n) for n, s in enumerate(second)]
    with mock.patch.object(screening, "SHARING_SAMPLE", 1), mock.patch.object(screening, "NO_SHARING", -1.0):
        with screening.Evaluator() as evaluator:
            rows = []
            for batch in (first, second):
                mapping, used = evaluator.keyed(batch)
                rows += [(eid, rule, *values, NOW) for eid, number in mapping for rule, *values in used[number]]
            assert not evaluator.share_keys and not evaluator.judged.on
    assert rows == [row for source in first + second for row in _rows_by_rules(source)]
