"""The small file cvtui writes itself to remember choices (theme, copy format) between runs.

Never the user's config: a missing or broken state file means "nothing remembered".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["read_state", "remember"]


MAX_STATE_BYTES = 1024 * 1024
"""The state file is a few lines; a larger one (or a FIFO, a device) is not read."""


def read_state(path: Path | None = None) -> dict[str, Any]:
    from .config import state_path
    from .core.files import read_regular

    try:
        data = json.loads(read_regular(path or state_path(), MAX_STATE_BYTES).decode("utf-8"))
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
