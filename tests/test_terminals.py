"""The installed ``cvtui`` in real terminals: tmux at several sizes, colour depths and resizes.

Each test starts the console script in a private tmux server, types like a person, reads the
screen with ``capture-pane``, and checks that the process is still alive after every step
and exits cleanly on ``q``. The bytes cvtui wrote are recorded too, to check that it uses
only the colours the terminal declared (16 colours for ``TERM=xterm``; greys for
``NO_COLOR=1``).

These tests fail (never skip) when tmux is missing: CI installs it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hostile.files import terminal_profiles as write_profiles
from hostile.terminal import CVTUI, isolated_env
from hostile.tmux import Tmux

TERMINALS: dict[str, dict[str, str]] = {
    "xterm-256color": {"TERM": "xterm-256color"},
    "xterm-16": {"TERM": "xterm"},
    "no-color": {"TERM": "xterm-256color", "NO_COLOR": "1"},
}
SIZES = [(80, 24), (60, 20), (40, 12), (28, 7)]
MIN_WIDTH, MIN_HEIGHT = 30, 8
"""Below 60×20 a reduced layout (one pane, no footer); below this, only a message."""
# The 256-colour palette's greys: the grey ramp and the r=g=b corners of the colour cube.
GREYS_256 = {16, 59, 102, 145, 188, 231, *range(232, 256)}


@pytest.fixture
def tmux(tmp_path: Path):  # type: ignore[no-untyped-def]
    sessions: list[Tmux] = []

    def start(cols: int, rows: int, **env: str) -> Tmux:
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        profiles = tmp_path / "profiles"
        if not profiles.exists():
            write_profiles(profiles)
        term = Tmux(tmp_path, cols, rows)
        sessions.append(term)
        term.start([str(CVTUI), str(profiles)], isolated_env(home, **env))
        return term

    yield start
    for term in sessions:
        term.kill()


def sgr_colours(raw: bytes) -> list[bytes]:
    """Every colour parameter in the SGR sequences of ``raw`` (``38;5;n``, ``31``, ...)."""
    found = []
    for match in re.finditer(rb"\x1b\[([0-9;:]*)m", raw):
        params = match.group(1).split(b";")
        i = 0
        while i < len(params):
            p = params[i]
            if p in (b"38", b"48") and i + 1 < len(params):
                width = 3 if params[i + 1] == b"5" else 5
                found.append(b";".join(params[i : i + width]))
                i += width
                continue
            if p and (30 <= int(p) <= 37 or 40 <= int(p) <= 47 or 90 <= int(p) <= 107):
                found.append(p)
            i += 1
    return found


def check_colours(terminal: str, raw: bytes) -> None:
    colours = sgr_colours(raw)
    assert colours, "no colours at all were written"
    if terminal == "xterm-16":
        deep = [c for c in colours if c.startswith((b"38;", b"48;"))]
        assert deep == [], f"256/true colours on a 16-colour terminal: {sorted(set(deep))[:5]}"
    elif terminal == "no-color":
        coloured = [
            c
            for c in colours
            if not (c.startswith((b"38;5;", b"48;5;")) and int(c.split(b";")[2]) in GREYS_256)
        ]
        assert coloured == [], f"colours despite NO_COLOR: {sorted(set(coloured))[:5]}"
    else:
        assert any(c.startswith((b"38;5;", b"48;5;")) for c in colours)


def walk_the_views(term: Tmux) -> None:
    """People, papers, timeline, filter, help and back, checking the screen and the process."""
    steps = [
        (["3"], "Terminal study"),
        (["2"], "Tmux U"),
        (["1"], "Grace Pty"),
        (["/"], None),
        (["text:Grace"], "Grace"),
        (["Escape"], "Ada Tty"),
        (["?"], "Keys"),
        (["Escape"], "Ada Tty"),
        (["j", "j", "k"], "Ada Tty"),
    ]
    for keys, expected in steps:
        for key in keys:
            if key.startswith("text:"):
                term.type(key[5:])
            else:
                term.send(key)
        screen = term.settle()
        assert term.alive(), f"cvtui died after {keys}; the screen:\n{screen}"
        if expected:
            term.wait_for(expected, timeout=10)


@pytest.mark.tmux
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("terminal", sorted(TERMINALS))
def test_in_a_real_terminal(tmux, terminal: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    cols, rows = size
    term = tmux(cols, rows, **TERMINALS[terminal])
    if cols < MIN_WIDTH or rows < MIN_HEIGHT:
        screen = term.wait_for("too small")
        assert f"{MIN_WIDTH}" in screen
        for key in ("3", "j", "2", "Escape"):
            term.send(key)
            screen = term.settle()
        assert "too small" in screen and term.alive()
    elif cols < 60 or rows < 20:  # reduced: the list alone, every key still works
        term.wait_for("Ada Tty")
        screen = term.wait_for("Grace Pty")
        assert all(len(line) <= cols for line in screen.splitlines())
        for key in ("3", "j", "l", "h", "2", "1"):
            term.send(key)
            screen = term.settle()
            assert term.alive() and "too small" not in screen
        term.wait_for("Ada Tty")
    else:
        term.wait_for("Ada Tty")
        screen = term.wait_for("Grace Pty")
        assert all(len(line) <= cols for line in screen.splitlines())
        walk_the_views(term)
    term.send("q")
    assert term.wait_until_exit() == 0, term.screen()
    check_colours(terminal, term.output())


@pytest.mark.tmux
def test_while_being_resized(tmux) -> None:  # type: ignore[no-untyped-def]
    term = tmux(80, 24)
    term.wait_for("Ada Tty")
    term.resize(28, 7)
    term.wait_for("too small")
    term.resize(120, 40)
    screen = term.wait_for("Ada Tty")
    assert "too small" not in screen
    term.send("3")
    term.wait_for("Terminal study")
    # A burst of resizes, as when a window is dragged, with keys typed in between.
    for i, (cols, rows) in enumerate(
        [
            (100, 30),
            (61, 20),
            (59, 19),
            (200, 50),
            (80, 24),
            (45, 15),
            (150, 45),
            (70, 22),
            (90, 28),
            (80, 24),
        ]
    ):
        term.resize(cols, rows)
        term.send("j" if i % 2 else "k")
    screen = term.settle()
    assert term.alive(), screen
    screen = term.wait_for("Terminal study")
    assert all(len(line) <= 80 for line in screen.splitlines())
    term.resize(60, 20)
    term.send("1")
    term.wait_for("Grace Pty")
    term.send("q")
    assert term.wait_until_exit() == 0


@pytest.mark.tmux
def test_dumb_terminal_gets_a_message(tmux) -> None:  # type: ignore[no-untyped-def]
    """``TERM=dumb`` cannot draw the browser: a clear message, not a broken screen."""
    term = tmux(80, 24, TERM="dumb")
    assert term.wait_until_exit() == 2
    screen = term.screen(history=True)
    assert "cannot draw the browser" in screen and "TERM='dumb'" in screen
    assert b"\x1b" not in term.output()


@pytest.mark.parametrize("stdin_tty", [True, False], ids=["stdout-piped", "both-piped"])
def test_no_terminal_gets_a_message(tmp_path: Path, stdin_tty: bool) -> None:
    """Without a terminal on stdout (a pipe, cron, CI) and no subcommand: a message and
    exit code 2, instead of escape sequences written into a file."""
    import subprocess

    from hostile.terminal import PtyProcess

    home = tmp_path / "home"
    home.mkdir()
    profiles = write_profiles(tmp_path / "profiles")
    env = isolated_env(home)
    if stdin_tty:  # stdin and stderr on a terminal, stdout into a pipe
        term = PtyProcess(["sh", "-c", f"{CVTUI} {profiles} | cat > {tmp_path / 'out'}"], env)
        assert term.wait(timeout=30) == 0
        term.close()
        stdout, stderr = (tmp_path / "out").read_bytes(), term.output
    else:
        result = subprocess.run(
            [str(CVTUI), str(profiles)],
            capture_output=True,
            env=env,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 2
        stdout, stderr = result.stdout, result.stderr
    assert stdout == b""
    assert b"needs a terminal" in stderr
    assert b"\x1b" not in stderr
