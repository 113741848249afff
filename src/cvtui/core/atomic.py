"""Write files so that a crash or a full disk leaves either the old file or the new one.

The new content goes to a temporary file beside the target, is synced, then renamed over
it. A symlink is written through: its target gets the new content and the link stays a link.

A run killed while writing leaves its temporary file behind, so every temporary file is
locked (``flock``) while it is in use and named ``.<name>.cvtui-XXXXXXXX.tmp``; the next
write into the same directory removes those no process holds any more.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: temporary files are then not locked
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "STALE_SECONDS",
    "atomic_write_bytes",
    "atomic_write_text",
    "locked_temp",
    "remove_stale_temps",
    "write_target",
]

TEMP_MARK = ".cvtui-"
_OPEN_TEMP = os.O_RDONLY | sum(
    getattr(os, flag, 0) for flag in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC")
)
STALE_SECONDS = 5.0
"""A temporary file no one holds is removed once it has not changed for this long (a file
made a moment ago may not be locked yet)."""


def _umask() -> int:
    """The process umask (reading it means setting it; it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def locked_temp(directory: Path, name: str) -> tuple[int, str]:
    """A new temporary file for ``name`` in ``directory``, locked while its fd is open."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}{TEMP_MARK}", suffix=".tmp", dir=directory)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # a file system without locks: it is then only removed by its own writer
    return fd, tmp


def remove_stale_temps(directory: str | os.PathLike[str], pattern: str = "*") -> int:
    """Remove the temporary files ``pattern`` names in ``directory`` that no process holds.

    Only files named as :func:`locked_temp` names them are looked at; the number removed.
    """
    if fcntl is None:
        return 0  # no locks: no way to tell a killed run's file from one being written
    removed = 0
    now = time.time()
    try:
        candidates = list(Path(directory).glob(f".{pattern}{TEMP_MARK}*.tmp"))
    except OSError:
        return 0
    for path in candidates:
        try:
            fd = os.open(path, _OPEN_TEMP)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_SECONDS:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # still being written
            try:
                if os.stat(path, follow_symlinks=False).st_ino == st.st_ino:
                    os.unlink(path)
                    removed += 1
            except OSError:
                pass
        finally:
            os.close(fd)
    return removed


def write_target(path: str | os.PathLike[str]) -> Path:
    """Where writing ``path`` really writes: the target of a symlink, else ``path``.

    Raises ``OSError`` for a symlink whose target is missing or not a regular file: writing
    would then create or replace something the link only points at.
    """
    target = Path(path)
    if not target.is_symlink():
        return target
    real = Path(os.path.realpath(target))
    try:
        st = real.stat()
    except OSError:
        raise OSError(f"{target} is a symlink to {real}, which does not exist") from None
    if not stat.S_ISREG(st.st_mode):
        raise OSError(f"{target} is a symlink to {real}, which is not a regular file")
    return real


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename over ``path``
    (over a symlink's target: the link stays)."""
    target = write_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent)
    fd, tmp = locked_temp(target.parent, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            try:  # keep an existing file's mode; a new file gets the usual one (not 0600)
                mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
                os.chmod(tmp, mode)
            except OSError:
                pass
            os.replace(tmp, target)  # while still locked: no one removes it first
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
