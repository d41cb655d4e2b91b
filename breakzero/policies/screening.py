"""Province-wide screening: every enterprise against every rule, written set-based in batches.

Facts are loaded per batch of enterprises (a handful of set-based queries; the patent counts
once for the whole register). Each distinct set of facts is evaluated once by the rules
library — enterprises sharing theirs share the results — in spawned worker processes when a
batch brings many new ones. A big run on committed PostgreSQL data has the workers load the
facts of their pk ranges themselves (this process only writes). screening_store writes the
results (unchanged rows are not rewritten; a first load builds the table's keys after its rows). Safe to run twice; an
incremental run takes enterprise ids.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from breakzero.core import hooks
from breakzero.core.parallel import WorkerPool
from breakzero.enterprises.models import Enterprise
from breakzero.policies import assembly
from breakzero.policies.evaluation import RULES, PolicyRule, blocking_unmet
from breakzero.policies.screening_keys import _memo_key, astuple_shallow, facts_key
from breakzero.policies.screening_scopes import Scopes, scope_sources
from breakzero.policies.screening_store import ScreeningStore
from breakzero.policies.screening_worker import evaluate_fields, prepare, screen_scope
from breakzero.rules.results import CriterionStatus
from breakzero.rules.summaries import summary_row

logger = logging.getLogger(__name__)
BATCH_ENTERPRISES = 10000
FULL_RUN_MIN_IDS = 20000  # more ids than this: screen everyone (same rows for the rest, written only if changed)
# Distinct facts remembered (per memo, checked before each batch, so at most this plus one batch;
# a key is a few KB): enough where enterprises share facts, bounded where each has its own.
MEMO_MAX = 5_000
# Many firms on PostgreSQL, outside a transaction: the worker processes load the facts themselves
# (_loaded_in_workers), in jobs of this many pks, instead of this process loading and sending them.
WORKERS_LOAD_MIN = 5000
WORKER_ENTERPRISES = 2500
# While the workers start (forked from the Django server, core.parallel: at once when it is up,
# seconds when it is still setting Django up) and read the run's patent counts, this process screens
# the first scopes itself, this many firms each: the job page hears from the run at once.
HERE_ENTERPRISES = 1000
PARALLEL_MIN_NEW = 1000  # facts new in a batch before worker processes evaluate them
# A memo that stops paying is switched off: keying costs ~10 % of a diverse run (each firm its own
# revenues), and after this many lookups with more than this share of misses it is not kept up.
SHARING_SAMPLE = 1000
NO_SHARING = 0.95


def screening_run(*, as_of: dt.date, enterprise_ids: list[int] | None = None) -> int:
    """Re-screen the given enterprises (all when None) on `as_of`; returns the results (rows) stored.

    Business rule (免申即享, policy-rules.md): officials see who qualifies without applying (免申即享)
    and who is one criterion away; results carry the rule set and date used.
    """
    if enterprise_ids is not None and len(set(enterprise_ids)) >= FULL_RUN_MIN_IDS:
        enterprise_ids = None
    firms = _firms(enterprise_ids)
    stored = screened = 0
    with Evaluator() as evaluator, ScreeningStore(expected_rows=firms * len(RULES)) as store:
        if _workers_load(firms, evaluator):
            evaluated = _loaded_in_workers(evaluator, as_of, enterprise_ids)
        else:
            evaluated = _loaded_here(evaluator, as_of, enterprise_ids)
        for mapping, used in evaluated:  # the next batches are evaluated while this one is written
            stored += store.add(mapping, used)
            screened += len(mapping)
            hooks.report_progress(screened, firms)  # an import's job page: "政策筛查（n/N）"
        store.finish()
    return stored


def screening_refresh(*, sources: list[str], enterprise_ids: list[int] | None) -> None:
    """core.hooks refresher: upstream data changed, screen again as of today."""
    screening_run(as_of=timezone.localdate(), enterprise_ids=enterprise_ids)


def _firms(enterprise_ids: list[int] | None) -> int:
    """How many enterprises the run screens (times the rules: about the results it writes, from
    which the store decides whether it is a first load)."""
    return Enterprise.objects.count() if enterprise_ids is None else len(set(enterprise_ids))


def _batches(as_of: dt.date, enterprise_ids: list[int] | None) -> Iterator[dict[int, assembly.FactSource]]:
    patents = None if enterprise_ids is not None else assembly.patent_facts(as_of=as_of)  # once per run
    for scope in Scopes(enterprise_ids).rest(BATCH_ENTERPRISES):
        yield scope_sources(as_of, scope, patents)


def _loaded_here(
    evaluator: Evaluator, as_of: dt.date, enterprise_ids: list[int] | None
) -> Iterator[tuple[list[tuple[int, int]], dict[int, list[tuple]]]]:
    """Facts loaded in this process, batch by batch, and evaluated (in the workers when a batch
    brings many new keys). Pipelined: batch n is loaded while n − 1 is evaluated in the workers,
    and n − 1 handed on while n is; each batch is keyed after the one before came back."""
    evaluating: Pending | None = None
    for sources in _batches(as_of, enterprise_ids):
        done = None if evaluating is None else evaluator.collect(evaluating)
        evaluating = evaluator.submit(sources.values())
        if done is not None:
            yield done
    if evaluating is not None:
        yield evaluator.collect(evaluating)


def _workers_load(firms: int, evaluator: Evaluator) -> bool:
    """Whether the worker processes load the facts themselves: many firms, PostgreSQL, and the
    data committed (no transaction open here: another connection would not see what it wrote,
    as core.hooks.can_run_alongside)."""
    workers = settings.IMPORT_PARSE_WORKERS
    if not (settings.SCREENING_WORKERS_LOAD and firms >= WORKERS_LOAD_MIN and workers >= 2 and hooks.can_run_alongside()):
        return False
    evaluator.start_pool(workers)  # not waited for: _loaded_in_workers screens here meanwhile
    return True


def _loaded_in_workers(
    evaluator: Evaluator, as_of: dt.date, enterprise_ids: list[int] | None
) -> Iterator[tuple[list[tuple[int, int]], dict[int, list[tuple]]]]:
    """Each worker loads a scope's facts on its own connection, keys and evaluates them with its
    own memo, and returns (enterprise id, its key number) pairs and the results per number:
    nothing but pks and results cross the processes. Its numbers are renumbered here, a number
    a worker gives again (a key it remembers) to the same number (staged once). Until the
    workers are prepared (screening_worker.prepare) this process screens the first scopes
    itself, HERE_ENTERPRISES at a time; workers that do not start leave it every scope."""
    database, run = connection.settings_dict["NAME"], uuid.uuid4().hex
    scopes = Scopes(enterprise_ids)
    pool = evaluator.pool
    # Submitted from a thread: forking through the Django server waits until it is set up.
    prepared = pool.on_each(prepare, (database, run, as_of, enterprise_ids is None))
    here = Evaluator(parallel=False, numbers=evaluator.numbers)  # its key numbers are the run's
    patents, warned = None, False
    while (ready := _workers_ready(prepared, pool.workers)) is not True:
        if ready is False and not warned:  # e.g. a script without a main guard: every scope here
            logger.warning("screening: worker processes did not start; screening in this process")
            warned = True
        scope = scopes.take(HERE_ENTERPRISES)
        if scope is None:
            return
        if isinstance(scope, tuple) and patents is None:
            patents = assembly.patent_facts(as_of=as_of)  # once per run, as the workers read it
        yield here.keyed(scope_sources(as_of, scope, patents).values())
    # The workers' first jobs as small as this process's: the page hears from them as soon.
    firsts = [HERE_ENTERPRISES] * pool.workers
    jobs = ((database, run, as_of, scope) for scope in scopes.rest(WORKER_ENTERPRISES, first=firsts))
    numbers: dict[tuple[int, int], int] = {}  # (worker pid, its number) → ours
    for pid, mapping, used in evaluator.pool.map_ordered(screen_scope, jobs):
        if len(numbers) >= MEMO_MAX:
            numbers.clear()  # bounded; a number seen again gets a new one (its results staged again)
        ours = {}
        for number in used:
            if (pid, number) not in numbers:
                numbers[pid, number] = next(evaluator.numbers)
            ours[number] = numbers[pid, number]
        yield [(enterprise_id, ours[number]) for enterprise_id, number in mapping], {
            ours[number]: results for number, results in used.items()}


def _workers_ready(prepared: list[Future], workers: int) -> bool | None:
    """True once every worker is prepared, False when one failed to (or could not start),
    None while they start (`prepared` fills as they are submitted: WorkerPool.on_each)."""
    if len(prepared) < workers or not all(future.done() for future in prepared):
        return None
    return all(future.exception() is None for future in prepared)


class Evaluator:
    """The rules' results per distinct facts key, each key evaluated once (tests compare this
    with calling the rules for every enterprise); worker processes are started the first time
    a batch brings at least PARALLEL_MIN_NEW new keys."""

    def __init__(self, *, parallel: bool = True, numbers: Iterator[int] | None = None) -> None:
        self.parallel = parallel  # False in a worker process: it evaluates what it loaded itself
        self.memo: dict[tuple, tuple[int, list[tuple]]] = {}
        self.judged = JudgedMemo()  # (rule, facts) → its row, see results_of
        self.share_keys = True
        self.numbers = numbers or itertools.count(1)  # another evaluator's: numbers unique across both
        self.pool: WorkerPool | None = None

    def __enter__(self) -> "Evaluator":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.pool is not None:
            self.pool.close()

    def keyed(self, sources: Iterable[assembly.FactSource]) -> tuple[list[tuple[int, int]], dict[int, list[tuple]]]:
        """(enterprise id, key number) per source, and the results of each key number used."""
        return self.collect(self.submit(sources))

    def submit(self, sources: Iterable[assembly.FactSource]) -> Pending:
        """Key the sources and start evaluating the new keys (in the workers, or here at once);
        `collect` gives what `keyed` gives. Collect a batch before submitting the next."""
        if len(self.memo) >= MEMO_MAX or len(self.judged.rows) >= MEMO_MAX:
            self.memo.clear()  # bounded memory; a key seen again is evaluated again
            self.judged.rows.clear()
        sources = list(sources)
        pairs, pending, own = [], {}, []  # own: the sources judged without a key, each its own number
        for index, source in enumerate(sources):
            if not self.share_keys:  # the sample shared (almost) no facts: the rest are not keyed
                own = sources[index:]
                break
            key = facts_key(source)
            pairs.append((source.enterprise_id, key))
            if key not in self.memo and key not in pending:
                pending[key] = source
            if index + 1 == SHARING_SAMPLE and len(pending) > NO_SHARING * SHARING_SAMPLE:
                self.share_keys = False  # decided on the batch's first sources, not after keying all
        own_ids = [source.enterprise_id for source in own]
        return Pending(pairs, list(pending), own_ids, self._evaluate([*pending.values(), *own]))  # workers get both

    def collect(self, batch: Pending) -> tuple[list[tuple[int, int]], dict[int, list[tuple]]]:
        """A submitted batch's (enterprise id, key number) pairs and results per number used."""
        evaluated = [results for chunk in batch.evaluating for results in _result(chunk)]
        for key, results in zip(batch.keys, evaluated):
            self.memo[key] = (next(self.numbers), results)
        used: dict[int, list[tuple]] = {}
        mapping = []
        for enterprise_id, key in batch.pairs:
            number, results = self.memo[key]
            used[number] = results
            mapping.append((enterprise_id, number))
        for enterprise_id, results in zip(batch.own_ids, evaluated[len(batch.keys) :]):
            number = next(self.numbers)
            used[number] = results
            mapping.append((enterprise_id, number))
        return mapping, used

    def _evaluate(self, sources: list[assembly.FactSource]) -> list[Future | list[list[tuple]]]:
        """The sources' results in chunks: worker futures, or (few, or no workers) done here."""
        workers = settings.IMPORT_PARSE_WORKERS
        if not sources:  # every key of the batch known already
            return []
        if len(sources) < PARALLEL_MIN_NEW or workers < 2 or not self.parallel or not self._pool_ready(workers):
            return [self.judged.results(sources)]
        size = -(-len(sources) // (4 * workers))
        return [self.pool.submit(evaluate_fields, [astuple_shallow(s) for s in sources[i : i + size]])
                for i in range(0, len(sources), size)]

    def _pool_ready(self, workers: int) -> bool:
        return self.start_pool(workers).is_ready()

    def start_pool(self, workers: int) -> WorkerPool:
        """The worker processes, spawned now if not yet (not waited for)."""
        if self.pool is None:
            self.pool = WorkerPool(workers, django=True)
        return self.pool


@dataclass(frozen=True)
class Pending:
    """A batch submitted to the Evaluator: its keyed sources (enterprise id, key), the new keys
    and the unkeyed sources' enterprise ids, in the order of their results in `evaluating`."""

    pairs: list[tuple[int, tuple]]
    keys: list[tuple]
    own_ids: list[int]
    evaluating: list[Future | list[list[tuple]]]


def _result(chunk: Future | list[list[tuple]]) -> list[list[tuple]]:
    return chunk.result() if isinstance(chunk, Future) else chunk


class JudgedMemo:
    """results_of's per-rule memo, switched off once it misses almost always (a sample of
    SHARING_SAMPLE sources, more than NO_SHARING of their rule lookups new): then each rule is
    called without a key. Either way the rows are the rules' (the memo only skips repeats)."""

    def __init__(self) -> None:
        self.rows: dict[tuple, tuple] = {}
        self.on = True

    def results(self, sources: list[assembly.FactSource]) -> list[list[tuple]]:
        found: list[list[tuple]] = []
        for start in range(0, len(sources), SHARING_SAMPLE):  # decided per sample, not per call
            sample = sources[start : start + SHARING_SAMPLE]
            if not self.on:
                found += [results_of(source) for source in sample]
                continue
            before = len(self.rows)
            found += [results_of(source, self.rows) for source in sample]
            if len(sample) >= SHARING_SAMPLE and len(self.rows) - before > NO_SHARING * len(RULES) * len(sample):
                self.on = False
            if len(self.rows) >= MEMO_MAX:
                self.rows.clear()
        return found


def _rows(sources: Iterable[assembly.FactSource], now: dt.datetime) -> Iterator[tuple]:
    """Per enterprise and rule: (enterprise, rule, passed, score, unknown, unmet, first gap,
    has title, rule set, as_of, computed_at) — what `_store` writes, spelled out (for tests)."""
    with Evaluator() as evaluator:
        mapping, used = evaluator.keyed(sources)
        for enterprise_id, number in mapping:
            for rule, *values in used[number]:
                yield (enterprise_id, rule, *values, now)


def results_of(source: assembly.FactSource, memo: dict | None = None) -> list[tuple]:
    """(rule, passed, score, unknown, unmet, first gap, has title, rule set, as_of) per rule,
    from the rules library. With a `memo`, a rule judges facts equal to ones it judged before
    only once (the tiers ignore the founding date, say, that sets two sources apart)."""
    results, frozen = [], {}
    summaries = settings.SCREENING_SUMMARIES  # read once a source, not once a rule
    for rule in RULES:
        has_title = rule.title_tier in source.titles
        try:
            facts = rule.facts(source)
        except (ValueError, ArithmeticError) as exc:  # as evaluate_source: the rule cannot run
            results.append((rule.code, None, None, 0, 0, f"无法评估：{exc}"[:300], has_title, "", source.as_of))
            continue
        if memo is not None and id(facts) not in frozen:  # the three tiers share one facts object
            frozen[id(facts)] = (facts, _memo_key(facts))  # facts kept alive: its id is not reused
        key = (rule.code, frozen[id(facts)][1]) if memo is not None else None
        row = memo.get(key) if memo is not None else None
        if row is None:
            row = _judged(rule, facts, source.as_of, summaries)
            if memo is not None:
                memo[key] = row
        passed, score, unknown, unmet, gap, rule_set, as_of = row
        results.append((rule.code, passed, score, unknown, unmet, gap, has_title, rule_set, as_of))
    return results


def _judged(rule: PolicyRule, facts: Any, as_of: dt.date, summaries: bool) -> tuple:
    """(passed, score, unknown, unmet, first gap, rule set, as_of) of one rule: its summary
    (rules.summaries, proven equal to the full evaluation) where one covers the facts, else the
    full evaluation. `summaries` off (settings.SCREENING_SUMMARIES): the full evaluation always."""
    if summaries:
        try:
            row = summary_row(rule.code, rule.judge, facts)
        except (ValueError, ArithmeticError):
            row = None  # the full evaluation words the error
        if row is not None:
            return row
    return _judged_in_full(rule, facts, as_of)


def _judged_in_full(rule: PolicyRule, facts: Any, as_of: dt.date) -> tuple:
    try:
        ev = rule.judge(facts)
    except (ValueError, ArithmeticError) as exc:
        return (None, None, 0, 0, f"无法评估：{exc}"[:300], "", as_of)
    unmet = blocking_unmet(ev)
    unknown = sum(1 for i in ev.items if i.status is CriterionStatus.UNKNOWN)
    gap = f"{unmet[0].name_zh}：{unmet[0].reason_zh}"[:300] if unmet else ""
    score = None if ev.score is None else Decimal(ev.score).quantize(Decimal("0.01"))
    return (ev.passed, score, unknown, len(unmet), gap, ev.rule_set, ev.as_of)


RULE_CODES = tuple(r.code for r in RULES)
