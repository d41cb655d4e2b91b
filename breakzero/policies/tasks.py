"""django.tasks wrappers: the province-wide (or incremental) policy screening."""

import datetime as dt

from django.tasks import task


@task()
def screening_task(as_of: str, enterprise_ids: list[int] | None) -> int:
    """Screen on `as_of` (ISO date); all enterprises when `enterprise_ids` is None. Safe to run twice."""
    from breakzero.policies.screening import screening_run

    return screening_run(as_of=dt.date.fromisoformat(as_of), enterprise_ids=enterprise_ids)
