"""Province-wide screening: every enterprise against every rule, written set-based in batches.

Facts are loaded per pk range (a few big queries → dicts), evaluated in Python and
streamed into a staging table, then one INSERT … ON CONFLICT per batch updates
`policies_screening`. Safe to run twice; an incremental run takes enterprise ids.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
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


def _rows(sources: Any, now: dt.datetime) -> Iterator[tuple]:
    for source in sources:
        for outcome in evaluate_source(source):
            ev = outcome.evaluation
            if ev is None:
                yield (source.enterprise_id, outcome.rule.code, None, None, 0, 0, outcome.error_zh[:300],
                       outcome.rule.title_tier in source.titles, "", source.as_of, now)
                continue
            unmet = blocking_unmet(ev)
            unknown = sum(1 for i in ev.items if i.status is CriterionStatus.UNKNOWN)
            gap = f"{unmet[0].name_zh}：{unmet[0].reason_zh}"[:300] if unmet else ""
            score = None if ev.score is None else Decimal(ev.score).quantize(Decimal("0.01"))
            yield (source.enterprise_id, outcome.rule.code, ev.passed, score, unknown, len(unmet), gap,
                   outcome.rule.title_tier in source.titles, ev.rule_set, ev.as_of, now)


RULE_CODES = tuple(r.code for r in RULES)
