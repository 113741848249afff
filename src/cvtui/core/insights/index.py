"""What every figure reads about each work, as flat arrays made once per library.

The figures count works of a scope many times over (each change of scope, each person side
by side). Reading years, types, venues and authors from the records and linking author
strings to profiles costs about a second at 100,000 works; doing it once, here, lets every
figure be a loop over small integers. The index is built on first use (an app builds it in
a worker thread) and kept for the library's lifetime.

Authors are *identities*: an author string that links to a profile (see
:mod:`cvtui.core.authors`) is that profile whatever its spelling; any other is its
normalised name. A profile that lists a work under a spelling that does not link (an
ambiguous ``W. Wang``) is still its author there: that position is taken to be them.
"""

from __future__ import annotations

import re
import threading
import weakref
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..authors import normalize_name
from ..exchange.venues import full_venue, short_venue
from ..grouping import UINT
from ..model import PAPER_TYPES, Author, Person
from ..text import fold

if TYPE_CHECKING:
    from ..library import Library

__all__ = [
    "AuthorIdentity",
    "InsightsIndex",
    "VenueName",
    "has_index",
    "index_for",
    "venue_key",
    "work_year",
]

_TYPE_CODE = {name: n for n, name in enumerate(PAPER_TYPES)}
_VENUE_TAIL_RE = re.compile(r"(?:\s*\([^()]*\))+\s*$|[\s,]*'?\d{2,4}\s*$")
_ORDINAL_RE = re.compile(r"\b(?:\d+(?:st|nd|rd|th)|(?:19|20)\d\d)\b\s*", re.I)
_JUNK_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class AuthorIdentity:
    """One author across works: a profile (``person`` its index) or a name without one."""

    name: str
    person: int | None


@dataclass(frozen=True)
class VenueName:
    """One venue across years: how it is shown and, where known, its full name."""

    short: str
    full: str


def work_year(paper: object) -> int:
    """The year of a work's record (its ``year``, else its date's); 0 when it has none."""
    year = getattr(paper, "year", None)
    if year is None:
        when = getattr(paper, "date", None)
        year = when.year if when is not None and not when.is_present else None
    return int(year) if year else 0


def _bare_venue(venue: str) -> str:
    """``ICLR 2024 (Spotlight)`` → ``ICLR``: a venue without its year and remarks."""
    text, previous = venue.strip(), None
    while previous != text:
        previous = text
        text = _VENUE_TAIL_RE.sub("", text).strip()
    return text or venue.strip()


def venue_key(venue: str) -> str:
    """The key that makes ``NIPS 2017``, ``NeurIPS`` and ``neurips 2023`` one venue."""
    bare = _bare_venue(venue)
    full = full_venue(bare)
    if full:
        return "=" + full
    return _JUNK_RE.sub(" ", fold(bare)).strip()


def _full_name_of(text: str) -> str:
    """A booktitle without its edition: ``Proceedings of the 58th Annual Meeting of …``
    → ``Proceedings of the Annual Meeting of …``."""
    return re.sub(r"\s+", " ", _ORDINAL_RE.sub("", text)).strip(" ,")


class InsightsIndex:
    """Per work: year, type, venue, author identities in order, and who leads it.

    ``author_offsets``/``author_flat``: the author identities of work ``w`` are
    ``author_flat[author_offsets[w]:author_offsets[w + 1]]``, first author first, each once;
    the first ``lead[w]`` of them lead the work (the first author, and those marked equal
    contributors together with a first author so marked). ``author_works[a]`` and
    ``venue_works[v]`` are the other way round: the works of an author, or at a venue.
    """

    def __init__(self, library: Library) -> None:
        papers = library.papers
        self.size = len(papers)
        self.years = array("H", bytes(2 * self.size))
        self.types = array("B", bytes(self.size))
        self.venue = array(UINT, bytes(array(UINT).itemsize * self.size))
        self.lead = array("B", bytes(self.size))
        self.profiled_lead = bytearray(self.size)
        """1 where someone at the work's lead has a profile here."""
        self.author_offsets = array(UINT, [0])
        self.author_flat = array(UINT)
        self.authors: list[AuthorIdentity] = []
        self.venues: list[VenueName] = [VenueName("", "")]
        self.categories: list[str] = []
        self.category_offsets = array(UINT, [0])
        self.category_flat = array(UINT)
        self.people_offsets = array(UINT, [0])
        self.people_flat = array(UINT)
        """The profiles on each work (``library.work_people``), in increasing order: pairs
        of them come out as ``(a, b)`` with ``a < b`` without sorting each time."""
        self.shared = array(UINT)
        """The works with more than one profile on them (the only ones that make pairs)."""
        self.shared_with: Counter[int] = Counter()
        """Person → works they share with each other profile, summed over the library (how
        connected they are; the graph and the matrix of the library pick people by it)."""
        self._person_author: dict[int, int] = {}
        self._owner: list[int] = []
        """Author identity → its profile's index, or -1."""
        self._build(library)

    def person_author(self, person: int) -> int | None:
        """The author identity of profile ``person`` (None: no work names them)."""
        return self._person_author.get(person)

    def authors_of(self, work: int) -> array:
        return self.author_flat[self.author_offsets[work] : self.author_offsets[work + 1]]

    def leads_of(self, work: int) -> array:
        start = self.author_offsets[work]
        return self.author_flat[start : start + self.lead[work]]

    def categories_of(self, work: int) -> array:
        return self.category_flat[self.category_offsets[work] : self.category_offsets[work + 1]]

    # -- building -------------------------------------------------------------------------
    def _build(self, library: Library) -> None:
        linker = library.linker
        people = library.people
        by_name: dict[str, int] = {}
        authors = self.authors
        owner = self._owner
        venue_of: dict[str, int] = {}
        venue_ids: dict[str, int] = {}
        spellings: list[Counter[str]] = [Counter()]
        full_names: list[Counter[str]] = [Counter()]
        category_ids: dict[str, int] = {}
        flat, offsets = self.author_flat, self.author_offsets
        cat_flat, cat_offsets = self.category_flat, self.category_offsets
        years, types, venues, lead = self.years, self.types, self.venue, self.lead
        profiled_lead = self.profiled_lead
        shared_with = self.shared_with
        other = _TYPE_CODE["other"]
        wp = library.work_people
        wp_offsets, wp_flat = wp.offsets, wp.flat  # type: ignore[attr-defined]

        def identity(written: str, ids: str) -> tuple[int, bool]:
            parsed = Author.parse(written)
            person = linker.link(parsed.name, ids)
            if person is not None:
                return self._author_of_person(person, people), parsed.equal
            key = normalize_name(parsed.name)
            found = by_name.get(key)
            if found is None:
                found = by_name[key] = len(authors)
                authors.append(AuthorIdentity(parsed.name, None))
                owner.append(-1)
            return found, parsed.equal

        def venue(written: str) -> int:
            key = venue_key(written)
            v = venue_ids.get(key)
            if v is None:
                v = venue_ids[key] = len(spellings)
                spellings.append(Counter())
                full_names.append(Counter())
            return v

        memo: dict[object, tuple[int, bool]] = {}
        remember = memo.get
        for w, paper in enumerate(library.papers):
            years[w] = min(work_year(paper), 65535)
            types[w] = _TYPE_CODE.get(paper.type, other)
            written_venue = paper.venue
            if written_venue:
                v = venue_of.get(written_venue)
                if v is None:
                    v = venue_of[written_venue] = venue(written_venue)
                venues[w] = v
                spellings[v][written_venue] += 1
                long_name = paper.journal or paper.booktitle
                if long_name:
                    full_names[v][long_name] += 1
            ids = paper.author_ids
            raw: list[int] = []
            leading = 0
            first_equal = False
            for n, written in enumerate(paper.authors):
                person_ids = ids[n] if n < len(ids) else ""
                memo_key: object = (written, person_ids) if person_ids else written
                found = remember(memo_key)
                if found is None:
                    found = memo[memo_key] = identity(written, person_ids)
                raw.append(found[0])
                if n == 0:
                    leading, first_equal = 1, found[1]
                elif first_equal and found[1] and leading == n:
                    leading += 1
            row = list(dict.fromkeys(raw)) if len(raw) > 1 else raw
            if leading > 1:
                leading = len(dict.fromkeys(raw[:leading]))
            start, end = wp_offsets[w], wp_offsets[w + 1]
            if start != end:
                linked = {owner[a] for a in row}
                missing = [p for p in wp_flat[start:end] if p not in linked]
                if missing:
                    self._place_unlinked(library, row, missing)
            flat.extend(row)
            offsets.append(len(flat))
            if end - start > 1:
                on = sorted(wp_flat[start:end])
                self.people_flat.extend(on)
                self.shared.append(w)
                for p in on:
                    shared_with[p] += len(on) - 1
            elif end > start:
                self.people_flat.append(wp_flat[start])
            self.people_offsets.append(len(self.people_flat))
            lead[w] = min(leading, len(row), 255)
            for a in row[: lead[w]]:
                if owner[a] >= 0:
                    profiled_lead[w] = 1
            if paper.categories:
                for category in dict.fromkeys(paper.categories):
                    c = category_ids.get(category)
                    if c is None:
                        c = category_ids[category] = len(self.categories)
                        self.categories.append(category)
                    cat_flat.append(c)
            cat_offsets.append(len(cat_flat))
        self.author_works = _inverted(flat, offsets, len(authors))
        self.venue_works = _inverted(venues, None, len(spellings))
        self.category_works = _inverted(cat_flat, cat_offsets, len(self.categories))
        for v in range(1, len(spellings)):
            bare: Counter[str] = Counter()
            for written, n in spellings[v].items():
                bare[_bare_venue(written)] += n
            self.venues.append(_venue_name(bare, full_names[v]))

    def _author_of_person(self, person: int, people: Sequence[Person]) -> int:
        found = self._person_author.get(person)
        if found is None:
            found = self._person_author[person] = len(self.authors)
            self.authors.append(AuthorIdentity(people[person].name, person))
            self._owner.append(person)
        return found

    def _place_unlinked(self, library: Library, row: list[int], missing: list[int]) -> None:
        """A profile on the work that no author position links to takes the position whose
        spelling could be them (``W. Wang`` in Wei Wang's own profile)."""
        for n, author in enumerate(row):
            identity = self.authors[author]
            if identity.person is not None:
                continue
            candidates = library.linker.candidates(identity.name)
            fits = [p for p in missing if p in candidates]
            if len(fits) == 1:
                row[n] = self._author_of_person(fits[0], library.people)
                missing.remove(fits[0])
                if not missing:
                    return


def _inverted(values: array, offsets: array | None, size: int) -> list[array]:
    """For each of ``size`` values, the works that have it, in work order (``offsets``:
    where each work's values start in ``values``; None: one value per work)."""
    found: list[list[int]] = [[] for _ in range(size)]
    if offsets is None:
        for w, value in enumerate(values):
            found[value].append(w)
    else:
        for w in range(len(offsets) - 1):
            for value in values[offsets[w] : offsets[w + 1]]:
                found[value].append(w)
    return [array(UINT, works) for works in found]


def _venue_name(spellings: Counter[str], full_names: Counter[str]) -> VenueName:
    short = spellings.most_common(1)[0][0]
    full = full_venue(short)
    if full:
        canonical = short_venue(full)
        return VenueName(canonical or short, full)
    if short_venue(short):  # the venue is written as a full name the table knows
        return VenueName(short_venue(short), short)
    if full_names:
        name = _full_name_of(full_names.most_common(1)[0][0])
        if name and fold(name) != fold(short):
            return VenueName(short, name)
    return VenueName(short, "")


_INDEXES: weakref.WeakKeyDictionary[Library, InsightsIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def index_for(library: Library) -> InsightsIndex:
    """The library's index, built on first use (one build even when threads ask at once)."""
    with _LOCK:
        found = _INDEXES.get(library)
        if found is None:
            found = _INDEXES[library] = InsightsIndex(library)
        return found


def has_index(library: Library) -> bool:
    """Whether the library's index is built (asking for it then costs nothing)."""
    return library in _INDEXES
