"""The orders of the Papers view (by year, title, venue), worked out once per library.

Sorting 100,000 papers on a key press takes 100–600 ms, most of it spent making keys. Here
each key becomes a dense integer per paper (papers with equal keys share it), and each order
of every paper is an array computed once: a sort key press swaps arrays, a person's papers
(a hundred) sort by the integers in microseconds, and a filter result is put in the view's
order by each paper's position (``rank``).

The work is done in pure-Python steps (chunks of a few thousand), so a worker thread doing it
after loading never holds the interpreter for long and the screen stays responsive.
Orders equal ``sorted(papers, key=..., reverse=...)``: ties keep the library's order in both
directions.
"""

from __future__ import annotations

import threading
from array import array
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..core.text import fold

if TYPE_CHECKING:
    from ..core.model import Paper

__all__ = ["SORT_KEYS", "PaperOrders"]

SORT_KEYS = ("year", "title", "venue")
_CHUNK = 4096


def _year_key(paper: Paper) -> Hashable:
    return paper.date_key


def _title_key(paper: Paper) -> Hashable:
    return fold(paper.title)


def _venue_key(paper: Paper) -> Hashable:
    return (paper.venue == "", fold(paper.venue))


_KEY_FUNCTIONS: dict[str, Callable[[Paper], Hashable]] = {
    "year": _year_key,
    "title": _title_key,
    "venue": _venue_key,
}


class _Stopped(Exception):
    pass


def _prefix(value: Hashable) -> Hashable:
    """A coarser key in the same order: equal for neighbours, smaller only when smaller."""
    if isinstance(value, str):
        return value[:2]
    if isinstance(value, tuple):
        return (value[0], value[1][:2])
    return value


def _sorted_gently(values: list[Hashable], stop: Callable[[], bool]) -> list[Hashable]:
    """``sorted(values)`` in buckets of a common prefix: one ``sorted`` of 100,000 strings
    holds the interpreter for 50–100 ms, a bucket for a fraction of one."""
    if len(values) <= _CHUNK or not isinstance(values[0], (str, tuple)):
        return sorted(values)  # type: ignore[type-var]
    buckets: dict[Hashable, list[Hashable]] = {}
    for value in values:
        buckets.setdefault(_prefix(value), []).append(value)
    out: list[Hashable] = []
    for prefix in sorted(buckets):  # type: ignore[type-var]
        if stop():
            raise _Stopped
        out.extend(sorted(buckets[prefix]))  # type: ignore[type-var]
    return out


def _never() -> bool:
    return False


def _place(
    order: Sequence[int],
    papers: Sequence[Paper],
    make: Callable[[Paper], Hashable],
    value: Hashable,
    reverse: bool,
) -> int:
    """Where a paper of key ``value`` numbered after every paper of ``order`` goes in it:
    after every paper of an equal key (ties keep the library's order both ways)."""
    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        here = make(papers[order[middle]])
        if (here < value) if reverse else (value < here):  # type: ignore[operator]
            high = middle
        else:
            low = middle + 1
    return low


class PaperOrders:
    """Sort orders of one library's papers; safe to use from several threads."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._papers = papers
        self._lock = threading.RLock()
        self._dense: dict[str, array[int]] = {}
        self._orders: dict[tuple[str, bool], array[int]] = {}
        self._ranks: dict[tuple[str, bool], array[int]] = {}
        self._carried: tuple[dict[tuple[str, bool], array[int]], list[int]] | None = None
        """The orders of the library before an edit, and where its papers are here."""

    def __len__(self) -> int:
        return len(self._papers)

    # -- reading --------------------------------------------------------------------------
    def dense(self, key: str) -> array[int]:
        """Per paper, its key as an integer: equal keys equal, order kept."""
        found = self._dense.get(key)
        if found is None:
            with self._lock:
                found = self._dense.get(key)
                if found is None:
                    found = self._dense[key] = self._make_dense(key, _never)
        return found

    def order(self, key: str, reverse: bool) -> array[int]:
        """Every paper's index, sorted by ``key``."""
        found = self._orders.get((key, reverse))
        if found is None:
            with self._lock:
                found = self._orders.get((key, reverse))
                if found is None:
                    found = self._carried_order(key, reverse)
                if found is None:
                    found = self._make_order(self.dense(key), reverse, _never)
                self._orders[(key, reverse)] = found
        return found

    def rank(self, key: str, reverse: bool) -> array[int]:
        """Per paper, its position in :meth:`order` (to put any subset in that order)."""
        found = self._ranks.get((key, reverse))
        if found is None:
            with self._lock:
                found = self._ranks.get((key, reverse))
                if found is None:
                    found = self._make_rank(self.order(key, reverse), _never)
                    self._ranks[(key, reverse)] = found
        return found

    def sort(self, items: Sequence[int], key: str, reverse: bool) -> list[int]:
        """A few papers (one person's) in the order of ``key``."""
        return sorted(items, key=self.dense(key).__getitem__, reverse=reverse)

    def arrange(self, items: Sequence[int], key: str, reverse: bool) -> list[int]:
        """Any papers (a filter's result) in the order of :meth:`order`.

        Many papers are picked out of the whole order by a mark per paper, in chunks: one
        ``sorted`` call over 100,000 of them would hold the interpreter for about 50 ms.
        """
        if len(items) <= _CHUNK:
            return sorted(items, key=self.rank(key, reverse).__getitem__)
        order = self.order(key, reverse)
        marks = bytearray(len(order))
        for start in range(0, len(items), _CHUNK):
            deque(map(marks.__setitem__, items[start : start + _CHUNK], repeat(1)), 0)
        out: list[int] = []
        for start in range(0, len(order), _CHUNK):
            chunk = order[start : start + _CHUNK]
            out.extend(compress(chunk, map(marks.__getitem__, chunk)))
        return out

    def warm(self, should_stop: Callable[[], bool] = _never) -> bool:
        """Work out every order and rank now (for a worker thread); False if stopped."""
        try:
            for key in SORT_KEYS:
                for reverse in (key == "year", key != "year"):
                    if (key, reverse) in self._ranks:
                        continue
                    with self._lock:
                        if key not in self._dense:
                            self._dense[key] = self._make_dense(key, should_stop)
                        order = self._orders.get((key, reverse))
                        if order is None:
                            order = self._carried_order(key, reverse)
                        if order is None:
                            order = self._make_order(self._dense[key], reverse, should_stop)
                            self._orders[(key, reverse)] = order
                        self._ranks[(key, reverse)] = self._make_rank(order, should_stop)
        except _Stopped:
            return False
        return True

    def carry(self, old: PaperOrders, carried: Sequence[int]) -> None:
        """Take ``old``'s orders over, each when first asked for: these papers are ``old``'s
        through ``carried`` (each old paper's number here, -1: gone), then new papers after
        them, the same for the papers carried (an edit's regrouping keeps them so).

        A reload after an edit then costs a few milliseconds of list work and a binary
        search per new paper, where sorting every paper again took 30-50 ms at 43,000
        papers, on the way of the edit to the screen.
        """
        table = carried.tolist() if isinstance(carried, array) else list(carried)
        self._carried = (dict(old._orders), table)

    def _carried_order(self, key: str, reverse: bool) -> array[int] | None:
        if self._carried is None:
            return None
        orders, carried = self._carried
        order = orders.get((key, reverse))
        if order is None:
            return None
        first_new = len(carried) - carried.count(-1)
        kept = list(filter((-1).__ne__, map(carried.__getitem__, order)))
        papers = self._papers
        if len(kept) != first_new or len(papers) < first_new:
            self._carried = None  # not the numbering described: sort afresh
            return None
        make = _KEY_FUNCTIONS[key]
        values: dict[int, Any] = {n: make(papers[n]) for n in range(first_new, len(papers))}
        new = sorted(values, key=values.__getitem__, reverse=reverse)  # ties: by number
        places = sorted(  # in that order where they share a place
            ((_place(kept, papers, make, values[n], reverse), n) for n in new),
            key=itemgetter(0),
        )
        merged = array("i")
        previous = 0
        for place, paper in places:
            merged.extend(kept[previous:place])
            merged.append(paper)
            previous = place
        merged.extend(kept[previous:])
        return merged

    # -- making ---------------------------------------------------------------------------
    def _make_dense(self, key: str, stop: Callable[[], bool]) -> array[int]:
        make = _KEY_FUNCTIONS[key]
        papers = self._papers
        keys: list[Hashable] = []
        for start in range(0, len(papers), _CHUNK):
            if stop():
                raise _Stopped
            keys.extend(make(p) for p in papers[start : start + _CHUNK])
        position = {value: n for n, value in enumerate(_sorted_gently(list(set(keys)), stop))}
        return array("i", [position[k] for k in keys])

    @staticmethod
    def _make_order(dense: array[int], reverse: bool, stop: Callable[[], bool]) -> array[int]:
        # A counting sort: stable, so ties keep the library's order in both directions.
        size = max(dense, default=-1) + 1
        counts = [0] * size
        for value in dense:
            counts[value] += 1
        starts = [0] * size
        total = 0
        for value in range(size - 1, -1, -1) if reverse else range(size):
            starts[value] = total
            total += counts[value]
        if stop():
            raise _Stopped
        order = array("i", bytes(len(dense) * array("i").itemsize))
        for paper, value in enumerate(dense):
            order[starts[value]] = paper
            starts[value] += 1
        return order

    @staticmethod
    def _make_rank(order: array[int], stop: Callable[[], bool]) -> array[int]:
        if stop():
            raise _Stopped
        rank = array("i", bytes(len(order) * array("i").itemsize))
        for position, paper in enumerate(order):
            rank[paper] = position
        return rank
