"""Set-based writes of staged enterprise rows: a handful of statements whatever the row count.

Staged rows are compared with the register in SQL (created / updated / unchanged, where
"updated" includes new former names and a changed chain set), then written with one
INSERT … ON CONFLICT per table. Runs inside the importer's transaction. A load that at least
doubles the register (a first province-wide import) writes it without its plain indexes and
its own foreign keys and builds them after (core.load_indexes); the unique USCC key stays, the
upsert's ON CONFLICT needs it.
"""

from __future__ import annotations

from breakzero.core.bulk import ChangeCounts, StagingTable, qn
from breakzero.core.load_indexes import built_after_load
from breakzero.enterprises.models import Enterprise, FormerName
from breakzero.enterprises.sheets.common import distinct_sql, execute, fetch_column, now_sql, table
from breakzero.enterprises.sizing import sizes_recompute

KEEP_WHEN_BLANK = ("founded_on", "contact_person", "contact_phone")
BLANK_TEXT = ("contact_person", "contact_phone")
COMPARED = ("name", "name_normalized", "county_id", "city_id", "industry_code", "industry_section",
            "founded_on", "contact_person", "contact_phone", "is_check_override")  # fmt: skip


class EnterpriseWriter:
    def __init__(self, stages: dict[str, StagingTable]) -> None:
        self.main = stages["main"]
        self.names = stages["names"]
        self.chains = stages["chains"]
        self.target = table(Enterprise)
        self.former = table(FormerName)
        self.m2m = qn(Enterprise.chains.through._meta.db_table)
        self._prepared = False

    def count(self) -> tuple[ChangeCounts, set[str]]:
        """Counts as the write would produce them, and the USCCs of existing rows that change."""
        self._prepare()
        s, t = qn(self.main.name), self.target
        created = fetch_column(f"SELECT COUNT(*) FROM {s} s WHERE NOT EXISTS (SELECT 1 FROM {t} t WHERE t.uscc = s.uscc)")[0]
        changed = set(fetch_column(self._main_changed_sql()))
        changed.update(fetch_column(self._names_new_sql()))
        changed.update(fetch_column(self._chains_changed_sql()))
        existing = self.main.rows - int(created)
        return ChangeCounts(int(created), len(changed), existing - len(changed)), changed

    def write(self, changed: set[str]) -> list[int]:
        """Apply the staged rows; returns ids of enterprises created or changed."""
        self._prepare()
        s, t = qn(self.main.name), self.target
        industry_changed = fetch_column(
            f"SELECT t.id FROM {s} s JOIN {t} t ON t.uscc = s.uscc WHERE t.industry_code <> s.industry_code"
        )
        new = set(fetch_column(f"SELECT s.uscc FROM {s} s WHERE NOT EXISTS (SELECT 1 FROM {t} t WHERE t.uscc = s.uscc)"))
        self._keep_old_names()
        now = now_sql()
        with built_after_load(Enterprise._meta.db_table, adding=len(new), own_foreign_keys=True, indexes="all"):
            self.main.upsert(
                Enterprise._meta.db_table,
                keys=["uscc"],
                update=list(COMPARED),
                insert_extra={"created_at": now, "updated_at": now, "latest_size": "''"},
                update_extra={"updated_at": now},
            )
        self._write_names()
        self._drop_current_from_former()
        self._write_chains()
        sizes_recompute(enterprise_ids=industry_changed)
        touched = new | changed
        rows = _pairs(f"SELECT t.uscc, t.id FROM {s} s JOIN {t} t ON t.uscc = s.uscc")
        return sorted(pk for uscc, pk in rows if uscc in touched)

    # ------------------------------------------------------------------ steps

    def _prepare(self) -> None:
        """Fill blank optional cells from the register (blank never erases), then index."""
        if self._prepared:
            return
        s, t = qn(self.main.name), self.target
        sets = ", ".join(f"{c} = COALESCE(s.{c}, t.{c})" for c in KEEP_WHEN_BLANK)
        blank = " OR ".join(f"s.{c} IS NULL" for c in KEEP_WHEN_BLANK)
        execute(f"UPDATE {s} AS s SET {sets} FROM {t} t WHERE t.uscc = s.uscc AND ({blank})")
        for column in BLANK_TEXT:
            execute(f"UPDATE {s} SET {column} = '' WHERE {column} IS NULL")
        self.main.index("uscc")
        if self.names.rows:
            self.names.index("uscc")
        if self.chains.rows:
            self.chains.index("uscc")
        self._prepared = True

    def _main_changed_sql(self) -> str:
        s, t = qn(self.main.name), self.target
        distinct = distinct_sql()
        differs = " OR ".join(f"t.{c} {distinct} s.{c}" for c in COMPARED)
        return f"SELECT s.uscc FROM {s} s JOIN {t} t ON t.uscc = s.uscc WHERE {differs}"

    def _names_new_sql(self) -> str:
        n, t, f = qn(self.names.name), self.target, self.former
        return (
            f"SELECT DISTINCT n.uscc FROM {n} n JOIN {t} t ON t.uscc = n.uscc WHERE NOT EXISTS"
            f" (SELECT 1 FROM {f} f WHERE f.enterprise_id = t.id AND f.name_normalized = n.name_normalized)"
        )

    def _chains_changed_sql(self) -> str:
        c, t, m = qn(self.chains.name), self.target, self.m2m
        added = (
            f"SELECT c.uscc FROM {c} c JOIN {t} t ON t.uscc = c.uscc WHERE NOT EXISTS"
            f" (SELECT 1 FROM {m} m WHERE m.enterprise_id = t.id AND m.industrialchain_id = c.chain_id)"
        )
        removed = (
            f"SELECT t.uscc FROM {t} t JOIN {m} m ON m.enterprise_id = t.id"
            f" WHERE t.uscc IN (SELECT uscc FROM {c}) AND NOT EXISTS"
            f" (SELECT 1 FROM {c} c WHERE c.uscc = t.uscc AND c.chain_id = m.industrialchain_id)"
        )
        return f"{added} UNION {removed}"

    def _keep_old_names(self) -> None:
        """A renamed enterprise keeps its old name as a former name (patent matching needs it)."""
        s, t, f = qn(self.main.name), self.target, self.former
        execute(
            f"INSERT INTO {f} (enterprise_id, name, name_normalized, source)"
            f" SELECT t.id, t.name, t.name_normalized, 'former' FROM {s} s JOIN {t} t ON t.uscc = s.uscc"
            f" WHERE t.name_normalized <> s.name_normalized"
            f" ON CONFLICT (enterprise_id, name_normalized) DO NOTHING"
        )

    def _write_names(self) -> None:
        if not self.names.rows:
            return
        n, t, f = qn(self.names.name), self.target, self.former
        execute(
            f"INSERT INTO {f} (enterprise_id, name, name_normalized, source)"
            f" SELECT t.id, n.name, n.name_normalized, 'former' FROM {n} n JOIN {t} t ON t.uscc = n.uscc"
            f" WHERE true ON CONFLICT (enterprise_id, name_normalized) DO NOTHING"
        )

    def _drop_current_from_former(self) -> None:
        """A former name equal to the current name (renamed back) is no longer "former"."""
        s, t, f = qn(self.main.name), self.target, self.former
        execute(
            f"DELETE FROM {f} WHERE source = 'former' AND EXISTS (SELECT 1 FROM {s} s JOIN {t} t"
            f" ON t.uscc = s.uscc WHERE t.id = {f}.enterprise_id AND t.name_normalized = {f}.name_normalized)"
        )

    def _write_chains(self) -> None:
        """An enterprise whose 所属产业链 cell was filled gets exactly that chain set."""
        if not self.chains.rows:
            return
        c, t, m = qn(self.chains.name), self.target, self.m2m
        execute(
            f"DELETE FROM {m} WHERE enterprise_id IN (SELECT t.id FROM {t} t JOIN {c} c ON c.uscc = t.uscc)"
            f" AND NOT EXISTS (SELECT 1 FROM {c} c JOIN {t} t ON t.uscc = c.uscc"
            f" WHERE t.id = {m}.enterprise_id AND c.chain_id = {m}.industrialchain_id)"
        )
        execute(
            f"INSERT INTO {m} (enterprise_id, industrialchain_id) SELECT t.id, c.chain_id FROM {c} c"
            f" JOIN {t} t ON t.uscc = c.uscc WHERE true ON CONFLICT (enterprise_id, industrialchain_id) DO NOTHING"
        )


def _pairs(sql: str) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def enterprises_write(*, main: list[tuple], names: list[tuple], chains: list[tuple]) -> tuple[ChangeCounts, list[int]]:
    """Write staged-shape tuples (see enterprise_import.MAIN/NAME/CHAIN_COLUMNS) as an import
    does (used by the demo seeder); returns the counts and ids of created/changed enterprises."""
    from django.db import transaction

    from breakzero.enterprises.sheets.enterprise_import import CHAIN_COLUMNS, MAIN_COLUMNS, NAME_COLUMNS

    with transaction.atomic():
        stages = {
            "main": StagingTable(MAIN_COLUMNS, prefix="stage_ent").create(),
            "names": StagingTable(NAME_COLUMNS, prefix="stage_fn").create(),
            "chains": StagingTable(CHAIN_COLUMNS, prefix="stage_ch").create(),
        }
        # No try/finally: on an error the rollback removes the temp tables (DDL is transactional).
        for name, rows in (("main", main), ("names", names), ("chains", chains)):
            if rows:
                stages[name].load(rows)
        writer = EnterpriseWriter(stages)
        counts, changed = writer.count()
        ids = writer.write(changed)
        for stage in stages.values():
            stage.drop()
        return counts, ids
