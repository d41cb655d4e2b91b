"""Crash-safe imports: SIGKILL a real `import_enterprises` process mid-write; the database
must be as before, and a rerun must end exactly where an uninterrupted run ends."""

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from breakzero.rules.uscc import make_uscc

ROWS = 15_000
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="kills a worker against PostgreSQL")


def _write_file(path: Path) -> None:
    counties = ["430102", "430104", "430111", "430602", "430181"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["统一社会信用代码", "企业名称", "所在区县", "行业代码", "联系电话"])
        for index in range(ROWS):
            uscc = make_uscc("91", counties[index % 5], f"{index:08d}")
            writer.writerow([uscc, f"湘江第{index}科技有限公司", counties[index % 5], "3911", "13800000000"])


def _env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "TASK_BACKEND": "immediate"}


def _command(path: Path) -> list[str]:
    return [sys.executable, "manage.py", "import_enterprises", str(path)]


def _snapshot() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT uscc, name, county_id, city_id, industry_code, contact_phone FROM enterprises_enterprise ORDER BY uscc"
        )
        rows = cursor.fetchall()
    return len(rows), hashlib.md5(repr(rows).encode()).hexdigest()


def _wait_for_orphaned_backend(timeout: float = 30) -> None:
    """After SIGKILL the server backend finishes on its own (rolls back, or completes a COMMIT it
    already received); look at the data only once it is gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)


def _writing(pid: int) -> bool:
    """True once the importer's connection is loading or upserting rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state = 'active' AND (query ILIKE 'COPY %%' OR query ILIKE 'INSERT INTO %%enterprises_%%')"
        )
        return cursor.fetchone()[0] > 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_import_killed_midway_leaves_database_unchanged_and_rerun_completes(tmp_path):
    data = tmp_path / "enterprises.csv"
    _write_file(data)
    before = _snapshot()
    process = subprocess.Popen(_command(data), cwd=settings.BASE_DIR, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 50
    while time.monotonic() < deadline and process.poll() is None and not _writing(process.pid):
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be killed: make the file larger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    _wait_for_orphaned_backend()
    killed = _snapshot()
    # All or nothing: the kill landed before the commit (nothing written) or after it (whole import).
    assert killed == before or killed[0] == ROWS
    expected = f"created={ROWS} updated=0 unchanged=0" if killed == before else f"created=0 updated=0 unchanged={ROWS}"

    rerun = subprocess.run(_command(data), cwd=settings.BASE_DIR, env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert rerun.stdout.strip().endswith(f"{expected} rejected=0")
    after = _snapshot()
    assert after[0] == ROWS

    again = subprocess.run(_command(data), cwd=settings.BASE_DIR, env=_env(), capture_output=True, text=True, timeout=300)
    assert again.stdout.strip().endswith(f"created=0 updated=0 unchanged={ROWS} rejected=0")
    assert _snapshot() == after
