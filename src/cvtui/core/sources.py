"""Where profiles come from when no path is given.

Order: ``$CVTUI_PROFILES`` (``os.pathsep``-separated), the config file's ``profiles``,
``./profiles`` if it exists, then the profiles bundled with cvtui.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["bundled_dir", "profile_paths", "writable_profiles_dir"]


def bundled_dir(name: str) -> Path:
    """A directory shipped with cvtui (``profiles`` or ``themes``).

    In an installed wheel it is inside the package; in a source checkout, at the repo's top.
    """
    inside = Path(__file__).resolve().parent.parent / "_bundled" / name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / name


def _configured() -> list[str]:
    from ..config import load_config

    config, _ = load_config()
    return list(config.profiles)


def profile_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str] | None = None,
) -> list[Path]:
    """The paths to load: those given, else the first configured source that applies.

    One path given as a string or path is that path, not its characters (``"profiles"``
    read as ``p, r, o, …`` would walk the whole file system from ``/``).
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if paths:
        given = [Path(p) for p in paths]
        if given:
            return given
    env = os.environ.get("CVTUI_PROFILES")
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    configured = _configured()
    if configured:
        return [Path(p).expanduser() for p in configured]
    local = Path("profiles")
    if local.is_dir():
        return [local]
    return [bundled_dir("profiles")]


def _installed_bundle() -> Path:
    """Where an installed cvtui keeps its bundled profiles (inside the package)."""
    return Path(__file__).resolve().parent.parent / "_bundled" / "profiles"


def _is_bundled(path: Path) -> bool:
    bundle = _installed_bundle()
    try:
        resolved = path.expanduser().resolve()
    except OSError:
        return False
    return resolved == bundle or bundle in resolved.parents


def writable_profiles_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The directory imports write into; never the bundled profiles of an installed cvtui.

    Found as for loading (``explicit``, ``$CVTUI_PROFILES``, the config's ``profiles``,
    ``./profiles``). A source checkout's ``./profiles`` is an ordinary directory; the copy
    inside an installed package is not. Raises ``ValueError`` with advice when nothing applies.
    """
    advice = (
        "pass --dir DIR, set $CVTUI_PROFILES, set `profiles` in the config file, "
        "or create ./profiles"
    )
    candidate: Path | None = None
    if explicit:
        candidate = Path(explicit).expanduser()
    else:
        env = os.environ.get("CVTUI_PROFILES")
        first = [p for p in env.split(os.pathsep) if p] if env else []
        if first:
            candidate = Path(first[0]).expanduser()
        else:
            configured = _configured()
            if configured:
                candidate = Path(configured[0]).expanduser()
            elif Path("profiles").is_dir():
                candidate = Path("profiles")
    if candidate is None:
        raise ValueError(f"no profiles directory to write to: {advice}")
    if candidate.is_file():
        candidate = candidate.parent
    if _is_bundled(candidate):
        raise ValueError(
            f"{candidate} holds the profiles bundled with cvtui and is not written to: {advice}"
        )
    return candidate
