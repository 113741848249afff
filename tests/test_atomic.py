"""Every file cvtui writes is written atomically: a failure mid-write leaves the old file.

Failures are injected where they happen in real life: the disk fills during ``write``, the
``fsync`` fails, the rename fails, or the process dies between writing and renaming.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cvtui.core import atomic
from cvtui.core.atomic import atomic_write_bytes, atomic_write_text
from cvtui.core.loading import load_paths

OLD = b'name = "Old Content"\n' + b"# old\n" * 100
NEW = b'name = "New Content"\n' + b"# new\n" * 5000
SRC = Path(__file__).parents[1] / "src" / "cvtui"


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "profile.toml"
    path.write_bytes(OLD)
    path.chmod(0o640)
    return path


def test_writes_and_replaces(target: Path) -> None:
    atomic_write_bytes(target, NEW)
    assert target.read_bytes() == NEW
    assert target.stat().st_mode & 0o777 == 0o640  # the mode of the file it replaced
    assert leftovers(target.parent) == []


def test_creates_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "state.json"
    atomic_write_text(path, "{}\n")
    assert path.read_text() == "{}\n"


class DiskFull:
    """A file handle that accepts part of the data, then fails as a full disk does."""

    def __init__(self, handle):  # type: ignore[no-untyped-def]
        self._handle = handle

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._handle, name)

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def test_disk_full_during_write(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: DiskFull(real_fdopen(fd, mode)))
    with pytest.raises(OSError) as info:
        atomic_write_bytes(target, NEW)
    assert info.value.errno == errno.ENOSPC
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_fsync_failure(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(OSError):
        atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_rename_failure(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: str, dst: str) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_interrupt_mid_write(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_process_killed_before_rename(target: Path) -> None:
    """A crash (no cleanup at all) after the data is written: the old file is intact, and
    the leftover temporary file is never mistaken for a profile."""
    script = textwrap.dedent(
        f"""
        import os
        from cvtui.core import atomic
        atomic.os.replace = lambda src, dst: os._exit(9)
        atomic.atomic_write_bytes({str(target)!r}, {NEW!r})
        """
    )
    result = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert result.returncode == 9
    assert target.read_bytes() == OLD
    (leftover,) = leftovers(target.parent)
    assert leftover.startswith(".profile.toml.")
    assert (target.parent / leftover).read_bytes() == NEW
    lib = load_paths([target.parent])
    assert [p.name for p in lib.people] == ["Old Content"]
    assert lib.problems == ()


def test_cache_write_failure_keeps_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile cache streams into a temporary file; a failing fsync keeps the old cache
    and the load still succeeds."""
    from cvtui.core import cache

    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "a.toml").write_text('name = "A"\n')
    monkeypatch.setenv("CVTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    assert [p.name for p in cache.load_cached([profiles]).people] == ["A"]
    files = list((tmp_path / "cache").glob("profiles-*.bin"))
    assert len(files) == 1
    before = files[0].read_bytes()

    (profiles / "b.toml").write_text('name = "B"\n')

    def fail(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache.os, "fsync", fail)
    lib = cache.load_cached([profiles])
    assert sorted(p.name for p in lib.people) == ["A", "B"]
    assert files[0].read_bytes() == before
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.endswith(".tmp")] == []


# Writes to files go through core.atomic (or the cache's own temp-file-and-rename writer).
_WRITE_CALL = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*['\"][wax]b?\+?['\"]")
_ALLOWED = {
    "core/atomic.py",
    "core/cache_file.py",  # streams into a locked temp file + fsync + os.replace (tested above)
}


def test_no_direct_file_writes_in_cvtui() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in _ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _WRITE_CALL.search(line) and "os.devnull" not in line:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == []


def test_new_files_follow_the_umask_and_existing_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "export.bib"
        atomic_write_text(fresh, "@misc{a,}\n")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "private.toml"
        kept.write_text("x")
        kept.chmod(0o600)
        atomic_write_text(kept, "y")
        assert kept.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
