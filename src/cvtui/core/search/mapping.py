"""Between the index's stable document keys (refs) and one library's item numbers.

A ref names a source file (by the number the index gave it), a kind and a number within
the file (:func:`~.documents.local_of`). Item numbers change whenever a file before them
gains or loses a paper; refs do not, so one changed file never renumbers the index. Each
library works out its own mapping, once, from the files it was loaded from.

Paper documents are entries (what one profile lists); their items are the library's works,
so the entries of a shared paper map to one item, and a work stands for all its entries'
documents.
"""

from __future__ import annotations

import threading
import weakref
from array import array
from collections.abc import Iterable, Sequence
from itertools import accumulate
from operator import attrgetter
from typing import TYPE_CHECKING

from .documents import EVENTS, PAPERS, PEOPLE, KindSpec, local_of
from .engine import KIND_SHIFT as _KIND_SHIFT
from .engine import ref_kind, ref_local, ref_of, ref_src

if TYPE_CHECKING:
    from ..model import Library

__all__ = ["Items"]

_PERSON, _PAPER = PEOPLE.code, PAPERS.code
_LOCAL_MASK = (1 << _KIND_SHIFT) - 1
_PERSON_SHIFT = 48
"""An event's key: its person above this bit, its number in the person's file below."""
_WORK_BIT = 1 << 47
"""Set in the key of a paper's event, whose number is its work's."""


class Items:
    """Refs ↔ item numbers of ``library``, given each person's source number (-1: none)."""

    def __init__(self, library: Library, sources: Iterable[int]) -> None:
        # Weakly: the library's index holds this, and must not keep the library alive.
        self._library = weakref.ref(library)
        self.src_of_person = array("q", sources)
        self.person_of_src = dict(
            zip(self.src_of_person, range(len(self.src_of_person)), strict=True)
        )
        self.person_of_src.pop(-1, None)  # not in the index
        # Each person's first paper entry and number of them (C loops: 10,000 people and
        # more, again after every edit).
        counts = array("q", map(len, map(attrgetter("papers"), library.people)))
        self._paper_start = array("q", accumulate(counts, initial=0))[: len(counts)]
        self._paper_count = counts
        self._lock = threading.Lock()
        self._event_of_key: dict[int, int] | None = None
        self._work_events: array | None = None  # paper events, by work (then oldest first)
        self._work_starts: array | None = None  # where each work's run of them starts

    @property
    def library(self) -> Library:
        found = self._library()
        if found is None:
            raise ReferenceError("the library is gone")
        return found

    # -- ref → item -----------------------------------------------------------------------------
    def item(self, ref: int) -> int | None:
        """The item a document stands for (None: not in this library)."""
        person = self.person_of_src.get(ref_src(ref))
        if person is None:
            return None
        kind, local = ref_kind(ref), ref_local(ref)
        if kind == _PAPER:
            if local >= self._paper_count[person]:
                return None
            return self.library.entry_work[self._paper_start[person] + local]
        if kind == _PERSON:
            return person
        return self._events().get(person << _PERSON_SHIFT | local)

    # -- item → ref -----------------------------------------------------------------------------
    def ref(self, spec: KindSpec, item: int) -> int | None:
        """The document of item ``item`` of ``spec`` (None: not indexed)."""
        lib = self.library
        if spec is PEOPLE:
            if not 0 <= item < len(lib.people):
                return None
            src = self.src_of_person[item]
            return ref_of(src, PEOPLE.code, 0) if src >= 0 else None
        if spec is PAPERS:
            if not 0 <= item < len(lib.papers):
                return None
            return self._entry_ref(lib.works[item].entries[0])
        if not 0 <= item < len(lib.events):
            return None
        event = lib.events[item]
        src = self.src_of_person[event.person]
        if src < 0:
            return None
        if event.kind == "paper":  # the person's entry of the work, or its first entry
            return self._entry_ref(lib.entry_for(event.ref, event.person))
        return ref_of(src, EVENTS.code, local_of(EVENTS, event))

    def _entry_ref(self, entry: int) -> int | None:
        owner = self.library.entry_owner[entry]
        src = self.src_of_person[owner]
        return ref_of(src, PAPERS.code, entry - self._paper_start[owner]) if src >= 0 else None

    def refs(self, spec: KindSpec, items: Iterable[int]) -> list[int]:
        """The documents of ``items``: for works, every entry's."""
        if spec is not PAPERS:
            return [r for r in (self.ref(spec, i) for i in items) if r is not None]
        works = self.library.works
        count = len(works)
        entry_ref = self._entry_ref
        return [
            r
            for w in items
            if 0 <= w < count
            for r in map(entry_ref, works[w].entries)
            if r is not None
        ]

    # -- timeline events ------------------------------------------------------------------------
    def _events(self) -> dict[int, int]:
        """Event key → timeline event: ``person << _PERSON_SHIFT`` and the event's document
        number, or for a paper event :data:`_WORK_BIT` and its work (plain integers, not
        pairs: about 10 MB less at 100,000 events)."""
        found = self._event_of_key
        if found is None:
            with self._lock:
                found = self._event_of_key
                if found is None:
                    found = {}
                    works: list[int] = []
                    paper_events: list[int] = []
                    for i, event in enumerate(self.library.events):
                        key = event.person << _PERSON_SHIFT
                        if event.kind == "paper":  # one per person of the work
                            found[key | _WORK_BIT | event.ref] = i
                            works.append(event.ref)
                            paper_events.append(i)
                        else:
                            found[key | local_of(EVENTS, event)] = i
                    order = sorted(range(len(works)), key=works.__getitem__)  # stable
                    counts = array("q", bytes(8 * (len(self.library.papers) + 1)))
                    for work in works:
                        counts[work + 1] += 1
                    self._work_events = array("q", map(paper_events.__getitem__, order))
                    self._work_starts = array("q", accumulate(counts))
                    self._event_of_key = found
        return found

    def paper_event(self, ref: int) -> int:
        """The timeline event of a paper entry's document: its person's event of the work
        (-1: none, the paper being undated)."""
        work = self.item(ref)
        if work is None:
            return -1
        person = self.person_of_src.get(ref_src(ref))
        found = None
        if person is not None:
            found = self._events().get(person << _PERSON_SHIFT | _WORK_BIT | work)
        return found if found is not None else self.event_of_paper(work)

    def paper_events(self, work: int) -> Sequence[int]:
        """Every timeline event of work ``work``: one per person it is a paper of."""
        self._events()
        events, starts = self._work_events, self._work_starts
        assert events is not None and starts is not None
        if not 0 <= work < len(starts) - 1:
            return ()
        return events[starts[work] : starts[work + 1]]

    def event_of_paper(self, paper: int) -> int:
        """The first timeline event of work ``paper`` (-1: it has none, being undated)."""
        events = self.paper_events(paper)
        return events[0] if events else -1
