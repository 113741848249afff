"""Browsing never writes to profile files, and cvtui writes only where it says it does.

A full session in a real terminal (every view, filters, the search screen, the palette, a
theme change, copying, opening a link) and every read-only command run against a profile
directory. Before and after, every file's content hash, size, mode, mtime and ctime are
recorded: profiles must be untouched (not even rewritten with the same bytes), and no file
may appear anywhere except in cvtui's own state and cache directories.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from hostile.payloads import hostile_profile
from hostile.terminal import CVTUI, PtyProcess, isolated_env, run_on_pty

Snapshot = dict[str, tuple[str, int, int, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every file under ``root``: (sha256, size, mode, mtime_ns, ctime_ns)."""
    out: Snapshot = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            st = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "link"
            out[str(path.relative_to(root))] = (
                digest,
                st.st_size,
                st.st_mode,
                st.st_mtime_ns,
                st.st_ctime_ns,
            )
    return out


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    repo_profiles = Path(__file__).parents[1] / "profiles"
    for source in sorted(repo_profiles.glob("*.toml")):
        (profiles / source.name).write_bytes(source.read_bytes())
    (profiles / "hostile.toml").write_text(hostile_profile(), encoding="utf-8")
    (profiles / "broken.toml").write_text('name = "Broken"\nheadline = 1\n', encoding="utf-8")
    (profiles / "nested").mkdir()
    (profiles / "nested" / "inner.toml").write_text('name = "Inner"\n', encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("animation = false\n", encoding="utf-8")
    return profiles, home, isolated_env(home)


def assert_untouched(before: Snapshot, after: Snapshot, what: str) -> None:
    changed = sorted(k for k in before if k in after and before[k] != after[k])
    removed = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    assert (changed, removed, added) == ([], [], []), f"{what}: changed, removed, added"


def test_a_full_session_writes_no_profile(workspace: tuple[Path, Path, dict[str, str]]) -> None:
    profiles, home, env = workspace
    before = snapshot(profiles)
    home_before = snapshot(home)
    term = PtyProcess([str(CVTUI), str(profiles)], env, cols=100, rows=30)
    try:
        assert term.wait_for("Mickel Liu", timeout=60), term.output[-2000:]
        term.settle()
        steps: list[tuple[list[str], str | None]] = [
            (["down", "down", "enter", "escape"], None),
            (["2", "down", "down", "enter"], None),
            (["3", "down", "/", "safe", "enter", "c", "o", "escape"], None),
            (["5", "down"], None),
            (["4", "]", "]", "down", "enter"], None),
            (["ctrl+p"], "Search for commands"),
            (["Search everything"], None),
            (["enter"], "people, papers, events · author:"),
            (["self-play", "down", "enter"], None),
            (["?"], "Keys"),
            (["escape"], None),
            (["t"], "dark"),  # the theme picker: the choice is remembered in the state file
            (["down", "enter"], None),
            (["1", "c"], None),
        ]
        for keys, expect in steps:
            term.press(*keys, expect=expect)
        term.send("q")
        assert term.wait(timeout=30) == 0
    finally:
        term.close()
    assert_untouched(before, snapshot(profiles), "profiles after a session")
    home_after = snapshot(home)
    written = sorted(set(home_after) - set(home_before))
    assert "state.json" in written, "the theme change was remembered (a write happened)"
    allowed = ("state.json", "cache/")
    assert [w for w in written if not w.startswith(allowed)] == []
    assert home_after["config.toml"] == home_before["config.toml"], "the user's config is read-only"


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["search", "safe"],
        ["search", "self-play", "--json"],
        ["export", "json"],
        ["export", "bibtex"],
        ["validate", "--no-cache"],
    ],
    ids=lambda c: "-".join(c),
)
def test_commands_write_no_profile(
    workspace: tuple[Path, Path, dict[str, str]], command: list[str]
) -> None:
    profiles, home, env = workspace
    before = snapshot(profiles)
    home_before = snapshot(home)
    code, _ = run_on_pty([str(CVTUI), *command, str(profiles)], env)
    assert code in (0, 1)
    assert_untouched(before, snapshot(profiles), f"profiles after cvtui {' '.join(command)}")
    written = sorted(set(snapshot(home)) - set(home_before))
    assert [w for w in written if not w.startswith("cache/")] == []
