"""Set-based storage of a patent import: staging table → attribution joins → upserts.

One staging row per applicant (patent columns filled on position 1 only), loaded with
COPY (PostgreSQL) or executemany (SQLite). Attribution runs as SQL joins against a
name look-up table built from the register (see attribution.py for the order); the
patents, their applicants and the change history are written with a handful of
INSERT … SELECT statements. The caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from breakzero.core.bulk import ChangeCounts, StageColumn, StagingTable, _differs, qn
from breakzero.patents import attribution

PATENT = "patents_patent"
APPLICANT = "patents_patentapplicant"
CHANGE = "patents_patentchange"
PATENT_FIELDS = (
    "kind", "title", "application_date", "publication_number", "publication_date", "grant_date",
    "legal_status", "legal_status_raw", "ipc_main",
)  # fmt: skip
HISTORY_FIELDS = PATENT_FIELDS[1:]  # kind follows from the number and never changes
ANALYZE_AFTER = 10_000
# Plain (non-unique) indexes of the applicant table that a big first load builds after its
# insert instead of maintaining row by row (PostgreSQL manual, "Populating a Database").
DEFERRABLE_APPLICANT_INDEXES = ("patent_applicant_ent_ix", "patent_applicant_open_name_ix")
DEFER_INDEXES_MIN_ROWS = 100_000
WORK_MEM = "128MB"
APPLICANT_FIELDS = ("name", "name_normalized", "uscc", "enterprise_id", "applicant_type", "match_method")
STAGE_COLUMNS = (
    StageColumn("row_no", "integer"),
    StageColumn("application_number", "varchar(20)"),
    StageColumn("position", "smallint"),
    StageColumn("n_applicants", "smallint"),
    StageColumn("kind", "varchar(20)"),
    StageColumn("title", "varchar(500)"),
    StageColumn("application_date", "date"),
    StageColumn("publication_number", "varchar(30)"),
    StageColumn("publication_date", "date"),
    StageColumn("grant_date", "date"),
    StageColumn("legal_status", "varchar(20)"),
    StageColumn("legal_status_raw", "varchar(100)"),
    StageColumn("ipc_main", "varchar(50)"),
    StageColumn("name", "varchar(200)"),
    StageColumn("name_normalized", "varchar(200)"),
    StageColumn("uscc", "varchar(18)"),
    StageColumn("applicant_class", "varchar(20)"),
    StageColumn("branch_parent", "varchar(200)"),
)


@dataclass
class StoreResult:
    counts: ChangeCounts
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)  # (row, first_row, number)
    applicant_types: dict[str, int] = field(default_factory=dict)
    review_names: int = 0
    enterprise_ids: list[int] | None = None


class PatentStore:
    """Stage rows, then (in the caller's transaction) count, attribute and optionally write."""

    def __init__(self, *, source_file: str) -> None:
        self.source_file = source_file[:255]
        self.stage = StagingTable(STAGE_COLUMNS, prefix="stage_patent")
        self.temps: list[str] = []

    def __enter__(self) -> "PatentStore":
        self.stage.create()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stage.drop()
        for name in self.temps:
            _exec(f"DROP TABLE IF EXISTS {qn(name)}")

    def load(self, rows: Iterable[Sequence[Any]]) -> int:
        return self.stage.load(rows)

    @property
    def takes_copy_text(self) -> bool:
        return connection.vendor == "postgresql"

    def load_copy_text(self, blocks: Iterable[bytes]) -> None:
        """Staging rows as ready COPY text (STAGE_COLUMNS order), e.g. from parsing workers."""
        self.stage.load_copy_text(blocks)

    def analyse(self) -> StoreResult:
        """Remove duplicate numbers, attribute applicants, count what a write would change."""
        if connection.vendor == "postgresql":
            # Million-row joins and sorts in memory rather than in batches spilled to disk; no JIT
            # compilation (it costs more than it saves on these plans). Until the import commits.
            _exec(f"SET LOCAL work_mem = '{WORK_MEM}'")
            _exec("SET LOCAL jit = off")
            _analyze(self.stage.name)  # hash joins over the whole stage: statistics, no index needed
        else:
            self.stage.index("application_number", "position")  # SQLite joins by nested loops
        duplicates = self._remove_duplicates()
        lookup = self._temp("lookup")
        attribution.build_lookup(lookup)
        self.resolved = self._temp("resolved")
        attribution.resolve(stage=self.stage.name, lookup=lookup, target=self.resolved)
        counts, self.changed = self._count_changes(self.resolved)
        result = StoreResult(counts=counts, duplicates=duplicates)
        result.applicant_types = _group_counts(self.resolved, "applicant_type")
        self.near = attribution.near_matches(resolved=self.resolved)
        result.review_names = len({key for _, key, _ in self.near})
        return result

    def write(self, result: StoreResult) -> None:
        """History, patents, applicants, review queue — each one set-based statement."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        old_ids = self._enterprises_of_changed(self.changed)
        self._write_history(now)
        self._upsert_patents(now)
        with _deferred_indexes(APPLICANT, DEFERRABLE_APPLICANT_INDEXES, adding=self.new_applicants):
            self._upsert_applicants(self.resolved)
        self._delete_surplus_applicants()
        attribution.queue_reviews(self.near, now=now)
        result.enterprise_ids = self._affected_enterprises(self.resolved, old_ids)

    # ------------------------------------------------------------------ steps

    def _temp(self, label: str) -> str:
        name = f"tmp_patent_{label}_{uuid.uuid4().hex[:10]}"
        self.temps.append(name)
        return name

    def _remove_duplicates(self) -> list[tuple[int, int, str]]:
        """A number twice in one file: the later rows are rejected (reported, not stored)."""
        s = qn(self.stage.name)
        rows = _fetch(
            f"SELECT d.row_no, f.first_row, d.application_number FROM {s} d JOIN"
            f" (SELECT application_number, MIN(row_no) AS first_row FROM {s} WHERE position = 1"
            f" GROUP BY application_number HAVING COUNT(*) > 1) f ON f.application_number = d.application_number"
            f" WHERE d.position = 1 AND d.row_no > f.first_row ORDER BY d.row_no"
        )
        if rows:
            _exec(
                f"DELETE FROM {s} WHERE row_no IN (SELECT d.row_no FROM {s} d JOIN (SELECT application_number,"
                f" MIN(row_no) AS first_row FROM {s} WHERE position = 1 GROUP BY application_number) f"
                f" ON f.application_number = d.application_number WHERE d.row_no > f.first_row)"
            )
        return [(int(r), int(f), n) for r, f, n in rows]

    def _count_changes(self, resolved: str) -> tuple[ChangeCounts, str]:
        s, p, a, r = qn(self.stage.name), qn(PATENT), qn(APPLICANT), qn(resolved)
        changed = self._temp("changed")
        differs = _differs("p", "s", PATENT_FIELDS)
        adiff = _differs("x", "r", APPLICANT_FIELDS)
        _exec(
            f"CREATE TEMP TABLE {qn(changed)} AS"
            f" SELECT s.application_number FROM {s} s JOIN {p} p ON p.application_number = s.application_number"
            f" WHERE s.position = 1 AND {differs}"
            f" UNION SELECT r.application_number FROM {r} r JOIN {p} p ON p.application_number = r.application_number"
            f" LEFT JOIN {a} x ON x.patent_id = p.id AND x.position = r.position"
            f" WHERE x.id IS NULL OR {adiff}"
            f" UNION SELECT s.application_number FROM {s} s JOIN {p} p ON p.application_number = s.application_number"
            f" JOIN {a} x ON x.patent_id = p.id AND x.position > s.n_applicants WHERE s.position = 1"
        )
        # The new numbers, fixed before anything is written: an anti-join against the table being
        # inserted into would rescan its growing heap (quadratic on a first import, whose
        # statistics say the table is empty).
        # Their ids are drawn here too, in file order (the stage's physical order; no sort), so
        # the patents and their applicants are inserted in id order without sorting and the
        # applicants of new patents without joining the patents table again.
        self.new = self._temp("new")
        _exec(
            f"CREATE TEMP TABLE {qn(self.new)} AS SELECT {_new_ids()} AS id, s.application_number"
            f" FROM {s} s WHERE s.position = 1 AND NOT EXISTS"
            f" (SELECT 1 FROM {p} x WHERE x.application_number = s.application_number)"
        )
        total = _fetch(f"SELECT COUNT(*) FROM {s} WHERE position = 1")[0][0]
        created = _fetch(f"SELECT COUNT(*) FROM {qn(self.new)}")[0][0]
        self.new_applicants = self.stage.rows if created == total else None  # rough is enough
        updated = _fetch(f"SELECT COUNT(*) FROM {qn(changed)}")[0][0]
        _analyze(changed)
        _analyze(self.new)
        existing = int(total) - int(created)
        return ChangeCounts(int(created), int(updated), existing - int(updated)), changed

    def _write_history(self, now: Any) -> None:
        """One PatentChange row per changed field of an existing patent, in one INSERT."""
        s, p, c = qn(self.stage.name), qn(PATENT), qn(self.changed)
        parts = []
        for name in HISTORY_FIELDS:
            differs = _differs("p", "s", [name])
            parts.append(
                f"SELECT p.id, '{name}', COALESCE(CAST(p.{qn(name)} AS varchar(500)), ''),"
                f" COALESCE(CAST(s.{qn(name)} AS varchar(500)), ''), %s, %s FROM {c} c"
                f" JOIN {s} s ON s.application_number = c.application_number AND s.position = 1"
                f" JOIN {p} p ON p.application_number = s.application_number WHERE {differs}"
            )
        sql = (
            f"INSERT INTO {qn(CHANGE)} (patent_id, field, old_value, new_value, source_file, changed_at) "
            + " UNION ALL ".join(parts)
        )
        _exec(sql, [self.source_file, now] * len(HISTORY_FIELDS))

    def _upsert_patents(self, now: Any) -> None:
        """Changed patents: one UPDATE … FROM; new ones: one INSERT … SELECT (anti-join)."""
        s, p, c = qn(self.stage.name), qn(PATENT), qn(self.changed)
        sets = ", ".join(f"{qn(f)} = s.{qn(f)}" for f in PATENT_FIELDS)
        _exec(
            f"UPDATE {p} SET {sets}, source_file = %s, updated_at = %s FROM {c} c JOIN {s} s"
            f" ON s.application_number = c.application_number AND s.position = 1"
            f" WHERE {p}.application_number = s.application_number AND {_differs(p, 's', PATENT_FIELDS)}",
            [self.source_file, now],
        )
        cols = ["application_number", *PATENT_FIELDS]
        target = ", ".join(qn(f) for f in ["id", *cols, "source_file", "created_at", "updated_at"])
        inserted = _exec(
            f"INSERT INTO {p} ({target}) SELECT n.id, {', '.join(f's.{qn(f)}' for f in cols)}, %s, %s, %s"
            f" FROM {s} s JOIN {qn(self.new)} n ON n.application_number = s.application_number"
            f" WHERE s.position = 1",
            [self.source_file, now, now],
        )
        if inserted > ANALYZE_AFTER and connection.vendor == "postgresql":
            _exec(f"ANALYZE {p}")  # fresh statistics, or the next joins plan for an empty table

    def _upsert_applicants(self, resolved: str) -> None:
        """Changed applicants of changed patents: UPDATE … FROM; new positions: INSERT … SELECT."""
        a, p, r, c = qn(APPLICANT), qn(PATENT), qn(resolved), qn(self.changed)
        sets = ", ".join(f"{qn(f)} = r.{qn(f)}" for f in APPLICANT_FIELDS)
        _exec(
            f"UPDATE {a} SET {sets} FROM {c} c JOIN {r} r ON r.application_number = c.application_number"
            f" JOIN {p} p ON p.application_number = r.application_number"
            f" WHERE {a}.patent_id = p.id AND {a}.position = r.position AND {_differs(a, 'r', APPLICANT_FIELDS)}"
        )
        cols = ", ".join(qn(f) for f in ["patent_id", "position", *APPLICANT_FIELDS])
        select = ", ".join(f"r.{qn(f)}" for f in ["position", *APPLICANT_FIELDS])
        # New patents: every applicant is new. Changed patents: the positions they lacked.
        _exec(
            f"INSERT INTO {a} ({cols}) SELECT n.id, {select} FROM {r} r"
            f" JOIN {qn(self.new)} n ON n.application_number = r.application_number"
        )
        _exec(
            f"INSERT INTO {a} ({cols}) SELECT p.id, {select} FROM {c} c"
            f" JOIN {r} r ON r.application_number = c.application_number"
            f" JOIN {p} p ON p.application_number = r.application_number"
            f" WHERE NOT EXISTS (SELECT 1 FROM {a} x WHERE x.patent_id = p.id AND x.position = r.position)"
        )

    def _delete_surplus_applicants(self) -> None:
        """A co-applicant no longer listed in the newer file is removed."""
        s, p, a, c = qn(self.stage.name), qn(PATENT), qn(APPLICANT), qn(self.changed)
        _exec(
            f"DELETE FROM {a} WHERE id IN (SELECT x.id FROM {c} c JOIN {s} s ON s.application_number ="
            f" c.application_number AND s.position = 1 JOIN {p} p ON p.application_number = s.application_number"
            f" JOIN {a} x ON x.patent_id = p.id AND x.position > s.n_applicants)"
        )

    def _enterprises_of_changed(self, changed: str) -> list[int]:
        a, p = qn(APPLICANT), qn(PATENT)
        rows = _fetch(
            f"SELECT DISTINCT x.enterprise_id FROM {qn(changed)} c JOIN {p} p ON p.application_number ="
            f" c.application_number JOIN {a} x ON x.patent_id = p.id WHERE x.enterprise_id IS NOT NULL"
        )
        return [int(r[0]) for r in rows]

    def _affected_enterprises(self, resolved: str, old_ids: list[int]) -> list[int] | None:
        rows = _fetch(f"SELECT DISTINCT enterprise_id FROM {qn(resolved)} WHERE enterprise_id IS NOT NULL")
        ids = {int(r[0]) for r in rows} | set(old_ids)
        return sorted(ids) if len(ids) <= 5000 else None  # big files: recompute everything


def _new_ids() -> str:
    """SQL for one fresh patent id per row: the id sequence on PostgreSQL (safe beside other
    writers; its name looked up once, not per row); on SQLite, which serialises writers, the
    ids after the AUTOINCREMENT counter (never an id of a deleted patent; the counter follows
    the explicit ids inserted)."""
    if connection.vendor == "postgresql":
        sequence = _fetch(f"SELECT pg_get_serial_sequence('{PATENT}', 'id')")[0][0]
        return f"nextval('{sequence}'::regclass)"
    last = (
        f"MAX((SELECT COALESCE(MAX(id), 0) FROM {qn(PATENT)}),"
        f" COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{PATENT}'), 0))"
    )
    return f"{last} + ROW_NUMBER() OVER (ORDER BY s.row_no)"


@contextmanager
def _deferred_indexes(table: str, names: Sequence[str], *, adding: int | None) -> Iterator[None]:
    """Drop `names` for the duration of a load that at least doubles `table`, then rebuild them
    from their own definitions — faster than maintaining them per row.

    Only on PostgreSQL and only for big loads (≥ DEFER_INDEXES_MIN_ROWS rows and ≥ the rows
    already there): DROP INDEX locks the table against readers until the import commits, a
    few seconds, which a first province-wide load can afford and an everyday import does not
    need. Unique indexes are never dropped (they guard the data)."""
    if connection.vendor != "postgresql" or not adding or adding < DEFER_INDEXES_MIN_ROWS:
        yield
        return
    existing = _fetch("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])[0][0]
    definitions = _fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s)"
        " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
        [table, list(names)],
    )
    if adding < max(int(existing), 0) or not definitions:
        yield
        return
    for name, _ in definitions:
        _exec(f"DROP INDEX {qn(name)}")
    yield
    _exec("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in definitions:
        _exec(definition)


def _analyze(table: str) -> None:
    """Temp tables get no automatic statistics; without them PostgreSQL plans nested loops."""
    if connection.vendor == "postgresql":
        _exec(f"ANALYZE {qn(table)}")


def _group_counts(table: str, column: str) -> dict[str, int]:
    rows = _fetch(f"SELECT {qn(column)}, COUNT(*) FROM {qn(table)} GROUP BY {qn(column)}")
    return {str(k): int(v) for k, v in rows}


def _exec(sql: str, params: Sequence[Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _fetch(sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
