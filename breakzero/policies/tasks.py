"""django.tasks wrappers: the province-wide (or incremental) policy screening."""

import datetime as dt

from django.tasks import task


# A recomputation: the "imports" queue (imports and recomputations; "default" carries
# notifications and exports), so a province-wide screening never holds up an e-mail.
@task(queue_name="imports")
def screening_task(as_of: str, enterprise_ids: list[int] | None) -> int:
    """Screen on `as_of` (ISO date); all enterprises when `enterprise_ids` is None. Safe to run twice."""
    from breakzero.policies.screening import screening_run

    return screening_run(as_of=dt.date.fromisoformat(as_of), enterprise_ids=enterprise_ids)
