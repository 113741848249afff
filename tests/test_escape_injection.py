"""No escape sequence from a profile ever reaches the terminal: proved on a real pty.

Profiles full of distinctive payloads (OSC 52 clipboard writes, OSC 0/2 titles, OSC 8 links,
cursor-position requests, screen clears, C1 controls, DEL, bidi overrides; see
:mod:`hostile.payloads`) are opened by the installed ``cvtui``; every byte it writes is
recorded. The stream must not contain any payload sequence, and it must contain each
payload's visible placeholder form, so a test cannot pass by simply not showing the text.

Escapes cvtui's own machinery writes (and which are fine): SGR colours ``ESC[…m``, cursor
moves ``ESC[r;cH``, private modes ``ESC[?…h/l`` (1049 alternate screen, 25 cursor, 7 autowrap,
1000/1003/1006/1015 mouse, 1004 focus, 2004 bracketed paste), the mode queries
``ESC[?2026$p`` (synchronised output) and ``ESC[?2048$p`` (in-band resize), the kitty keyboard
protocol ``ESC[>25u``/``ESC[<u``, the pointer shape ``ESC]22;default BEL`` and, when the user
copies, one OSC 52 carrying what was copied.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from hostile.payloads import (
    PAYLOADS,
    hostile_profile,
    leaks,
    q,
    visible_text,
)
from hostile.terminal import CVTUI, PtyProcess, isolated_env, run_on_pty

FILE_TITLE = "\x1b]0;PWNED-FILE\x07"
FILE_NAME = f"mallory{FILE_TITLE}.toml"
KEY_PAYLOAD = "key\x1b]2;PWNED-KEY\x07"


def all_leaks(raw: bytes) -> list[str]:
    found = leaks(raw)
    for forbidden in (b"\x1b]0;PWNED-FILE", b"\x1b]2;PWNED-KEY"):
        if forbidden in raw:
            found.append(repr(forbidden))
    return found


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "eve.toml").write_text(hostile_profile(), encoding="utf-8")
    # A problem whose key and a file whose name carry payloads too.
    (profiles / "broken.toml").write_text(
        f'name = "Broken Bob"\n{q(KEY_PAYLOAD)} = 1\nheadline = 3\n', encoding="utf-8"
    )
    (profiles / FILE_NAME).write_text('name = "File Named"\nheadline = 4\n', encoding="utf-8")
    return profiles


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return isolated_env(home)


# --- the command line, with a terminal as stdout ------------------------------------------


def test_validate_on_a_terminal(hostile_dir: Path, env: dict[str, str]) -> None:
    code, raw = run_on_pty([str(CVTUI), "validate", str(hostile_dir)], env)
    assert code == 1
    assert all_leaks(raw) == []
    text = visible_text(raw)
    assert "mallory␛]0;PWNED-FILE␇.toml" in text
    assert "key␛]2;PWNED-KEY␇" in text
    assert "control or bidirectional characters replaced" in text
    assert "profiles" in text.splitlines()[-1]


def test_search_on_a_terminal(hostile_dir: Path, env: dict[str, str]) -> None:
    code, raw = run_on_pty(
        [str(CVTUI), "search", "Mallory", str(hostile_dir), "--limit", "50"], env
    )
    assert code == 0, raw
    assert all_leaks(raw) == []
    text = visible_text(raw)
    for payload in PAYLOADS:
        assert payload.visible in text, payload.name


def test_search_json_on_a_terminal(hostile_dir: Path, env: dict[str, str]) -> None:
    code, raw = run_on_pty(
        [str(CVTUI), "search", "Mallory", str(hostile_dir), "--limit", "50", "--json"], env
    )
    assert code == 0
    assert all_leaks(raw) == []
    hits = json.loads(raw.decode("utf-8").replace("\r\n", "\n"))
    titles = "\n".join(hit["title"] for hit in hits)
    for payload in PAYLOADS:
        assert payload.visible in titles, payload.name


def test_export_json_on_a_terminal(hostile_dir: Path, env: dict[str, str]) -> None:
    code, raw = run_on_pty([str(CVTUI), "export", "json", str(hostile_dir)], env)
    assert code == 0
    assert all_leaks(raw) == []
    data = json.loads(raw.decode("utf-8").replace("\r\n", "\n"))
    titles = "\n".join(p["title"] for person in data["people"] for p in person.get("papers", []))
    for payload in PAYLOADS:
        assert payload.visible in titles, payload.name


def test_export_bibtex_on_a_terminal(hostile_dir: Path, env: dict[str, str]) -> None:
    code, raw = run_on_pty([str(CVTUI), "export", "bibtex", str(hostile_dir)], env)
    assert code == 0, raw
    assert all_leaks(raw) == []
    text = visible_text(raw)
    assert "PWNED-TITLE" in text and "@" in text


# --- the browser ------------------------------------------------------------------------


def browse_everything(term: PtyProcess, papers: int = len(PAYLOADS) + 1) -> None:
    """Visit every view, the paper details, help, search, the palette and a notification."""
    assert term.wait_for("Eve", timeout=30), visible_text(term.output)[-2000:]
    term.settle()
    steps: list[tuple[list[str], str | None]] = [
        (["1", "down", "down", "up"], None),  # people: every card (id, source file)
        (["2", *["down"] * 6], None),  # timeline: events
        (["3", *["down"] * papers], None),  # papers: every detail
        (["5", "down", "down"], None),  # problems
        (["4", *["]", "down", "right"] * 8], None),  # insights: every figure, names and venues
        (["v", *["]", "down"] * 8, "v"], None),  # … and every figure's table
        (["?"], "Keys"),  # help
        (["escape"], None),
        (["3", "/", "PWNED", "escape"], None),  # the papers filter, with highlights
        (["ctrl+p"], "Search for commands"),
        (["Search everything"], None),
        (["enter"], "search people, papers, events"),  # the search screen
        (["Mallory", "down", "down", "escape"], None),
        (["ctrl+p"], "Search for commands"),
        (["PWNED"], "open this paper"),  # command palette hits
        (["escape"], None),
        (["3", "c"], "Copied"),  # copy a hostile citation: a notification and an OSC 52
        (["1", "c"], None),
    ]
    for keys, expect in steps:
        term.press(*keys, expect=expect)
    term.send("q")


def test_browser_writes_no_payload(hostile_dir: Path, env: dict[str, str]) -> None:
    term = PtyProcess([str(CVTUI), str(hostile_dir)], env, cols=200, rows=60)
    try:
        browse_everything(term)
        assert term.wait(timeout=20) == 0
    finally:
        term.close()
    raw = term.output
    assert all_leaks(raw) == []
    text = visible_text(raw)
    missing = [p.name for p in PAYLOADS if p.visible not in text]
    assert missing == [], "payloads never shown (as placeholders)"
    assert "mallory␛]0;PWNED-FILE␇" in text  # the file name, in the problems view
    assert "key␛]2;PWNED-KEY␇" in text
    copied = [base64.b64decode(m) for m in re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]+)\x07", raw)]
    assert copied, "copying must write an OSC 52"
    for data in copied:
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data), data
        assert "\x9b" not in data.decode("utf-8") and "\u202e" not in data.decode("utf-8")


def test_browser_small_terminal_writes_no_payload(hostile_dir: Path, env: dict[str, str]) -> None:
    """At 80x24 text is cut with an ellipsis: cutting must not split a placeholder back
    into raw bytes, and nothing leaks from the narrower layouts."""
    term = PtyProcess([str(CVTUI), str(hostile_dir)], env, cols=80, rows=24)
    try:
        browse_everything(term, papers=4)
        assert term.wait(timeout=20) == 0
    finally:
        term.close()
    assert all_leaks(term.output) == []
    assert "␛" in visible_text(term.output)
