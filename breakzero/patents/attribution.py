"""Attribution of patent applicants to registered enterprises (issue #3 §3).

Order, first hit wins:
1. the applicant's credit code (申请人统一社会信用代码) in the file = Enterprise.uscc;
2. the normalised name (rules.names.normalize_company_name) = an enterprise's current name,
   else a former name (FormerName source=former), else a name confirmed in the review
   queue, else another confirmed alias (FormerName source=alias);
3. a branch (…分公司) whose parent name (rules.names.branch_parent_name) matches as in 2.
A name shared by two enterprises at the same level is ambiguous and is never attributed
automatically. Near matches (rapidfuzz ratio ≥ NEAR_MATCH_MIN_SCORE over candidates with the
same first BLOCK_PREFIX characters and a length within ±1) go to the review queue instead.
Everything here is set-based SQL except the fuzzy comparison (rapidfuzz, in C).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection
from rapidfuzz import fuzz, process

from breakzero.core.bulk import StageColumn, StagingTable, qn

NEAR_MATCH_MIN_SCORE = 88.0  # a one-character substitution in a 10-character name scores 90
BLOCK_PREFIX = 4
MAX_CANDIDATES = 3
ENTERPRISE = "enterprises_enterprise"
FORMER_NAME = "enterprises_formername"
REVIEW = "patents_reviewitem"


def build_lookup(target: str) -> None:
    """TEMP table (key, enterprise_id, method): unambiguous name keys, best level per key."""
    t = qn(target)
    levels = qn(target + "_all")
    _exec(
        f"CREATE TEMP TABLE {levels} AS"
        f" SELECT name_normalized AS key, id AS enterprise_id, 'name' AS method, 1 AS prio FROM {qn(ENTERPRISE)}"
        f" UNION SELECT name_normalized, enterprise_id, 'former_name', 2 FROM {qn(FORMER_NAME)} WHERE source = 'former'"
        f" UNION SELECT name_normalized, enterprise_id, 'review', 3 FROM {qn(REVIEW)} WHERE status = 'confirmed'"
        f" UNION SELECT name_normalized, enterprise_id, 'alias', 4 FROM {qn(FORMER_NAME)} WHERE source = 'alias'"
    )
    _exec(
        f"CREATE TEMP TABLE {t} AS SELECT a.key, MIN(a.enterprise_id) AS enterprise_id, MIN(a.method) AS method"
        f" FROM {levels} a JOIN (SELECT key, MIN(prio) AS prio FROM {levels} GROUP BY key) b"
        f" ON b.key = a.key AND b.prio = a.prio GROUP BY a.key HAVING COUNT(DISTINCT a.enterprise_id) = 1"
    )
    _exec(f"DROP TABLE {levels}")
    _exec(f"CREATE UNIQUE INDEX {qn(target + '_key')} ON {t} (key)")
    if connection.vendor == "postgresql":
        _exec(f"ANALYZE {t}")


def resolve(*, stage: str, lookup: str, target: str) -> None:
    """TEMP table of staged applicants with enterprise_id, match_method and applicant_type."""
    s, lk, e = qn(stage), qn(lookup), qn(ENTERPRISE)
    _exec(
        f"CREATE TEMP TABLE {qn(target)} AS SELECT s.application_number, s.position, s.name, s.name_normalized,"
        f" s.uscc, COALESCE(eu.id, ln.enterprise_id, lb.enterprise_id) AS enterprise_id,"
        f" CASE WHEN eu.id IS NOT NULL THEN 'uscc' WHEN ln.enterprise_id IS NOT NULL THEN ln.method"
        f"  WHEN lb.enterprise_id IS NOT NULL THEN 'branch' ELSE 'none' END AS match_method,"
        f" CASE WHEN COALESCE(eu.id, ln.enterprise_id, lb.enterprise_id) IS NOT NULL THEN 'enterprise'"
        f"  WHEN s.applicant_class = 'enterprise' THEN 'unregistered' ELSE s.applicant_class END AS applicant_type"
        f" FROM {s} s LEFT JOIN {e} eu ON s.uscc <> '' AND eu.uscc = s.uscc"
        f" LEFT JOIN {lk} ln ON ln.key = s.name_normalized"
        f" LEFT JOIN {lk} lb ON s.branch_parent <> '' AND lb.key = s.branch_parent"
    )
    if connection.vendor == "postgresql":
        _exec(f"ANALYZE {qn(target)}")


def near_matches(*, resolved: str) -> list[tuple[str, str, list[tuple[int, float]]]]:
    """Unattributed enterprise-type names with similar registered names: (name, key, [(id, score)])."""
    names = _fetch(
        f"SELECT MIN(r.name), r.name_normalized FROM {qn(resolved)} r WHERE r.applicant_type = 'unregistered'"
        f" AND NOT EXISTS (SELECT 1 FROM {qn(REVIEW)} v WHERE v.name_normalized = r.name_normalized)"
        f" GROUP BY r.name_normalized"
    )
    if not names:
        return []
    blocks = _candidate_blocks()
    result = []
    for name, key in names:
        found = similar_enterprises(key, blocks)
        if found:
            result.append((name, key, found))
    return result


def similar_enterprises(key: str, blocks: dict[str, list[tuple[str, int]]]) -> list[tuple[int, float]]:
    """Best distinct enterprises whose name (or former name) is near `key` (never equal-and-unique)."""
    block = blocks.get(key[:BLOCK_PREFIX])
    if not block:
        return []
    size = len(key)
    choices = [(name, enterprise_id) for name, enterprise_id in block if abs(len(name) - size) <= 1]
    if not choices:
        return []
    hits = process.extract(
        key, [c[0] for c in choices], scorer=fuzz.ratio, score_cutoff=NEAR_MATCH_MIN_SCORE, limit=MAX_CANDIDATES * 2
    )
    best: dict[int, float] = {}
    for _, score, index in hits:
        enterprise_id = choices[index][1]
        best[enterprise_id] = max(score, best.get(enterprise_id, 0.0))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:MAX_CANDIDATES]


def queue_reviews(near: Iterable[tuple[str, str, list[tuple[int, float]]]], *, now: Any) -> int:
    """Insert pending ReviewItems set-based (a pair decided before is never proposed again)."""
    rows = [(name[:200], key, enterprise_id, round(score, 1)) for name, key, found in near for enterprise_id, score in found]
    if not rows:
        return 0
    columns = (StageColumn("applicant_name", "varchar(200)"), StageColumn("name_normalized", "varchar(200)"),
               StageColumn("enterprise_id", "bigint"), StageColumn("score", "double precision"))  # fmt: skip
    with StagingTable(columns, prefix="stage_review") as stage:
        stage.load(rows)
        _exec(
            f"INSERT INTO {qn(REVIEW)} (applicant_name, name_normalized, enterprise_id, score, status, created_at,"
            f" updated_at) SELECT applicant_name, name_normalized, enterprise_id, score, 'pending', %s, %s"
            f" FROM {qn(stage.name)} WHERE true ON CONFLICT (name_normalized, enterprise_id) DO NOTHING",
            [now, now],
        )
    return len(rows)


def _candidate_blocks() -> dict[str, list[tuple[str, int]]]:
    blocks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    rows = _fetch(
        f"SELECT name_normalized, id FROM {qn(ENTERPRISE)}"
        f" UNION SELECT name_normalized, enterprise_id FROM {qn(FORMER_NAME)}"
    )
    for name, enterprise_id in rows:
        blocks[name[:BLOCK_PREFIX]].append((name, int(enterprise_id)))
    return blocks


def _exec(sql: str, params: Any = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _fetch(sql: str, params: Any = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
