"""Django set up once in the forkserver that Django-bound worker processes fork from (core.parallel).

Imported by that server only (multiprocessing's forkserver preload). Settings come from the
environment it inherited, as a spawned worker's would (DJANGO_SETTINGS_MODULE). No connection
is left open (a forked child must never share its parent's socket), and the objects made here
are frozen out of the cyclic collector so the children do not touch (and copy) their pages.
A failure here is logged and swallowed: the server then forks plain workers, which set Django
up themselves on their first job (policies.screening_worker._set_up).
"""

from __future__ import annotations

import gc
import logging
import os


def _boot() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.db import connections

    gc.disable()  # ~20 % of a set-up is collecting while every app is imported (core.parallel.gc_paused)
    try:
        django.setup()
    finally:
        gc.enable()
    connections.close_all()
    gc.freeze()


try:
    _boot()
except Exception:  # noqa: BLE001 - a worker sets Django up itself when this did not
    logging.getLogger(__name__).exception("Django set-up in the worker server failed; workers set up on their own")
