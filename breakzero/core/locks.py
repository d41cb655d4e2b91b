"""Locks that die with the process holding them (PostgreSQL session advisory locks).

A job applied by a worker that is killed must not stay "taken": the lock is held by the
worker's database session, so PostgreSQL releases it the moment that session ends, and
recovery (core.import_recovery) can tell a running job from an orphaned one. SQLite (the
embedded default, one worker) has no such locks: there the lock is always granted.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

NAMESPACE_IMPORT_JOB = 0x627A494A  # "bzIJ"


def lock_key(value: object) -> int:
    """A stable 32-bit key for a value (the second half of a two-key advisory lock)."""
    return zlib.crc32(str(value).encode()) - 2**31


def try_lock(namespace: int, value: object) -> bool:
    """Take the lock on this connection's session now, or answer False if another holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, lock_key(value)])
        return bool(cursor.fetchone()[0])


def unlock(namespace: int, value: object) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, lock_key(value)])


@contextmanager
def held(namespace: int, value: object) -> Iterator[bool]:
    """`with held(ns, v) as acquired:` — released on exit (or when the session dies)."""
    acquired = try_lock(namespace, value)
    try:
        yield acquired
    finally:
        if acquired:
            unlock(namespace, value)
