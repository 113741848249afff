"""Which profile an author string names, and which profiles may be one person.

Papers spell their authors every way: ``Christopher D. Manning``, ``Christopher Manning``,
``C. D. Manning``, ``Manning, Christopher``. An author links to a profile through, in turn:

1. an id both carry (the paper's ``author_ids`` and the profile's ``links``): ORCID, then
   Semantic Scholar, OpenAlex and DBLP (:mod:`cvtui.core.author_ids`);
2. the profile's name or one of its ``aliases``, with accents, case and punctuation ignored;
3. the same first and last name with middle names or initials dropped;
4. the first initial and the last name.

A step that finds exactly one profile links; a step that finds several stops, leaving the
author unlinked (two ``Wei Wang``\\ s are not guessed between); a step that finds none hands
over to the next. Nothing is ever merged: two profiles that look like one person are reported
(:func:`same_person_warnings`) for a human to decide.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .author_ids import SCHEME_NAMES, parse_ids, profile_ids
from .bounds import bounded
from .problems import Problem
from .text import fold

if TYPE_CHECKING:
    from .model import Links, Person

__all__ = [
    "AuthorLinker",
    "name_keys",
    "normalize_name",
    "orcid_of",
    "person_keys",
    "same_person_warnings",
    "surname_key",
]

_NAME_JUNK = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_ORCID_RE = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.I)
_MARKS = "*†‡§¶"
#: This many co-authors in common, with names alike, make two profiles look like one person.
SHARED_COAUTHORS = 2


@functools.lru_cache(maxsize=131072)
def normalize_name(name: str) -> str:
    """A key for matching names: accents, case, punctuation and marks removed."""
    return _SPACES.sub(" ", _NAME_JUNK.sub(" ", fold(name))).strip()


def _ordered(name: str) -> str:
    """``Manning, Christopher D.`` → ``Christopher D. Manning`` (one comma: last, first)."""
    name = name.strip().rstrip(_MARKS).strip()
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first and first.lower().rstrip(".") not in ("jr", "sr", "ii", "iii"):
            return f"{first} {last}"
    return name


@functools.lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str, str]:
    """The three keys of a name, loosest last: full, first + last, initial + last.

    ``Christopher D. Manning`` → (``christopher d manning``, ``christopher manning``,
    ``c manning``). A hyphenated given name is one name (``Yun-Keun Lee`` → ``yunkeun lee``,
    not ``yun lee``); a one-word name has only its full key.
    """
    ordered = _ordered(name)
    full = normalize_name(ordered)
    words = ordered.split()
    if len(words) < 2:
        return full, "", ""
    first = _one_word(words[0])
    last = _one_word(words[-1])
    if not first or not last:
        return full, "", ""
    return full, f"{first} {last}", f"{first[0]} {last}"


def _one_word(word: str) -> str:
    return normalize_name(word).replace(" ", "")


_INITIALS_RE = re.compile(r"(?:\w\.?[-‐]?)+")


def _initials_only(word: str) -> bool:
    """``C.``, ``C.D.``, ``J-P`` — a given name written as initials."""
    return len(word.rstrip(".")) == 1 or (
        "." in word and bool(_INITIALS_RE.fullmatch(word)) and len(word.replace(".", "")) <= 3
    )


@functools.lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The folded last name (``Manning, C.`` and ``C. D. Manning`` → ``manning``)."""
    words = _ordered(name).split()
    return _one_word(words[-1]) if words else ""


def orcid_of(text: str) -> str:
    """The ORCID in ``orcid:0000-…``, a profile link or a bare id, upper-cased; else ``""``."""
    found = _ORCID_RE.search(text or "")
    return found.group(1).upper() if found else ""


class AuthorLinker:
    """Author strings → profile indexes, by the steps the module describes; memoised."""

    def __init__(self, people: Sequence[Person]) -> None:
        self._ids: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._levels: tuple[dict[str, set[int]], ...] = (
            defaultdict(set),
            defaultdict(set),
            defaultdict(set),
        )
        tables = (self._ids, *self._levels)
        for i, person in enumerate(people):
            for table, key in _linker_keys(person):
                tables[table][key].add(i)
        self._memo: dict[str, int | None] = {}

    def updated(self, old: Sequence[Person], new: Sequence[Person]) -> AuthorLinker | None:
        """This linker for ``new``, the people of ``old`` with a few of them changed in place
        (an edited file): a copy with only their keys moved, in milliseconds where building
        one takes a quarter of a second at 10,000 profiles. None when people were added,
        removed or moved, or many changed: then build a new one."""
        if len(old) != len(new):
            return None
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a is not b]
        if len(changed) > max(8, len(new) // 20):
            return None
        linker = AuthorLinker.__new__(AuthorLinker)
        linker._ids = defaultdict(set, self._ids)
        linker._levels = tuple(defaultdict(set, level) for level in self._levels)
        linker._memo = {}
        tables: tuple[dict[Any, set[int]], ...] = (linker._ids, *linker._levels)
        owned: set[tuple[int, object]] = set()  # sets copied for the new linker (shared until)

        def own(table: int, key: object) -> set[int]:
            if (table, key) not in owned:
                owned.add((table, key))
                tables[table][key] = set(tables[table].get(key, ()))
            return tables[table][key]

        for i in changed:
            for table, key in _linker_keys(old[i]):
                own(table, key).discard(i)
            for table, key in _linker_keys(new[i]):
                own(table, key).add(i)
        for table, key in owned:
            if not tables[table][key]:
                del tables[table][key]
        return linker

    def link(self, written: str, ids: str = "") -> int | None:
        """The profile ``written`` names, or None when none or several fit."""
        if ids and self._ids:
            for id_key in parse_ids(ids):
                by_id = self._ids.get(id_key)
                if by_id is not None and len(by_id) == 1:
                    return next(iter(by_id))
        memo = self._memo.get(written, -1)
        if memo != -1:
            return memo
        result = None
        for level, key in zip(self._levels, name_keys(written), strict=True):
            found = level.get(key) if key else None
            if found:
                result = next(iter(found)) if len(found) == 1 else None
                break
        self._memo[written] = result
        return result

    def candidates(self, written: str) -> set[int]:
        """Every profile the loosest step that finds any would consider (for diagnostics)."""
        for level, key in zip(self._levels, name_keys(written), strict=True):
            found = level.get(key) if key else None
            if found:
                return set(found)
        return set()


def _linker_keys(person: Person) -> Iterator[tuple[int, Any]]:
    """(table, key) for each way a linker finds ``person``: table 0 holds profile ids,
    1 to 3 the name keys of :func:`name_keys`, from the strictest."""
    for id_key in profile_ids(person.links):
        yield 0, id_key
    for name in (person.name, *bounded(person.aliases)):
        for table, key in enumerate(name_keys(name), start=1):
            if key:
                yield table, key


def _alike(a: str, b: str) -> bool:
    """Names that normalise alike: equal, or equal once one's middle names or initials go.

    ``Christopher D. Manning`` ~ ``Christopher Manning``; ``C. Manning`` ~ ``Chris Manning``
    (an initial the other spells out); ``Chris Manning`` !~ ``Christopher Manning``.
    """
    full_a, short_a, initial_a = name_keys(a)
    full_b, short_b, initial_b = name_keys(b)
    if full_a == full_b:
        return True
    if not short_a or not short_b:
        return False
    if short_a == short_b:
        return True
    first_a, first_b = _ordered(a).split()[0], _ordered(b).split()[0]
    one_is_initial = _initials_only(first_a) or _initials_only(first_b)
    return one_is_initial and initial_a == initial_b


@functools.lru_cache(maxsize=1 << 16)
def _surnames(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """The last names a profile goes by, kept: after an edit the warnings of the edited
    profile are looked for again among every profile, whose names mostly did not change."""
    return tuple(dict.fromkeys(k for n in (name, *bounded(aliases)) if (k := surname_key(n))))


@functools.lru_cache(maxsize=1 << 16)
def _profile_ids(links: Links) -> tuple[tuple[str, str], ...]:
    return tuple(profile_ids(links))


def person_keys(person: Person) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What :func:`same_person_warnings` compares profiles by: their ids at other services,
    and the last names they go by."""
    return _profile_ids(person.links), _surnames(person.name, person.aliases)


IdGroups = Mapping[tuple[str, str], Sequence[int]]
SurnameGroups = Mapping[str, Sequence[int]]


def same_person_warnings(
    people: Sequence[Person],
    sources: Sequence[str],
    coauthors: Callable[[int], Iterable[str]],
    only: Collection[int] | None = None,
    groups: tuple[IdGroups, SurnameGroups] | None = None,
) -> list[Problem]:
    """A warning for each pair of profiles that may be one person, naming both files.

    Two profiles are suspicious when they carry the same ORCID (or the same id at Semantic
    Scholar, OpenAlex or DBLP); when their names (or
    aliases) differ only in accents, case or hyphens and they share a co-author; or when
    their names normalise alike and they share at least :data:`SHARED_COAUTHORS` co-authors
    (``coauthors(i)``: normalised names of person ``i``'s co-authors, asked for only the
    profiles whose names are alike). Only profiles whose
    last names match are compared, so this stays near-linear in the number of profiles;
    with ``only``, just the pairs that include one of those profiles. ``groups``: the
    profiles (in order) with each id and each last name, when known already (at least those
    of the ``only`` profiles), instead of looking at every profile.
    """
    problems: list[Problem] = []
    reported: set[tuple[int, int]] = set()

    def report(i: int, j: int, why: str) -> None:
        pair = (min(i, j), max(i, j))
        if pair in reported or (only is not None and i not in only and j not in only):
            return
        reported.add(pair)
        a, b = pair
        problems.append(
            Problem(
                sources[a],
                f"may be the same person as {people[b].name} ({sources[b]}): {why}; "
                "if so, keep one profile and list the other spelling in its `aliases`",
                field="name",
                severity="warning",
            )
        )

    by_id: IdGroups
    by_surname: SurnameGroups
    if groups is not None:
        by_id, by_surname = groups
    else:
        with_id: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        with_surname: defaultdict[str, list[int]] = defaultdict(list)
        for i, person in enumerate(people):
            ids, surnames = person_keys(person)
            for key in ids:
                with_id[key].append(i)
            for surname in surnames:
                with_surname[surname].append(i)
        by_id, by_surname = with_id, with_surname
    for (scheme, value), group in by_id.items():
        for j in group[1:]:
            report(group[0], j, f"both carry {SCHEME_NAMES[scheme]} {value}")
    shared_sets: dict[int, set[str]] = {}

    def shared(i: int) -> set[str]:
        found = shared_sets.get(i)
        if found is None:
            found = shared_sets[i] = set(coauthors(i))
        return found

    for group in by_surname.values():
        if len(group) < 2:
            continue
        for n, i in enumerate(group):
            for j in group[n + 1 :]:
                if only is not None and i not in only and j not in only:
                    continue
                names_i = (people[i].name, *bounded(people[i].aliases))
                names_j = (people[j].name, *bounded(people[j].aliases))
                if not any(_alike(x, y) for x in names_i for y in names_j):
                    continue
                common = shared(i) & shared(j)
                common -= {normalize_name(x) for x in (*names_i, *names_j)}
                respelled = any(
                    x != y and normalize_name(x) == normalize_name(y)
                    for x in names_i
                    for y in names_j
                )
                if respelled and not common:
                    continue
                if len(common) >= SHARED_COAUTHORS or respelled:
                    sample = ", ".join(sorted(common)[:3])
                    more = f" and {len(common) - 3} more" if len(common) > 3 else ""
                    how = (
                        "spelled alike but for accents, case or hyphens"
                        if respelled
                        else ("the names are alike")
                    )
                    report(
                        i,
                        j,
                        f"{how} and they share {len(common)} co-author"
                        f"{'s' if len(common) != 1 else ''} ({sample}{more})",
                    )
    return problems
