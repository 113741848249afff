"""Grouping again after a few profile files changed, touching only the works they affect.

Grouping a whole profile set takes seconds at 100,000 entries; an edited file should show in
a fraction of one. A changed file can only change the works that hold its entries (old or
new), the works of files that share an identifier or a title with those entries, and the
author links of works that name its person. :class:`~cvtui.core.grouping_state.GroupingState`
remembers which files share each identifier, title and author name; :func:`regroup` groups
just the affected entries again and keeps every other work as it was.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from .authors import AuthorLinker, same_person_warnings
from .grouping import (
    UINT,
    Grouping,
    Ragged,
    build_grouping,
    coauthor_names,
    invert,
    is_mixed,
    people_of,
    uints,
)
from .grouping_state import GroupingState, keys_of
from .model import Paper, Person
from .works import EntryKeys, group_entries, unique_key

__all__ = ["Regrouped", "regroup"]

_PAPERS = attrgetter("papers")


class Regrouped(NamedTuple):
    """A grouping made from an old one, and where the old works went."""

    grouping: Grouping
    carried: array
    """Each old work's number in the new grouping, or -1 for one grouped again (the works
    kept are the first ones, in their old order; those grouped again come after them)."""


def regroup(
    old_people: Sequence[Person],
    old_sources: Sequence[str],
    old_entry_owner: Sequence[int],
    old: Grouping,
    state: GroupingState,
    people: Sequence[Person],
    sources: Sequence[str],
    entries: Sequence[Paper],
    owners: Sequence[int],
    linker: AuthorLinker,
    starts: tuple[Sequence[int], Sequence[int]] | None = None,
) -> Regrouped | None:
    """The grouping of the new library from the old one, or None when too much changed (a
    full grouping is then as quick). ``state`` is brought up to date for the new library.
    ``starts``: each old and each new person's first entry number, when known."""
    old_at = {s: i for i, s in enumerate(old_sources)}
    new_at = {s: i for i, s in enumerate(sources)}
    if len(old_at) != len(old_sources) or len(new_at) != len(sources):
        return None  # sources do not name people one to one
    if list(old_sources) == list(sources):  # the same files: compare people in place
        touched = {s for s, a, b in zip(sources, old_people, people, strict=True) if a is not b}
    else:
        touched = {
            s
            for s in new_at.keys() | old_at.keys()
            if _person_at(old_people, old_at, s) is not _person_at(people, new_at, s)
        }
    if len(touched) > max(8, len(sources) // 20):
        return None
    old_start, new_start = starts if starts is not None else (_starts(old_people), _starts(people))

    keys = EntryKeys()
    new_keys = {s: keys_of(people[new_at[s]], keys) for s in touched if s in new_at}
    old_keys = {s: keys_of(old_people[old_at[s]], keys) for s in touched if s in old_at}
    affected = set(touched)
    for s in touched:
        affected |= state.related(old_keys.get(s, ()))
        affected |= state.related(new_keys.get(s, ()))
    changed_people = [
        p
        for s in touched
        for p in (_person_at(old_people, old_at, s), _person_at(people, new_at, s))
        if p is not None
    ]

    # Every old entry's number in the new library (-1: its file changed), made per file.
    entry_map, entries_stay = _entry_map(
        old_people, old_sources, old_start, new_at, new_start, touched
    )
    old_entries = old.ragged("work_entries")
    old_entry_work = uints(old.entry_work)

    def works_of_files(files: Iterable[str]) -> set[int]:
        found: set[int] = set()
        for s in files:
            o = old_at.get(s)
            if o is not None:
                start = old_start[o]
                found.update(old_entry_work[start : start + len(old_people[o].papers)])
        return found

    redo = works_of_files(affected)
    relink = works_of_files(state.naming(changed_people) | affected) - redo

    # Entries to group again: those of the works to redo (where they are now) and the new ones.
    pending: set[int] = set()
    for w in redo:
        pending.update(n for n in map(entry_map.__getitem__, old_entries[w]) if n >= 0)
    for s, file_keys in new_keys.items():
        start = new_start[new_at[s]]
        pending.update(range(start, start + len(file_keys)))
    order = sorted(pending)
    sub_works, _ = group_entries([keys.entry(entries[e], people[owners[e]]) for e in order])
    sub_entries = [tuple(order[i] for i in work.entries) for work in sub_works]

    # Kept works: the old ones in their order, but those redone; the regrouped ones after them.
    gone = sorted(redo)
    renumber = _renumbering(gone)
    kept = len(old.keys) - len(gone)
    carried = _carried(len(old.keys), gone)  # a list: mapping through it is quicker
    people_stay = list(old_sources) == list(sources)
    person_map = array("i", [new_at.get(s, -1) for s in old_sources])
    relinked = {
        w: people_of(
            [n for n in map(entry_map.__getitem__, old_entries[w]) if n >= 0],
            entries,
            owners,
            linker,
        )
        for w in relink
    }
    sub_people = [people_of(held, entries, owners, linker) for held in sub_entries]
    work_entries = old_entries.edited(gone, None if entries_stay else entry_map, {}, sub_entries)
    work_people = old.ragged("work_people").edited(
        gone, None if people_stay else person_map, relinked, sub_people
    )
    if work_entries is None or work_people is None:  # a removed file's entries or person
        work_entries = Ragged.of([*_kept(old_entries, gone, entry_map), *sub_entries])
        rows = _kept(old.ragged("work_people"), gone, person_map)
        rows.extend(sub_people)
        for w, linked in relinked.items():
            rows[renumber(w)] = linked
        work_people = Ragged.of(rows)
    work_keys = [key for run in _runs(len(old.keys), gone) for key in old.keys[run]]
    used = set(work_keys)
    work_keys += [unique_key(work.key.split("#", 1)[0], used) for work in sub_works]
    reasons = dict(zip(map(carried.__getitem__, old.reasons), old.reasons.values(), strict=True))
    reasons.pop(-1, None)  # (the works grouped again: their reasons are worked out again)
    reasons.update({kept + n: work.reasons for n, work in enumerate(sub_works) if work.reasons})
    mixed = list(filter((-1).__ne__, map(carried.__getitem__, uints(old.mixed))))
    mixed += [kept + n for n, held in enumerate(sub_entries) if is_mixed(held, entries)]

    person_works: Sequence[Sequence[int]] | None = None
    if people_stay:
        person_works = _person_works(old, carried, relinked, sub_people, kept)
    if person_works is None:
        person_works = invert(work_people, len(people))
    entry_work = None
    if entries_stay and len(entries) == len(old_entry_work):
        entry_work = _entry_work(old_entry_work, carried, sub_entries, kept)
    kept_warnings = [
        w
        for w in old.warnings
        if w.path not in touched and not any(s in w.message for s in touched)
    ]
    for s in touched:
        state.remove(s, _person_at(old_people, old_at, s), old_keys.get(s, ()))
        if s in new_at:
            state.add(s, people[new_at[s]], new_keys[s])
    new_indices = {new_at[s] for s in touched if s in new_at}
    warnings = kept_warnings + same_person_warnings(
        people,
        sources,
        coauthor_names(person_works, work_entries, entries),
        only=new_indices,
        groups=state.same_person_groups((people[i] for i in new_indices), new_at),
    )
    grouping = build_grouping(
        work_keys,
        work_entries,
        len(entries),
        work_people,
        person_works,
        mixed,
        reasons,
        warnings,
        entry_work,
    )
    return Regrouped(grouping, array("i", carried))


def _person_works(
    old: Grouping,
    carried: list[int],
    relinked: Mapping[int, Sequence[int]],
    sub_people: Sequence[Sequence[int]],
    kept: int,
) -> Ragged | None:
    """Each person's works after an edit that kept the people as they were: the old rows
    through ``carried``, but those of the people of the works grouped again or linked
    again, made afresh (inverting every work's people was 15 ms at 43,000 works).
    ``relinked``: the new people of kept works, by old number; ``sub_people``: those of
    the works grouped again, numbered from ``kept``."""
    old_rows = old.ragged("person_works")
    old_people = old.ragged("work_people")
    gained: dict[int, list[int]] = {}
    lost: set[tuple[int, int]] = set()  # (person, old work) no longer linked
    affected: set[int] = set()
    for w in _gone_works(carried):
        affected.update(old_people[w])
    for w, linked in relinked.items():
        before = old_people[w]
        affected.update(before)
        affected.update(linked)
        lost.update((p, w) for p in before if p not in linked)
        for p in linked:
            if p not in before:
                gained.setdefault(p, []).append(carried[w])
    for n, linked in enumerate(sub_people):
        for p in linked:
            gained.setdefault(p, []).append(kept + n)
    affected.update(gained)
    replaced = {}
    for p in affected:
        row = [carried[w] for w in old_rows[p] if carried[w] >= 0 and (p, w) not in lost]
        row.extend(gained.get(p, ()))
        replaced[p] = sorted(row)
    return old_rows.edited((), carried, replaced, ())  # (None: a row kept a work gone)


def _gone_works(carried: list[int]) -> Iterator[int]:
    """The old works grouped again (their number in ``carried`` is -1)."""
    at = -1
    try:
        while True:
            at = carried.index(-1, at + 1)
            yield at
    except ValueError:
        return


def _entry_work(
    old_entry_work: array, carried: list[int], sub_entries: Sequence[Sequence[int]], kept: int
) -> array | None:
    """Each entry's work after an edit that moved no entry: the old ones through
    ``carried``, the entries grouped again set to their new works (None if one is left)."""
    entry_work = list(map(carried.__getitem__, old_entry_work))
    for n, held in enumerate(sub_entries):
        for e in held:
            entry_work[e] = kept + n
    if entry_work and min(entry_work) < 0:
        return None
    return array(UINT, entry_work)


def _carried(count: int, gone: Sequence[int]) -> list[int]:
    """Each of ``count`` old works' new number once those in ``gone`` (sorted) are taken
    out, -1 for those."""
    carried = [-1] * count
    kept = 0
    for run in _runs(count, gone):
        size = run.stop - run.start
        carried[run] = range(kept, kept + size)
        kept += size
    return carried


def _entry_map(
    old_people: Sequence[Person],
    old_sources: Sequence[str],
    old_start: Sequence[int],
    new_at: dict[str, int],
    new_start: Sequence[int],
    touched: set[str],
) -> tuple[list[int], bool]:
    """Every old entry's number in the new library (-1: its file changed), and whether
    every entry of a file that did not change keeps its number.

    Between two changed files the people keep their order, so their entries move by one
    shift: a run of such files is mapped as one range, not file by file.
    """
    total = old_start[-1] + len(old_people[-1].papers) if old_people else 0
    entry_map = [-1] * total  # a list: made from ranges and read through quicker than an array
    run: tuple[int, int, int] | None = None  # first old person, its new number, the shift
    stay = True
    for o, source in enumerate((*old_sources, None)):
        n = new_at.get(source) if source is not None and source not in touched else None
        if run is not None and n == run[1] + o - run[0] and new_start[n] - old_start[o] == run[2]:
            continue  # the run goes on
        if run is not None:
            start, end = old_start[run[0]], old_start[o] if o < len(old_start) else total
            entry_map[start:end] = range(start + run[2], end + run[2])
            stay = stay and (run[2] == 0 or start == end)
        run = None if n is None else (o, n, new_start[n] - old_start[o])
    return entry_map, stay


def _runs(count: int, gone: Sequence[int]) -> list[slice]:
    """The slices of ``range(count)`` left when the numbers in ``gone`` (sorted) are taken out."""
    out, previous = [], 0
    for stop in (*gone, count):
        if stop > previous:
            out.append(slice(previous, stop))
        previous = stop + 1
    return out


def _kept(rows: Ragged, gone: Sequence[int], mapping: Sequence[int]) -> list[tuple[int, ...]]:
    """``rows`` but those numbered in ``gone`` (sorted), each value through ``mapping`` (a
    value mapped to -1 is left out)."""
    flat = array("i", map(mapping.__getitem__, rows.flat))
    offsets = rows.offsets
    out: list[tuple[int, ...]] = []
    previous = 0
    for stop in (*gone, len(rows)):
        for w in range(previous, stop):
            out.append(tuple(flat[offsets[w] : offsets[w + 1]]))
        previous = stop + 1
    if flat and min(flat) < 0:  # a value whose target is gone (a removed person): dropped
        out = [row if min(row, default=0) >= 0 else tuple(x for x in row if x >= 0) for row in out]
    return out


def _renumbering(gone: Sequence[int]) -> Callable[[int], int]:
    """Old work number → its number once the works in ``gone`` (sorted) are taken out."""

    def renumber(w: int) -> int:
        return w - bisect.bisect_left(gone, w)

    return renumber


def _person_at(people: Sequence[Person], at: dict[str, int], source: str) -> Person | None:
    i = at.get(source)
    return None if i is None else people[i]


def _starts(people: Sequence[Person]) -> list[int]:
    """Each person's first entry number."""
    return list(accumulate(map(len, map(_PAPERS, people)), initial=0))[:-1]
