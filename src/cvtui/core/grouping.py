"""Everything a library works out across profiles, once: works, who is on each, look-alikes.

Grouping 100,000 entries into works, linking every author string to a profile and looking for
profiles that may be one person takes a second or two; the result depends only on the
profiles, so it is computed once per change of the profile set and kept in the cache
(:mod:`cvtui.core.cache`) as a :class:`Grouping`, not recomputed per view or per process.
It is stored as flat arrays, which read back in milliseconds and are used as they are.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, chain, repeat
from operator import sub
from typing import overload

import msgspec

from .authors import AuthorLinker, normalize_name, same_person_warnings
from .bounds import bounded
from .model import Paper, Person
from .problems import Problem
from .works import group_works

__all__ = [
    "EMPTY_GROUPING",
    "UINT",
    "Grouping",
    "Ragged",
    "build_grouping",
    "coauthor_names",
    "compute_grouping",
    "invert",
    "is_mixed",
    "people_of",
    "uints",
]

UINT = "I" if array("I").itemsize == 4 else "L"
"""The type code of the unsigned 32-bit arrays that works, entries and people are kept in."""


def uints(data: bytes) -> array:
    """``data`` (bytes of such an array) as the array."""
    return array(UINT, data)


class Ragged(Sequence[tuple[int, ...]]):
    """A list of tuples of numbers kept as one flat array and its offsets."""

    __slots__ = ("_flat", "_offsets")

    def __init__(self, offsets: array, flat: array) -> None:
        self._offsets = offsets
        self._flat = flat

    @classmethod
    def of(cls, rows: Sequence[Sequence[int]]) -> Ragged:
        made = cls(array(UINT, [0]), array(UINT))
        made._append(rows)
        return made

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> tuple[int, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, ...]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, ...] | list[tuple[int, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        offsets = self._offsets
        return tuple(self._flat[offsets[index] : offsets[index + 1]])

    @property
    def flat(self) -> array:
        return self._flat

    @property
    def offsets(self) -> array:
        return self._offsets

    def size(self, index: int) -> int:
        return self._offsets[index + 1] - self._offsets[index]

    def first(self, index: int) -> int:
        return self._flat[self._offsets[index]]

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        for i in range(len(self)):
            yield self[i]

    def bytes(self) -> tuple[bytes, bytes]:
        return self._offsets.tobytes(), self._flat.tobytes()

    def numbers(self) -> array:
        """Each value's row number, in the order of :attr:`flat`."""
        sizes = map(sub, self._offsets[1:], self._offsets[:-1])
        return array(UINT, chain.from_iterable(map(repeat, range(len(self)), sizes)))

    def edited(
        self,
        gone: Sequence[int],
        mapping: Sequence[int] | None,
        replaced: Mapping[int, Sequence[int]],
        added: Sequence[Sequence[int]],
    ) -> Ragged | None:
        """The rows but those numbered in ``gone``, each value through ``mapping`` (None:
        values stay as they are); rows ``replaced`` (by their number here, none of them
        gone) taken as given instead; ``added`` at the end. None when a kept value maps
        below 0 (its target is gone).

        Regrouping after an edit keeps nearly every row: copying the runs of rows between
        the few cut ones as arrays costs milliseconds where rebuilding each row as a tuple
        cost a hundred (and values that stay are copied as they are, not one by one).
        """
        offsets, flat = self._offsets, self._flat
        new_offsets = array(UINT, [0])
        # Mapped values are gathered in a list: a list takes a mapped value in a third of the
        # time an array does (100,000 values: 4 against 11 ms).
        values: list[int] | array = [] if mapping is not None else array(UINT)
        previous = 0
        for stop in (*sorted({*gone, *replaced}), len(self)):
            if stop > previous:  # rows previous..stop-1 kept, their values mapped
                shift = len(values) - offsets[previous]
                kept = flat[offsets[previous] : offsets[stop]]
                values.extend(kept if mapping is None else map(mapping.__getitem__, kept))
                ends = offsets[previous + 1 : stop + 1]
                new_offsets.extend(ends if shift == 0 else map(int.__add__, ends, repeat(shift)))
            row = replaced.get(stop)
            if row is not None:
                values.extend(row)
                new_offsets.append(len(values))
            previous = stop + 1
        if mapping is not None and values and min(values) < 0:
            return None
        out = Ragged(new_offsets, values if isinstance(values, array) else array(UINT, values))
        out._append(added)
        return out

    def _append(self, rows: Iterable[Sequence[int]]) -> None:
        """``rows`` added at the end (only while the rows are being made), in C loops: one
        ``extend`` per row was a third of regrouping after an edit at 10,000 profiles."""
        rows = rows if isinstance(rows, (list, tuple)) else list(rows)
        flat = self._flat
        ends = accumulate(map(len, rows), initial=len(flat))
        next(ends)  # the start: already the last offset
        flat.extend(chain.from_iterable(rows))
        self._offsets.extend(ends)


class Grouping(msgspec.Struct, array_like=True, frozen=True):
    """Works and their people as flat arrays of unsigned 32-bit numbers.

    ``work_entries``: each work's entry numbers; ``entry_work``: each entry's work;
    ``work_people``: each work's profiles (holders first, then other authors who have one);
    ``person_works``: the inverse, each person's works in work order; ``mixed``: the works
    whose entries are not all equal (their record is merged at load); ``reasons``: why the
    entries of a work of several were grouped; ``warnings``: profiles that may be one person.
    """

    keys: tuple[str, ...]
    work_entries: tuple[bytes, bytes]
    entry_work: bytes
    work_people: tuple[bytes, bytes]
    person_works: tuple[bytes, bytes]
    mixed: bytes
    reasons: dict[int, tuple[str, ...]]
    warnings: tuple[Problem, ...] = ()

    def ragged(self, name: str) -> Ragged:
        offsets, flat = getattr(self, name)
        return Ragged(uints(offsets), uints(flat))

    def fits(self, entries: int, people: int) -> bool:
        """Whether this grouping can belong to a library of this size (a cheap guard
        against a damaged cache; the cache itself checks it belongs to these very files)."""
        try:
            work_entries = self.ragged("work_entries")
            work_people = self.ragged("work_people")
            person_works = self.ragged("person_works")
            entry_work = uints(self.entry_work)
        except ValueError:
            return False
        works = len(self.keys)
        return (
            len(work_entries) == works
            and len(work_people) == works
            and len(entry_work) == entries
            and len(person_works) == people
            and (not entry_work or max(entry_work) < works)
            and (not work_entries._flat or max(work_entries._flat) < entries)
            and (not work_people._flat or max(work_people._flat) < people)
            and (not person_works._flat or max(person_works._flat) < works)
        )


def compute_grouping(
    people: Sequence[Person],
    sources: Sequence[str],
    entries: Sequence[Paper],
    owners: Sequence[int],
    linker: AuthorLinker,
) -> Grouping:
    """Group ``entries`` (``entries[i]`` held by ``people[owners[i]]``) and link their people."""
    works, _ = group_works(entries, [people[o] for o in owners])
    work_entries = [w.entries for w in works]
    work_people = [people_of(held, entries, owners, linker) for held in work_entries]
    person_works = invert(work_people, len(people))
    warnings = same_person_warnings(
        people, sources, coauthor_names(person_works, work_entries, entries)
    )
    return build_grouping(
        [w.key for w in works],
        work_entries,
        len(entries),
        work_people,
        person_works,
        [n for n, held in enumerate(work_entries) if is_mixed(held, entries)],
        {n: w.reasons for n, w in enumerate(works) if w.reasons},
        warnings,
    )


def build_grouping(
    keys: Sequence[str],
    work_entries: Sequence[Sequence[int]],
    entry_count: int,
    work_people: Sequence[Sequence[int]],
    person_works: Sequence[Sequence[int]],
    mixed: Sequence[int],
    reasons: dict[int, tuple[str, ...]],
    warnings: Sequence[Problem],
    entry_work: array | None = None,
) -> Grouping:
    """Pack what grouping found into a :class:`Grouping` (rows given as a :class:`Ragged`
    are taken as they are; ``entry_work``, each entry's work, is worked out when not
    given)."""
    held = _ragged(work_entries)
    if entry_work is None:
        entry_work = array(UINT, [0]) * entry_count
        deque(map(entry_work.__setitem__, held.flat, held.numbers()), maxlen=0)
    return Grouping(
        tuple(keys),
        held.bytes(),
        entry_work.tobytes(),
        _ragged(work_people).bytes(),
        _ragged(person_works).bytes(),
        array(UINT, mixed).tobytes(),
        reasons,
        tuple(warnings),
    )


def _ragged(rows: Sequence[Sequence[int]]) -> Ragged:
    return rows if isinstance(rows, Ragged) else Ragged.of(rows)


def invert(work_people: Sequence[Sequence[int]], people: int) -> list[list[int]]:
    """Each person's works, in work order, from each work's people."""
    linked = _ragged(work_people)
    person_works: list[list[int]] = [[] for _ in range(people)]
    lists = map(person_works.__getitem__, linked.flat)
    deque(map(list.append, lists, linked.numbers()), maxlen=0)
    return person_works


def is_mixed(held: Sequence[int], entries: Sequence[Paper]) -> bool:
    """Whether a work's entries differ (its record must be merged from them)."""
    return len(held) > 1 and any(entries[e] != entries[held[0]] for e in held[1:])


def coauthor_names(
    person_works: Sequence[Sequence[int]],
    work_entries: Sequence[Sequence[int]],
    entries: Sequence[Paper],
) -> Callable[[int], set[str]]:
    """Person → normalised names of everyone on their works (asked for few people)."""

    def coauthors(i: int) -> set[str]:
        names: set[str] = set()
        for number in person_works[i]:
            names.update(
                map(normalize_name, bounded(entries[work_entries[number][0]].author_names))
            )
        return names

    return coauthors


def people_of(
    held: Sequence[int], entries: Sequence[Paper], owners: Sequence[int], linker: AuthorLinker
) -> tuple[int, ...]:
    """The holders of a work of entries ``held``, then every author of any of its entries
    who has a profile."""
    found: dict[int, None] = dict.fromkeys(owners[e] for e in held)
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for e in held:
        paper = entries[e]
        pair = (paper.authors, paper.author_ids)
        if pair in seen:
            continue
        seen.add(pair)
        ids = paper.author_ids
        for n, name in enumerate(bounded(paper.author_names)):
            linked = linker.link(name, ids[n] if n < len(ids) else "")
            if linked is not None:
                found[linked] = None
    return tuple(found)


EMPTY_GROUPING = build_grouping((), (), 0, (), (), (), {}, ())
"""The grouping of no entries (what a library without papers has)."""
