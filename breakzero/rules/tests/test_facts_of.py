"""facts._Facts.of builds exactly what the dataclass constructor builds, or raises what it raises,
for every facts class of the rules library and any mix of names and values."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import breakzero.rules
from breakzero.rules.facts import EnterpriseFacts, HnteFacts, MainProductField, TechSmeFacts, _Facts


def _facts_classes() -> list[type]:
    for module in pkgutil.iter_modules(breakzero.rules.__path__, "breakzero.rules."):
        importlib.import_module(module.name)
    found, todo = [], list(_Facts.__subclasses__())
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo += kind.__subclasses__()
    return sorted(found, key=lambda kind: kind.__qualname__)


FACTS_CLASSES = _facts_classes()
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**6), st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(), st.tuples(st.decimals(-10, 10, places=1)), st.text(max_size=3), st.floats(allow_nan=False),
    st.sampled_from(list(MainProductField)), st.just(datetime(2025, 1, 1)), st.frozensets(st.integers(0, 3)),
    st.lists(st.integers(0, 3), max_size=2),
)  # fmt: skip


@st.composite
def calls(draw: st.DrawFn) -> tuple[type, dict]:
    """A facts class and keyword arguments for it: some of its fields (the required ones mostly
    given), now and then a name that is no field."""
    kind = draw(st.sampled_from(FACTS_CLASSES))
    names = [f.name for f in dataclasses.fields(kind)]
    required = [f.name for f in dataclasses.fields(kind) if f.default is dataclasses.MISSING]
    chosen = set(draw(st.lists(st.sampled_from(names), max_size=len(names))))
    if draw(st.integers(0, 9)):
        chosen |= set(required)
    if not draw(st.integers(0, 9)):
        chosen.add("not_a_field")
    return kind, {name: draw(VALUES) for name in draw(st.permutations(sorted(chosen)))}


def _outcome(build, kind: type, values: dict):  # type: ignore[no-untyped-def]
    try:
        return "built", build(**values)
    except TypeError as error:
        return "raised", str(error)


def _hashed(facts: object) -> object:
    try:
        return hash(facts)
    except TypeError as error:  # a list among the values: unhashable either way
        return str(error)


@settings(max_examples=1500, deadline=None)
@given(calls())
def test_facts_of_equals_constructor_for_any_call(call):
    kind, values = call
    plain, fast = _outcome(kind, kind, values), _outcome(kind.of, kind, values)
    assert plain[0] == fast[0]
    if plain[0] == "raised":
        assert fast == plain  # the same message: the constructor's own
        return
    built, made = plain[1], fast[1]
    assert type(made) is type(built)
    assert made == built and repr(made) == repr(built) and _hashed(made) == _hashed(built)
    assert list(vars(made).items()) == list(vars(built).items())  # same fields, same order, nothing else
    assert all(made.__dict__[name] is value for name, value in values.items())  # the objects given, not copies


def test_facts_of_typical_values_skip_the_constructor(monkeypatch):
    def no_constructor(self, *args, **kwargs):
        raise AssertionError("the generated __init__ ran")

    values = {"as_of": date(2025, 6, 30), "employees": 12, "sales_revenue": Decimal("3.5"), "ip_class1": None}
    expected = TechSmeFacts(**values)
    monkeypatch.setattr(TechSmeFacts, "__init__", no_constructor)
    made = TechSmeFacts.of(**values)
    assert made == expected and made.total_assets is None


@pytest.mark.parametrize("kind", [EnterpriseFacts, HnteFacts, TechSmeFacts])
def test_facts_of_stays_frozen_and_rejects_float(kind):
    made = kind.of(as_of=date(2025, 6, 30))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.as_of = date(2026, 1, 1)
    float_field = next(f.name for f in dataclasses.fields(kind) if f.name != "as_of" and "Decimal" in str(f.type))
    with pytest.raises(TypeError, match=f"{kind.__name__}.{float_field}: use Decimal"):
        kind.of(as_of=date(2025, 6, 30), **{float_field: 1.5})


def test_facts_of_with_own_post_init_uses_constructor():
    @dataclasses.dataclass(frozen=True)
    class Checked(_Facts):
        as_of: date
        count: int | None = None

        def __post_init__(self) -> None:
            if self.count is not None and self.count < 0:
                raise ValueError("count below 0")

    with pytest.raises(ValueError, match="count below 0"):
        Checked.of(as_of=date(2025, 6, 30), count=-1)


def test_facts_of_float_default_rejected_as_by_constructor():
    @dataclasses.dataclass(frozen=True)
    class Careless(_Facts):
        as_of: date
        rate: Decimal | None = 0.5  # type: ignore[assignment]

    with pytest.raises(TypeError, match="Careless.rate: use Decimal"):
        Careless.of(as_of=date(2025, 6, 30))
