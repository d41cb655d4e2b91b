"""Screening's keys: a FactSource's facts as one hashable key (sources sharing facts share their
evaluations) and a rule facts object's key for the per-rule memo; a source's field values for a
worker process to rebuild it. Split from policies/screening.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from breakzero.policies import assembly


def astuple_shallow(source: assembly.FactSource) -> tuple:
    """A FactSource's field values (no per-rule cache) for a worker process to rebuild it."""
    return _SHALLOW_FIELDS(source)


def facts_key(source: assembly.FactSource) -> tuple:
    """Everything a FactSource holds except whose it is (and its per-rule cache): two sources
    with the same key get the same evaluations. Built from the dataclass's fields, so a field
    added later is part of the key without anyone remembering to add it here."""
    return tuple(_frozen(getattr(source, name)) for name in _KEY_FIELDS)


def _memo_key(facts: Any) -> Any:
    """_frozen(facts), kept on the (immutable) facts object: facts shared by many sources
    (evaluation.RegistrationOnlyShared) are keyed once, not once per source."""
    held = getattr(facts, "__dict__", None)
    if held is None:
        return _frozen(facts)
    key = held.get(_MEMO_KEY)
    if key is None:
        key = held[_MEMO_KEY] = _frozen(facts)
    return key


_MEMO_KEY = "_screening_memo_key"  # not a field: equality, repr and replace() ignore it


def _frozen(value: Any) -> Any:
    """A hashable copy tagged with its type (True == 1 == Decimal(1) must not share a key, nor
    Decimal 1.0 and 1.00, which a reason may print differently). Dict items in key order, a
    yearly row's own enterprise id left out; unsortable keys keep their order (at worst two
    equal dicts get two keys: a second evaluation, never a wrong result)."""
    kind = type(value)
    if kind in _SCALARS:  # most values: no dataclass check
        return (kind, value)
    if kind is dict:
        items = [(k, _frozen(v)) for k, v in value.items() if k != "enterprise_id"]
        try:
            items.sort(key=_first)
        except TypeError:
            pass
        return (dict, tuple(items))
    if kind is Decimal:
        return (kind, str(value))
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(v) for v in value))
    if kind is set:
        return (frozenset, frozenset(value))
    values = _FACT_FIELDS.get(kind)
    if values is None and is_dataclass(value):
        names = [f.name for f in fields(value)]
        values = _FACT_FIELDS[kind] = attrgetter(*names) if len(names) > 1 else lambda v: tuple(getattr(v, n) for n in names)
    if values is not None:  # a rules facts dataclass: its fields, each tagged (scalars inline: hot)
        scalars = _SCALARS
        return (kind, tuple([(type(v), v) if type(v) in scalars else _frozen(v) for v in values(value)]))
    return (kind, value)


_FACT_FIELDS: dict[type, attrgetter] = {}  # a facts dataclass → its field values, in field order
_SCALARS = frozenset({type(None), bool, int, str, dt.date})


def _first(item: tuple) -> Any:
    return item[0]


# What reaches the rules: declared values set aside as invalid (`declared_rejected`, shown on the
# check-up page) are already out of `declared`, so they cannot change a result.
NOT_IN_KEY = ("enterprise_id", "cache", "declared_rejected")
_KEY_FIELDS = tuple(f.name for f in fields(assembly.FactSource) if f.name not in NOT_IN_KEY)
# Every field but the per-rule cache, in field order (FactSource(*values) rebuilds it): one
# attrgetter call instead of dataclasses.fields() per enterprise.
_SHALLOW_FIELDS = attrgetter(*(f.name for f in fields(assembly.FactSource) if f.name != "cache"))
