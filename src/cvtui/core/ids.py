"""What a profile id may be: it names a file (``<id>.toml``) in the profiles directory.

Imports and ``cvtui new`` turn an id into a path, and the loader takes ids from profiles
written by other people, so an id that could name a file elsewhere (``../outside/x``,
``/etc/x``) or a hidden one is refused everywhere, with the reason.
"""

from __future__ import annotations

__all__ = ["MAX_ID_BYTES", "id_problem"]

MAX_ID_BYTES = 200
"""Longer ids would make file names some file systems refuse (255 bytes with ``.toml``)."""


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a profile id, or None when it can."""
    if not value.strip():
        return "it is empty"
    if "/" in value or "\\" in value:
        return "it holds a path separator (/ or \\)"
    if value.startswith("."):
        return "it starts with '.' (a hidden file, or a way out of the directory)"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return "it holds a control character"
    if len(value.encode("utf-8", "surrogatepass")) > MAX_ID_BYTES:
        return f"it is longer than {MAX_ID_BYTES} bytes"
    return None
