"""Set-based storage of a patent import: staging table → counts → upserts.

One staging row per applicant (patent columns filled on position 1 only), already
attributed by the parser (lookup.py, against the register's keys from
attribution.build_lookup), loaded with COPY (PostgreSQL) or executemany (SQLite). The
patents, their applicants and the change history are written with a handful of
INSERT … SELECT statements. The caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from breakzero.core.bulk import ChangeCounts, StageColumn, StagingTable, execute, fetch, qn, _differs
from breakzero.core.load_indexes import built_after_load
from breakzero.enterprises.sheets.common import phase
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
MAX_LISTED_ENTERPRISES = 5000  # more affected enterprises than this: break-zero recomputes all
# Plain indexes of the applicant table that a big first load builds after its insert instead
# of maintaining them row by row (core.load_indexes; its keys are rebuilt too).
APPLICANT_INDEXES = ("patent_applicant_ent_ix", "patent_applicant_open_name_ix")
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
    StageColumn("enterprise_id", "bigint"),  # attributed by the parser (lookup.attribute)
    StageColumn("match_method", "varchar(20)"),
    StageColumn("applicant_type", "varchar(20)"),
)


@dataclass
class StoreResult:
    counts: ChangeCounts
    applicant_types: dict[str, int] = field(default_factory=dict)
    enterprise_ids: list[int] | None = None


class PatentStore:
    """Stage rows, then (in the caller's transaction) count, attribute and optionally write."""

    def __init__(self, *, source_file: str) -> None:
        self.source_file = source_file[:255]
        self.stage = StagingTable(STAGE_COLUMNS, prefix="stage_patent")
        self.temps: list[str] = []
        self.first_id: int | None = None  # a first load's patent ids are first_id + row number

    def __enter__(self) -> "PatentStore":
        self.stage.create()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stage.drop()
        for name in self.temps:
            execute(f"DROP TABLE IF EXISTS {qn(name)}")

    def load(self, rows: Iterable[Sequence[Any]]) -> int:
        with phase("patents", "parse and stage"):  # the rows are parsed as the stage takes them
            return self.stage.load(rows)

    def load_copy_text(self, blocks: Iterable[bytes]) -> None:
        """Staging rows as ready COPY text (STAGE_COLUMNS order), e.g. from parsing workers."""
        with phase("patents", "parse and stage"):
            self.stage.load_copy_text(blocks)

    def analyse(
        self,
        *,
        patents: int,
        applicant_types: dict[str, int],
        unregistered: dict[str, str],
        candidates: attribution.Candidates,
    ) -> StoreResult:
        """Count what a write would change. The caller staged `patents` distinct numbers (a
        number's later rows are its to reject) with these applicants per type, these
        unregistered firms (key → smallest spelling) and read the near-match candidates."""
        with phase("patents", "analyse"):
            return self._analyse(patents, applicant_types, unregistered, candidates)

    def _analyse(
        self, patents: int, applicant_types: dict[str, int], unregistered: dict[str, str], candidates: attribution.Candidates
    ) -> StoreResult:
        if connection.vendor == "postgresql":
            # Million-row joins and sorts in memory rather than in batches spilled to disk; no JIT
            # compilation (it costs more than it saves on these plans). Until the import commits.
            execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            execute("SET LOCAL jit = off")
            _analyze(self.stage.name)  # hash joins over the whole stage: statistics, no index needed
        else:
            self.stage.index("application_number", "position")  # SQLite joins by nested loops
        self.resolved = self.stage.name  # staged applicants arrive attributed
        counts, self.changed = self._count_changes(self.resolved, patents)
        result = StoreResult(counts=counts, applicant_types={k: v for k, v in applicant_types.items() if v})
        self._near = attribution.near_matches(unregistered, candidates)  # compared while we write
        return result

    def review_names(self) -> int:
        """How many distinct unattributed names have near matches (waits for the comparison)."""
        return len({key for _, key, _ in self._near()})

    def write(self, result: StoreResult) -> None:
        """History, patents, applicants, review queue — each one set-based statement."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        old_ids = self._enterprises_of_changed(self.changed)
        self._write_history(now)
        with phase("patents", "write patents"), built_after_load(PATENT, adding=self.new_patents, constraints=True):
            self._upsert_patents(now)
        if self.first_id is not None:  # the id counter continues after the ids the rows took
            execute(f"SELECT setval('{_id_sequence()}'::regclass, (SELECT MAX(id) FROM {qn(PATENT)}))")
        with phase("patents", "write applicants"), \
                built_after_load(APPLICANT, adding=self.new_applicants, constraints=True, indexes=APPLICANT_INDEXES):  # fmt: skip
            self._upsert_applicants(self.resolved)
        self._delete_surplus_applicants()
        with phase("patents", "review queue"):  # waits for the near-match comparison
            attribution.queue_reviews(self._near(), now=now)
        attributed = result.applicant_types.get("enterprise", 0) + len(old_ids)
        result.enterprise_ids = self._affected_enterprises(self.resolved, old_ids, attributed)

    # ------------------------------------------------------------------ steps

    def _temp(self, label: str) -> str:
        name = f"tmp_patent_{label}_{uuid.uuid4().hex[:10]}"
        self.temps.append(name)
        return name

    def _count_changes(self, resolved: str, total: int) -> tuple[ChangeCounts, str]:
        s, p, a, r = qn(self.stage.name), qn(PATENT), qn(APPLICANT), qn(resolved)
        changed = self._temp("changed")
        differs = _differs("p", "s", PATENT_FIELDS)
        adiff = _differs("x", "r", APPLICANT_FIELDS)
        execute(
            f"CREATE TEMP TABLE {qn(changed)} AS"
            f" SELECT s.application_number FROM {s} s JOIN {p} p ON p.application_number = s.application_number"
            f" WHERE s.position = 1 AND {differs}"
            f" UNION SELECT r.application_number FROM {r} r JOIN {p} p ON p.application_number = r.application_number"
            f" LEFT JOIN {a} x ON x.patent_id = p.id AND x.position = r.position"
            f" WHERE x.id IS NULL OR {adiff}"
            f" UNION SELECT s.application_number FROM {s} s JOIN {p} p ON p.application_number = s.application_number"
            f" JOIN {a} x ON x.patent_id = p.id AND x.position > s.n_applicants WHERE s.position = 1"
        )
        self.new = self._temp("new")
        if self._first_load():
            # Nothing stored yet (and nothing can be, until we commit): every staged patent is new
            # and takes the id first_id + its row number — in file order, no join, no sort.
            created = total
        else:
            # The new numbers, fixed before anything is written: an anti-join against the table
            # being inserted into would rescan its growing heap (quadratic on a first import,
            # whose statistics say the table is empty). Their ids are drawn here too, in file
            # order (the stage's physical order; no sort), so the patents and their applicants
            # are inserted in id order and the applicants without joining the patents table.
            execute(
                f"CREATE TEMP TABLE {qn(self.new)} AS SELECT {_new_ids()} AS id, s.application_number"
                f" FROM {s} s WHERE s.position = 1 AND NOT EXISTS"
                f" (SELECT 1 FROM {p} x WHERE x.application_number = s.application_number)"
            )
            created = fetch(f"SELECT COUNT(*) FROM {qn(self.new)}")[0][0]
            _analyze(self.new)
        self.new_patents = int(created)
        self.new_applicants = self.stage.rows if created == total else None  # all new: every staged applicant
        updated = fetch(f"SELECT COUNT(*) FROM {qn(changed)}")[0][0]
        _analyze(changed)
        existing = int(total) - int(created)
        return ChangeCounts(int(created), int(updated), existing - int(updated)), changed

    def _first_load(self) -> bool:
        """PostgreSQL, patents table empty: lock it against other writers until we commit and
        reserve the ids first_id + row number (row numbers start at 2: never first_id itself)."""
        if connection.vendor != "postgresql" or fetch(f"SELECT EXISTS (SELECT 1 FROM {qn(PATENT)})")[0][0]:
            return False
        execute(f"LOCK TABLE {qn(PATENT)} IN SHARE ROW EXCLUSIVE MODE")  # inserts wait; reads go on
        if fetch(f"SELECT EXISTS (SELECT 1 FROM {qn(PATENT)})")[0][0]:
            return False  # someone stored a patent before we held the lock
        self.first_id = int(fetch(f"SELECT nextval('{_id_sequence()}'::regclass)")[0][0])
        return True

    def _new_patent_ids(self, rows: str) -> tuple[str, str]:
        """(id expression, join clause) giving each staged row of a new patent its patent's id."""
        if self.first_id is not None:
            return f"{self.first_id} + {rows}.row_no", ""
        return "n.id", f" JOIN {qn(self.new)} n ON n.application_number = {rows}.application_number"

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
        execute(sql, [self.source_file, now] * len(HISTORY_FIELDS))

    def _upsert_patents(self, now: Any) -> None:
        """Changed patents: one UPDATE … FROM; new ones: one INSERT … SELECT (anti-join)."""
        s, p, c = qn(self.stage.name), qn(PATENT), qn(self.changed)
        sets = ", ".join(f"{qn(f)} = s.{qn(f)}" for f in PATENT_FIELDS)
        execute(
            f"UPDATE {p} SET {sets}, source_file = %s, updated_at = %s FROM {c} c JOIN {s} s"
            f" ON s.application_number = c.application_number AND s.position = 1"
            f" WHERE {p}.application_number = s.application_number AND {_differs(p, 's', PATENT_FIELDS)}",
            [self.source_file, now],
        )
        cols = ["application_number", *PATENT_FIELDS]
        target = ", ".join(qn(f) for f in ["id", *cols, "source_file", "created_at", "updated_at"])
        new_id, join = self._new_patent_ids("s")
        inserted = execute(
            f"INSERT INTO {p} ({target}) SELECT {new_id}, {', '.join(f's.{qn(f)}' for f in cols)}, %s, %s, %s"
            f" FROM {s} s{join} WHERE s.position = 1",
            [self.source_file, now, now],
        )
        if inserted > ANALYZE_AFTER and connection.vendor == "postgresql":
            execute(f"ANALYZE {p}")  # fresh statistics, or the next joins plan for an empty table

    def _upsert_applicants(self, resolved: str) -> None:
        """Changed applicants of changed patents: UPDATE … FROM; new positions: INSERT … SELECT."""
        a, p, r, c = qn(APPLICANT), qn(PATENT), qn(resolved), qn(self.changed)
        sets = ", ".join(f"{qn(f)} = r.{qn(f)}" for f in APPLICANT_FIELDS)
        execute(
            f"UPDATE {a} SET {sets} FROM {c} c JOIN {r} r ON r.application_number = c.application_number"
            f" JOIN {p} p ON p.application_number = r.application_number"
            f" WHERE {a}.patent_id = p.id AND {a}.position = r.position AND {_differs(a, 'r', APPLICANT_FIELDS)}"
        )
        cols = ", ".join(qn(f) for f in ["patent_id", "position", *APPLICANT_FIELDS])
        select = ", ".join(f"r.{qn(f)}" for f in ["position", *APPLICANT_FIELDS])
        # New patents: every applicant is new. Changed patents: the positions they lacked.
        new_id, join = self._new_patent_ids("r")
        execute(f"INSERT INTO {a} ({cols}) SELECT {new_id}, {select} FROM {r} r{join}")
        execute(
            f"INSERT INTO {a} ({cols}) SELECT p.id, {select} FROM {c} c"
            f" JOIN {r} r ON r.application_number = c.application_number"
            f" JOIN {p} p ON p.application_number = r.application_number"
            f" WHERE NOT EXISTS (SELECT 1 FROM {a} x WHERE x.patent_id = p.id AND x.position = r.position)"
        )

    def _delete_surplus_applicants(self) -> None:
        """A co-applicant no longer listed in the newer file is removed."""
        s, p, a, c = qn(self.stage.name), qn(PATENT), qn(APPLICANT), qn(self.changed)
        execute(
            f"DELETE FROM {a} WHERE id IN (SELECT x.id FROM {c} c JOIN {s} s ON s.application_number ="
            f" c.application_number AND s.position = 1 JOIN {p} p ON p.application_number = s.application_number"
            f" JOIN {a} x ON x.patent_id = p.id AND x.position > s.n_applicants)"
        )

    def _enterprises_of_changed(self, changed: str) -> list[int]:
        a, p = qn(APPLICANT), qn(PATENT)
        rows = fetch(
            f"SELECT DISTINCT x.enterprise_id FROM {qn(changed)} c JOIN {p} p ON p.application_number ="
            f" c.application_number JOIN {a} x ON x.patent_id = p.id WHERE x.enterprise_id IS NOT NULL"
        )
        return [int(r[0]) for r in rows]

    def _affected_enterprises(self, resolved: str, old_ids: list[int], attributed: int) -> list[int] | None:
        if attributed > 10 * MAX_LISTED_ENTERPRISES:
            return None  # so many attributed applicants: recompute everything, no need to count them
        rows = fetch(f"SELECT DISTINCT enterprise_id FROM {qn(resolved)} WHERE enterprise_id IS NOT NULL")
        ids = {int(r[0]) for r in rows} | set(old_ids)
        return sorted(ids) if len(ids) <= MAX_LISTED_ENTERPRISES else None  # big files: recompute everything


def _new_ids() -> str:
    """SQL for one fresh patent id per row: the id sequence on PostgreSQL (safe beside other
    writers; its name looked up once, not per row); on SQLite, which serialises writers, the
    ids after the AUTOINCREMENT counter (never an id of a deleted patent; the counter follows
    the explicit ids inserted)."""
    if connection.vendor == "postgresql":
        return f"nextval('{_id_sequence()}'::regclass)"
    last = (
        f"MAX((SELECT COALESCE(MAX(id), 0) FROM {qn(PATENT)}),"
        f" COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{PATENT}'), 0))"
    )
    return f"{last} + ROW_NUMBER() OVER (ORDER BY s.row_no)"


def _id_sequence() -> str:
    return fetch(f"SELECT pg_get_serial_sequence('{PATENT}', 'id')")[0][0]


def _analyze(table: str) -> None:
    """Temp tables get no automatic statistics; without them PostgreSQL plans nested loops.
    A small sample is enough for the hash joins here (row counts are exact either way)."""
    if connection.vendor == "postgresql":
        execute("SET LOCAL default_statistics_target = 10")
        execute(f"ANALYZE {qn(table)}")
        execute("SET LOCAL default_statistics_target TO DEFAULT")
