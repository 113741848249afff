"""Themes: bundled and user ``*.toml`` files become Textual themes; the choice is remembered.

Theme files are read strictly (an unknown key or a colour Textual cannot parse is a problem
naming the file and the value) because a typo that silently falls back is harder to find than
one that is reported. A bad file is skipped, never raised: the app starts with the others.

Use from the app::

    problems = install_themes(app, configured=config.theme)   # in on_mount
    # bind "t" to "app.change_theme" (Textual's picker lists every registered theme)

:func:`install_themes` registers every theme, picks the first of config ``theme``, the
remembered theme and :data:`DEFAULT_THEME` that exists, and from then on writes every
change of ``app.theme`` to the state file. The format is documented in docs/themes.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli
from textual.color import Color, ColorParseError
from textual.theme import Theme

from .core.files import read_regular
from .core.problems import Problem
from .core.text import display_name, one_line

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "COLOUR_KEYS",
    "DEFAULT_THEME",
    "THEME_KEYS",
    "bundled_themes_dir",
    "choose_theme",
    "install_themes",
    "install_themes_or_report",
    "load_themes",
    "parse_theme",
    "register_themes",
    "remember_theme",
    "remembered_theme",
    "user_themes_dir",
]

MAX_THEME_BYTES = 1024 * 1024
"""A theme file is a few hundred bytes; a larger one is not read."""

DEFAULT_THEME = "cvtui-dark"
"""Used when neither the config nor the remembered choice names a theme that exists."""

COLOUR_KEYS: tuple[str, ...] = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
_NUMBER_KEYS: tuple[str, ...] = ("luminosity_spread", "text_alpha")
_BOOL_KEYS: tuple[str, ...] = ("dark", "ansi")
THEME_KEYS: tuple[str, ...] = ("name", *COLOUR_KEYS, *_BOOL_KEYS, *_NUMBER_KEYS, "variables")

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_VARIABLE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ALPHA_RE = re.compile(r"^(?P<colour>.+?)\s+(?P<alpha>\d{1,3})%$")
_TEXT_STYLES = frozenset(
    {
        "none",
        "not",
        "bold",
        "dim",
        "italic",
        "underline",
        "underline2",
        "reverse",
        "strike",
        "blink",
    }
)


def bundled_themes_dir() -> Path:
    from .core.sources import bundled_dir

    return bundled_dir("themes")


def user_themes_dir() -> Path:
    from .config import config_dir

    return config_dir() / "themes"


def _shown(value: object) -> str:
    text = one_line(repr(value))
    return text if len(text) <= 60 else text[:57] + "..."


def _check_colour(value: object) -> str | None:
    """Why ``value`` is not a colour Textual accepts, or None when it is."""
    if not isinstance(value, str):
        return f'expected a colour string such as "#1e90ff", got {_shown(value)}'
    try:
        Color.parse(value)
    except ColorParseError:
        return (
            f"{_shown(value)} is not a colour; write #rrggbb, rgb(r, g, b), hsl(h, s%, l%), "
            "a colour name or ansi_red-style names"
        )
    return None


def _check_variable(key: str, value: object) -> str | None:
    """Why a ``[variables]`` entry is wrong: a colour (optionally ``NN%`` alpha) or a style."""
    if not isinstance(value, str):
        return f"expected a string, got {_shown(value)}"
    if key.endswith("text-style"):
        words = value.split()
        if words and all(word in _TEXT_STYLES for word in words):
            return None
        return f"{_shown(value)} is not a text style (use words from: {', '.join(sorted(_TEXT_STYLES))})"
    match = _ALPHA_RE.match(value.strip())
    colour = match.group("colour") if match else value
    if match and int(match.group("alpha")) > 100:
        return f"{_shown(value)}: alpha must be 0-100%"
    return _check_colour(colour)


def parse_theme(text: str, path: str) -> tuple[Theme | None, list[Problem]]:
    """Read one theme file's text; ``(None, problems)`` when it cannot be used."""
    try:
        raw: dict[str, Any] = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = one_line(getattr(exc, "msg", str(exc)))
        return None, [
            Problem(
                path,
                f"not valid TOML ({message}); theme skipped",
                getattr(exc, "lineno", 0) or 0,
                getattr(exc, "colno", 0) or 0,
            )
        ]
    return theme_from_mapping(raw, path)


def theme_from_mapping(raw: Mapping[str, Any], path: str) -> tuple[Theme | None, list[Problem]]:
    """Validate a parsed theme table; every problem found is returned, not just the first."""
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(path, f"{message}; theme skipped", field=field))

    for key in raw:
        if key not in THEME_KEYS:
            bad(one_line(str(key)), f"unknown key {_shown(key)} (allowed: {', '.join(THEME_KEYS)})")

    name = raw.get("name")
    if name is None:
        bad("name", "missing `name`")
    elif not isinstance(name, str) or not _NAME_RE.match(name):
        bad("name", f"name {_shown(name)} must be letters, digits, '-', '_' or '.' (up to 64)")

    if "primary" not in raw:
        bad("primary", "missing `primary` (the main colour)")
    for key in COLOUR_KEYS:
        if key in raw:
            reason = _check_colour(raw[key])
            if reason:
                bad(key, f"{key}: {reason}")
    for key in _BOOL_KEYS:
        if key in raw and not isinstance(raw[key], bool):
            bad(key, f"{key}: expected true or false, got {_shown(raw[key])}")
    for key in _NUMBER_KEYS:
        if key in raw:
            value = raw[key]
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 <= value <= 1
            ):
                bad(key, f"{key}: expected a number from 0 to 1, got {_shown(value)}")

    variables = raw.get("variables", {})
    if not isinstance(variables, dict):
        bad("variables", f"variables: expected a table, got {_shown(variables)}")
        variables = {}
    for key, value in variables.items():
        field = f"variables.{one_line(str(key))}"
        if not _VARIABLE_RE.match(key):
            bad(field, f"variable name {_shown(key)} must be lower-case letters, digits and '-'")
            continue
        reason = _check_variable(key, value)
        if reason:
            bad(field, f"{field}: {reason}")

    if problems:
        return None, problems
    fields: dict[str, Any] = {key: raw[key] for key in THEME_KEYS if key in raw}
    fields["variables"] = dict(variables)
    return Theme(**fields), []


def _read_dir(directory: Path) -> tuple[list[Theme], list[Problem]]:
    themes: list[Theme] = []
    problems: list[Problem] = []
    try:
        files = sorted(p for p in directory.glob("*.toml") if p.is_file())
    except OSError as exc:
        return [], [
            Problem(
                display_name(str(directory)),
                f"cannot list themes ({one_line(str(exc))})",
                severity="warning",
            )
        ]
    for file in files:
        shown = display_name(str(file))  # a file name can hold escape sequences too
        try:
            text = read_regular(file, MAX_THEME_BYTES).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(
                Problem(shown, f"cannot read theme ({one_line(str(exc))}); theme skipped")
            )
            continue
        theme, found = parse_theme(text, shown)
        problems.extend(found)
        if theme is not None:
            themes.append(theme)
    return themes, problems


def load_themes(
    directories: Iterable[Path] | None = None,
) -> tuple[list[Theme], list[Problem]]:
    """Themes from the bundled and then the user's theme directory (a missing one is fine).

    A later theme with the same name replaces an earlier one, so a user can override a
    bundled theme by copying its file and changing it.
    """
    if directories is None:
        directories = (bundled_themes_dir(), user_themes_dir())
    by_name: dict[str, Theme] = {}
    problems: list[Problem] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        themes, found = _read_dir(directory)
        problems.extend(found)
        for theme in themes:
            by_name[theme.name] = theme
    return list(by_name.values()), problems


def register_themes(app: App[Any], directories: Iterable[Path] | None = None) -> list[Problem]:
    """Register every loadable theme with ``app``; Textual's built-in themes stay available."""
    themes, problems = load_themes(directories)
    for theme in themes:
        app.register_theme(theme)
    return problems


# -- the remembered choice -------------------------------------------------------------


def remembered_theme(path: Path | None = None) -> str:
    """The theme chosen last time, or ``""`` (a missing or broken state file means none)."""
    from .state import read_state

    value = read_state(path).get("theme", "")
    return value if isinstance(value, str) else ""


def remember_theme(name: str, path: Path | None = None) -> None:
    """Write ``name`` to the state file atomically, keeping any other remembered values."""
    from .state import remember

    remember("theme", name, path)


def choose_theme(
    available: Iterable[str], configured: str, remembered: str
) -> tuple[str, list[Problem]]:
    """The theme to start with: config ``theme``, else the remembered one, else the default."""
    names = set(available)
    problems: list[Problem] = []
    if configured:
        if configured in names:
            return configured, problems
        from .config import config_path

        problems.append(
            Problem(
                str(config_path()),
                f"theme {_shown(configured)} does not exist; using {DEFAULT_THEME!r}",
                field="theme",
                severity="warning",
            )
        )
    if remembered and remembered in names and not problems:
        return remembered, problems
    if DEFAULT_THEME in names:
        return DEFAULT_THEME, problems
    return "textual-dark", problems


def install_themes(
    app: App[Any],
    configured: str = "",
    directories: Iterable[Path] | None = None,
    state: Path | None = None,
    remember: bool = True,
) -> list[Problem]:
    """Register themes, apply the starting theme and remember every later change.

    Call once the app is running (``on_mount``). Returns the problems to show the user once.
    With ``remember=False`` (a read-only session) the remembered theme is read, never written.
    """
    problems = register_themes(app, directories)
    name, found = choose_theme(app.available_themes, configured, remembered_theme(state))
    problems.extend(found)
    app.theme = name
    if not remember:
        return problems

    def persist(theme_name: str) -> None:
        try:
            remember_theme(theme_name, state)
        except OSError as exc:
            app.notify(f"Could not remember the theme: {exc}", severity="warning", markup=False)

    app.watch(app, "theme", persist, init=False)
    return problems


def install_themes_or_report(app: App[Any], configured: str, remember: bool) -> list[Problem]:
    """:func:`install_themes`, its problems; a broken theme file never stops the app."""
    try:
        return list(install_themes(app, configured=configured, remember=remember) or ())
    except Exception as exc:
        return [Problem("themes", f"themes could not be loaded: {exc}", severity="warning")]
