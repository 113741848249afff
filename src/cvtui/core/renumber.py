"""Where the people and papers of a library are in a reloaded one.

Lists on screen hold item numbers (indexes into ``library.people`` or ``library.papers``). When
a few files are reloaded, these mappings find the new number of every shown item cheaply, so
a reload of one file in a set of 100,000 papers costs milliseconds, not a second.

A person is the same person when the id is the same; a paper (a work) is the same work when
its key is (see :class:`cvtui.core.works.Work`).
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Library

__all__ = ["ItemMapping", "paper_mapping", "person_mapping", "unchanged"]

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
    papers as before, else the one with the same paper id.
    """
    old_keys, new_keys = old.grouping.keys, new.grouping.keys
    if old_keys == new_keys:
        return unchanged

    def move(index: int) -> int | None:
        if not 0 <= index < len(old_keys):
            return None
        found = new.work_by_key(old_keys[index])
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

    return move
