"""Writing screening results into policies_screening: per batch, or once for a first load.

Key numbers with equal results are staged as one (SameResults). Ordinarily each batch is written
with one INSERT … ON CONFLICT joining two staging tables (the distinct results, and which
enterprise has which), so unchanged rows are not rewritten.

A run that at least doubles the table (the first screening of a register, core.load_indexes)
stages every batch instead and writes them all at the end in one transaction: the table's
keys, indexes and own foreign key are dropped, the rows inserted, and all of them built again
— one sort per index and one join for the foreign key instead of a look-up per row (PostgreSQL
manual, "Populating a Database"). The same rows as the ordinary path (tests compare the two).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from breakzero.core.bulk import StageColumn, StagingTable, _differs, execute, fetch, qn
from breakzero.core.load_indexes import built_after_load, doubles
from breakzero.policies.models import Screening

RESULT_COLUMNS = (
    StageColumn("key_no", "integer"),
    StageColumn("rule", "varchar(30)"),
    StageColumn("passed", "boolean"),
    StageColumn("score", "numeric(8,2)"),
    StageColumn("unknown_count", "integer"),
    StageColumn("unmet_count", "integer"),
    StageColumn("first_gap", "varchar(300)"),
    StageColumn("has_title", "boolean"),
    StageColumn("rule_set", "varchar(40)"),
    StageColumn("as_of", "date"),
)
MAP_COLUMNS = (StageColumn("enterprise_id", "bigint"), StageColumn("key_no", "integer"))
# computed_at moves only when a result changes, so a re-run rewrites nothing that is unchanged.
UPDATE = [c.name for c in RESULT_COLUMNS[2:]]
NAMES = [c.name for c in RESULT_COLUMNS[1:]]
WORK_MEM = "64MB"  # the final join of a first load in memory, not in batches spilled to disk


class ScreeningStore:
    """Where screening_run's batches go: `add` each batch, `finish` after the last.

    `expected_rows`: about how many results the run writes; when the new ones among them at
    least double the table (PostgreSQL, outside a transaction), the batches are staged and
    written by `finish` (a first load). A re-run over a screened register adds nothing."""

    def __init__(self, *, expected_rows: int) -> None:
        self.adding = _new_rows(expected_rows)
        self.first_load = self.adding > 0 and doubles(Screening._meta.db_table, self.adding)
        self.results = StagingTable(RESULT_COLUMNS, prefix="screening_result")
        self.enterprises = StagingTable(MAP_COLUMNS, prefix="screening_map")
        self.staged: set[int] = set()  # key numbers whose results are staged already
        self.same = SameResults()

    def __enter__(self) -> "ScreeningStore":
        if self.first_load:
            self.results.create()
            self.enterprises.create()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.first_load:
            self.results.drop()
            self.enterprises.drop()

    def add(self, mapping: list[tuple[int, int]], used: dict[int, list[tuple]]) -> int:
        """One batch: (enterprise id, key number) pairs and the results of each number used;
        returns the results (rows) it holds."""
        mapping, used = self.same.merged(mapping, used)
        if not self.first_load:
            return store_batch(mapping, used)
        fresh = [number for number in used if number not in self.staged]  # a memo's key recurs across batches
        self.results.load((number, *row) for number in fresh for row in used[number])
        self.staged.update(fresh)
        _load_pairs(self.enterprises, mapping)
        return sum(len(used[number]) for _enterprise, number in mapping)

    def finish(self) -> None:
        """A first load's one write (nothing to do otherwise): inside one transaction, so a
        failure leaves the table, its keys and indexes as they were."""
        if not self.first_load or not self.enterprises.rows:
            return
        table = Screening._meta.db_table
        with transaction.atomic():
            execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            execute(f"ANALYZE {qn(self.results.name)}")  # temp tables get no automatic statistics
            execute(f"ANALYZE {qn(self.enterprises.name)}")
            with built_after_load(
                table, adding=self.adding, constraints=True, own_foreign_keys=True, indexes="all"
            ) as dropped:  # fmt: skip
                if dropped:
                    _write_without_keys(self.results.name, self.enterprises.name)
                else:  # the estimate moved (another run wrote meanwhile): the ordinary upsert
                    _upsert(self.results.name, self.enterprises.name)


class SameResults:
    """Key numbers whose results are equal made one, so their rows are staged once: facts that
    differ only where no rule looks (a founding date, a registration-only firm's industry) give
    equal results. Switched off after SAME_SAMPLE results of which more than SAME_NEW were new
    (each firm its own score): hashing them would then buy nothing."""

    def __init__(self) -> None:
        self.numbers: dict[tuple, int] = {}  # results → the first number that had them
        self.on = True
        self.seen = self.new = 0

    def merged(
        self, mapping: list[tuple[int, int]], used: dict[int, list[tuple]]
    ) -> tuple[list[tuple[int, int]], dict[int, list[tuple]]]:
        """The batch with each number replaced by the first one seen with equal results."""
        if not self.on:
            return mapping, used
        if len(self.numbers) >= SAME_MAX:
            self.numbers.clear()  # bounded; results seen again get their own number (staged again)
        ours, known = {}, len(self.numbers)
        for number, results in used.items():
            ours[number] = self.numbers.setdefault(tuple(results), number)
        self.seen += len(used)
        self.new += len(self.numbers) - known
        if self.seen >= SAME_SAMPLE and self.new > SAME_NEW * self.seen:
            self.on = False
        if all(number == first for number, first in ours.items()):
            return mapping, used
        return [(enterprise, ours[number]) for enterprise, number in mapping], {
            first: used[number] for number, first in ours.items()}


SAME_SAMPLE, SAME_NEW, SAME_MAX = 1000, 0.95, 5000


def _new_rows(expected_rows: int) -> int:
    """How many of the run's results are not stored yet (the table's rows counted: a run that
    qualifies covers the whole register). 0 inside a caller's transaction: rows it wrote may
    have foreign-key checks pending until its commit, and PostgreSQL refuses to alter a table
    with pending checks."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0
    return expected_rows - Screening.objects.count()


def store_batch(mapping: list[tuple[int, int]], used: dict[int, list[tuple]]) -> int:
    """The distinct results and the enterprise → key map into two staging tables, then one
    INSERT … ON CONFLICT into policies_screening that changes only rows that differ."""
    if not mapping:
        return 0
    with transaction.atomic(), StagingTable(RESULT_COLUMNS, prefix="screening_result") as results, \
            StagingTable(MAP_COLUMNS, prefix="screening_map") as enterprises:  # fmt: skip
        results.load((number, *row) for number, rows in used.items() for row in rows)
        _load_pairs(enterprises, mapping)
        _upsert(results.name, enterprises.name)
    return sum(len(used[number]) for _enterprise, number in mapping)


def _upsert(results: str, enterprises: str) -> None:
    target = qn(Screening._meta.db_table)
    assignments = ", ".join([f"{qn(c)} = excluded.{qn(c)}" for c in UPDATE] + ["computed_at = excluded.computed_at"])
    where = "" if connection.vendor == "postgresql" else " WHERE true"
    execute(
        f"INSERT INTO {target} (enterprise_id, {', '.join(qn(c) for c in NAMES)}, computed_at)"
        f" SELECT m.enterprise_id, {', '.join(f'r.{qn(c)}' for c in NAMES)}, %s"
        f" FROM {qn(enterprises)} m JOIN {qn(results)} r ON r.key_no = m.key_no{where}"
        f" ON CONFLICT (enterprise_id, rule) DO UPDATE SET {assignments}"
        f" WHERE {_differs(target, 'excluded', UPDATE)}",
        [timezone.now()],
    )


def _write_without_keys(results: str, enterprises: str) -> None:
    """What _upsert does, without the unique key it needs (dropped for the load): rows that
    exist and differ are updated, the others inserted (an empty table: just the INSERT)."""
    target, now = qn(Screening._meta.db_table), timezone.now()
    source = f" FROM {qn(enterprises)} m JOIN {qn(results)} r ON r.key_no = m.key_no"
    exists = fetch(f"SELECT EXISTS (SELECT 1 FROM {target})")[0][0]
    if exists:
        sets = ", ".join([f"{qn(c)} = r.{qn(c)}" for c in UPDATE] + ["computed_at = %s"])
        execute(
            f"UPDATE {target} SET {sets}{source}"
            f" WHERE {target}.enterprise_id = m.enterprise_id AND {target}.rule = r.rule"
            f" AND {_differs(target, 'r', UPDATE)}",
            [now],
        )
    missing = (
        f" WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE t.enterprise_id = m.enterprise_id AND t.rule = r.rule)"
        if exists else ""
    )  # fmt: skip
    execute(
        f"INSERT INTO {target} (enterprise_id, {', '.join(qn(c) for c in NAMES)}, computed_at)"
        f" SELECT m.enterprise_id, {', '.join(f'r.{qn(c)}' for c in NAMES)}, %s{source}{missing}",
        [now],
    )


def _load_pairs(stage: StagingTable, pairs: list[tuple[int, int]]) -> None:
    if connection.vendor == "postgresql":  # two integers a row: COPY text built directly
        stage.load_copy_text(["".join(f"{e}\t{n}\n" for e, n in pairs).encode()])
    else:
        stage.load(pairs)
