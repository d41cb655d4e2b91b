"""Province-wide screening: every enterprise against every rule, written set-based in batches.

Facts are loaded per pk range (a few big queries → dicts), evaluated in Python and
streamed into a staging table, then one INSERT … ON CONFLICT per batch updates
`policies_screening`. Safe to run twice; an incremental run takes enterprise ids.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from dataclasses import fields
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.enterprises.models import Enterprise
from breakzero.policies import assembly
from breakzero.policies.evaluation import RULES, blocking_unmet, evaluate_source
from breakzero.policies.models import Screening
from breakzero.rules.results import CriterionStatus

BATCH_ENTERPRISES = 10000
MEMO_MAX = 200_000  # distinct facts keys kept per batch
PARALLEL_MIN_ENTERPRISES = 20000  # below this, forking workers costs more than it saves
COLUMNS = (
    StageColumn("enterprise_id", "bigint"),
    StageColumn("rule", "varchar(30)"),
    StageColumn("passed", "boolean"),
    StageColumn("score", "numeric(8,2)"),
    StageColumn("unknown_count", "integer"),
    StageColumn("unmet_count", "integer"),
    StageColumn("first_gap", "varchar(300)"),
    StageColumn("has_title", "boolean"),
    StageColumn("rule_set", "varchar(40)"),
    StageColumn("as_of", "date"),
    StageColumn("computed_at", "timestamp with time zone"),
)
# computed_at moves only when a result changes, so a re-run rewrites nothing that is unchanged.
UPDATE = [c.name for c in COLUMNS[2:-1]]


def screening_run(*, as_of: dt.date, enterprise_ids: list[int] | None = None) -> int:
    """Re-screen the given enterprises (all when None) on `as_of`; returns the rows written.

    Business rule: issue #5 — officials see who qualifies without applying (免申即享)
    and who is one criterion away; results carry the rule set and date used.
    """
    if enterprise_ids is not None:
        return _write(assembly.load_sources(as_of=as_of, enterprise_ids=enterprise_ids), as_of)
    bounds = Enterprise.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    ranges = [(low, low + BATCH_ENTERPRISES - 1) for low in range(bounds["low"], bounds["high"] + 1, BATCH_ENTERPRISES)]
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or Enterprise.objects.count() < PARALLEL_MIN_ENTERPRISES:
        return sum(_write(assembly.load_sources(as_of=as_of, pk_range=r), as_of) for r in ranges)
    return _run_parallel(ranges, as_of, workers)


def screening_refresh(*, sources: list[str], enterprise_ids: list[int] | None) -> None:
    """core.hooks refresher: upstream data changed, screen again as of today."""
    screening_run(as_of=timezone.localdate(), enterprise_ids=enterprise_ids)


def _run_parallel(ranges: list[tuple[int, int]], as_of: dt.date, workers: int) -> int:
    """Worker processes each load and evaluate one pk range (own connection, pure rules);
    this process writes each batch as it arrives. Connections are closed before forking."""
    connections.close_all()
    written, now = 0, timezone.now()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for rows in pool.imap_unordered(_evaluate_range, [(r, as_of, now) for r in ranges]):
            written += _store(rows)
    return written


def _evaluate_range(args: tuple[tuple[int, int], dt.date, dt.datetime]) -> list[tuple]:
    pk_range, as_of, now = args
    try:
        return list(_rows(assembly.load_sources(as_of=as_of, pk_range=pk_range).values(), now))
    finally:
        connections.close_all()


def _write(sources: dict[int, assembly.FactSource], as_of: dt.date) -> int:
    if not sources:
        return 0
    return _store(_rows(sources.values(), timezone.now()))


def _store(rows: Iterable[tuple]) -> int:
    """Rows into a staging table, then one INSERT … ON CONFLICT into policies_screening."""
    with transaction.atomic(), StagingTable(COLUMNS, prefix="screening") as stage:
        loaded = stage.load(rows)
        stage.upsert(Screening._meta.db_table, keys=["enterprise_id", "rule"], update=UPDATE,
                     update_extra={"computed_at": "excluded.computed_at"})
    return loaded


def _rows(sources: Iterable[assembly.FactSource], now: dt.datetime) -> Iterator[tuple]:
    """Staging rows of every rule for every source. Enterprises with the same facts get the same
    results (thousands share e.g. "no yearly data, no declaration, no patents"), so each distinct
    facts key is evaluated once by the rules library and its results reused (tests compare this
    with calling the rules for each source)."""
    memo: dict[tuple, list[tuple]] = {}
    for source in sources:
        key = facts_key(source)
        results = memo.get(key)
        if results is None:
            if len(memo) >= MEMO_MAX:
                memo.clear()  # bounded memory; distinct facts are evaluated anyway
            results = memo[key] = _results(source)
        titles = source.titles
        for code, title_tier, passed, score, unknown, unmet, gap, rule_set, as_of in results:
            yield (source.enterprise_id, code, passed, score, unknown, unmet, gap, title_tier in titles,
                   rule_set, as_of, now)


def facts_key(source: assembly.FactSource) -> tuple:
    """Everything a FactSource holds except whose it is (and its per-rule cache): two sources
    with the same key get the same evaluations. Built from the dataclass's fields, so a field
    added later is part of the key without anyone remembering to add it here."""
    return tuple(_frozen(getattr(source, name)) for name in _KEY_FIELDS)


def _results(source: assembly.FactSource) -> list[tuple]:
    """(rule, title tier, passed, score, unknown, unmet, first gap, rule set, as_of) per rule."""
    results = []
    for outcome in evaluate_source(source):
        ev, tier = outcome.evaluation, outcome.rule.title_tier
        if ev is None:
            results.append((outcome.rule.code, tier, None, None, 0, 0, outcome.error_zh[:300], "", source.as_of))
            continue
        unmet = blocking_unmet(ev)
        unknown = sum(1 for i in ev.items if i.status is CriterionStatus.UNKNOWN)
        gap = f"{unmet[0].name_zh}：{unmet[0].reason_zh}"[:300] if unmet else ""
        score = None if ev.score is None else Decimal(ev.score).quantize(Decimal("0.01"))
        results.append((outcome.rule.code, tier, ev.passed, score, unknown, len(unmet), gap, ev.rule_set, ev.as_of))
    return results


def _frozen(value: Any) -> Any:
    """A hashable copy: dicts as sorted item tuples (a yearly row's own enterprise id left out)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items() if k != "enterprise_id"))
    if isinstance(value, list | set):
        return tuple(_frozen(v) for v in value) if isinstance(value, list) else frozenset(value)
    if isinstance(value, Decimal):
        return ("Decimal", str(value))  # 1.0 == 1.00, but a reason may print either
    return (type(value).__name__, value)  # True == 1 == 1.0 would otherwise share a key


_KEY_FIELDS = tuple(f.name for f in fields(assembly.FactSource) if f.name not in ("enterprise_id", "cache"))
RULE_CODES = tuple(r.code for r in RULES)
