"""The config file: a bad key or keymap entry drops only itself, with a warning naming it."""

from __future__ import annotations

from pathlib import Path

from cvtui.config import load_config
from cvtui.core.text import has_unsafe


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_control_character_in_a_key_drops_only_that_key(tmp_path: Path) -> None:
    config, problems = load_config(
        write(
            tmp_path,
            '"bad\\u0007key\\u001b]0;T\\u0007" = 1\nprofiles = ["~/lab"]\ntheme = "nord"\n'
            "cache = false\n",
        )
    )
    assert config.profiles == ("~/lab",)
    assert config.theme == "nord"
    assert config.cache is False
    (problem,) = problems
    assert problem.severity == "warning"
    assert "bad␇key␛]0;T␇" in problem.message and "unknown setting" in problem.message
    assert not has_unsafe(str(problem))


def test_a_bad_keymap_entry_drops_only_itself(tmp_path: Path) -> None:
    config, problems = load_config(
        write(
            tmp_path,
            'theme = "nord"\n[keymap]\n"app.help" = "\\u001b[2J"\n"app.quit" = "x, ctrl+q"\n'
            '"papers.sort_year" = 5\n"bad\\nid" = "y"\n"app.search" = "a b"\n',
        )
    )
    assert config.keymap == {"app.quit": "x,ctrl+q"}
    assert config.theme == "nord"
    fields = sorted(p.field for p in problems)
    assert fields == [
        "keymap.app.help",
        "keymap.app.search",
        "keymap.bad␊id",
        "keymap.papers.sort_year",
    ]
    assert all(p.severity == "warning" for p in problems)
    assert all(not has_unsafe(str(p)) and "\n" not in str(p) for p in problems)
    help_problem = next(p for p in problems if p.field == "keymap.app.help")
    assert "␛[2J" in help_problem.message and help_problem.line == 3  # its own line


def test_a_byte_that_is_not_utf8_costs_only_its_setting(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'profiles = ["~/lab"]\n"caf\xe9" = 1\ncache = false\n')
    config, problems = load_config(path)
    assert config.profiles == ("~/lab",) and config.cache is False
    assert [(p.line, p.severity) for p in problems] == [(2, "warning"), (2, "warning")]
    assert "not UTF-8" in problems[0].message and "unknown setting" in problems[1].message


def test_a_typo_is_named_with_a_suggestion(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'profile = ["x"]\ntheme = "nord"\n'))
    assert config.theme == "nord" and config.profiles == ()
    (problem,) = problems
    assert "`profile`" in problem.message and "did you mean `profiles`" in problem.message
    assert problem.line == 1


def test_a_config_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(load_config(fifo)), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # stuck waiting for a writer: let it go, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        raise AssertionError("reading the config blocked on a FIFO")
    config, problems = found[0]  # type: ignore[misc]
    assert config.theme == "" and "cannot read config" in problems[0].message
