"""A private tmux server for tests: run a command in a real terminal, type, read the screen.

Each :class:`Tmux` has its own socket (so it never touches the user's tmux), keeps the pane
after the program exits (to tell "exited" from "still running"), and records every byte the
program wrote with ``pipe-pane``.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def require_tmux() -> str:
    """The tmux executable; a missing tmux fails the test (CI installs it), never skips it."""
    found = shutil.which("tmux")
    assert found, "tmux is not installed: apt-get install tmux (these tests must not be skipped)"
    return found


class Tmux:
    def __init__(self, workdir: Path, cols: int = 80, rows: int = 24) -> None:
        self.tmux = require_tmux()
        self.workdir = workdir
        self.socket = workdir / "tmux.sock"
        self.raw = workdir / "pane.raw"
        self.status_file = workdir / "exit-status"
        self.cols, self.rows = cols, rows
        self.started = False

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.tmux, "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=check,
        )

    def start(self, argv: Sequence[str], env: dict[str, str], config: str = "") -> None:
        """Start ``argv`` in a detached session of the given size, with exactly ``env``."""
        conf = self.workdir / "tmux.conf"
        conf.write_text(
            "set -g remain-on-exit on\nset -g status off\nset -g escape-time 10\n"
            "set -g history-limit 100\n" + config,
            encoding="utf-8",
        )
        # A shell waits for the program and writes its exit status to a file: tmux may be
        # slow to reap a dead pane's process, so its own pane_dead_status is not relied on.
        record = f'"$@"; echo $? > {shlex.quote(str(self.status_file))}'
        command = (
            "exec env -i "
            + " ".join(shlex.quote(f"{k}={v}") for k, v in sorted(env.items()))
            + f" /bin/sh -c {shlex.quote(record)} sh "
            + " ".join(shlex.quote(a) for a in argv)
        )
        subprocess.run(
            [
                self.tmux,
                "-S",
                str(self.socket),
                "-f",
                str(conf),
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                str(self.cols),
                "-y",
                str(self.rows),
                command,
            ],
            check=True,
            timeout=30,
            env={**env, "TMUX": ""},
        )
        self.started = True
        self.run("pipe-pane", "-o", "-t", "t", f"cat >> {shlex.quote(str(self.raw))}")

    def screen(self, history: bool = False) -> str:
        """The visible screen (with ``history``, the lines scrolled off the top as well)."""
        return self.run("capture-pane", "-p", "-t", "t", *(["-S", "-"] if history else [])).stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        args = ["send-keys", "-t", "t", *(["-l"] if literal else []), *keys]
        self.run(*args)

    def type(self, text: str) -> None:
        self.send(text, literal=True)

    def alive(self) -> bool:
        """Whether the program in the pane is still running."""
        return not self.status_file.exists()

    def exit_status(self) -> int:
        """The program's exit status (it has exited)."""
        for _ in range(50):  # the shell may not have finished writing it
            text = self.status_file.read_text().strip()
            if text:
                return int(text)
            time.sleep(0.1)
        raise AssertionError("the exit status was never written")

    def resize(self, cols: int, rows: int) -> None:
        self.run("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows))
        self.cols, self.rows = cols, rows

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Wait until ``text`` is on screen; the screen (the assertion names what was there)."""
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            if not self.alive():
                break
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear; the screen:\n{screen}")

    def wait_until_exit(self, timeout: float = 20.0) -> int | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive():
                return self.exit_status()
            time.sleep(0.2)
        return None

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> str:
        """Wait until the screen stops changing; the screen."""
        end = time.monotonic() + timeout
        last = self.screen()
        still_since = time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.1)
            now = self.screen()
            if now != last:
                last, still_since = now, time.monotonic()
            elif time.monotonic() - still_since >= quiet:
                break
        return last

    def output(self) -> bytes:
        return self.raw.read_bytes() if self.raw.exists() else b""

    def kill(self) -> None:
        if self.started:
            self.run("kill-server", check=False)
            self.started = False
