"""A validation's kept parse (core.import_reuse): found only under its key and when whole."""

import io
import os
import time

import pytest

from breakzero.core import import_reuse

PART = "parse"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def job(data: bytes = b"a,b\n1,2\n", *, keeping: bool = True, job_id: str = "job-1") -> import_reuse.JobParse:
    return import_reuse.JobParse(job_id, lambda: io.BytesIO(data), keeping=keeping)


def keep(parse: import_reuse.JobParse, key: str, meta: dict | None = None) -> None:
    with parse.writer(key, part=PART) as out:
        out.path("stage.copy").write_bytes(b"1\tx\n")
        out.commit(meta or {"rows": 1})


def test_kept_parse_same_key_is_found_with_its_files(media):
    keep(job(), "k1", {"rows": 7})
    kept = job(keeping=False).kept("k1", part=PART)
    assert kept is not None and kept.meta["rows"] == 7 and kept.path("stage.copy").read_bytes() == b"1\tx\n"


def test_kept_parse_other_key_is_stale_and_removed(media):
    keep(job(), "k1")
    assert job(keeping=False).kept("k2", part=PART) is None
    assert not job().part_directory(PART).exists()


def test_kept_parse_writer_error_or_no_commit_leaves_nothing(media):
    with pytest.raises(RuntimeError), job().writer("k1", part=PART) as out:
        out.path("stage.copy").write_bytes(b"partial")
        raise RuntimeError("parse failed")
    with job().writer("k1", part=PART) as out:
        out.path("stage.copy").write_bytes(b"no commit: a small file parsed in process")
    assert job().kept("k1", part=PART) is None and os.listdir(import_reuse.kept_root()) == []


def test_kept_parse_new_write_replaces_the_old_one(media):
    keep(job(), "k1", {"rows": 1})
    keep(job(), "k2", {"rows": 2})
    assert job().kept("k2", part=PART).meta["rows"] == 2


def test_upload_digest_follows_the_bytes():
    assert job(b"a").digest() == job(b"a").digest() != job(b"b").digest()


def test_prune_removes_only_kept_parses_older_than_the_limit(media):
    keep(job(job_id="old"), "k")
    keep(job(job_id="new"), "k")
    past = time.time() - 7200
    os.utime(import_reuse.kept_root() / "old", (past, past))
    assert import_reuse.prune(older_than=3600) == ["old"]
    assert job(job_id="new").kept("k", part=PART) is not None and job(job_id="old").kept("k", part=PART) is None


def test_discard_removes_a_jobs_kept_parse(media):
    keep(job(), "k1")
    import_reuse.discard("job-1")
    assert job().kept("k1", part=PART) is None


def test_kept_parts_of_one_job_are_kept_and_found_apart(media):
    keep(job(), "k1", {"rows": 1})
    with job().writer("r1", part="rows") as out:
        out.path("rows.pickle").write_bytes(b"rows")
        out.commit({"rows": 2})
    keep(job(), "k2", {"rows": 3})  # a new parse replaces the parse, not the rows
    assert job().kept("r1", part="rows").meta["rows"] == 2 and job().kept("k2", part=PART).meta["rows"] == 3
    assert job().kept("stale", part=PART) is None and job().kept("r1", part="rows") is not None
    import_reuse.discard("job-1")
    assert not job().directory.exists()


def test_kept_whole_checks_every_file_and_removes_a_truncated_part(media):
    with job().writer("k1", part=PART) as out:
        out.path("a").write_bytes(b"12345")
        out.path("b").write_bytes(b"123")
        out.commit({"a": 5, "b": 3})
    sizes = lambda meta: {"a": meta["a"], "b": meta["b"]}  # noqa: E731
    assert job().kept_whole("k1", sizes, part=PART) is not None
    (job().part_directory(PART) / "b").write_bytes(b"12")
    assert job().kept_whole("k1", sizes, part=PART) is None and not job().part_directory(PART).exists()
