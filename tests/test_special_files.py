"""FIFOs, devices and sockets among the profiles: each is a problem, none blocks or floods.

Opening a FIFO waits for a writer, and ``/dev/zero`` never ends while its size reads as 0,
so these run where a hang cannot take the test run with it: in a subprocess with a timeout
(and a memory limit), or in a thread that is joined with a timeout and then unblocked.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.loading import load_file, load_paths
from cvtui.views.people import PeopleView
from hostile.terminal import isolated_env
from settling import settle

CVTUI = Path(sys.executable).parent / "cvtui"
GOOD = 'name = "Good Person"\n'


def finishes(work: Callable[[], Any], unblock: Callable[[], None], timeout: float = 10) -> Any:
    """``work()``'s result; fails if it has not returned within ``timeout`` seconds (then
    ``unblock`` lets the stuck thread go, so the test run is not held up)."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        unblock()
        thread.join(5)
        raise AssertionError(f"still blocked after {timeout} s")
    return result[0]


def open_fifo_for_writing(fifo: Path) -> Callable[[], None]:
    def unblock() -> None:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)

    return unblock


# --- FIFOs ----------------------------------------------------------------------------------------


def test_a_fifo_is_a_problem_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    library = finishes(lambda: load_paths([tmp_path]), open_fifo_for_writing(fifo))
    assert [p.name for p in library.people] == ["Good Person"]
    (problem,) = library.problems
    assert problem.path == str(fifo)
    assert problem.message == "is a FIFO (named pipe), not a profile file; skipped"


def test_validate_ends_with_a_fifo_given_directly_or_found(tmp_path: Path) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    os.mkfifo(profiles / "fifo.toml")
    (profiles / "good.toml").write_text(GOOD, encoding="utf-8")
    for args in ([str(profiles)], [str(profiles / "fifo.toml"), str(profiles / "good.toml")]):
        result = subprocess.run(
            [str(CVTUI), "validate", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env=isolated_env(tmp_path / "home"),
        )
        assert result.returncode == 1
        assert "fifo.toml: is a FIFO (named pipe), not a profile file; skipped" in result.stdout
        assert result.stdout.splitlines()[-1].startswith("1 profile,")


async def test_the_app_loads_beside_a_fifo_and_live_reload_goes_on(tmp_path: Path) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    fifos = [profiles / "at-start.toml", profiles / "later.toml"]
    os.mkfifo(fifos[0])
    (profiles / "good.toml").write_text(GOOD, encoding="utf-8")
    app = CvtuiApp(paths=[str(profiles)], no_cache=True, config=Config(animation=False))
    app.reloading.interval = 0.1

    async def until(condition: Callable[[], bool]) -> None:
        for _ in range(200):
            if condition():
                return
            await pilot.pause(0.05)
        raise AssertionError("the app never got there")

    try:
        async with app.run_test(size=(100, 30)) as pilot:
            try:
                await until(lambda: app.library is not None and bool(app.query(PeopleView)))
                await settle(pilot)
                assert [p.name for p in app.library.people] == ["Good Person"]
                assert "FIFO" in app.library.problems[0].message
                os.mkfifo(fifos[1])  # created while the app runs
                (profiles / "after.toml").write_text('name = "After"\n', encoding="utf-8")
                await until(lambda: len(app.library.people) == 2)
                assert len(app.library.problems) == 2
            finally:
                for fifo in fifos:  # a reader stuck on one (a failure) is let go
                    if fifo.exists():
                        try:
                            open_fifo_for_writing(fifo)()
                        except OSError:
                            pass
    finally:
        for fifo in fifos:
            if fifo.exists():
                fifo.unlink()


# --- devices --------------------------------------------------------------------------------------


def test_a_symlink_to_a_device_is_a_problem(tmp_path: Path) -> None:
    """(``/dev/zero`` and ``/dev/urandom`` are read below, in a process with a memory limit:
    a loader that read them would eat the machine's memory.)"""
    link = tmp_path / "device.toml"
    os.symlink("/dev/null", link)
    person, problems = load_file(link)
    assert person is None
    assert [p.message for p in problems] == ["is a character device, not a profile file; skipped"]


def test_validate_with_device_links_stays_within_memory(tmp_path: Path) -> None:
    """Under a 1.5 GB address-space limit a read of /dev/zero would run out of memory."""
    profiles = tmp_path / "d"
    profiles.mkdir()
    os.symlink("/dev/zero", profiles / "zero.toml")
    os.symlink("/dev/urandom", profiles / "random.toml")
    (profiles / "good.toml").write_text(GOOD, encoding="utf-8")
    limit = 1_500_000_000

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [str(CVTUI), "validate", "--no-cache", str(profiles)],
        capture_output=True,
        text=True,
        timeout=60,
        env=isolated_env(tmp_path / "home"),
        preexec_fn=cap,
    )
    assert "MemoryError" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("is a character device, not a profile file") == 2


def test_a_socket_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "sock.toml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        person, problems = load_file(path)
    finally:
        server.close()
    assert person is None
    assert "not a profile file" in problems[0].message


def test_the_limit_holds_whatever_the_size_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows after ``stat`` (or a /proc file reporting 0 bytes) is cut off at
    the limit, not read to the end."""
    from cvtui.core import files, loading

    path = tmp_path / "grows.toml"
    path.write_text(GOOD + "# " + "x" * 5000 + "\n", encoding="utf-8")
    real_fstat = os.fstat

    def shrunk(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))  # size 0, as /proc says

    monkeypatch.setattr(files.os, "fstat", shrunk)
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 1000)
    person, problems = load_file(path)
    assert person is None
    assert "more than the" in problems[0].message and "size reads 0 bytes" in problems[0].message
