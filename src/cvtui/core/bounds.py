"""How much of one profile's long lists cvtui indexes, shows and copies.

A paper may list thousands of authors (a physics collaboration), and a hostile or broken
profile may list hundreds of thousands, or as many aliases. Whatever one profile holds, a
key must be answered within a frame or two, so each list is searched and shown up to a
bound, with a note saying how many more there are; exports keep everything (they run off
the screen's thread and stay linear).

- :data:`MAX_INDEXED_VALUES`: values of one list (a paper's authors, a person's aliases)
  that search looks at;
- :data:`MAX_SHOWN_VALUES`: values a detail pane shows before "… and N more";
- :data:`MAX_CITED_AUTHORS`: authors of a citation copied to the clipboard (then BibTeX's
  own ``and others``);
- :data:`MAX_CLIPBOARD_BYTES`: the most text sent through the terminal's clipboard (OSC 52);
  a larger copy is offered as a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = [
    "MAX_CITED_AUTHORS",
    "MAX_CLIPBOARD_BYTES",
    "MAX_INDEXED_VALUES",
    "MAX_SHOWN_VALUES",
    "bounded",
    "more_text",
    "shown",
    "size_text",
]

MAX_INDEXED_VALUES = 5_000
"""Large enough for the largest real author lists (about 3,000 for a detector paper)."""
MAX_SHOWN_VALUES = 200
MAX_CITED_AUTHORS = 200
MAX_CLIPBOARD_BYTES = 64 * 1024
"""Terminals and multiplexers drop or cut longer OSC 52 sequences (the base64 text sent is a
third longer than this)."""

T = TypeVar("T")


def bounded(values: Sequence[T], limit: int = MAX_INDEXED_VALUES) -> Sequence[T]:
    """At most ``limit`` of ``values``, from the start (``values`` itself when it fits)."""
    return values if len(values) <= limit else values[:limit]


def shown(values: Sequence[T], limit: int = MAX_SHOWN_VALUES) -> tuple[Sequence[T], int]:
    """The values to show and how many more there are."""
    if len(values) <= limit:
        return values, 0
    return values[:limit], len(values) - limit


def more_text(more: int) -> str:
    """``… and 199,800 more`` (empty when there are none)."""
    return f"… and {more:,} more" if more > 0 else ""


def size_text(size: int) -> str:
    """``6.7 MB``, ``64 KB``, ``512 bytes``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size} bytes"
