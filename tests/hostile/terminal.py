"""Run a command on a pseudo-terminal and keep every byte it writes.

The byte stream is what a real terminal would interpret, so escape-injection tests assert on
it directly. Keys are written to the terminal's input; ``settle`` waits until the program
has stopped drawing.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

CVTUI = Path(sys.executable).parent / "cvtui"

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "pagedown": b"\x1b[6~",
    "ctrl+p": b"\x10",
    "backspace": b"\x7f",
}


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment that keeps the user's config, state and cache out of a test."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CVTUI_", "TMUX", "SSH_", "NO_COLOR", "COLORTERM", "TEXTUAL"))
    }
    env.update(
        HOME=str(home),
        TERM="xterm-256color",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        CVTUI_CONFIG=str(home / "config.toml"),
        CVTUI_STATE=str(home / "state.json"),
        CVTUI_CACHE_DIR=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
    )
    env.update(extra)
    return env


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class PtyProcess:
    """A child process whose stdin, stdout and stderr are one pseudo-terminal."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        cols: int = 80,
        rows: int = 24,
        cwd: Path | None = None,
    ) -> None:
        self.master, slave = pty.openpty()
        _set_size(slave, cols, rows)
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_take_terminal,
            close_fds=True,
        )
        os.close(slave)
        self._data = bytearray()
        self._lock = threading.Lock()
        self._last = time.monotonic()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.5)
                if not ready:
                    if self.proc.poll() is not None:
                        # drain what is left, then stop
                        ready, _, _ = select.select([self.master], [], [], 0.2)
                        if not ready:
                            return
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the child side is closed
                return
            if not chunk:
                return
            with self._lock:
                self._data += chunk
                self._last = time.monotonic()

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._data)

    def send(self, *keys: str | bytes, pause: float = 0.15) -> None:
        """Type keys: names from :data:`KEYS`, other strings as text, or raw bytes."""
        for key in keys:
            data = key if isinstance(key, bytes) else KEYS.get(key, key.encode())
            os.write(self.master, data)
            time.sleep(pause)

    def settle(
        self,
        since: int | None = None,
        quiet: float = 0.4,
        react: float = 2.0,
        timeout: float = 15.0,
    ) -> None:
        """Wait for the program to react and then to stop drawing.

        Waits up to ``react`` seconds for output beyond byte ``since`` (a key that changes
        nothing draws nothing), then until nothing has been written for ``quiet`` seconds.
        """
        start = time.monotonic()
        if since is not None:
            while len(self.output) <= since and time.monotonic() - start < react:
                if self.proc.poll() is not None:
                    return
                time.sleep(0.02)
        while time.monotonic() - start < timeout:
            with self._lock:
                idle = time.monotonic() - self._last
            if idle >= quiet:
                return
            time.sleep(0.05)

    def press(
        self, *keys: str | bytes, expect: str | None = None, quiet: float = 0.25, react: float = 0.8
    ) -> None:
        """Type ``keys`` one at a time, each after the screen has settled from the last.

        A key is a name from :data:`KEYS`, or text typed in one go. With ``expect``, wait
        until that text has been drawn (a screen that opens slowly must not get the keys
        meant for the next step).
        """
        start = len(self.output)
        for key in keys:
            since = len(self.output)
            self.send(key, pause=0.0)
            self.settle(since, quiet=quiet, react=react)
        if expect is not None:
            from hostile.payloads import visible_text

            assert self.wait_for(expect, start=start), (
                f"{expect!r} not drawn after {keys}:\n{visible_text(self.output[start:])[-1500:]}"
            )
            self.settle(quiet=quiet)

    def wait_for(self, needle: str, timeout: float = 20.0, start: int = 0) -> bool:
        """Wait until ``needle`` appears in the visible text written after byte ``start``."""
        from hostile.payloads import visible_text

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if needle in visible_text(self.output[start:]):
                return True
            if self.proc.poll() is not None:
                self._reader.join(timeout=2)
                return needle in visible_text(self.output[start:])
            time.sleep(0.1)
        return False

    def resize(self, cols: int, rows: int) -> None:
        _set_size(self.master, cols, rows)
        try:
            os.killpg(self.proc.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    def wait(self, timeout: float = 20.0) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
        try:
            os.close(self.master)
        except OSError:
            pass


def _take_terminal() -> None:
    """Make the pty the child's controlling terminal (so it gets SIGWINCH like a real one)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_on_pty(
    argv: Sequence[str], env: dict[str, str], timeout: float = 60.0
) -> tuple[int, bytes]:
    """Run a non-interactive command with a terminal as stdout; its exit code and bytes."""
    term = PtyProcess(argv, env)
    try:
        code = term.wait(timeout=timeout)
        return code, term.output
    finally:
        term.close()
