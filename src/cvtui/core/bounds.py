"""Bounds on how much of one long multi-valued field (authors, aliases…) the engines handle.

A paper with ten thousand authors is shown whole, but indexing or scoring every one of them
on every keystroke would let one record slow every search: past :data:`MAX_INDEXED_VALUES`,
the rest are left out of the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["MAX_INDEXED_VALUES", "bounded"]

MAX_INDEXED_VALUES = 1000
"""At most this many values of one multi-valued field are indexed."""

T = TypeVar("T")


def bounded(values: Sequence[T]) -> Sequence[T]:
    """``values``, or its first :data:`MAX_INDEXED_VALUES` when there are more."""
    return values if len(values) <= MAX_INDEXED_VALUES else values[:MAX_INDEXED_VALUES]
