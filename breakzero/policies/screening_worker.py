"""Screening's job for a spawned worker process: rebuild FactSources, call the rules.

Imported by the worker before Django is set up, so nothing Django-bound is imported at
module level; the first job sets Django up (settings from the environment the worker
inherited) — no database is touched, the facts arrive with the job.
"""

from __future__ import annotations

from typing import Any

_JUDGED: list = []  # this worker's screening.JudgedMemo, kept across jobs (bounded, switched off when useless)


def evaluate_fields(job: list[tuple[Any, ...]]) -> list[list[tuple]]:
    """screening.results_of for each FactSource given as its field values (in field order)."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from breakzero.policies.assembly import FactSource
    from breakzero.policies.screening import JudgedMemo

    if not _JUDGED:
        _JUDGED.append(JudgedMemo())
    return _JUDGED[0].results([FactSource(*values) for values in job])
