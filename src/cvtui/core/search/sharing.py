"""Papers several profiles list: one hit per work, and the files an edit reaches.

A paper entry's document is its own file's; a work is all the entries that are one paper. So a
search keeps each work once (its best entry), and an edit re-indexes, besides the changed
files, the files that share a paper with them: their documents keep the work's key and the
profiles holding it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, TypeVar

from .engine import source_papers
from .manifest import Wanted, person_index, person_keys

if TYPE_CHECKING:
    from ..model import Library
    from .store import View

__all__ = ["once", "sharing_files", "without"]

T = TypeVar("T")


def once(found: Iterable[T], key: Callable[[T], Hashable]) -> tuple[list[T], int]:
    """``found`` (best first) with each key once, and how many repeats went."""
    seen: set[Hashable] = set()
    kept: list[T] = []
    dropped = 0
    for item in found:
        k = key(item)
        if k in seen:
            dropped += 1
            continue
        seen.add(k)
        kept.append(item)
    return kept, dropped


def without(items: Sequence[int], shown: set[int]) -> list[int]:
    """``items`` once each, in order, leaving out ``shown``."""
    return [w for w in dict.fromkeys(items) if w not in shown]


def sharing_files(
    view: View, library: Library, wanted: Wanted, changed: list[str], removed: list[str]
) -> list[str]:
    """The other files holding a paper that a changed or removed file holds, held before the
    change (as their documents say) or after it: each paper document keeps its work's key and
    holders, which the change may have changed for them too."""
    files = view.manifest.files
    keys = person_keys(library)
    file_of = dict(zip(map(attrgetter("id"), library.people), keys, strict=True))
    people: set[str] = set()
    for name in (*changed, *removed):
        known = files.get(name)
        if known is not None:  # before: the holders its documents name
            for record in view.snapshot.records_of(source_papers(known.src)):
                people.update(record.show[10])
    index_of = person_index(library)
    for name in changed:
        found = index_of.get(name)
        if found is None or library.partial:
            continue
        person = library.people[found]
        for entry in library.entries_of(person.id):  # after: the holders of its works
            people.update(library.people[h].id for h in library.holders(library.entry_work[entry]))
    skip = {*changed, *removed}
    return sorted(
        {file_of[p] for p in people if p in file_of and file_of[p] not in skip} & wanted.keys()
    )
