"""Where an import may write, and what it reads: files named inside the profiles directory,
inputs of bounded size.

``--person`` and ``--id`` become file names (``DIR/ID.toml``), so an id must not be able to
name a file elsewhere (:func:`~cvtui.core.ids.id_problem`). The input of an import may be a
pipe the user named (``/dev/stdin``, ``<(curl …)``), but not an endless one.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..files import FileTooLarge, read_regular
from ..ids import id_problem
from ..loading import MAX_FILE_BYTES
from ..text import one_line

__all__ = ["MAX_INPUT_BYTES", "id_error", "named_inside", "read_input", "read_profile"]

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""A .bib or resume larger than this is refused (``/dev/zero`` would never end)."""


def id_error(option: str, value: str | None) -> str | None:
    """The error for an ``--id``/``--person`` that cannot name a profile file, or None."""
    if value is None:
        return None
    why = id_problem(value)
    return None if why is None else f"{option} `{one_line(value)}` cannot be a profile id: {why}"


def named_inside(directory: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is named inside ``directory`` (a symlink it is may point elsewhere:
    it is then written through)."""
    base = os.path.abspath(directory)
    return os.path.commonpath([base, os.path.abspath(path)]) == base


def read_input(path: str | os.PathLike[str]) -> bytes:
    """An import's input: a file or a pipe, up to :data:`MAX_INPUT_BYTES`."""
    try:
        return read_regular(path, MAX_INPUT_BYTES, streams=True)
    except FileTooLarge:
        raise OSError(f"larger than {MAX_INPUT_BYTES // 2**20} MiB") from None


def read_profile(path: Path) -> bytes:
    """An existing profile's bytes: a regular file (through a symlink) of a profile's size."""
    return read_regular(path, MAX_FILE_BYTES)
