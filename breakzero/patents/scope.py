"""The write scope of a patent import, and blanks that keep stored values (set-based, on the stage).

A patent row writes the patent record, which every enterprise attributed to it shares, and
its applicants' attributions. So an official limited to a region may write a row only when
every enterprise it touches — attributed by the file, or attributed to the stored patent —
lies inside that region, and at least one does (a patent attributed to no enterprise of the
region is not theirs to create or change; patents_visible_to would not show it to them).
Rows outside are rejected and removed from the stage before anything is counted or written.
Province-wide imports (and the shell) skip the check.

The check is three statements over the stage, joined to the enterprises (and, for stored
patents, their applicants) — no query per row.
"""

from __future__ import annotations

from breakzero.core.bulk import execute, fetch, qn
from breakzero.core.imports import OUTSIDE_SCOPE, Rejected, WriteScope
from breakzero.core.sheets import RowError

PATENT, APPLICANT, ENTERPRISE = "patents_patent", "patents_patentapplicant", "enterprises_enterprise"
TEXT_FIELDS = ("title", "publication_number", "ipc_main")
DATE_FIELDS = ("application_date", "publication_date", "grant_date")
OUTSIDE_PATENT = "该专利的申请人中没有本辖区的企业，或包含本辖区以外的企业，请由上级主管部门导入；" + OUTSIDE_SCOPE


def reject_outside(stage: str, scope: WriteScope) -> list[Rejected]:
    """Remove from the stage the patents whose rows touch an enterprise outside `scope` (or
    none inside it); one Rejected per such patent's row."""
    if scope.is_everywhere:
        return []
    inside, params = scope.enterprise_condition("e")
    s, a, p, e = qn(stage), qn(APPLICANT), qn(PATENT), qn(ENTERPRISE)
    touched = (
        f"SELECT s.application_number, s.enterprise_id FROM {s} s WHERE s.enterprise_id IS NOT NULL"
        f" UNION SELECT s.application_number, x.enterprise_id FROM {s} s"
        f" JOIN {p} p ON p.application_number = s.application_number"
        f" JOIN {a} x ON x.patent_id = p.id WHERE s.position = 1 AND x.enterprise_id IS NOT NULL"
    )
    in_scope = f"SELECT t.application_number FROM ({touched}) t JOIN {e} e ON e.id = t.enterprise_id WHERE {inside}"
    outside = f"SELECT t.application_number FROM ({touched}) t JOIN {e} e ON e.id = t.enterprise_id WHERE NOT ({inside})"
    rows = fetch(
        f"SELECT s.row_no, s.application_number FROM {s} s WHERE s.position = 1 AND"
        f" (s.application_number NOT IN ({in_scope}) OR s.application_number IN ({outside}))",
        params * 2,
    )
    if rows:
        _delete_all(stage, [number for _, number in rows])
    return [
        Rejected(row, [RowError(row, "申请号", number, OUTSIDE_PATENT)], {"application_number": number})
        for row, number in rows
    ]


def staged_applicant_types(stage: str) -> dict[str, int]:
    """Applicants per type left in the stage (after rows were removed)."""
    return {kind: int(n) for kind, n in fetch(f"SELECT applicant_type, COUNT(*) FROM {qn(stage)} GROUP BY applicant_type")}


def staged_unregistered(stage: str) -> dict[str, str]:
    """Unregistered firms left in the stage: key → smallest spelling (as the parser notes them)."""
    sql = f"SELECT name_normalized, MIN(name) FROM {qn(stage)} WHERE applicant_type = 'unregistered' GROUP BY name_normalized"
    return {key: name for key, name in fetch(sql)}


def keep_stored_values(stage: str) -> None:
    """A blank cell never erases a stored value: a staged patent's blank title, publication
    number or date, grant date, IPC class or legal status takes the stored one (one
    UPDATE … FROM of the stage, only for rows where that matters), before anything is compared."""
    s, p = qn(stage), qn(PATENT)
    if not fetch(f"SELECT EXISTS (SELECT 1 FROM {p})")[0][0]:
        return  # a first load: nothing stored to keep
    blank = {f: f"({{a}}.{qn(f)} IS NULL OR {{a}}.{qn(f)} = '')" for f in (*TEXT_FIELDS, "legal_status_raw")}
    blank |= {f: f"{{a}}.{qn(f)} IS NULL" for f in DATE_FIELDS}
    status_blank = "({a}.legal_status = 'unknown' AND ({a}.legal_status_raw IS NULL OR {a}.legal_status_raw = ''))"
    fields = {**blank, "legal_status": status_blank}
    sets = []
    for name in fields:
        own = (status_blank if name == "legal_status_raw" else fields[name]).format(a=s)
        sets.append(f"{qn(name)} = CASE WHEN {own} THEN p.{qn(name)} ELSE {s}.{qn(name)} END")
    needed = " OR ".join(
        f"({fields[n].format(a=s)} AND NOT {fields[n].format(a='p')})" for n in fields if n != "legal_status_raw"
    )
    execute(
        f"UPDATE {s} SET {', '.join(sets)} FROM {p} p"
        f" WHERE p.application_number = {s}.application_number AND {s}.position = 1 AND ({needed})"
    )


def _delete_all(stage: str, numbers: list[str]) -> None:
    from breakzero.core.bulk import StageColumn, StagingTable

    with StagingTable([StageColumn("application_number", "varchar(20)")], prefix="stage_outside") as gone:
        gone.load((n,) for n in numbers)
        execute(f"DELETE FROM {qn(stage)} WHERE application_number IN (SELECT application_number FROM {qn(gone.name)})")
