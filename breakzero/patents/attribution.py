"""Attribution of patent applicants to registered enterprises: the register side.

The rule itself (credit code → name/former name/confirmation/alias → branch) is in
lookup.py and runs in the parser; here the register's keys are read for it
(`build_lookup`: one query; a name two enterprises share at its best level is ambiguous
and left out), and unattributed firms' names are compared with the register: near matches
(rapidfuzz ratio ≥ NEAR_MATCH_MIN_SCORE over candidates with the same first BLOCK_PREFIX
characters and a length within ±1) go to the review queue, never attributed automatically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rapidfuzz import fuzz, process

from breakzero.core.bulk import StageColumn, StagingTable, execute, fetch, qn
from breakzero.patents.lookup import Lookup

NEAR_MATCH_MIN_SCORE = 88.0  # a one-character substitution in a 10-character name scores 90
BLOCK_PREFIX = 4
MAX_CANDIDATES = 3
ENTERPRISE = "enterprises_enterprise"
FORMER_NAME = "enterprises_formername"
REVIEW = "patents_reviewitem"
LEVEL_METHODS = ("name", "former_name", "review", "alias")  # build_lookup's levels, best first


def build_lookup() -> Lookup:
    """The register's keys for lookup.attribute: per normalised name the best level (current
    name, former name, review confirmation, alias) if one enterprise alone holds it there."""
    rows = fetch(
        f"SELECT name_normalized, id, 0 FROM {qn(ENTERPRISE)}"
        f" UNION ALL SELECT name_normalized, enterprise_id, 1 FROM {qn(FORMER_NAME)} WHERE source = 'former'"
        f" UNION ALL SELECT name_normalized, enterprise_id, 2 FROM {qn(REVIEW)} WHERE status = 'confirmed'"
        f" UNION ALL SELECT name_normalized, enterprise_id, 3 FROM {qn(FORMER_NAME)} WHERE source = 'alias'"
    )
    best: dict[str, tuple[int, int | None]] = {}  # key → (level, enterprise id; None: two hold it there)
    for key, enterprise_id, level in rows:
        held = best.get(key)
        if held is None or level < held[0]:
            best[key] = (level, int(enterprise_id))
        elif level == held[0] and held[1] != enterprise_id:
            best[key] = (level, None)
    usccs = fetch(f"SELECT uscc, id FROM {qn(ENTERPRISE)} WHERE uscc <> ''")
    return Lookup(
        names={key: (held, LEVEL_METHODS[level]) for key, (level, held) in best.items() if held is not None},
        usccs={uscc: int(enterprise_id) for uscc, enterprise_id in usccs},
    )


@dataclass(frozen=True)
class Candidates:
    """What near matches are looked for among: registered names (current and former) by their
    first BLOCK_PREFIX characters, and the names the review queue already holds."""

    blocks: dict[str, list[tuple[str, int]]]
    queued: frozenset[str]


def near_match_candidates() -> Candidates:
    """Read from the register and the review queue (before the import's rows are parsed)."""
    queued = frozenset(row[0] for row in fetch(f"SELECT DISTINCT name_normalized FROM {qn(REVIEW)}"))
    return Candidates(_candidate_blocks(), queued)


def near_matches(
    unregistered: dict[str, str], candidates: Candidates
) -> Callable[[], list[tuple[str, str, list[tuple[int, float]]]]]:
    """Unattributed enterprise-type names with similar registered names: (name, key, [(id, score)]).

    `unregistered`: key → its smallest spelling in the file. Names the review queue holds
    already are skipped. Compared in a thread, which overlaps the import's inserts (it needs
    no database connection); call the returned function for the result."""
    names = [(name, key) for key, name in unregistered.items() if key not in candidates.queued]
    if not names:
        return list
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="near-matches")
    future = executor.submit(_compare, names, candidates.blocks)
    executor.shutdown(wait=False)
    return future.result


def _compare(names: list[tuple[str, str]], blocks: dict[str, list[tuple[str, int]]]) -> list[tuple[str, str, list]]:
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
        execute(
            f"INSERT INTO {qn(REVIEW)} (applicant_name, name_normalized, enterprise_id, score, status, created_at,"
            f" updated_at) SELECT applicant_name, name_normalized, enterprise_id, score, 'pending', %s, %s"
            f" FROM {qn(stage.name)} WHERE true ON CONFLICT (name_normalized, enterprise_id) DO NOTHING",
            [now, now],
        )
    return len(rows)


def _candidate_blocks() -> dict[str, list[tuple[str, int]]]:
    blocks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    rows = fetch(
        f"SELECT name_normalized, id FROM {qn(ENTERPRISE)}"
        f" UNION SELECT name_normalized, enterprise_id FROM {qn(FORMER_NAME)}"
    )
    for name, enterprise_id in rows:
        blocks[name[:BLOCK_PREFIX]].append((name, int(enterprise_id)))
    return blocks
