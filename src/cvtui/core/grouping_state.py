"""Which profile files share each identifier, title and author name: what an edit regroups.

A changed file can only change the works that hold its entries, those of files sharing an
identifier or a title with them, and the author links of works that name its person;
:class:`GroupingState` answers "which files" for each (:mod:`cvtui.core.regroup` uses it),
and for the same-person check, which files share a profile id or a last name.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from .authors import name_keys, person_keys
from .bounds import bounded
from .model import Paper, Person
from .works import EntryKey, EntryKeys

__all__ = ["GroupingState", "keys_of"]


K = TypeVar("K", bound=Hashable)
Files = int | tuple[int, ...]
"""The number of the one file with some identifier, title or name, or the numbers of the
files with it. Most keys are one file's (a paper's title, an author only it names): a plain
number costs nothing beside the key, where a tuple of one was 48 bytes (at 10,000 real
profiles 136,000 of them, 6.5 MB; a set of file names per key was 130 MB in all)."""


def _add(table: dict[K, Files], key: K, number: int) -> None:
    held = table.get(key)
    if held is None:
        table[key] = number
    elif isinstance(held, int):
        if held != number:
            table[key] = (held, number)
    elif held[-1] != number and number not in held:  # a file's own keys come one after another
        table[key] = (*held, number)


def _discard(table: dict[K, Files], key: K, number: int) -> None:
    held = table.get(key)
    if held is None:
        return
    if isinstance(held, int):
        if held == number:
            del table[key]
        return
    if number in held:
        rest = tuple(n for n in held if n != number)
        table[key] = rest[0] if len(rest) == 1 else rest


class GroupingState:
    """Per identifier, title and author name: the files with it (by number).

    An entry's keys are not kept: those of the few entries an edit regroups are worked out
    again from their papers, which is what they were made from.
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._sources: list[str] = []
        self.ident_files: dict[str, Files] = {}
        self.title_files: dict[str, Files] = {}
        self.name_files: dict[str, Files] = {}
        self.profile_files: dict[tuple[str, str], Files] = {}
        """Per id of a profile at another service, and per last name it goes by: the files of
        those profiles (what the same-person check compares)."""
        self.surname_files: dict[str, Files] = {}

    @classmethod
    def of(
        cls,
        people: Sequence[Person],
        sources: Sequence[str],
        pause: Callable[[], None] = lambda: None,
    ) -> GroupingState:
        """The state of a whole library (``pause`` is called every few hundred people, for
        a thread in the background that should wait while keys are pressed)."""
        state = cls()
        keys = EntryKeys()
        for n, (person, source) in enumerate(zip(people, sources, strict=True)):
            if n % 256 == 0:
                pause()
            state.add(source, person, keys_of(person, keys))
        return state

    def _number(self, source: str) -> int:
        number = self._numbers.get(source)
        if number is None:
            number = self._numbers[source] = len(self._sources)
            self._sources.append(source)
        return number

    def _keyed(
        self, person: Person | None, keys: Sequence[EntryKey]
    ) -> Iterator[tuple[dict[Any, Files], Hashable]]:
        """Each (table, key) a file's person and entries are listed under."""
        for key in keys:
            for ident in key.ids:
                yield self.ident_files, ident
            if key.title:
                yield self.title_files, key.title
        if person is None:
            return
        for name in _author_names(person.papers):
            for part in name_keys(name):
                if part:
                    yield self.name_files, part
        ids, surnames = person_keys(person)
        for profile_id in ids:
            yield self.profile_files, profile_id
        for surname in surnames:
            yield self.surname_files, surname

    def add(self, source: str, person: Person, keys: Sequence[EntryKey]) -> None:
        number = self._number(source)
        for table, key in self._keyed(person, keys):
            _add(table, key, number)

    def remove(self, source: str, person: Person | None, keys: Sequence[EntryKey]) -> None:
        number = self._numbers.get(source)
        if number is not None:
            for table, key in self._keyed(person, keys):
                _discard(table, key, number)

    def _files(self, table: dict[K, Files], key: K) -> Iterable[str]:
        held = table.get(key, ())
        if isinstance(held, int):
            return (self._sources[held],)
        return map(self._sources.__getitem__, held)

    def same_person_groups(
        self, people: Iterable[Person], at: Mapping[str, int]
    ) -> tuple[dict[tuple[str, str], list[int]], dict[str, list[int]]]:
        """For each id and last name of ``people``: every profile with it, by its number in
        the library whose files ``at`` numbers, in order (for :func:`same_person_warnings`)."""
        by_id: dict[tuple[str, str], list[int]] = {}
        by_surname: dict[str, list[int]] = {}
        for person in people:
            ids, surnames = person_keys(person)
            for key in ids:
                found = self._files(self.profile_files, key)
                by_id[key] = sorted(at[s] for s in found if s in at)
            for surname in surnames:
                found = self._files(self.surname_files, surname)
                by_surname[surname] = sorted(at[s] for s in found if s in at)
        return by_id, by_surname

    def related(self, keys: Iterable[EntryKey]) -> set[str]:
        """Files holding an entry with one of these identifiers or titles."""
        found: set[str] = set()
        for key in keys:
            for ident in key.ids:
                found.update(self._files(self.ident_files, ident))
            if key.title:
                found.update(self._files(self.title_files, key.title))
        return found

    def naming(self, people: Iterable[Person]) -> set[str]:
        """Files with an author whose name has a key in common with one of ``people``'s."""
        found: set[str] = set()
        for person in people:
            for name in (person.name, *bounded(person.aliases)):
                for part in name_keys(name):
                    if part:
                        found.update(self._files(self.name_files, part))
        return found


def keys_of(person: Person, keys: EntryKeys) -> list[EntryKey]:
    return [keys.entry(paper, person) for paper in person.papers]


def _author_names(papers: Iterable[Paper]) -> set[str]:
    return {name for paper in papers for name in bounded(paper.author_names)}
