"""What a figure is about: the whole library, a set of works, one person or several.

A scope names its members by id (so it can be kept across a reload) and resolves, against
a library, to the works it counts — each once, however many profiles list it — and the
people it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..library import Library

__all__ = ["Resolved", "Scope", "ScopeKind"]

ScopeKind = Literal["library", "works", "person", "people"]


@dataclass(frozen=True)
class Scope:
    """A scope: ``library``; ``works`` (a filter result, say, with a ``label``); ``person``
    (one id in ``people``); ``people`` (several ids, shown side by side)."""

    kind: ScopeKind = "library"
    people: tuple[str, ...] = ()
    works: tuple[int, ...] = field(default=(), compare=False)
    label: str = ""

    @classmethod
    def library(cls) -> Scope:
        return cls("library")

    @classmethod
    def of_works(cls, works: Iterable[int], label: str = "") -> Scope:
        return cls("works", works=tuple(works), label=label)

    @classmethod
    def of_person(cls, person_id: str) -> Scope:
        return cls("person", (person_id,))

    @classmethod
    def of_people(cls, person_ids: Iterable[str]) -> Scope:
        ids = tuple(dict.fromkeys(person_ids))
        return cls("person" if len(ids) == 1 else "people", ids)

    def resolve(self, library: Library) -> Resolved:
        """The works and people of this scope in ``library`` (unknown ids are left out)."""
        if self.kind == "library":
            return Resolved(self, range(len(library.papers)), [], {}, "the whole library")
        if self.kind == "works":
            size = len(library.papers)
            works = sorted({w for w in self.works if 0 <= w < size})
            return Resolved(self, works, [], {}, self.label or "a set of works")
        members: list[int] = []
        member_works: dict[int, list[int]] = {}
        for pid in self.people:
            index = library.find_person(pid)
            if index is None or index in member_works:
                continue
            members.append(index)
            member_works[index] = sorted(library.papers_of(pid))
        union: set[int] = set()
        for works in member_works.values():
            union.update(works)
        names = [library.people[m].name for m in members]
        if not names:
            label = "nobody"
        elif len(names) == 1:
            label = names[0]
        elif len(names) <= 3:
            label = ", ".join(names[:-1]) + " and " + names[-1]
        else:
            label = f"{len(names)} people: {', '.join(names[:2])} and {len(names) - 2} more"
        return Resolved(self, sorted(union), members, member_works, label)


@dataclass
class Resolved:
    """A scope in one library: ``works`` sorted and each once; ``members`` the person
    indexes it is about (none for the library or a set of works), with their works."""

    scope: Scope
    works: Sequence[int]
    members: list[int]
    member_works: dict[int, list[int]]
    label: str

    @property
    def about_people(self) -> bool:
        return bool(self.members)

    def profiled_people(self, library: Library) -> Sequence[int]:
        """The people the scope's people-figures are about: its members; for the library
        everyone; for a set of works, the profiles on them."""
        if self.members:
            return self.members
        if self.scope.kind == "library":
            return range(len(library.people))
        ragged = library.work_people
        found: set[int] = set()
        for w in self.works:
            found.update(ragged[w])
        return sorted(found)
