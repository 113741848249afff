"""Keep a loaded profile set small: one object per repeated value, freed memory given back.

A set of 100,000 papers names the same few thousand authors half a million times, and the
same venues, years, categories and paper ids (``paper-1`` in every profile) a hundred
thousand times each. Decoded as they are, each occurrence is its own object: about 200 MB of
Python objects for that set. A :class:`SharedValues` table, used for every record of one
load (:func:`cvtui.core.codec.decode_record`), makes equal values one object: a third less.

:func:`release_memory` hands memory freed by a big phase (a load, an index build) back to the
operating system, so the resident size shows what is really in use.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["SharedValues", "collection_paused", "release_memory"]


class _Table(dict[Any, Any]):
    """Value → the one object that stands for it; a new value stands for itself.

    A new tuple is stored with its items shared too, so equal tuples and equal items are
    both one object.
    """

    __slots__ = ()

    def __missing__(self, value: Any) -> Any:
        if type(value) is tuple:
            value = tuple(map(self.__getitem__, value))
        self[value] = value
        return value


class SharedValues:
    """The values seen during one load, so that equal values become one object.

    ``share(value)`` returns the first value seen equal to ``value`` (same type, same
    equality), and remembers ``value`` if there was none. Keep one table per load and drop
    it afterwards: it holds every distinct value it was shown.
    """

    __slots__ = ("_table", "same", "share")

    def __init__(self) -> None:
        self._table = _Table()
        self.share: Callable[[Any], Any] = self._table.__getitem__
        self.same: Callable[[Any, Any], Any] = self._table.setdefault
        """``same(value, value)``: ``share`` for a value that is not a tuple, without a call
        into Python for each new value."""

    def __len__(self) -> int:
        return len(self._table)


_PAUSES = 0
"""How many phases have the collector paused now (a load and a reload may overlap)."""
_PAUSED_ENABLED = False
"""Whether the collector was running when the first of them paused it."""
_PAUSES_LOCK = threading.Lock()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection inside: for a phase that makes many objects and no cycles.

    Rebuilding a library after an edit makes a few hundred thousand objects; each full
    collection they set off walks every object of the app (a million at 100,000 papers),
    tens of milliseconds each, for nothing to free. The collector runs again once the last
    of overlapping phases ends (in any thread), if it ran before the first began.
    """
    global _PAUSES, _PAUSED_ENABLED
    with _PAUSES_LOCK:
        if _PAUSES == 0:
            _PAUSED_ENABLED = gc.isenabled()
            gc.disable()
        _PAUSES += 1
    try:
        yield
    finally:
        with _PAUSES_LOCK:
            _PAUSES -= 1
            if _PAUSES == 0 and _PAUSED_ENABLED:
                gc.enable()


def release_memory(collect: bool = True) -> None:
    """Free unreachable objects and return freed heap pages to the operating system.

    Call after a phase that allocated and dropped a lot. ``malloc_trim`` exists only in
    glibc; anywhere else (or if it fails) this only collects garbage. Never raises.
    """
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        try:
            trim(0)
        except (OSError, ctypes.ArgumentError):  # pragma: no cover - a libc we did not expect
            pass


_TRIM: Any = None
_TRIM_LOOKED_UP = False


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None where there is none (musl, macOS, Windows)."""
    global _TRIM, _TRIM_LOOKED_UP
    if not _TRIM_LOOKED_UP:
        _TRIM_LOOKED_UP = True
        if sys.platform.startswith("linux"):
            try:
                trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter uses
                trim.argtypes = [ctypes.c_size_t]
                trim.restype = ctypes.c_int
                _TRIM = trim
            except (OSError, AttributeError):
                _TRIM = None
    return _TRIM
