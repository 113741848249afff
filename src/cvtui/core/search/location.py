"""Where a profile set's search index lives, how processes take turns at it, and pruning.

The index of the profile set rooted at some paths is ``cache_dir()/index-<hash of their real
paths>/``. Its ``lock`` file is held shared while a process opens the index and exclusive
while one writes it (advisory locks, so a process that dies lets go); an index not opened
for :data:`KEEP_SECONDS` is removed, as the cache's files are.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["KEEP_SECONDS", "LOCK_WAIT", "index_directory", "locked", "prune_indexes"]

LOCK_WAIT = 30.0
"""Seconds to wait for another process's build before using an index in memory instead."""
KEEP_SECONDS = 30 * 24 * 3600
"""An index of a profile set not opened for this long is removed."""


def index_directory(roots: tuple[str, ...]) -> Path:
    """Where the index of the profile set rooted at ``roots`` is kept."""
    from ...config import cache_dir

    joined = "\0".join(os.path.realpath(p) for p in roots)
    digest = hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_dir() / f"index-{digest}"


@contextlib.contextmanager
def locked(path: Path, exclusive: bool) -> Iterator[None]:
    """Hold ``path`` locked (shared or exclusive) across processes; raises TimeoutError
    after :data:`LOCK_WAIT` seconds."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: tantivy's own writer lock still guards it
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{path} stayed locked") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def prune_indexes(directory: Path) -> None:
    """Remove the indexes of profile sets not opened for :data:`KEEP_SECONDS`."""
    cutoff = time.time() - KEEP_SECONDS
    try:
        for path in directory.glob("index-*"):
            current = path / "CURRENT"
            if current.exists() and current.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass
