"""Reasons built when first read (``DeferredText``) read as the text an eager build gives, in
every form an item is used in: attribute, equality, hash, repr, copies, pickles, ``asdict``."""

import copy
import dataclasses
import datetime as dt
import pickle
import random
from decimal import Decimal

from breakzero.rules import bands
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import CriterionStatus, DeferredText, Item
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme

IND = Indicator("x.code", "某条件", "来源", "group", "某事实")
RULES = (evaluate_innovative_sme, evaluate_srdi_sme, evaluate_little_giant)


def _deferred(calls: list[str]) -> Item:
    def build(prefix: str, amount: Decimal) -> str:
        calls.append(prefix)
        return f"{prefix} {bands.fmt_wan(amount)}"

    return Item("x", "某条件", CriterionStatus.UNMET, DeferredText(build, "研发费用", Decimal("12.345")), "来源")


def test_deferred_reason_reads_as_text_and_is_built_once():
    calls: list[str] = []
    item = _deferred(calls)
    assert calls == []  # nothing built until read
    assert item.reason_zh == "研发费用 12.35 万元" == item.reason_zh
    assert calls == ["研发费用"]


def test_deferred_item_equals_eager_item_in_every_form():
    eager = Item("x", "某条件", CriterionStatus.UNMET, "研发费用 12.35 万元", "来源")
    for item in (_deferred([]), copy.copy(_deferred([])), pickle.loads(pickle.dumps(_deferred([])))):
        assert item == eager and hash(item) == hash(eager) and repr(item) == repr(eager)
        assert dataclasses.asdict(item) == dataclasses.asdict(eager)
    assert type(pickle.loads(pickle.dumps(_deferred([]))).__dict__["reason_zh"]) is str  # written out
    assert dataclasses.replace(_deferred([]), code="y").reason_zh == eager.reason_zh


def test_indicator_pickles_without_its_remembered_hash_or_shared_items():
    IND.unknown()
    hash(IND)
    copied = pickle.loads(pickle.dumps(IND))
    assert set(vars(copied)) == {f.name for f in dataclasses.fields(Indicator)}
    assert copied == IND and hash(copied) == hash(IND)


def _facts(rng: random.Random) -> EnterpriseFacts:
    money = lambda low, high: Decimal(rng.randint(low * 100, high * 100)) / 100  # noqa: E731
    return EnterpriseFacts(
        as_of=dt.date(rng.choice((2024, 2026)), 6, 30),
        is_sme=rng.choice((True, None)),
        operating_revenue_prev=money(0, 30000),
        operating_revenue_prev2=money(0, 30000),
        operating_revenue_prev3=money(1, 30000),
        main_business_revenue_prev=money(0, 30000),
        main_business_revenue_prev2=money(0, 30000),
        main_business_revenue_prev3=money(0, 30000),
        rd_expense_prev=money(0, 2000),
        rd_expense_prev2=money(0, 2000),
        total_assets=money(1, 40000),
        total_liabilities=money(0, 30000),
        employees=rng.randint(1, 900),
        rd_staff=rng.randint(0, 100),
        niche_years=Decimal(rng.randint(0, 12)),
        ip_class1=rng.randint(0, 3),
        ip_class2=rng.randint(0, 8),
    )


def test_reasons_read_late_equal_reasons_read_at_once():
    # A deferred text holds its arguments, not the state around it: read after many other
    # evaluations (shared caches warm, other firms' figures built) it is the text read at once.
    rng = random.Random(20261207)
    firms = [_facts(rng) for _ in range(40)]
    at_once = [[i.reason_zh for i in rule(f).items] for f in firms for rule in RULES]
    kept = [rule(f) for f in firms for rule in RULES]
    assert [[i.reason_zh for i in ev.items] for ev in reversed(kept)] == list(reversed(at_once))
