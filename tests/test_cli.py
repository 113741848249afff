"""The command line surface that scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cvtui import __version__
from cvtui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "loading"
PROFILES = Path(__file__).parents[1] / "profiles"
CVTUI = Path(sys.executable).parent / "cvtui"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(FIXTURES / "valid.toml")], capsys)
    assert code == 0
    assert out.strip() == "1 profile, 1 paper: no problems"


def test_validate_lists_problems_as_path_line_col(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(FIXTURES)], capsys)
    assert code == 1
    lines = out.strip().splitlines()
    syntax = f"{FIXTURES / 'syntax_error.toml'}:2:26: TOML syntax error"
    assert any(line.startswith(syntax) for line in lines)
    assert f"{FIXTURES / 'empty.toml'}: file is empty" in out  # no line: none is known
    assert lines[-1].endswith("warnings") and "error" in lines[-1]


def test_validate_bundled_profiles_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(PROFILES)], capsys)
    assert code == 0, out
    assert out.strip().startswith("3 profiles")


def test_export_json_is_the_whole_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", "json", str(PROFILES)], capsys)
    assert code == 0
    data = json.loads(out)
    names = {p["name"] for p in data["people"]}
    assert names == {"Mickel Liu", "Tianhao Wu", "Junwu Xiong"}
    mickel = next(p for p in data["people"] if p["name"] == "Mickel Liu")
    phd = mickel["education"][0]
    assert phd["start"] == "2024-09" and phd["end"] == "2029"
    assert data["problems"] == []


def test_search_json_has_kind_id_title_score(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "beavertails", str(PROFILES), "--json", "--limit", "5"], capsys)
    assert code == 0
    hits = json.loads(out)
    assert hits, "expected at least one hit"
    assert {"kind", "id", "title", "score"} <= set(hits[0])
    assert hits[0]["title"].startswith("BeaverTails")


def test_search_kind_people_returns_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "peking", str(PROFILES), "--kind", "people", "--json"], capsys)
    assert code == 0
    hits = json.loads(out)
    assert hits and all(h["kind"] == "person" for h in hits)


def test_search_plain_output_is_one_line_per_hit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "omnisafe", str(PROFILES), "--limit", "3"], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert 1 <= len(lines) <= 3
    assert "OmniSafe" in lines[0]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"cvtui {__version__}"
    for command in (["--help"], ["validate", "--help"], ["search", "--help"], ["export", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(command)
        assert exit_info.value.code == 0
        assert "usage: cvtui" in capsys.readouterr().out


def test_config_path_honours_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CVTUI_CONFIG", str(tmp_path / "c.toml"))
    code, out, _ = run(["--config-path"], capsys)
    assert code == 0 and out.strip() == str(tmp_path / "c.toml")


def test_profiles_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CVTUI_PROFILES", str(FIXTURES / "valid.toml"))
    code, out, _ = run(["validate"], capsys)
    assert code == 0 and out.startswith("1 profile, 1 paper")


def test_profiles_come_from_the_config(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'profiles = ["{FIXTURES / "bom_crlf.toml"}"]\n')
    monkeypatch.delenv("CVTUI_PROFILES", raising=False)
    monkeypatch.setenv("CVTUI_CONFIG", str(config))
    code, out, _ = run(["validate"], capsys)
    assert code == 0 and out.startswith("1 profile, 0 papers")


def test_broken_config_warns_and_uses_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cvtui.config import load_config

    bad = tmp_path / "config.toml"
    bad.write_text('theme = 3\nunknown = "x"\nprofiles = "p"\n')
    config, problems = load_config(bad)
    assert config.profiles == ("p",)
    assert config.theme == ""
    assert len(problems) == 2 and all(p.severity == "warning" for p in problems)
    bad.write_text("theme = \n")
    config, problems = load_config(bad)
    assert config.theme == "" and "not valid TOML" in problems[0].message


def test_app_without_a_terminal_explains_itself() -> None:
    result = subprocess.run(
        [str(CVTUI), str(PROFILES)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert result.stdout == ""


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cvtui", "validate", str(FIXTURES / "valid.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert result.returncode == 0
    assert "no problems" in result.stdout


def test_a_mistyped_command_is_named_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["serach", "foo"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'serach' — did you mean 'search'?" in err
    (tmp_path / "serach").mkdir()  # a folder of that name is a path to browse, not a typo
    from cvtui.cli import _mistyped_command

    assert _mistyped_command(["serach"]) == ""


def test_search_explains_what_it_could_not_parse_and_exits_1_on_no_match(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["search", "foo:bar year:20x", str(PROFILES)], capsys)
    assert code == 1  # nothing matched, as grep says
    assert out == ""
    assert "foo: is not a search field" in err
    assert "year:20x is not a year" in err
    assert "no matches" in err
    code, out, _ = run(["search", "zzzqqqxx", str(PROFILES), "--json"], capsys)
    assert code == 1 and json.loads(out) == []


def test_search_text_output_says_how_many_hits_the_limit_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["search", "learning", str(PROFILES), "--limit", "3"], capsys)
    assert code == 0
    assert len(out.strip().splitlines()) == 3
    _, everything, _ = run(["search", "learning", str(PROFILES), "--limit", "1000"], capsys)
    total = len(everything.strip().splitlines())
    assert total > 3
    shown = err.strip().splitlines()[-1]
    assert shown.startswith("showing 3 of ") and int(shown.split()[3]) <= total
    code, _, err = run(["search", "learning", str(PROFILES), "--limit", "1000"], capsys)
    assert code == 0 and "showing" not in err
