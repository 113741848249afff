"""Running the installed ``cvtui serve`` for a test, and watching the processes it starts.

The server is started on ``--port 0`` (the system picks a free loopback port; the printed
link tells which) in a process group of its own, as a shell would run it, so that
:meth:`Served.interrupt` is what Ctrl-C in its terminal does. Its log (stderr) goes to a
file the test can read. Session processes are the server's children: :meth:`Served.children`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
LINK = re.compile(r"^Open (\S+)$")
WEBSOCKET_URL = re.compile(r'data-session-websocket-url="([^"]+)"')


def cvtui_command() -> list[str]:
    beside = Path(sys.executable).parent / "cvtui"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "cvtui"]


def wait_until(check: Callable[[], Any], timeout: float = 15.0, every: float = 0.05) -> Any:
    """``check()``'s first true value within ``timeout`` seconds (AssertionError after)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {check}")
        time.sleep(every)


class Served:
    """One ``cvtui serve`` process."""

    def __init__(self, args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None):
        self.log_path = cwd / "serve.log"
        self._log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [*cvtui_command(), "serve", "--port", "0", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.link = ""

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout: float = 60.0) -> str:
        """The link the server printed once it listens."""

        def link() -> str:
            if self.process.poll() is not None and not self._reader.is_alive():
                raise AssertionError(f"cvtui serve exited {self.process.returncode}: {self.log}")
            return next((m.group(1) for line in self.lines if (m := LINK.match(line))), "")

        self.link = wait_until(link, timeout)
        return self.link

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT`` of the printed link."""
        match = re.match(r"^(https?://[^/]+)", self.link)
        assert match, self.link
        return match.group(1)

    @property
    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8")

    def children(self) -> list[int]:
        """Processes the server started and that are still running (its sessions)."""
        pids: list[int] = []
        try:
            tasks = os.listdir(f"/proc/{self.process.pid}/task")
        except FileNotFoundError:
            return []
        for task in tasks:
            try:
                text = Path(f"/proc/{self.process.pid}/task/{task}/children").read_text()
            except OSError:
                continue
            pids.extend(int(p) for p in text.split() if alive(int(p)))
        return pids

    def interrupt(self) -> None:
        """Ctrl-C in the server's terminal: SIGINT to its process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(5)
        self._log.close()


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, finished but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def files_under(*roots: Path, skip: Sequence[Path] = ()) -> dict[str, tuple[int, int, bytes]]:
    """Every file below ``roots``: path → (size, mtime_ns, content), to compare before/after."""
    found: dict[str, tuple[int, int, bytes]] = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if any(path == s or s in path.parents for s in skip) or not path.is_file():
                continue
            info = path.stat()
            found[str(path)] = (info.st_size, info.st_mtime_ns, path.read_bytes())
    return found


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (from /proc/net/tcp, tcp6)."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _, state = line.split()[1:4]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(".".join(str(b) for b in reversed(raw)))
                else:
                    import ipaddress

                    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                    found.add(str(ipaddress.IPv6Address(words)))
    return found
