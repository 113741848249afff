"""The library: every loaded person, their paper entries grouped into works, and indexes.

Each profile keeps its own paper entries (:attr:`Library.entries`, in profile order); the
library groups entries that are one paper into a *work* (:mod:`cvtui.core.works`) and shows
one record per work (:attr:`Library.papers`). A person's papers are the works they are an
author of — including works that only a co-author's profile lists — so counts, timelines
and exports agree whoever's profile holds a paper. Read-only after construction.
"""

from __future__ import annotations

import re
import weakref
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, overload

import msgspec

from .authors import AuthorLinker, normalize_name
from .bounds import bounded
from .events import events_of
from .grouping import EMPTY_GROUPING, UINT, Grouping, Ragged, compute_grouping, uints
from .grouping_state import GroupingState
from .model import Author, Event, Paper, Person, to_builtins
from .problems import Problem
from .regroup import regroup
from .work_records import Disagreement, disagreements, merged_record, profile_notes
from .works import Work

if TYPE_CHECKING:
    from .provenance import Origin
    from .search import Hit

__all__ = ["Library"]

_PAPERS = attrgetter("papers")


class Library:
    """All loaded people, their works, and lookups by id, author and organisation.

    ``entries[e]`` belongs to ``people[entry_owner[e]]`` and is part of work
    ``entry_work[e]``; ``works[w]`` lists its entries, ``papers[w]`` is its record.
    """

    def __init__(
        self,
        people: Sequence[Person],
        problems: Sequence[Problem] = (),
        sources: Sequence[str] = (),
        grouping: Grouping | None = None,
        previous: Library | None = None,
        partial: bool = False,
    ) -> None:
        self.partial = partial
        self.origin: Origin | None = None
        """Where the library was loaded from (set by the loader): lets the search index kept
        beside the cache tell whether it is current."""
        """True for the first screen of a large set: the people, without their papers (see
        :meth:`LibraryLoader.load <cvtui.core.cache.LibraryLoader.load>`'s ``preview``)."""
        self.people: tuple[Person, ...] = tuple(people)
        self.sources: tuple[str, ...] = tuple(sources) or ("",) * len(self.people)
        self._by_id = {p.id: i for i, p in enumerate(self.people)}

        # Every person's entries one after another, in C loops (a loop per person was 5-7 ms
        # of every edit's reload at 10,000 profiles).
        papers = list(map(_PAPERS, self.people))
        sizes = list(map(len, papers))
        self._entry_start: list[int] = list(accumulate(sizes, initial=0))[:-1]
        self.entries: tuple[Paper, ...] = tuple(chain.from_iterable(papers))
        self.entry_owner: tuple[int, ...] = tuple(
            chain.from_iterable(map(repeat, range(len(sizes)), sizes))
        )
        entries, owners = self.entries, self.entry_owner
        self._linker: AuthorLinker | None = None

        self._state: GroupingState | None = None
        self._carried: tuple[weakref.ref[Library], array] | None = None
        self.paper_count: int | None = None
        """How many works there are (known for a partial library when its grouping is)."""
        if partial:
            self._partial(grouping, problems)
            return
        if grouping is not None and not grouping.fits(len(entries), len(self.people)):
            grouping = None
        if grouping is None and previous is not None:
            grouping = self._regrouped(previous, entries, owners)
        if grouping is None:
            grouping = compute_grouping(self.people, self.sources, entries, owners, self.linker)
        self.grouping = grouping
        self.works: Sequence[Work] = _Works(grouping)
        self.entry_work: Sequence[int] = uints(grouping.entry_work)
        work_entries = grouping.ragged("work_entries")
        self.papers: tuple[Paper, ...] = _records(entries, work_entries, grouping, previous)
        self.work_people: Sequence[tuple[int, ...]] = grouping.ragged("work_people")
        self._person_works = grouping.ragged("person_works")
        self.problems: tuple[Problem, ...] = tuple(problems) + grouping.warnings
        self.paper_count = len(self.papers)
        self._caches()

    def _merged_records(self) -> dict[tuple[int, ...], Paper]:
        """The records of works whose entries differ, by their entries' identities (valid
        while this library holds those entries)."""
        work_entries = self.grouping.ragged("work_entries")
        return {
            tuple(id(self.entries[e]) for e in work_entries[n]): self.papers[n]
            for n in uints(self.grouping.mixed)
        }

    def _caches(self) -> None:
        self._by_key: dict[str, int] | None = None
        self._events: list[Event] | None = None
        self._author_index: dict[str, list[int]] | None = None
        self._org_index: dict[str, list[int]] | None = None

    def _partial(self, grouping: Grouping | None, problems: Sequence[Problem]) -> None:
        """No papers yet: each person's count of works (and the total) from the grouping
        kept in the cache, when it belongs to these people."""
        counts_fit = grouping is not None and len(grouping.ragged("person_works")) == len(
            self.people
        )
        self.grouping = grouping if grouping is not None and counts_fit else EMPTY_GROUPING
        empty = EMPTY_GROUPING
        self.works = _Works(empty)
        self.entry_work = array(UINT)
        self.papers = ()
        self.work_people = empty.ragged("work_people")
        self._person_works = (
            self.grouping.ragged("person_works")
            if counts_fit
            else Ragged.of([()] * len(self.people))
        )
        self.problems = tuple(problems) + (self.grouping.warnings if counts_fit else ())
        self.paper_count = len(self.grouping.keys) if counts_fit else None
        self._caches()

    def _regrouped(
        self, previous: Library, entries: Sequence[Paper], owners: Sequence[int]
    ) -> Grouping | None:
        """The grouping from ``previous``'s, when only a few of its files changed."""
        if (
            self._linker is None
            and previous._linker is not None
            and previous.sources == self.sources
        ):
            self._linker = previous.linker.updated(previous.people, self.people)
        state = previous.grouping_state()
        regrouped = regroup(
            previous.people,
            previous.sources,
            previous.entry_owner,
            previous.grouping,
            state,
            self.people,
            self.sources,
            entries,
            owners,
            self.linker,
            (previous._entry_start, self._entry_start),
        )
        if regrouped is None:
            return None
        previous._state, self._state = None, state  # it now describes this library
        self._carried = (weakref.ref(previous), regrouped.carried)
        return regrouped.grouping

    def works_carried_from(self, old: Library) -> array | None:
        """Each of ``old``'s works' number here (-1: grouped again), when this library was
        regrouped from ``old`` (after an edit); else None. Views follow their items and
        keep their sort orders through it, without looking each work up again."""
        if self._carried is None or self._carried[0]() is not old:
            return None
        return self._carried[1]

    def grouping_state(self, pause: Callable[[], None] = lambda: None) -> GroupingState:
        """What regrouping after an edit needs (built on first use: a second at 100k papers,
        so an app builds it in the background after loading, letting ``pause`` wait while
        keys are pressed)."""
        if self._state is None:
            self._state = GroupingState.of(self.people, self.sources, pause)
        return self._state

    @property
    def linker(self) -> AuthorLinker:
        """Author strings → profiles (built on first use: only details and grouping need it)."""
        if self._linker is None:
            self._linker = AuthorLinker(self.people)
        return self._linker

    # -- people -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.people)

    def person(self, person_id: str) -> Person:
        """The person with this id; ``KeyError`` when there is none."""
        return self.people[self._by_id[person_id]]

    def person_index(self, person_id: str) -> int:
        return self._by_id[person_id]

    def find_person(self, person_id: str | None) -> int | None:
        """The index of the person with this id, or None when there is none."""
        return None if person_id is None else self._by_id.get(person_id)

    def work_count(self, person_index: int) -> int:
        """How many works person ``person_index`` is an author of (see :meth:`papers_of`)."""
        return self._person_works.size(person_index)

    def source_of(self, person_id: str) -> str:
        """The file the person was loaded from."""
        return self.sources[self._by_id[person_id]]

    def person_for_author(self, name: str, ids: str = "") -> Person | None:
        """The profile of the author written ``name`` (see :mod:`cvtui.core.authors`)."""
        index = self.linker.link(Author.parse(name).name, ids)
        return None if index is None else self.people[index]

    # -- entries and works ----------------------------------------------------------------
    def entries_of(self, person_id: str) -> range:
        """Indexes into :attr:`entries` of the papers one profile lists, in file order."""
        i = self._by_id[person_id]
        start = self._entry_start[i]
        return range(start, start + len(self.people[i].papers))

    def entry_index(self, person_id: str, paper_id: str) -> int:
        for e in self.entries_of(person_id):
            if self.entries[e].id == paper_id:
                return e
        raise KeyError(f"{person_id}/{paper_id}")

    def paper_index(self, person_id: str, paper_id: str) -> int:
        """The work of paper ``paper_id`` of profile ``person_id``; ``KeyError`` if none."""
        return self.entry_work[self.entry_index(person_id, paper_id)]

    def entry_ref(self, entry: int) -> tuple[Person, int]:
        """The profile holding entry ``entry`` and its position in that profile's papers."""
        owner = self.entry_owner[entry]
        return self.people[owner], entry - self._entry_start[owner]

    def papers_of(self, person_id: str) -> list[int]:
        """The works (indexes into :attr:`papers`) ``person_id`` is an author of: those their
        profile lists, in its order, then those only co-authors' profiles list, newest first."""
        i = self._by_id[person_id]
        if self.partial:
            return []
        held = [self.entry_work[e] for e in self.entries_of(person_id)]
        own = list(dict.fromkeys(held))
        mine = set(own)
        others = [w for w in self._person_works[i] if w not in mine]
        others.sort(key=lambda w: -(self.papers[w].year or 0))
        return own + others

    def holders(self, work: int) -> list[int]:
        """The people whose profiles list work ``work``, in library order."""
        return list(dict.fromkeys(self.entry_owner[e] for e in self.works[work].entries))

    def holds(self, person_index: int, work: int) -> bool:
        """Whether person ``person_index``'s own profile lists work ``work``."""
        return any(self.entry_owner[e] == person_index for e in self.works[work].entries)

    def entry_for(self, work: int, person_index: int | None = None) -> int:
        """The entry of ``work`` in person ``person_index``'s profile if it lists the work,
        else its first entry (what ``e`` opens in an editor)."""
        entries = self.works[work].entries
        for e in entries:
            if self.entry_owner[e] == person_index:
                return e
        return entries[0]

    def work_entries(self, work: int) -> list[Paper]:
        return [self.entries[e] for e in self.works[work].entries]

    def work_key(self, work: int) -> str:
        """A key for the work that stays the same across loads while its entries do."""
        return self.works[work].key

    def work_by_key(self, key: str) -> int | None:
        if self._by_key is None:
            self._by_key = {key: n for n, key in enumerate(self.grouping.keys)}
        return self._by_key.get(key)

    def paper_uid(self, work: int) -> str:
        """A readable id for a work: ``person-id/paper-id`` of its first entry."""
        person, ref = self.entry_ref(self.works[work].entries[0])
        return f"{person.id}/{person.papers[ref].id}"

    def paper_by_uid(self, uid: str) -> int:
        """The work of ``person-id/paper-id`` (any entry's) or of a work key."""
        person_id, _, paper_id = uid.partition("/")
        if person_id in self._by_id:
            return self.entry_work[self.entry_index(person_id, paper_id)]
        found = self.work_by_key(uid)
        if found is None:
            raise KeyError(uid)
        return found

    def disagreements(self, work: int) -> list[tuple[str, str, list[Person]]]:
        """Where the entries of ``work`` differ: (field, value, the people giving it)."""
        entries = self.works[work].entries
        found: list[Disagreement] = disagreements([self.entries[e] for e in entries])
        return [
            (d.field, d.value, [self.people[self.entry_owner[entries[i]]] for i in d.holders])
            for d in found
        ]

    def notes(self, work: int) -> list[tuple[Person, dict[str, Any]]]:
        """Each profile's own notes on ``work`` (summary, highlights…), where it has some."""
        out = []
        for e in self.works[work].entries:
            notes = profile_notes(self.entries[e])
            if notes:
                out.append((self.people[self.entry_owner[e]], notes))
        return out

    # -- authors --------------------------------------------------------------------------
    def author_links(self, work: int) -> list[int | None]:
        """For each author of ``papers[work]`` (up to :data:`~cvtui.core.bounds.MAX_INDEXED_VALUES`),
        the profile it links to (None: no profile)."""
        paper = self.papers[work]
        ids = paper.author_ids
        return [
            self.linker.link(Author.parse(a).name, ids[n] if n < len(ids) else "")
            for n, a in enumerate(bounded(paper.authors))
        ]

    def coauthors_with_profiles(self, work: int, but: str | None = None) -> list[Person]:
        """Everyone with a profile here on ``work`` (holders and linked authors), but ``but``."""
        return [self.people[p] for p in self.work_people[work] if self.people[p].id != but]

    def is_author_of(self, person_id: str, work: int) -> bool:
        return self._by_id.get(person_id, -1) in self.work_people[work]

    @property
    def author_index(self) -> dict[str, list[int]]:
        """Normalised author name → the works that list them."""
        if self._author_index is None:
            index: dict[str, list[int]] = {}
            for i, paper in enumerate(self.papers):
                for written in bounded(paper.authors):
                    index.setdefault(normalize_name(Author.parse(written).name), []).append(i)
            self._author_index = index
        return self._author_index

    def papers_by_author(self, name: str) -> list[int]:
        """Every work that lists ``name`` as an author, in any profile."""
        return list(self.author_index.get(normalize_name(name), ()))

    # -- organisations ------------------------------------------------------------------
    @property
    def org_index(self) -> dict[str, list[int]]:
        """Normalised organisation name → indexes of the people connected to it."""
        if self._org_index is None:
            index: dict[str, list[int]] = {}
            for i, person in enumerate(self.people):
                names: set[str] = set()
                if person.affiliation:
                    names.add(person.affiliation)
                names.update(e.institution for e in person.education)
                for exp in person.experience:
                    names.add(exp.organisation)
                    names.update(exp.collaborators)
                for name in names:
                    bucket = index.setdefault(normalize_name(name), [])
                    if not bucket or bucket[-1] != i:
                        bucket.append(i)
            self._org_index = index
        return self._org_index

    def people_at(self, organisation: str) -> list[Person]:
        """People whose affiliation, education or experience names ``organisation``.

        Matches whole words anywhere in the name: ``Peking University`` also finds
        ``School of Computer Science, Peking University``.
        """
        key = normalize_name(organisation)
        if not key:
            return []
        pattern = re.compile(r"(?:^| )" + re.escape(key) + r"(?: |$)")
        found: set[int] = set()
        for name, people in self.org_index.items():
            if pattern.search(name):
                found.update(people)
        return [self.people[i] for i in sorted(found)]

    # -- timeline -----------------------------------------------------------------------
    @property
    def events(self) -> list[Event]:
        """Every dated fact of every person, oldest first (a shared work once per person)."""
        if self._events is None:
            events: list[Event] = []
            for i, person in enumerate(self.people):
                events.extend(events_of(person, i, self.papers, self._person_works[i]))
            events.sort(key=lambda e: e.start.key())
            self._events = events
        return self._events

    def events_of(self, person_id: str) -> list[Event]:
        i = self._by_id[person_id]
        return events_of(self.people[i], i, self.papers, self._person_works[i])

    # -- search -------------------------------------------------------------------------
    def search(self, query: str, kind: str | None = None, limit: int = 50) -> list[Hit]:
        """Ranked hits for an fzf-style query, for scripts: ``index_for(self).search(...)``
        (see :mod:`cvtui.core.search`, which the library itself does not depend on)."""
        from .search import index_for

        return index_for(self).search(query, kind=kind, limit=limit)

    # -- serialisation ------------------------------------------------------------------
    def to_builtins(self) -> dict[str, object]:
        """The whole model as JSON-ready data (dates as partial ISO strings), with works."""
        return {
            "people": [to_builtins(p) for p in self.people],
            "works": [self.work_builtins(n) for n in range(len(self.works))],
            "problems": [
                {k: v for k, v in msgspec.structs.asdict(pr).items()} for pr in self.problems
            ],
        }

    def work_builtins(self, work: int) -> dict[str, object]:
        """One work as JSON-ready data: its record's main fields, profiles and entries."""
        paper = self.papers[work]
        entries = []
        for e in self.works[work].entries:
            person, ref = self.entry_ref(e)
            entries.append({"profile": person.id, "index": ref, "id": person.papers[ref].id})
        return {
            "id": self.works[work].key,
            "title": paper.title,
            "authors": list(paper.author_names),
            "year": paper.year
            if paper.year is not None
            else (paper.when.year if paper.when else None),
            "venue": paper.venue,
            "type": paper.type,
            "profiles": [self.people[p].id for p in self.holders(work)],
            "people": [self.people[p].id for p in self.work_people[work]],
            "entries": entries,
            "grouped_because": list(self.works[work].reasons),
        }


def _records(
    entries: Sequence[Paper], work_entries: Ragged, grouping: Grouping, previous: Library | None
) -> tuple[Paper, ...]:
    """Each work's record: its first entry, or the merged record of a work whose entries
    differ. After an edit, a work of the same entries (the same objects) as one before it
    keeps the record merged then: merging is a few hundred microseconds a work."""
    firsts = map(work_entries.flat.__getitem__, work_entries.offsets[:-1])  # in C, not per work
    papers = list(map(entries.__getitem__, firsts))
    merged = previous._merged_records() if previous is not None and not previous.partial else {}
    for n in uints(grouping.mixed):
        held = [entries[e] for e in work_entries[n]]
        found = merged.get(tuple(map(id, held)))
        papers[n] = found if found is not None else merged_record(held)
    return tuple(papers)


class _Works(Sequence[Work]):
    """The works of a grouping, each made when asked for (a list of 100,000 tuples built at
    every start would cost a tenth of a second for nothing)."""

    __slots__ = ("_entries", "_keys", "_reasons")

    def __init__(self, grouping: Grouping) -> None:
        self._keys = grouping.keys
        self._entries = grouping.ragged("work_entries")
        self._reasons = grouping.reasons

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> Work: ...
    @overload
    def __getitem__(self, index: slice) -> list[Work]: ...
    def __getitem__(self, index: int | slice) -> Work | list[Work]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return Work(self._keys[index], self._entries[index], self._reasons.get(index, ()))
