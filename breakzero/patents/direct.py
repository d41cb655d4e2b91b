"""COPY text for a first load written straight into the patents and applicants tables.

A first import on PostgreSQL (the patents table empty and locked, patent ids
first_id + row number, store.PatentStore.start_direct) needs no staging table: the parse
workers format each good row as the final tables' COPY lines, and the importing process
copies them in as they come. The rows are the ones the staged path inserts (same values,
same ids, applicants in file order). Django-free: runs in the workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from breakzero.core.copy_text import copy_line, copy_value

# COPY column lists: a patent line, and an applicant line (its tail is NameInfo.copy_tail).
PATENT_COLUMNS = (
    "id", "application_number", "kind", "title", "application_date", "publication_number", "publication_date",
    "grant_date", "legal_status", "legal_status_raw", "ipc_main", "source_file", "created_at", "updated_at",
)  # fmt: skip
APPLICANT_COLUMNS = (
    "patent_id", "position", "name", "name_normalized", "uscc", "enterprise_id", "match_method", "applicant_type",
)  # fmt: skip
APPLICANT_NAME, APPLICANT_KEY = 2, 3  # positions of the name and its key in an applicant line


@dataclass(frozen=True)
class DirectLoad:
    """What a worker needs to write final rows: the first load's id base and the columns
    every patent line ends with (source file, created_at, updated_at), as COPY text."""

    first_id: int
    tail: str  # "source\tcreated\tupdated\n"

    @classmethod
    def of(cls, *, first_id: int, source_file: str, now_iso: str) -> "DirectLoad":
        return cls(first_id, f"{copy_value(source_file)}\t{now_iso}\t{now_iso}\n")


def direct_lines(rows: Sequence[tuple], load: DirectLoad) -> tuple[str, str]:
    """(patent line, applicant lines) of one patent's staging tuples (store.STAGE_COLUMNS order)."""
    first = rows[0]
    patent_id = load.first_id + first[0]
    patent = "\t".join(map(copy_value, (patent_id, first[1], *first[4:13]))) + "\t" + load.tail
    applicants = "".join(copy_line((patent_id, row[2], *row[13:19])) for row in rows)
    return patent, applicants
