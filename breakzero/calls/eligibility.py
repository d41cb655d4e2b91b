"""A call's rules evaluated on the platform's data: one enterprise (on opening a call or deciding),
or every enterprise of the province in the background, stored set-based in `EligibilityResult`."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from breakzero.calls.models import Call, EligibilityResult, EligibilityRun
from breakzero.calls.registry import EligibilityResult as Result, get_programme_type
from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.enterprises.models import Enterprise

BATCH_ENTERPRISES = 5000
PARALLEL_MIN_ENTERPRISES = 20000  # below this, forking workers costs more than it saves
UNMET, UNKNOWN = "unmet", "unknown"


def result_as_dict(result: Result) -> dict[str, Any]:
    """JSON form of a rule result: verdict, rule set and each criterion with its explanation."""
    return {
        "passed": result.passed,
        "rule_set": getattr(result, "rule_set", ""),
        "items": [
            {"code": i.code, "name": i.name_zh, "status": str(getattr(i.status, "value", i.status)),
             "reason": i.reason_zh, "threshold": getattr(i, "threshold", ""), "value": _plain(getattr(i, "value", None)),
             "source": getattr(i, "source", "")}
            for i in result.items
        ],
    }


def evaluate_for(*, call: Call, enterprise_ids: list[int], as_of: dt.date) -> dict[int, dict[str, Any]]:
    """Each enterprise's result (as JSON) for `call`; {} when the programme type has no rules."""
    kind = get_programme_type(call.programme.programme_type)
    if kind.eligibility is None or kind.facts_builder is None:
        return {}
    facts = kind.facts_builder(enterprise_ids, as_of)
    results = {}
    for pk in enterprise_ids:
        try:
            results[pk] = result_as_dict(kind.eligibility(facts[pk], call, as_of))
        except (KeyError, ValueError, ArithmeticError) as exc:
            results[pk] = {"passed": None, "rule_set": call.rule_set, "items": [], "error": f"无法评估：{exc}"}
    return results


def evaluate_one(*, call: Call, enterprise_id: int, as_of: dt.date) -> dict[str, Any]:
    return evaluate_for(call=call, enterprise_ids=[enterprise_id], as_of=as_of).get(enterprise_id, {})


def eligibility_run_execute(*, run_id: int) -> EligibilityRun:
    """Evaluate every enterprise of the province for the run's call, batch by batch, reporting progress.

    Business rule: officials list who meets a call's conditions and invite them (免申即享).
    Safe to run twice (upsert on call+enterprise); a failure ends the run as failed with the reason.
    Big runs evaluate pk ranges in forked worker processes (the rules are CPU-bound); this process writes.
    """
    run = EligibilityRun.objects.select_related("call__programme").get(pk=run_id)
    bounds = Enterprise.objects.aggregate(low=Min("pk"), high=Max("pk"))
    total = Enterprise.objects.count()
    EligibilityRun.objects.filter(pk=run.pk).update(status=EligibilityRun.Status.RUNNING, total=total, processed=0)
    ranges = [] if bounds["low"] is None else [
        (low, low + BATCH_ENTERPRISES - 1) for low in range(bounds["low"], bounds["high"] + 1, BATCH_ENTERPRISES)]
    workers = min(os.cpu_count() or 1, 8)
    try:
        if workers >= 2 and total >= PARALLEL_MIN_ENTERPRISES and len(ranges) > 1:
            batches = _parallel(run, ranges, workers)
        else:
            batches = (_range_rows(run.call, r, run.as_of) for r in ranges)
        processed = 0
        for count, rows in batches:
            _store(rows)
            processed += count
            EligibilityRun.objects.filter(pk=run.pk).update(processed=processed)
    except Exception as exc:  # noqa: BLE001 — the run must end as failed with its reason, never hang as running
        EligibilityRun.objects.filter(pk=run.pk).update(status=EligibilityRun.Status.FAILED, finished_at=timezone.now(),
                                                        message=f"筛查失败：{exc}"[:2000])
        run.refresh_from_db()
        return run
    eligible = EligibilityResult.objects.filter(call=run.call, passed=True).count()
    EligibilityRun.objects.filter(pk=run.pk).update(status=EligibilityRun.Status.DONE, processed=processed,
                                                    eligible=eligible, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _parallel(run: EligibilityRun, ranges: list[tuple[int, int]], workers: int) -> Iterator[tuple[int, list[tuple]]]:
    """Worker processes each load and evaluate one pk range (own connection); results in arrival order."""
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_worker, [(run.call_id, r, run.as_of) for r in ranges])


def _worker(args: tuple[int, tuple[int, int], dt.date]) -> tuple[int, list[tuple]]:
    call_id, pk_range, as_of = args
    try:
        return _range_rows(Call.objects.select_related("programme").get(pk=call_id), pk_range, as_of)
    finally:
        connections.close_all()


def _range_rows(call: Call, pk_range: tuple[int, int], as_of: dt.date) -> tuple[int, list[tuple]]:
    """(enterprises seen, staged rows) for one pk range."""
    rows = list(Enterprise.objects.filter(pk__range=pk_range).values_list("pk", "county_id", "city_id"))
    if not rows:
        return 0, []
    results = evaluate_for(call=call, enterprise_ids=[r[0] for r in rows], as_of=as_of)
    return len(rows), list(_stage_rows(call, rows, results, as_of, timezone.now())) if results else []


def _store(rows: list[tuple]) -> None:
    if not rows:
        return
    with transaction.atomic(), StagingTable(_columns(), prefix="eligibility") as stage:
        stage.load(rows)
        stage.upsert(EligibilityResult._meta.db_table, keys=["call_id", "enterprise_id"],
                     update=["county_id", "city_id", "passed", "unmet_count", "unknown_count", "first_gap", "items",
                             "rule_set", "as_of"], update_extra={"computed_at": "excluded.computed_at"})


def _columns() -> tuple[StageColumn, ...]:
    json_type = "jsonb" if connection.vendor == "postgresql" else "text"
    return (
        StageColumn("call_id", "bigint"), StageColumn("enterprise_id", "bigint"), StageColumn("county_id", "varchar(12)"),
        StageColumn("city_id", "varchar(12)"), StageColumn("passed", "boolean"), StageColumn("unmet_count", "integer"),
        StageColumn("unknown_count", "integer"), StageColumn("first_gap", "varchar(300)"),
        StageColumn("items", json_type), StageColumn("rule_set", "varchar(60)"), StageColumn("as_of", "date"),
        StageColumn("computed_at", "timestamp with time zone"),
    )


def _stage_rows(call: Call, rows: list[tuple], results: dict[int, dict], as_of: dt.date,
                now: dt.datetime) -> Iterator[tuple]:
    for pk, county_id, city_id in rows:
        result = results[pk]
        items = result.get("items", [])
        unmet = [i for i in items if i["status"] == UNMET]
        gap = f"{unmet[0]['name']}：{unmet[0]['reason']}"[:300] if unmet else result.get("error", "")[:300]
        yield (call.pk, pk, county_id, city_id, result.get("passed"), len(unmet),
               sum(1 for i in items if i["status"] == UNKNOWN), gap, json.dumps(items, ensure_ascii=False),
               result.get("rule_set", "") or call.rule_set, as_of, now)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return str(value)
