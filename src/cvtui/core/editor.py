"""Which command opens a profile in the user's editor, and at which line.

The editor is ``$VISUAL``, else ``$EDITOR``, else ``vi``, split like a shell would split it
(``EDITOR="code --wait"`` works). Editors known to accept ``+LINE`` get it, so the file opens
at the paper or entry that was focused; any other editor gets just the path.

The file is always passed as an absolute path: a profile named ``-c!id>x.toml`` would
otherwise be read by vi as an option and run a shell command.

Profiles bundled inside an installed cvtui are part of the package: they are not edited.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

from .locate import locate

__all__ = [
    "ENTRY_KEYS",
    "LINE_AWARE",
    "EditorError",
    "editor_command",
    "entry_line",
    "is_bundled_file",
]

LINE_AWARE = frozenset(
    {"vi", "vim", "nvim", "view", "gvim", "nano", "emacs", "emacsclient", "micro", "hx", "helix"}
)
"""Editors that open a file at a line when given ``+LINE`` before the path."""

ENTRY_KEYS = {
    "paper": "papers",
    "education": "education",
    "experience": "experience",
    "award": "awards",
    "service": "service",
}
"""A timeline event's kind → the profile's array of such entries."""


class EditorError(Exception):
    """No editor can be started; the message says why and what to set."""


def editor_command(
    path: str | os.PathLike[str], line: int = 0, env: Mapping[str, str] | None = None
) -> list[str]:
    """The argv that opens ``path`` (at ``line`` when the editor understands ``+LINE``);
    the path comes last, made absolute.

    Raises :class:`EditorError` when the variable cannot be split or its program is not found.
    """
    env = os.environ if env is None else env
    name, setting = "vi", ""
    for variable in ("VISUAL", "EDITOR"):
        value = env.get(variable, "").strip()
        if value:
            name, setting = variable, value
            break
    if setting:
        try:
            words = shlex.split(setting)
        except ValueError as exc:
            raise EditorError(f"${name} cannot be read ({exc}): {setting}") from exc
    else:
        words = ["vi"]
    if not words:
        raise EditorError(f"${name} is empty")
    program = shutil.which(words[0], path=env.get("PATH"))
    if program is None:
        where = f"${name} is {setting!r}" if setting else "neither $VISUAL nor $EDITOR is set"
        raise EditorError(f"no editor found: {where} and {words[0]!r} is not installed")
    argv = [*words]
    if line > 0 and Path(words[0]).name in LINE_AWARE:
        argv.append(f"+{line}")
    argv.append(os.path.abspath(os.fspath(path)))  # never `-c…` or `+…`: not an option
    return argv


def entry_line(path: str | os.PathLike[str], field: str) -> int:
    """The 1-based line where ``field`` (``papers[3]``) starts in the file, or 0."""
    if not field:
        return 0
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return locate(text, field)[0]


def _bundle_root() -> Path:
    return Path(__file__).resolve().parent.parent / "_bundled"


def is_bundled_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is inside the profiles shipped within the installed package."""
    try:
        resolved = Path(path).expanduser().resolve()
    except OSError:
        return False
    root = _bundle_root()
    return resolved == root or root in resolved.parents
