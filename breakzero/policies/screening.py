"""Province-wide screening: every enterprise against every rule, written set-based in batches.

Facts are loaded per pk range (a few big queries → dicts), evaluated in Python and
streamed into a staging table, then one INSERT … ON CONFLICT per batch updates
`policies_screening`. Safe to run twice; an incremental run takes enterprise ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.enterprises.models import Enterprise
from breakzero.policies import assembly
from breakzero.policies.evaluation import RULES, blocking_unmet, evaluate_source
from breakzero.policies.models import Screening
from breakzero.rules.results import CriterionStatus

BATCH_ENTERPRISES = 10000
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
UPDATE = [c.name for c in COLUMNS[2:]]


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
    written = 0
    for low in range(bounds["low"], bounds["high"] + 1, BATCH_ENTERPRISES):
        sources = assembly.load_sources(as_of=as_of, pk_range=(low, low + BATCH_ENTERPRISES - 1))
        written += _write(sources, as_of)
    return written


def screening_refresh(*, sources: list[str], enterprise_ids: list[int] | None) -> None:
    """core.hooks refresher: upstream data changed, screen again as of today."""
    screening_run(as_of=timezone.localdate(), enterprise_ids=enterprise_ids)


def _write(sources: dict[int, assembly.FactSource], as_of: dt.date) -> int:
    if not sources:
        return 0
    now = timezone.now()
    with transaction.atomic(), StagingTable(COLUMNS, prefix="screening") as stage:
        loaded = stage.load(_rows(sources.values(), now))
        stage.upsert(Screening._meta.db_table, keys=["enterprise_id", "rule"], update=UPDATE)
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
