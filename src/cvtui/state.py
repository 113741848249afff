"""The small file cvtui writes itself to remember choices (theme, copy format) between runs.

Never the user's config: a missing or broken state file means "nothing remembered".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["read_state", "remember"]


def read_state(path: Path | None = None) -> dict[str, Any]:
    from .config import state_path

    try:
        data = json.loads((path or state_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(key: str, value: str, path: Path | None = None) -> None:
    """Write ``key = value`` atomically, keeping every other remembered value."""
    from .config import state_path
    from .core.atomic import atomic_write_text

    target = path or state_path()
    state = read_state(target)
    if state.get(key) == value:
        return
    state[key] = value
    atomic_write_text(target, json.dumps(state, indent=2, sort_keys=True) + "\n")
