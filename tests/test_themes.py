"""Themes: bundled files load, bad files are reported once and skipped, the choice is kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rich._palettes import STANDARD_PALETTE
from textual.app import App
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from cvtui.themes import (
    COLOUR_KEYS,
    DEFAULT_THEME,
    bundled_themes_dir,
    choose_theme,
    install_themes,
    load_themes,
    parse_theme,
    remember_theme,
    remembered_theme,
)
from settling import settle

FIXTURES = Path(__file__).parent / "fixtures" / "themes"
BAD = FIXTURES / "bad"


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's real config and state out of every test."""
    monkeypatch.setenv("CVTUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CVTUI_STATE", str(tmp_path / "state" / "state.json"))


def test_bundled_themes_load_without_problems() -> None:
    themes, problems = load_themes([bundled_themes_dir()])
    assert problems == []
    by_name = {t.name: t for t in themes}
    assert {"cvtui-dark", "cvtui-light", "cvtui-high-contrast"} <= set(by_name)
    assert by_name["cvtui-dark"].dark is True
    assert by_name["cvtui-light"].dark is False
    assert DEFAULT_THEME in by_name


def test_high_contrast_uses_only_the_sixteen_standard_colours() -> None:
    """On TERM=xterm Rich maps colours to its standard palette: nothing should shift."""
    themes, _ = load_themes([bundled_themes_dir()])
    (theme,) = [t for t in themes if t.name == "cvtui-high-contrast"]
    standard = {tuple(c) for c in STANDARD_PALETTE._colors}
    values = [getattr(theme, key) for key in COLOUR_KEYS if getattr(theme, key)]
    values += list(theme.variables.values())
    colours = [v for v in values if not v.endswith(("bold", "none"))]
    assert len(colours) > 20
    for value in colours:
        color = Color.parse(value)
        assert (color.r, color.g, color.b) in standard, value
    assert Color.parse(theme.foreground or "").hex == "#FFFFFF"
    assert Color.parse(theme.background or "").hex == "#000000"


@pytest.mark.parametrize(
    ("file", "field", "says"),
    [
        ("unknown-key.toml", "primay", "unknown key 'primay'"),
        ("bad-colour.toml", "accent", "'not-a-colour' is not a colour"),
        ("not-toml.toml", "", "not valid TOML"),
        ("missing-name.toml", "name", "missing `name`"),
        ("bad-variable.toml", "variables.block-cursor-text-style", "'shiny' is not a text style"),
    ],
)
def test_each_bad_file_is_one_problem_naming_file_and_reason(
    file: str, field: str, says: str
) -> None:
    path = BAD / file
    theme, problems = parse_theme(path.read_text(encoding="utf-8"), str(path))
    assert theme is None
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.path == str(path)
    assert problem.field == field
    assert says in problem.message
    assert "theme skipped" in problem.message
    assert str(path) in str(problem)


def test_not_toml_reports_the_line() -> None:
    path = BAD / "not-toml.toml"
    _, (problem,) = parse_theme(path.read_text(encoding="utf-8"), str(path))
    assert problem.line == 2


def test_bad_files_are_skipped_and_the_rest_load(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    shutil.copytree(BAD, user)
    shutil.copy(FIXTURES / "good" / "my-theme.toml", user / "my-theme.toml")
    themes, problems = load_themes([bundled_themes_dir(), user])
    assert sorted(Path(p.path).name for p in problems) == sorted(p.name for p in BAD.iterdir())
    names = {t.name for t in themes}
    assert {"cvtui-dark", "cvtui-light", "cvtui-high-contrast"} <= names
    assert not names & {"unknown-key", "bad-colour", "not-toml", "bad-variable"}
    # the user's file with a bundled theme's name replaces it
    (dark,) = [t for t in themes if t.name == "cvtui-dark"]
    assert dark.primary == "#ff0000"
    assert dark.variables["input-selection-background"] == "#81a1c1 35%"


def test_several_mistakes_in_one_file_are_all_reported() -> None:
    text = 'name = "x y"\naccent = 3\ndark = "yes"\nfoo = 1\n'
    theme, problems = parse_theme(text, "t.toml")
    assert theme is None
    fields = {p.field for p in problems}
    assert fields == {"name", "primary", "accent", "dark", "foo"}


def test_theme_text_with_markup_or_controls_is_shown_safely() -> None:
    text = 'name = "ok"\nprimary = "[bold]\\u001b]52;c;x\\u0007"\n'
    _, (problem,) = parse_theme(text, "t.toml")
    assert "\x1b" not in problem.message and "\x07" not in problem.message
    assert "[bold]" in problem.message


def test_remembered_theme_round_trip(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    assert remembered_theme(state) == ""
    state.write_text('{"other": 1}', encoding="utf-8")
    remember_theme("nord", state)
    assert remembered_theme(state) == "nord"
    assert json.loads(state.read_text(encoding="utf-8")) == {"other": 1, "theme": "nord"}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left


def test_a_broken_state_file_means_no_remembered_theme(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json", encoding="utf-8")
    assert remembered_theme(state) == ""
    remember_theme("cvtui-light", state)
    assert remembered_theme(state) == "cvtui-light"


def test_choose_theme_order() -> None:
    names = ["cvtui-dark", "cvtui-light", "nord"]
    assert choose_theme(names, "", "") == (DEFAULT_THEME, [])
    assert choose_theme(names, "", "nord") == ("nord", [])
    assert choose_theme(names, "cvtui-light", "nord") == ("cvtui-light", [])
    assert choose_theme(names, "", "gone") == (DEFAULT_THEME, [])
    name, (problem,) = choose_theme(names, "missing", "nord")
    assert name == DEFAULT_THEME
    assert "'missing' does not exist" in problem.message
    assert problem.field == "theme"


class ThemedApp(App[None]):
    def __init__(self, configured: str, user_dir: Path) -> None:
        super().__init__()
        self.configured = configured
        self.user_dir = user_dir
        self.problems: list[object] = []

    def on_mount(self) -> None:
        self.problems = install_themes(
            self, self.configured, directories=[bundled_themes_dir(), self.user_dir]
        )


async def test_app_starts_with_the_remembered_theme_and_remembers_changes(tmp_path: Path) -> None:
    from cvtui.config import state_path

    remember_theme("cvtui-light")
    app = ThemedApp("", tmp_path / "none")
    async with app.run_test() as pilot:
        assert app.theme == "cvtui-light"
        assert app.problems == []
        assert set(BUILTIN_THEMES) <= set(app.available_themes)
        assert {"cvtui-dark", "cvtui-high-contrast"} <= set(app.available_themes)
        app.theme = "cvtui-high-contrast"
        await settle(pilot)
        assert remembered_theme() == "cvtui-high-contrast"
        assert (
            json.loads(state_path().read_text(encoding="utf-8"))["theme"] == "cvtui-high-contrast"
        )


async def test_config_theme_overrides_the_remembered_one(tmp_path: Path) -> None:
    remember_theme("cvtui-light")
    app = ThemedApp("nord", tmp_path / "none")
    async with app.run_test():
        assert app.theme == "nord"


async def test_bad_user_theme_falls_back_to_default_with_one_problem(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    user.mkdir()
    shutil.copy(BAD / "bad-colour.toml", user / "bad-colour.toml")
    remember_theme("bad-colour")
    app = ThemedApp("", user)
    async with app.run_test():
        assert app.theme == DEFAULT_THEME
        assert len(app.problems) == 1
        assert "bad-colour.toml" in str(app.problems[0])


async def test_theme_picker_offers_our_themes(tmp_path: Path) -> None:
    app = ThemedApp("", tmp_path / "none")
    async with app.run_test() as pilot:
        app.action_change_theme()
        await settle(pilot)
        await pilot.press(*"high-contrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "cvtui-high-contrast"
        assert remembered_theme() == "cvtui-high-contrast"


def test_the_documented_example_theme_loads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "themes.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    theme, problems = parse_theme(example, "themes.md")
    assert problems == []
    assert theme is not None and theme.name == "harbour"
    assert theme.variables["timeline-person-2"] == "#ffaf5f"


def test_documented_error_lines_match_what_is_printed() -> None:
    text = 'name = "harbour"\nprimary = "#5fafff"\nprimay = "#000000"\n'
    _, (unknown,) = parse_theme(text, "harbour.toml")
    assert str(unknown).startswith("harbour.toml: unknown key 'primay' (allowed: name, primary,")
    text = 'name = "harbour"\nprimary = "#5fafff"\naccent = "blu"\n'
    _, (colour,) = parse_theme(text, "harbour.toml")
    assert str(colour).startswith("harbour.toml: accent: 'blu' is not a colour; write #rrggbb")
    assert str(colour).endswith("theme skipped")
