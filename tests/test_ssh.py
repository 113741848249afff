"""The path a server user takes: SSH into a machine, run cvtui, find a paper, copy it, quit.

A throwaway ``sshd`` listens on 127.0.0.1 on a free high port, with a temporary host key and
a temporary user key (key-only, no passwords), and is stopped by the test. ``ssh -tt`` runs
inside tmux (with ``set-clipboard on``), so the OSC 52 sequence cvtui writes to copy travels
back through the SSH connection and lands in tmux's paste buffer, where the test reads it.

Fails (never skips) when sshd, ssh or tmux are missing: CI installs them.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile.files import terminal_profiles
from hostile.terminal import CVTUI
from hostile.tmux import Tmux

pytestmark = [pytest.mark.ssh, pytest.mark.tmux]


def _find(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/local/sbin") / name) if p.exists()),
        None,
    )
    assert found, f"{name} is not installed: apt-get install openssh-server openssh-client"
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    user: str
    user_key: Path
    known_hosts: Path


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Server]:
    sshd_bin, keygen = _find("sshd"), _find("ssh-keygen")
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    for name in ("host", "user"):
        subprocess.run(
            [
                keygen,
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                f"cvtui-test-{name}",
                "-f",
                str(keys / name),
            ],
            check=True,
            timeout=30,
        )
    authorized = keys / "authorized_keys"
    authorized.write_text((keys / "user.pub").read_text())
    authorized.chmod(0o600)
    user = pwd.getpwuid(os.getuid()).pw_name
    port = _free_port()
    config = tmp_path / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"PidFile {tmp_path / 'sshd.pid'}\nAuthorizedKeysFile {authorized}\n"
        "PubkeyAuthentication yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\nUsePAM no\nStrictModes no\nPrintMotd no\n"
        f"AllowUsers {user}\nSubsystem sftp internal-sftp\nLogLevel VERBOSE\n",
        encoding="utf-8",
    )
    if os.getuid() == 0:  # privilege separation needs its empty directory
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    log = tmp_path / "sshd.log"
    server = subprocess.Popen(
        [sshd_bin, "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=log.open("wb")
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            assert server.poll() is None, f"sshd did not start:\n{log.read_text()}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"sshd is not listening:\n{log.read_text()}"
                time.sleep(0.1)
        host_pub = (keys / "host.pub").read_text().split()
        known = tmp_path / "known_hosts"
        known.write_text(f"[127.0.0.1]:{port} {host_pub[0]} {host_pub[1]}\n")
        yield Server(port, user, keys / "user", known)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_ssh_session(tmp_path: Path, sshd: Server) -> None:
    ssh = _find("ssh")
    profiles = terminal_profiles(tmp_path / "profiles")
    home = tmp_path / "remote-home"
    home.mkdir()
    remote_env = {
        "CVTUI_CONFIG": str(home / "config.toml"),
        "CVTUI_STATE": str(home / "state.json"),
        "CVTUI_CACHE_DIR": str(home / "cache"),
        "LANG": "C.UTF-8",
    }
    remote = (
        "env "
        + " ".join(shlex.quote(f"{k}={v}") for k, v in remote_env.items())
        + f" {shlex.quote(str(CVTUI))} {shlex.quote(str(profiles))}"
    )
    argv = [
        ssh,
        "-tt",
        "-F",
        "/dev/null",
        "-i",
        str(sshd.user_key),
        "-p",
        str(sshd.port),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        f"UserKnownHostsFile={sshd.known_hosts}",
        "-o",
        "LogLevel=ERROR",
        f"{sshd.user}@127.0.0.1",
        remote,
    ]
    local_home = tmp_path / "local-home"
    local_home.mkdir()
    term = Tmux(tmp_path, 80, 24)
    try:
        term.start(
            argv,
            {
                "HOME": str(local_home),
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "TERM": "xterm-256color",
                "LANG": "C.UTF-8",
            },
            config="set -g set-clipboard on\n",
        )
        term.wait_for("Ada Tty", timeout=60)
        term.wait_for("Grace Pty")
        # navigate
        for key in ("j", "k", "j"):
            term.send(key)
            term.settle()
        term.wait_for("Pty Inst")
        # search: the papers view, filtered
        term.send("3")
        term.wait_for("Terminal study")
        term.send("/")
        term.settle()
        term.type("study 1-07")
        term.wait_for("1 of")
        term.send("Enter")
        term.settle()
        # copy: cvtui writes OSC 52 through the SSH connection; tmux keeps it as a buffer
        term.send("c")
        term.wait_for("Copied")
        buffer = ""
        deadline = time.monotonic() + 10
        while "Terminal study 1-07" not in buffer and time.monotonic() < deadline:
            buffer = term.run("show-buffer", check=False).stdout
            time.sleep(0.2)
        assert "Terminal study 1-07" in buffer, f"clipboard buffer: {buffer!r}"
        assert "Grace Pty" in buffer
        # quit: the SSH session ends with cvtui's exit status
        term.send("Escape")
        term.settle()
        term.send("q")
        assert term.wait_until_exit(timeout=30) == 0, term.screen(history=True)
    finally:
        term.kill()
