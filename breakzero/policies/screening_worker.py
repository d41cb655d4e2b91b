"""Screening's jobs for a spawned worker process: call the rules on given facts, or load a
scope's facts itself and call the rules on them.

Imported by the worker before Django is set up, so nothing Django-bound is imported at
module level; the first job sets Django up (settings from the environment the worker
inherited). `evaluate_fields` touches no database (the facts arrive with the job);
`screen_scope` reads the main process's database on the worker's own connection.
"""

from __future__ import annotations

import os
from typing import Any

from breakzero.core.parallel import gc_paused  # Django-free

_JUDGED: list = []  # this worker's screening.JudgedMemo, kept across jobs (bounded, switched off when useless)
# screen_scope's state for the run it serves (a new run id starts afresh): its Evaluator (facts
# keys remembered across the run's jobs) and the register's patent counts, read once per worker.
_RUN: dict[str, Any] = {}


def evaluate_fields(job: list[tuple[Any, ...]]) -> list[list[tuple]]:
    """screening.results_of for each FactSource given as its field values (in field order)."""
    _set_up()
    from breakzero.policies.assembly import FactSource
    from breakzero.policies.screening import JudgedMemo

    if not _JUDGED:
        _JUDGED.append(JudgedMemo())
    return _JUDGED[0].results([FactSource(*values) for values in job])


def screen_scope(job: tuple[str, str, Any, tuple[int, int] | list[int]]) -> tuple[int, list, dict]:
    """(database name, run id, as_of, an inclusive pk range or a list of ids) → (this process's
    id, (enterprise id, key number) pairs, results per number used): Evaluator.keyed over the
    scope's facts as assembly.load_sources reads them, the numbers this worker's own."""
    database, run, as_of, scope = job
    _set_up(database)
    with gc_paused():  # builds ~10 facts and result objects a firm, no cycles (see gc_paused)
        return _screened(run, as_of, scope)


def prepare(job: tuple[str, str, Any, bool]) -> int:
    """(database name, run id, as_of, whole register?) → this process's id, once Django is set
    up and the run's state made (the register's patent counts read, for a whole-register run):
    what the first screen_scope job would do first, done while the main process screens."""
    database, run, as_of, whole = job
    _set_up(database)
    with gc_paused():
        _run_state(run, as_of, whole=whole)
    return os.getpid()


def _run_state(run: str, as_of: Any, *, whole: bool) -> dict[str, Any]:
    from breakzero.policies import assembly
    from breakzero.policies.screening import Evaluator

    if _RUN.get("run") != run:
        _RUN.clear()
        _RUN.update(run=run, evaluator=Evaluator(parallel=False), patents=None)
    if whole and _RUN["patents"] is None:
        _RUN["patents"] = assembly.patent_facts(as_of=as_of)
    return _RUN


def _screened(run: str, as_of: Any, scope: tuple[int, int] | list[int]) -> tuple[int, list, dict]:
    from breakzero.policies.screening_scopes import scope_sources

    _run_state(run, as_of, whole=isinstance(scope, tuple))  # a pk range: of a whole-register run
    sources = scope_sources(as_of, scope, _RUN["patents"])
    mapping, used = _RUN["evaluator"].keyed(sources.values())
    return os.getpid(), mapping, used


def _set_up(database: str | None = None) -> None:
    """Django set up once per worker; connected to `database` (the main process's: under tests,
    not the one the settings name)."""
    import django
    from django.apps import apps

    if not apps.ready:
        with gc_paused():  # ~20 % of a worker's Django set-up is collecting while importing every app
            django.setup()
    if database is not None:
        from django.db import connection

        if connection.settings_dict["NAME"] != database:
            connection.close()
            connection.settings_dict["NAME"] = database
