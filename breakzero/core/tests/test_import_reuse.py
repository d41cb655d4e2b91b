"""A validation's kept parse (core.import_reuse): found only under its key and when whole."""

import io
import os
import time

import pytest

from breakzero.core import import_reuse


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def job(data: bytes = b"a,b\n1,2\n", *, keeping: bool = True, job_id: str = "job-1") -> import_reuse.JobParse:
    return import_reuse.JobParse(job_id, lambda: io.BytesIO(data), keeping=keeping)


def keep(parse: import_reuse.JobParse, key: str, meta: dict | None = None) -> None:
    with parse.writer(key) as out:
        out.path("stage.copy").write_bytes(b"1\tx\n")
        out.commit(meta or {"rows": 1})


def test_kept_parse_same_key_is_found_with_its_files(media):
    keep(job(), "k1", {"rows": 7})
    kept = job(keeping=False).kept("k1")
    assert kept is not None and kept.meta["rows"] == 7 and kept.path("stage.copy").read_bytes() == b"1\tx\n"


def test_kept_parse_other_key_is_stale_and_removed(media):
    keep(job(), "k1")
    assert job(keeping=False).kept("k2") is None
    assert not job().directory.exists()


def test_kept_parse_writer_error_or_no_commit_leaves_nothing(media):
    with pytest.raises(RuntimeError), job().writer("k1") as out:
        out.path("stage.copy").write_bytes(b"partial")
        raise RuntimeError("parse failed")
    with job().writer("k1") as out:
        out.path("stage.copy").write_bytes(b"no commit: a small file parsed in process")
    assert job().kept("k1") is None and os.listdir(import_reuse.kept_root()) == []


def test_kept_parse_new_write_replaces_the_old_one(media):
    keep(job(), "k1", {"rows": 1})
    keep(job(), "k2", {"rows": 2})
    assert job().kept("k2").meta["rows"] == 2


def test_upload_digest_follows_the_bytes():
    assert job(b"a").digest() == job(b"a").digest() != job(b"b").digest()


def test_prune_removes_only_kept_parses_older_than_the_limit(media):
    keep(job(job_id="old"), "k")
    keep(job(job_id="new"), "k")
    past = time.time() - 7200
    os.utime(import_reuse.kept_root() / "old", (past, past))
    assert import_reuse.prune(older_than=3600) == ["old"]
    assert job(job_id="new").kept("k") is not None and job(job_id="old").kept("k") is None


def test_discard_removes_a_jobs_kept_parse(media):
    keep(job(), "k1")
    import_reuse.discard("job-1")
    assert job().kept("k1") is None
