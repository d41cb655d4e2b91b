"""A validation's parse kept for the confirmation that follows, so a web upload is parsed once.

The web path validates the whole file, then applies it when the user confirms (core.imports).
An importer that can (patents.kept_parse, enterprises.sheets.yearly_kept; core.kept_rows for the
workbook's cells) keeps what its parse produced during the validation, as a named part of the
job's directory under the media root (a job may keep several: the rows and the parse), each part
tagged with a key: the upload's digest, the
parser's version and whatever else the parse read (the register). The apply step uses it only
when the key still matches and the directory is whole (written under another name and renamed
at the end); otherwise it parses again. A kept parse may be missing (another machine ran the
validation, it was cleaned up) or stale, never wrong. It is removed when the job ends.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings

logger = logging.getLogger(__name__)
META = "meta.json"
_CURRENT: ContextVar[JobParse | None] = ContextVar("import_job_parse", default=None)


@dataclass
class JobParse:
    """The job being validated (`keeping`) or applied, as an importer sees it while it runs."""

    job_id: str
    open_upload: Callable[[], IO[bytes]]
    keeping: bool
    _digest: str | None = field(default=None, repr=False)

    def digest(self) -> str:
        """SHA-256 of the stored upload (computed once per run)."""
        if self._digest is None:
            sha = hashlib.sha256()
            with self.open_upload() as handle:
                while block := handle.read(1 << 20):
                    sha.update(block)
            self._digest = sha.hexdigest()
        return self._digest

    @property
    def directory(self) -> Path:
        return kept_root() / self.job_id

    def part_directory(self, part: str) -> Path:
        return self.directory / part

    def kept(self, key: str, *, part: str) -> KeptParse | None:
        """The kept `part` if it is whole and its key is `key`; a stale one is removed."""
        directory = self.part_directory(part)
        try:
            meta = json.loads((directory / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("key") != key:
            logger.info("import job %s: kept %s is stale; parsing again", self.job_id, part)
            discard(self.job_id, part=part)
            return None
        return KeptParse(directory, meta)

    def kept_whole(self, key: str, sizes: Callable[[dict[str, Any]], dict[str, int]], *, part: str) -> KeptParse | None:
        """`kept(key, part=part)` if each of its files holds every byte its meta says
        (`sizes(meta)`: file name → bytes); a truncated or unreadable one is removed."""
        kept = self.kept(key, part=part)
        if kept is None:
            return None
        try:
            whole = all(kept.path(file).stat().st_size == size for file, size in sizes(kept.meta).items())
        except (OSError, KeyError, TypeError, ValueError):
            whole = False
        if not whole:
            discard(self.job_id, part=part)
            return None
        return kept

    @contextmanager
    def writer(self, key: str, *, part: str) -> Iterator[KeptWriter]:
        """`with job.writer(key, part=part) as out:` files go to out.path(name); out.commit(meta)
        makes them the kept `part` (replacing an older one; other parts stay). An error (or no
        commit) leaves nothing."""
        partial = kept_root() / f".{self.job_id}.{part}.{os.getpid()}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        out = KeptWriter(partial, key)
        try:
            yield out
            if out.meta is not None:
                (partial / META).write_text(json.dumps({**out.meta, "key": key}, ensure_ascii=False), encoding="utf-8")
                discard(self.job_id, part=part)
                self.directory.mkdir(exist_ok=True)
                os.replace(partial, self.part_directory(part))
        finally:
            shutil.rmtree(partial, ignore_errors=True)


@dataclass
class KeptWriter:
    directory: Path
    key: str
    meta: dict[str, Any] | None = None

    def path(self, name: str) -> Path:
        return self.directory / name

    def commit(self, meta: dict[str, Any]) -> None:
        self.meta = meta


@dataclass(frozen=True)
class KeptParse:
    directory: Path
    meta: dict[str, Any]

    def path(self, name: str) -> Path:
        return self.directory / name


@contextmanager
def job_parse(job_id: Any, open_upload: Callable[[], IO[bytes]], *, keeping: bool) -> Iterator[JobParse]:
    """Make the job visible to the importer (current()) while it runs."""
    token = _CURRENT.set(JobParse(str(job_id), open_upload, keeping))
    try:
        yield _CURRENT.get()  # type: ignore[misc]
    finally:
        _CURRENT.reset(token)


def current() -> JobParse | None:
    """The job the running import belongs to; None outside a job (shell commands, benches)."""
    return _CURRENT.get()


def kept_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "kept"


def discard(job_id: Any, *, part: str | None = None) -> None:
    """Remove a job's kept parse (the job ended), or one part of it (stale, truncated)."""
    directory = kept_root() / str(job_id)
    shutil.rmtree(directory if part is None else directory / part, ignore_errors=True)


def prune(*, older_than: float) -> list[str]:
    """Remove kept parses (and leftovers of killed writers) not touched for `older_than`
    seconds: a preview nobody confirmed. Its apply, if it comes, parses again."""
    root, removed = kept_root(), []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    limit = time.time() - older_than
    for entry in entries:
        try:
            old = entry.stat(follow_symlinks=False).st_mtime < limit
        except OSError:
            continue
        if old:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.name)
    return removed


def version_of(*modules: Any, extra: str = "") -> str:
    """A parser's version: a digest of its modules' source, so any change to the parsing code
    makes older kept parses stale."""
    sha = hashlib.sha256(extra.encode())
    for module in modules:
        sha.update(Path(module.__file__).read_bytes())
    return sha.hexdigest()[:16]
