"""The user's config file: where profiles are, which theme, and key remappings.

A broken config must never stop cvtui: every problem becomes a warning and the default is
used for that setting. ``$CVTUI_CONFIG`` points at another file (tests use it to keep the
user's real config out).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec
import tomli

from .core.problems import Problem
from .core.text import sanitize

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


def load_config(path: Path | None = None) -> tuple[Config, list[Problem]]:
    """Read the config; a missing file is fine, a broken one gives warnings and defaults."""
    path = path or config_path()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Config(), [
            Problem(name, f"cannot read config ({exc}); using defaults", severity="warning")
        ]
    try:
        raw: dict[str, Any] = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return Config(), [
            Problem(
                name,
                f"config is not valid TOML ({sanitize(getattr(exc, 'msg', str(exc)))}); "
                "using defaults",
                getattr(exc, "lineno", 0) or 0,
                getattr(exc, "colno", 0) or 0,
                severity="warning",
            )
        ]
    problems: list[Problem] = []
    if isinstance(raw.get("profiles"), str):
        raw["profiles"] = [raw["profiles"]]
    for _ in range(50):
        try:
            return msgspec.convert(raw, Config), problems
        except msgspec.ValidationError as exc:
            message = sanitize(str(exc))
            key = (
                message.split("`$.", 1)[1].split("`")[0].split(".")[0].split("[")[0]
                if "`$." in message
                else ""
            )
            if not key and "unknown field `" in message:
                key = message.split("unknown field `", 1)[1].split("`")[0]
            problems.append(
                Problem(name, f"{message}; using the default", field=key, severity="warning")
            )
            if key not in raw:
                return Config(), problems
            del raw[key]
    return Config(), problems
