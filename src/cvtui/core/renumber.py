"""Where the people and papers of a library are in a reloaded one.

Lists on screen hold item numbers (indexes into ``library.people`` or ``library.papers``). When
a few files are reloaded, these mappings find the new number of every shown item cheaply, so
a reload of one file in a set of 100,000 papers costs milliseconds, not a second.

A person is the same person when the id is the same; a paper (a work) is the same work when
its key is (see :class:`cvtui.core.works.Work`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

from .model import Library

__all__ = [
    "ItemMapping",
    "WorkMapping",
    "map_items",
    "paper_mapping",
    "person_mapping",
    "unchanged",
]

ItemMapping = Callable[[int], "int | None"]


def unchanged(index: int) -> int | None:
    """Every item keeps its number (the mapping when nothing moved)."""
    return index


def person_mapping(old: Library, new: Library) -> ItemMapping:
    """Old person index → new person index (None: the person is gone)."""
    old_ids = [person.id for person in old.people]
    new_ids = [person.id for person in new.people]
    if old_ids == new_ids:
        return unchanged
    where = {pid: n for n, pid in enumerate(new_ids)}

    def move(index: int) -> int | None:
        return where.get(old_ids[index])

    return move


def paper_mapping(old: Library, new: Library) -> ItemMapping:
    """Old work index → new work index (None: the work is gone).

    A work is found again by its key; one whose key changed (its title edited, say) by its
    first entry: the same profile's paper at the same position when that profile has as many
    papers as before, else the one with the same paper id. After an edit, the works ``new``
    kept from ``old`` are known (:meth:`Library.works_carried_from`): only those grouped
    again are looked up, among the works grouped again.
    """
    old_keys, new_keys = old.grouping.keys, new.grouping.keys
    if old_keys == new_keys:
        return unchanged
    carried = new.works_carried_from(old)
    if carried is None:
        return WorkMapping(old, new, new.work_by_key)
    first_fresh = len(carried) - carried.count(-1)
    fresh = {key: n for n, key in enumerate(new_keys[first_fresh:], first_fresh)}
    return WorkMapping(old, new, fresh.get, carried)


class WorkMapping:
    """:func:`paper_mapping`'s answer: a mapping, and :meth:`many` to map a long list."""

    __slots__ = ("_by_key", "_carried", "_new", "_old")

    def __init__(
        self,
        old: Library,
        new: Library,
        by_key: Callable[[str], int | None],
        carried: array | None = None,
    ) -> None:
        self._old, self._new, self._by_key, self._carried = old, new, by_key, carried

    def __call__(self, index: int) -> int | None:
        carried = self._carried
        if carried is not None and 0 <= index < len(carried) and carried[index] >= 0:
            return carried[index]
        return self._looked_up(index)

    def many(self, items: Sequence[int]) -> list[int | None]:
        """``[self(i) for i in items]``; a list of 100,000 works in C but for the few works
        grouped again."""
        carried = self._carried
        if carried is None or (items and not 0 <= min(items) <= max(items) < len(carried)):
            return list(map(self, items))
        out: list[int | None] = list(map(carried.tolist().__getitem__, items))  # (list: quicker)
        at = -1
        try:
            while True:
                at = out.index(-1, at + 1)
                out[at] = self._looked_up(items[at])
        except ValueError:  # no -1 left
            return out

    def _looked_up(self, index: int) -> int | None:
        old, new = self._old, self._new
        if not 0 <= index < len(old.grouping.keys):
            return None
        found = self._by_key(old.grouping.keys[index])
        if found is not None:
            return found
        person, ref = old.entry_ref(old.works[index].entries[0])
        n = new.find_person(person.id)
        if n is None:
            return None
        entries = new.entries_of(person.id)
        if len(entries) == len(person.papers):
            return new.entry_work[entries[ref]]
        try:
            return new.entry_work[new.entry_index(person.id, person.papers[ref].id)]
        except KeyError:
            return None


def map_items(move: ItemMapping, items: Sequence[int]) -> list[int | None]:
    """Each of ``items`` through ``move`` (a long list quickly, when ``move`` can)."""
    if isinstance(move, WorkMapping):
        return move.many(items)
    return list(map(move, items))
