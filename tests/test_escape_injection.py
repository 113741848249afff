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
        (["enter"], "people, papers, events · author:"),  # the search screen
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


# --- escapes from around the profiles: imports, themes, keymaps, the cache ---------------------


def test_import_bibtex_output_keeps_field_names_harmless(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """An imported field name such as ``x ESC]0;TITLE ESC\\ y`` is reported ("no place in a
    profile"), as text: the terminal's title is never set."""
    bib = tmp_path / "evil.bib"
    bib.write_bytes(
        b"@article{k1,\n  title = {A title},\n  x\x1b]0;PWNED-BIB\x1b\\y = {v},\n  year = 2020\n}\n"
    )
    prof = tmp_path / "prof"
    prof.mkdir()
    base = [str(CVTUI), "import", "bibtex", str(bib), "--person", "ada", "--name", "Ada"]
    for extra in (["--dry-run"], []):
        code, raw = run_on_pty([*base, "--dir", str(prof), *extra], env)
        assert code == 0, raw
        assert b"\x1b" not in raw  # plain text: no escape sequence at all
        assert "x␛]0;pwned-bib␛\\y (1)" in visible_text(raw)


def watch_app(argv: list[str], env: dict[str, str], *expected: str, quit_key: str = "q") -> bytes:
    """Run the app on a pty until each of ``expected`` has been drawn, quit it; its bytes."""
    term = PtyProcess(argv, env, cols=160, rows=40)
    try:
        for text in expected:
            assert term.wait_for(text, timeout=30), f"{text!r} never drawn"
        term.settle()
        term.send(quit_key)
        assert term.wait(timeout=20) == 0
    finally:
        term.close()
    return term.output


def one_profile(directory: Path, name: str) -> Path:
    directory.mkdir()
    (directory / "a.toml").write_text(f'name = "{name}"\n', encoding="utf-8")
    return directory


def test_a_theme_file_name_reaches_the_screen_as_text(tmp_path: Path, env: dict[str, str]) -> None:
    themes = Path(env["CVTUI_CONFIG"]).parent / "themes"
    themes.mkdir(parents=True)
    (themes / "evil\x1b]0;PWNED-THEME\x07\x1b[2J.toml").write_text("name = 3\n", "utf-8")
    profiles = one_profile(tmp_path / "p", "Ada Theme")
    raw = watch_app([str(CVTUI), str(profiles)], env, "Ada Theme", "evil␛]0;PWNED-THEME␇␛[2J.toml")
    assert b"\x1b]0;PWNED-THEME" not in raw
    assert b"PWNED-THEME\x07\x1b[2J" not in raw
    assert all_leaks(raw) == []


def test_a_keymap_value_is_never_written_to_the_terminal(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """``"app.help" = "\\u001b]0;…"`` is dropped with a warning (the footer would draw it every
    frame); the other entries still apply: ``x`` quits."""
    Path(env["CVTUI_CONFIG"]).write_text(
        'animation = false\n[keymap]\n"app.help" = "\\u001b]0;PWNED-KEYMAP\\u0007"\n'
        '"app.quit" = "x"\n',
        encoding="utf-8",
    )
    profiles = one_profile(tmp_path / "p", "Ada Keys")
    # the warning is drawn as text; x, remapped by the entry that was kept, quits
    raw = watch_app([str(CVTUI), str(profiles)], env, "Ada Keys", "␛]0;PWNED-KEYMAP␇", quit_key="x")
    assert b"\x1b]0;PWNED-KEYMAP" not in raw
    assert all_leaks(raw) == []


def forge_cache_record(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite the cache with ``old`` replaced by ``new`` in its records, checksums made
    anew: what someone able to write the cache directory could do."""
    from cvtui.core import cache_file

    reader = cache_file.CacheReader.open(path)
    assert reader is not None
    records = [(entry, reader.read(entry)) for entry in reader.entries.values()]
    reader.close()
    writer = cache_file.CacheWriter.create(path)
    assert writer is not None
    replaced = 0
    for entry, data in records:
        assert data is not None
        replaced += data.count(old)
        writer.add(entry, data.replace(old, new))
    writer.commit()
    assert replaced


def test_a_forged_cache_record_never_reaches_the_terminal(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """A record edited in the cache with a valid checksum gets past loading: what it holds
    still reaches the terminal only as text, from the CLI and from the app."""
    import os

    profiles = tmp_path / "p"
    profiles.mkdir()
    victim = "Cache Victim Name"  # 17 characters, as long as the payload below
    payload = b"\x1b]0;PWNED-CACHE!\x07"
    assert len(payload) == len(victim)
    path = profiles / "victim.toml"
    path.write_text(f'name = "{victim}"\n', encoding="utf-8")
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    assert run_on_pty([str(CVTUI), "validate", str(profiles)], env)[0] == 0  # writes the cache
    (cache_path,) = Path(env["CVTUI_CACHE_DIR"]).glob("profiles-*.bin")
    forge_cache_record(cache_path, victim.encode(), payload)
    code, raw = run_on_pty([str(CVTUI), "search", "PWNED", str(profiles)], env)
    assert code == 0
    assert b"\x1b]0;PWNED-CACHE" not in raw and "␛]0;PWNED-CACHE!␇" in visible_text(raw)
    raw = watch_app([str(CVTUI), str(profiles)], env, "]0;PWNED-CACHE")  # shown, without ESC
    assert b"\x1b]0;PWNED-CACHE" not in raw


_RAW_APP = r"""
import sys
from textual.app import App as App_

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.model import Library, Paper, Person

RAW = "\x1b]0;PWNED-RAW\x07\x1b[2J\x9b31m\u202eBIDI\x7f"
paper = Paper(title="Title " + RAW, authors=("Author " + RAW,), venue="Venue " + RAW, year=2020)
person = Person(name="Raw " + RAW, id="raw", headline="Head " + RAW, papers=(paper,))
library = Library([person], [], ["raw.toml"])  # built here: never sanitised by the loader


class App(CvtuiApp):
    def on_ready(self) -> None:
        # Textual's own notify: not the app's, which sanitises what it is given
        self.set_timer(0.5, lambda: App_.notify(self, "Note " + RAW, title="T " + RAW))


App(library, config=Config(animation=False)).run()
"""


def test_the_output_guard_drops_controls_that_got_past_every_other_check(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """Text that never went through the loader (a Library built in memory) reaches the
    terminal without one of its control characters: the last line of defence, at output."""
    import sys

    script = tmp_path / "raw_app.py"
    script.write_text(_RAW_APP, encoding="utf-8")
    term = PtyProcess([sys.executable, str(script)], env, cols=160, rows=40)
    try:
        assert term.wait_for("Raw ]0;PWNED-RAW", timeout=30)
        assert term.wait_for("Note ]0;PWNED-RAW", timeout=15)  # the notification
        term.press("3", expect="Title ]0;PWNED-RAW")
        term.send("q")
        assert term.wait(timeout=20) == 0
    finally:
        term.close()
    raw = term.output
    assert b"\x1b]0;PWNED-RAW" not in raw
    assert b"PWNED-RAW\x07" not in raw and b"\x07\x1b[2J" not in raw
    for forbidden in ("\x9b".encode(), "\u202e".encode(), b"\x7f"):
        assert forbidden not in raw
