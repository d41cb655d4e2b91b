"""Run the periodic work registered in core.schedule, forever (one active instance)."""

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, connections

from breakzero.core import schedule

LOCK_KEY = 0x627A5343  # "bzSC": the advisory lock the active scheduler holds


class Command(BaseCommand):
    help = "定时任务调度（提醒、逾期督办、夜间刷新、中断任务恢复）；多个实例时只有一个在工作"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        self._stop = False
        self._active = False
        signal.signal(signal.SIGTERM, self._request_stop)
        signal.signal(signal.SIGINT, self._request_stop)
        names = ", ".join(e.name for e in schedule.entries()) or "none"
        self.stdout.write(f"scheduler: entries {names}")
        while not self._stop:
            if self._is_active():
                started = schedule.tick()
                if started:
                    self.stdout.write(f"scheduler: enqueued {', '.join(started)}")
            if options["once"]:
                break
            self._sleep(options["interval"])
        connections.close_all()

    def _is_active(self) -> bool:
        """PostgreSQL: hold a session advisory lock (released if this process dies, so a
        standby takes over). The slot table makes runs unique in any case."""
        if connection.vendor != "postgresql":
            return True
        try:
            with connection.cursor() as cursor:
                if self._active:
                    cursor.execute("SELECT 1")  # still connected, so still holding the lock
                else:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                    self._active = bool(cursor.fetchone()[0])
                    if self._active:
                        self.stdout.write("scheduler: active")
        except Exception as exc:  # database restarting: the lock is gone with the connection
            self.stderr.write(f"scheduler: database unavailable ({type(exc).__name__}), retrying")
            self._active = False
            connection.close()
        return self._active

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self._stop and time.monotonic() < end:
            time.sleep(min(0.5, end - time.monotonic()))

    def _request_stop(self, *_: Any) -> None:
        self._stop = True
