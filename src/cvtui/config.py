"""The user's config file: where profiles are, which theme, and key remappings.

A broken config must never stop cvtui: every problem becomes a warning and the default is
used for that setting. ``$CVTUI_CONFIG`` points at another file (tests use it to keep the
user's real config out).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import tomli

from .core.files import read_regular
from .core.locate import locator
from .core.problems import Problem
from .core.text import display_name, one_line

__all__ = [
    "Config",
    "ServeConfig",
    "cache_dir",
    "config_dir",
    "config_path",
    "load_config",
    "state_path",
]

APP_NAME = "cvtui"


class ServeConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The ``[serve]`` table: settings of ``cvtui serve``."""

    token: str = ""
    """The token visitors must bring (instead of a new one made at every start). Anyone who can
    read the config file can read it: keep the file private."""


class Config(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Settings read from ``config.toml``."""

    profiles: tuple[str, ...] = ()
    """Profile files or directories to open when no path is given on the command line."""
    theme: str = ""
    """Theme name; empty means the last one chosen in the app (or the default)."""
    keymap: dict[str, str] = {}
    """Binding id → keys, e.g. ``"papers.sort_year" = "Y"`` (comma-separate several keys)."""
    cache: bool = True
    """Keep a parsed copy of large profile sets in the cache directory."""
    animation: bool = True
    """Allow animations (always off over SSH)."""
    copy_format: str = ""
    """What ``c`` copies for a paper: ``bibtex``, ``csl-json`` or ``reference``; empty means
    the last one chosen with ``C`` (BibTeX at first)."""
    citation_style: str = ""
    """The CSL style of copied references: a ``.csl`` file, or empty for Harvard."""
    contact_email: str = ""
    """Sent with requests to ORCID, DBLP, OpenAlex and Semantic Scholar (in the User-Agent,
    and as OpenAlex's ``mailto``) so a service can reach whoever runs the imports."""
    serve: ServeConfig = msgspec.field(default_factory=ServeConfig)
    """``cvtui serve``'s settings."""


def config_path() -> Path:
    """Where the config file is (it need not exist)."""
    override = os.environ.get("CVTUI_CONFIG")
    if override:
        return Path(override)
    return config_dir() / "config.toml"


def config_dir() -> Path:
    override = os.environ.get("CVTUI_CONFIG")
    if override:
        return Path(override).parent
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def state_path() -> Path:
    """A small file cvtui writes itself (the remembered theme); never the user's config."""
    override = os.environ.get("CVTUI_STATE")
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False)) / "state.json"


def cache_dir() -> Path:
    override = os.environ.get("CVTUI_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


MAX_CONFIG_BYTES = 1024 * 1024
_BINDING_ID_RE = re.compile(r"^[\w.-]{1,80}$")
_KEY_RE = re.compile(r"^[\w+-]{1,40}$")


def _keymap_entry(binding: object, keys: object) -> str | None:
    """Why one ``[keymap]`` entry cannot be used, or None when it can."""
    if not isinstance(binding, str) or not _BINDING_ID_RE.match(binding):
        return "is not a binding id (such as papers.sort_year; `?` in cvtui lists them)"
    if not isinstance(keys, str):
        return f'expected keys as a string such as "ctrl+q", got {type(keys).__name__}'
    parts = [part.strip() for part in keys.split(",")]
    bad = [part for part in parts if not _KEY_RE.match(part)]
    if bad:
        return (
            f"`{one_line(bad[0])[:40]}` is not a key name "
            "(write names such as Y, ctrl+q, f1, question_mark; several with commas)"
        )
    return None


def _check_keymap(value: object, warn: Callable[[str, str], None]) -> dict[str, str] | None:
    """The usable entries of ``[keymap]``; each bad one is dropped alone, with a warning."""
    if not isinstance(value, dict):
        warn(
            "keymap", f"`keymap` should be a table of binding id = keys, got {type(value).__name__}"
        )
        return None
    kept: dict[str, str] = {}
    for binding, keys in value.items():
        why = _keymap_entry(binding, keys)
        if why is None:
            kept[binding] = ",".join(part.strip() for part in keys.split(","))
        else:
            warn(f"keymap.{one_line(str(binding))[:80]}", f"keymap entry {why}; ignored")
    return kept


def load_config(path: Path | None = None) -> tuple[Config, list[Problem]]:
    """Read the config; a missing file is fine, a broken one gives warnings and defaults.

    Each setting is checked on its own: an unknown or invalid key (or one ``[keymap]``
    entry) is dropped with a warning that names it, and the others are kept.
    """
    path = path or config_path()
    name = display_name(str(path))
    problems: list[Problem] = []
    try:
        data = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(), []
    except OSError as exc:
        return Config(), [
            Problem(
                name,
                f"cannot read config ({one_line(str(exc))}); using defaults",
                severity="warning",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # one bad byte costs only the setting it is in
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8-sig", errors="replace")
        problems.append(
            Problem(name, "not UTF-8 text: bytes replaced by \ufffd", line, severity="warning")
        )
    try:
        raw: dict[str, Any] = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return Config(), [
            *problems,
            Problem(
                name,
                f"config is not valid TOML ({one_line(getattr(exc, 'msg', str(exc)))}); "
                "using defaults",
                getattr(exc, "lineno", 0) or 0,
                getattr(exc, "colno", 0) or 0,
                severity="warning",
            ),
        ]
    find = locator(text)

    def warn(field: str, message: str) -> None:
        line, col = find(field) if field else (0, 0)
        problems.append(Problem(name, message, line, col, field, "warning"))

    settings = {f.name: f for f in msgspec.structs.fields(Config)}
    kept: dict[str, Any] = {}
    for key, value in raw.items():
        shown = one_line(key)[:80]
        if key not in settings:
            close = difflib.get_close_matches(key, list(settings), n=1, cutoff=0.6)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            warn(shown, f"unknown setting `{shown}`{hint}; ignored")
            continue
        if key == "profiles" and isinstance(value, str):
            value = [value]
        if key == "keymap":
            value = _check_keymap(value, warn)
            if value is None:
                continue
        try:
            msgspec.convert({key: value}, Config)
        except msgspec.ValidationError as exc:
            warn(key, f"{one_line(str(exc))}; using the default")
            continue
        kept[key] = value
    return msgspec.convert(kept, Config), problems
