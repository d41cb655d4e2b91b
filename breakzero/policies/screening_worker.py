"""Screening's job for a spawned worker process: rebuild FactSources, call the rules.

Imported by the worker before Django is set up, so nothing Django-bound is imported at
module level; the first job sets Django up (settings from the environment the worker
inherited) — no database is touched, the facts arrive with the job.
"""

from __future__ import annotations

from typing import Any

_JUDGED: dict = {}  # this worker's (rule, facts) → row memo, kept across jobs (bounded below)


def evaluate_fields(job: list[tuple[Any, ...]]) -> list[list[tuple]]:
    """screening.results_of for each FactSource given as its field values (in field order)."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from breakzero.policies.assembly import FactSource
    from breakzero.policies.screening import results_of

    if len(_JUDGED) > 5_000:  # screening.MEMO_MAX (not imported: this module stays Django-free)
        _JUDGED.clear()
    return [results_of(FactSource(*values), _JUDGED) for values in job]
