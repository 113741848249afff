"""File names are untrusted too: they never run code, never crash a command, never forge a line.

A file name can look like an editor option (``-c!id>PWNED.toml``), hold bytes that are not
UTF-8 (``caf\\xe9.toml``), control characters or newlines. Each case is run as a user would:
the installed ``cvtui`` in a temporary home (HOME and the XDG directories pointed there), or
the app under Pilot with a fake editor that records what it was given.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.editor import editor_command
from cvtui.views.people import PeopleView
from hostile.terminal import isolated_env
from settling import settle, wait_until

CVTUI = Path(sys.executable).parent / "cvtui"
OPTION_NAME = "-c!id>PWNED.toml"
LATIN1 = os.fsdecode(b"caf\xe9.toml")  # not UTF-8: Python holds it surrogate-escaped


def run_cvtui(args: list[str], home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CVTUI), *args],
        capture_output=True,
        timeout=120,
        env=isolated_env(home),
        cwd=cwd,
    )


def fake_vi(directory: Path, record: Path) -> Path:
    """A ``vi`` that only records its arguments (as bytes: a name need not be UTF-8)."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "vi"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import os, sys
            with open({str(record)!r}, "ab") as out:
                out.write(b"\\0".join(os.fsencode(a) for a in sys.argv[1:]) + b"\\n")
            """
        ),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


@pytest.fixture
def vi_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$VISUAL and $EDITOR unset, and a recording ``vi`` first on the PATH; its record."""
    record = tmp_path / "args"
    bin_dir = tmp_path / "bin"
    fake_vi(bin_dir, record)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


def recorded(record: Path) -> list[list[str]]:
    return [
        [os.fsdecode(arg) for arg in line.split(b"\0")] for line in record.read_bytes().splitlines()
    ]


def make_app(paths: list[str]) -> CvtuiApp:
    app = CvtuiApp(paths=paths, no_cache=True, config=Config(animation=False, cache=False))
    app.reloading.interval = 0.1
    return app


async def loaded(app: CvtuiApp, pilot: Any) -> None:
    await wait_until(pilot, lambda: app.library is not None and bool(app.query(PeopleView)))


def names(app: CvtuiApp) -> list[str]:
    assert app.library is not None
    return sorted(p.name for p in app.library.people)


# --- a file name that looks like an option --------------------------------------------------------


def test_the_editor_gets_an_absolute_path_never_an_option(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    fake_vi(bin_dir, tmp_path / "args")
    argv = editor_command(OPTION_NAME, 0, {"PATH": str(bin_dir)})
    assert argv[0] == "vi"
    assert argv[-1] == os.path.abspath(OPTION_NAME)
    assert not any(arg.startswith(("-", "+")) for arg in argv[1:])
    argv = editor_command(f"+5{OPTION_NAME}", 7, {"PATH": str(bin_dir)})
    assert argv[1:] == ["+7", os.path.abspath(f"+5{OPTION_NAME}")]


@pytest.mark.parametrize("view", ["people", "problems"])
async def test_e_on_a_profile_named_like_an_option_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, view: str, vi_record: Path
) -> None:
    """``cvtui .`` in a directory holding ``-c!id>PWNED.toml``, then ``e`` with $EDITOR unset:
    vi gets the file's absolute path, so it cannot read ``-c!id…`` as a command."""
    profiles = tmp_path / "d"
    profiles.mkdir()
    (profiles / OPTION_NAME).write_text('name = "Aaron Vim"\nheadline = 3\n', encoding="utf-8")
    record = vi_record
    monkeypatch.chdir(profiles)
    app = make_app(["."])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert names(app) == ["Aaron Vim"]
        if view == "problems":
            await pilot.press("5")
            await settle(pilot)
            assert app.view == "problems"
        await pilot.press("e")
        await wait_until(pilot, record.exists)
    (args,) = recorded(record)
    assert args[-1] == str(profiles / OPTION_NAME)
    assert not any(arg.startswith("-") for arg in args)
    assert not (profiles / "PWNED.toml").exists()


# --- names that are not UTF-8 ---------------------------------------------------------------------


@pytest.mark.parametrize("cache", [True, False])
def test_a_non_utf8_file_name_loads_in_every_command(tmp_path: Path, cache: bool) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    (profiles / LATIN1).write_text('name = "Latin"\nheadline = "Accents"\n', encoding="utf-8")
    (profiles / "ok.toml").write_text('name = "Okay"\n', encoding="utf-8")
    home = tmp_path / "home"
    extra = [] if cache else ["--no-cache"]
    for _ in range(2):  # cold, then warm from the cache
        result = run_cvtui(["validate", str(profiles), *extra], home)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout.decode() == "2 profiles, 0 papers: no problems\n"
        result = run_cvtui(["search", "Latin", str(profiles), *extra], home)
        assert result.returncode == 0, result.stderr.decode()
        assert "Latin" in result.stdout.decode()
        result = run_cvtui(["export", "json", str(profiles), *extra], home)
        assert result.returncode == 0, result.stderr.decode()
        assert '"id": "caf\\\\xe9"' in result.stdout.decode()
        assert b"\xe9" not in result.stdout and b"Traceback" not in result.stderr


def test_a_non_utf8_name_is_shown_escaped_and_its_problems_name_it(tmp_path: Path) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    (profiles / LATIN1).write_text('name = "Latin"\nheadline = 3\n', encoding="utf-8")
    result = run_cvtui(["validate", str(profiles)], tmp_path / "home")
    assert result.returncode == 1
    assert result.stdout.decode().startswith(f"{profiles}/caf\\xe9.toml:2:")


async def test_non_utf8_names_load_in_the_app_and_live_reload_sees_them(
    tmp_path: Path, vi_record: Path
) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    (profiles / LATIN1).write_text('name = "Latin"\n', encoding="utf-8")
    added = profiles / os.fsdecode(b"\xff\xfe-new.toml")
    record = vi_record
    app = make_app([str(profiles)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert names(app) == ["Latin"]
        card = app.query_one(PeopleView).detail.plain_text
        assert "caf\\xe9" in card and "\udce9" not in card
        added.write_text('name = "Added Later"\n', encoding="utf-8")
        await wait_until(pilot, lambda: names(app) == ["Added Later", "Latin"])
        added.write_text('name = "Edited Later"\n', encoding="utf-8")
        await wait_until(pilot, lambda: names(app) == ["Edited Later", "Latin"])
        view = app.query_one(PeopleView)
        edited = next(p for p in app.library.people if p.name == "Edited Later")
        assert edited.id == "\\xff\\xfe-new"
        view.show_person(edited.id)
        await settle(pilot)
        await pilot.press("e")  # the editor gets the file's real name, not the one shown
        await wait_until(pilot, record.exists)
        added.unlink()
        await wait_until(pilot, lambda: names(app) == ["Latin"])
    (args,) = recorded(record)
    assert args[-1] == str(added)


# --- control characters in names, while the app runs ----------------------------------------------


async def test_live_reload_sees_files_whose_names_hold_control_characters(tmp_path: Path) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    (profiles / "plain.toml").write_text('name = "Plain"\n', encoding="utf-8")
    odd = profiles / "ctl\x01\x1b[2Jname\x7f.toml"
    app = make_app([str(profiles)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        odd.write_text('name = "Controlled"\n', encoding="utf-8")  # created
        await wait_until(pilot, lambda: names(app) == ["Controlled", "Plain"])
        source = app.library.source_of("ctl␁␛[2Jname␡")
        assert source == str(profiles / "ctl␁␛[2Jname␡.toml")
        odd.write_text('name = "Controlled Again"\n', encoding="utf-8")  # edited
        await wait_until(pilot, lambda: names(app) == ["Controlled Again", "Plain"])
        odd.write_text('name = "Broken"\nheadline = 3\n', encoding="utf-8")  # a problem
        await wait_until(pilot, lambda: bool(app.library.problems))
        assert app.library.problems[0].path == source
        odd.unlink()  # deleted
        await wait_until(pilot, lambda: names(app) == ["Plain"] and not app.library.problems)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "\x1b" not in messages and "ctl␁␛[2Jname␡.toml" in messages


# --- a newline in a name cannot forge a line of `cvtui validate` ----------------------------------


def test_a_newline_in_a_name_or_key_cannot_forge_a_validate_line(tmp_path: Path) -> None:
    profiles = tmp_path / "d"
    profiles.mkdir()
    forged = "fake.toml:1:1: error injected"
    (profiles / f"x\n{forged}\n.toml").write_text('name = "N"\nheadline = 3\n', "utf-8")
    (profiles / "keys.toml").write_text(
        'name = "K"\n"a\\nfake.toml:2:2: key injected" = 1\nb\t= 2\n', encoding="utf-8"
    )
    result = run_cvtui(["validate", str(profiles)], tmp_path / "home")
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1
    assert len(lines) == 4, lines  # three problems, one line each, and the summary
    assert all(line.startswith(str(profiles)) for line in lines[:-1]), lines
    assert not any(line.startswith("fake.toml") for line in lines)
    assert any(line.startswith(str(profiles / f"x␊{forged}␊.toml:2:")) for line in lines)
    assert any("a␊fake.toml:2:2: key injected" in line for line in lines)
