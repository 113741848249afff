"""A real terminal: tmux runs the installed ``cvtui`` at 80×24 and a person's walk through it.

people → timeline → papers → help → quit, reading the screen with ``capture-pane`` after each
step. Without tmux this test fails (CI installs it): a skipped terminal test proves nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
pytestmark = pytest.mark.tmux


def cvtui_command() -> str:
    beside = Path(sys.executable).parent / "cvtui"
    if beside.exists():
        return str(beside)
    found = shutil.which("cvtui")
    if found is None:
        pytest.fail("the cvtui command is not installed (pip install -e .)")
    return found


class Terminal:
    """A private tmux server with one 80×24 window."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "walk")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "walk", *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def launch(profiles: Path) -> Terminal:
    """cvtui on ``profiles`` in a new private tmux server, 80×24."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed; this test needs a real terminal (apt-get install tmux)")
    term = Terminal(f"cvtui-test-{os.getpid()}-{time.monotonic_ns()}")  # a server of its own
    env = {
        "TERM": "xterm-256color",
        "CVTUI_CONFIG": os.environ["CVTUI_CONFIG"],
        "CVTUI_STATE": os.environ["CVTUI_STATE"],
        "CVTUI_CACHE_DIR": os.environ["CVTUI_CACHE_DIR"],
    }
    command = ["env", *(f"{k}={v}" for k, v in env.items()), cvtui_command(), str(profiles)]
    term.tmux(
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "24",
        "-s",
        "walk",
        "sh",
        "-c",
        '"$@"; echo "[cvtui exited with $?]"; sleep 30',
        "sh",
        *command,
    )
    return term


@pytest.fixture
def terminal(isolated_user_files: Path) -> Iterator[Terminal]:
    term = launch(PROFILES)
    try:
        yield term
    finally:
        term.tmux("kill-server")


def test_walk_people_timeline_papers_help_quit(terminal: Terminal) -> None:
    terminal.wait_for("Mickel Liu")
    screen = terminal.wait_for("3 people")  # the header's counts may land a frame later
    lines = screen.splitlines()
    assert "1 People" in lines[0] and "3 people" in lines[0]
    assert "Junwu Xiong" in screen and "Tianhao Wu" in screen

    terminal.send("j")
    screen = terminal.wait_for("Ph.D. student in Computer Science")
    assert "homepage" in screen or "Links" in screen

    terminal.send("2")
    screen = terminal.wait_for("Dates")
    assert "Kind" in screen and "Title" in screen

    terminal.send("3")
    screen = terminal.wait_for("All papers")
    assert "Title" in screen and "Venue" in screen

    terminal.send("?")
    # The dialog's title is drawn a frame before its rows: wait for a row, not the title.
    screen = terminal.wait_for("Sort by year")
    assert "Keys — Papers" in screen and "papers.sort_year" in screen

    terminal.send("Escape")
    terminal.wait_for("All papers")
    terminal.send("q")
    screen = terminal.wait_for("[cvtui exited with 0]")


INSIGHTS_LAB = Path(__file__).resolve().parent / "fixtures" / "insights"


def test_walk_insights_scope_bar_to_papers_and_back(isolated_user_files: Path) -> None:
    """4, the current person's scope, enter on their latest year: Papers shows exactly
    those works; 4 comes back to Insights with the scope kept."""
    term = launch(INSIGHTS_LAB)
    try:
        term.wait_for("5 people", timeout=40)
        term.send("4")
        screen = term.wait_for("Scope: the whole library · 9 works")
        assert "4 Insights" in screen.splitlines()[0]
        assert "2023" in screen and "◆3" in screen

        term.send("s")
        screen = term.wait_for("Scope: Ada Lovelace · 7 works")
        assert "Ada Lovelace, 2023: 3 works" in screen  # the cursor's bar, in words

        term.send("Enter")
        screen = term.wait_for("Ada Lovelace, 2023 3")
        for title in ("Scaling Laws", "Workshop Notes", "Planning with"):  # cut at 80 columns
            assert title in screen
        for other in ("Safe Agents", "A Survey", "Tiny Models", "Reward Models"):
            assert other not in screen

        term.send("4")
        screen = term.wait_for("Scope: Ada Lovelace · 7 works")
        assert "Ada Lovelace, 2023: 3 works" in screen
        term.send("q")
        term.wait_for("[cvtui exited with 0]")
    finally:
        term.tmux("kill-server")


def test_search_everything_says_why_each_hit_matched(terminal: Terminal) -> None:
    """ctrl+f ``peking 2017`` at 80×24: who, where and when of each event, and what matched
    where the title does not show it (a collaborator of a position, too)."""
    terminal.wait_for("3 people")
    terminal.send("C-f")
    terminal.wait_for("Search everything")
    terminal.send("-l", "peking frontier")
    screen = terminal.wait_for("with: Peking")
    row = next(line for line in screen.splitlines() if "with: Peking" in line)
    assert "Research Leader" in row and "Junwu" in row
    terminal.send("Escape")
    time.sleep(0.5)  # an escape then a key at once would read as alt+q
    terminal.wait_for("Mickel Liu")
    terminal.send("q")
    terminal.wait_for("[cvtui exited with 0]")
