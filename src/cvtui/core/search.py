"""Fuzzy search over people, papers and timeline events, fast enough to run per keystroke.

Scoring every document with a fuzzy scorer on every keystroke takes about a second at 100k
papers, so the work is split the way search engines do it:

1. At build time each field is split into folded words (accents and case folded,
   punctuation to spaces); a vocabulary of distinct words points to the rows holding each
   word. Values that repeat across items (authors, venues, years, tags, organisations) are
   tokenised once per distinct value, not once per item.
2. A query word is resolved against the *vocabulary*, not the documents: exact word, word
   prefix (bisect in the sorted vocabulary), and typos (rapidfuzz edit distance over words of
   a similar length, cut-off growing with the word's length).
3. Sets of rows are Python ints used as bitsets (bit ``r`` is row ``r``): union,
   intersection, difference and count are single C operations on a few kilobytes however
   many items match, so even a one-letter query costs microseconds there. A word in at
   least 1/64 of the rows keeps them as a bitset, a rarer one as an ``array('i')`` (4 bytes
   a row: smaller below 1/32). While a field is indexed, rows gather in arrays that move
   into their word's bitset every few thousand rows, so building holds little more than
   the result (about 25 MB for 100k papers, summaries included, and barely more while
   building). Rows are numbered newest first, so "the newest candidates" are the lowest
   bits. Nothing per item is stored but its row: words for scoring and text for spans are
   read back from the library for the few items that need them.
4. Only the surviving candidates are scored: ``limit`` + :data:`POOL_SLACK`, at most
   :data:`SCORE_POOL`, of them. They are taken by how many query words they hold in the
   title or name (counted with bitset arithmetic), newest first within a tier; spans are
   worked out for returned hits only.

Ranking follows what a reader expects: a hit in a title or name outweighs one in a summary,
exact words beat prefixes beat typos, a match at the start of a field or on consecutive words
scores higher (fzf's boundary and consecutive bonuses), and ties go to the newer item.

Short fields (titles, names, authors, venues...) are indexed when a kind is first needed;
long prose (summaries, highlights) in a background thread, in small chunks that leave the GIL
to the screen, and no single C call runs over a whole column. :meth:`SearchIndex.warm`, for
a worker thread after loading, does it ahead of the first keystroke.

A field's postings are stored in one assignment once indexed and never change after; caches
sit behind locks, so searches may run in worker threads concurrently; ``should_stop`` lets a
caller abandon a stale query.
"""

from __future__ import annotations

import bisect
import heapq
import re
import sys
import threading
import time
import unicodedata
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, compress
from operator import attrgetter, methodcaller
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .bounds import bounded
from .query import Query, Term, YearRange, parse_query
from .text import fold

if TYPE_CHECKING:
    from .model import Event, Library, Paper, Person

__all__ = [
    "CHECK_BUDGET",
    "FIELD_JOIN",
    "POOL_SLACK",
    "SCORE_POOL",
    "Hit",
    "SearchIndex",
    "SearchResult",
    "Spans",
    "normalize",
]

Spans = tuple[tuple[int, int], ...]
#: Multi-valued fields (authors, institutions, ...) are joined with this to form their text.
FIELD_JOIN = "; "
#: At most this many candidates are scored precisely per kind and query.
SCORE_POOL = 250
#: Candidates scored beyond the number of hits asked for, so the best can rise to the top.
POOL_SLACK = 100
#: Seconds spent checking operator and smart-case terms row by row for ``all_matches``.
CHECK_BUDGET = 0.15
_SYNC_LONG_ITEMS = 5000  # fewer items than this: index long prose at once, not in a thread
_LONG_CHUNK = 500  # rows of long prose indexed between two offers of the GIL
_CACHE_SIZE = 256  # resolved query words kept per vocabulary
_DOCS_CACHE_SIZE = 128  # row sets of resolved words kept per kind (up to 3 × 12.5 kB each)
_STOP_EVERY = 64
_DENSE = 64  # a word in at least 1/_DENSE of the rows keeps them as a bitset, else an array
# (1/32 would take 5% less memory, but unions of the arrays then slow the first keystrokes)
_NORM_BATCH = 4096  # texts normalised per translate call while indexing
_SPILL_ROWS = 4096  # rows indexed between two moves of frequent words' rows into bitsets
_KEEP_RECORDS = 20_000  # people sets with at most this many keep their field values
_WORDS_CACHE = 20_000  # (row, field) words kept for scoring later keystrokes
_KINDS = ("people", "papers", "events")
_FIRST_KINDS = ("people", "papers")  # what the search box looks through: indexed first
_KIND_OF = {"people": "person", "papers": "paper", "events": "event"}
_SPACE_RE = re.compile(r"[^ ]+")


# --- text normalisation --------------------------------------------------------------------


class _NormTable(dict[int, str]):
    """``str.translate`` table: fold case and accents, everything not a letter/digit → space."""

    def __init__(self, keep_case: bool) -> None:
        super().__init__()
        self.keep_case = keep_case
        for code in range(128):
            self[code] = self.__missing__(code)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if self.keep_case:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out = base if len(base) == 1 else ch
        else:
            out = fold(ch)
        if not out.isalnum():
            out = " "
        self[code] = out
        return out


_NORM = _NormTable(keep_case=False)
_CASED = _NormTable(keep_case=True)


def normalize(text: str) -> str:
    """``text`` folded for matching, same length: ``Self-Play, Jürgen`` → ``self play  jurgen``."""
    return text.translate(_NORM)


def _cased(text: str) -> str:
    """Like :func:`normalize` but keeping case, for smart-case terms."""
    return text.translate(_CASED)


def _tokens(text: str) -> tuple[str, ...]:
    """The folded words of ``text``, in order."""
    return tuple(text.translate(_NORM).split())


_NORM_NUL = _NormTable(keep_case=False)
_NORM_NUL[0] = "\x00"  # kept: separates the texts normalised in one call


def _normalized(texts: list[str]) -> Iterator[str]:
    """:func:`normalize` of each text, a few thousand per ``translate`` call.

    Loaded text never holds NUL (it is replaced at load), which makes it a safe separator;
    texts that do hold one are normalised one by one. Batches stay small so that no single
    call holds the GIL for long.
    """
    for start in range(0, len(texts), _NORM_BATCH):
        batch = texts[start : start + _NORM_BATCH]
        joined = "\x00".join(batch)
        if joined.count("\x00") == len(batch) - 1:
            yield from joined.translate(_NORM_NUL).split("\x00")
        else:
            yield from (t.translate(_NORM) for t in batch)


def _mapped(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``list(map(function, items))`` in slices: one C call over 100k items would hold the
    GIL for tens of milliseconds."""
    out: list[Any] = []
    for start in range(0, len(items), _NORM_BATCH):
        out.extend(map(function, items[start : start + _NORM_BATCH]))
    return out


def _mapped_array(function: Callable[[int], int], items: Sequence[int]) -> array:
    """:func:`_mapped` into an ``array('i')``: no list of 100k ints on the way."""
    out = array("i")
    for start in range(0, len(items), _NORM_BATCH):
        out.extend(map(function, items[start : start + _NORM_BATCH]))
    return out


def _newest_first(recency: list[int]) -> array:
    """Indexes by decreasing recency, ties in index order (a bucket per year: a Python loop,
    unlike ``sorted``, leaves the GIL to other threads as it goes)."""
    buckets: defaultdict[int, array] = defaultdict(_new_rows)
    for i, year in enumerate(recency):
        buckets[year].append(i)
    order = array("i")
    for year in sorted(buckets, reverse=True):
        order.extend(buckets.pop(year))
    return order


# --- sets of rows ----------------------------------------------------------------------------

_NONZERO_RUN = re.compile(rb"[^\x00]+")
_BIT_OFFSETS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))
#: ``_BIT_PLANES[j]`` turns each byte into its bit ``j`` (0 or 1), for ``bytes.translate``.
_BIT_PLANES = tuple(bytes(byte >> j & 1 for byte in range(256)) for j in range(8))
_ITEMS_CHUNK = 1 << 16  # rows turned into items per C call (well under a millisecond each)
_new_rows = partial(array, "i")


class _RowSets:
    """Sets of rows ``0 … size-1`` as Python ints, bit ``r`` standing for row ``r``.

    A set of 100k rows is a 12.5 kB int: ``|``, ``&``, ``& ~`` and ``bit_count`` run in
    microseconds and hold the GIL no longer. Lists of rows become a bitset by marking one
    byte per row in a ``bytearray`` and packing: the ``j``-th byte of every group of eight,
    taken with one strided slice, is bit ``j`` of that group's byte.
    """

    __slots__ = ("_marks", "all", "nbytes", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self.nbytes = (size + 63) // 64 * 8 or 8
        self._marks = self.nbytes * 8
        self.all = (1 << size) - 1

    def _pack(self, marks: bytearray) -> int:
        fb = int.from_bytes
        bits = fb(marks[0::8], "little")
        for shift in range(1, 8):
            bits |= fb(marks[shift::8], "little") << shift
        return bits

    def of(self, groups: Iterable[Iterable[int]]) -> int:
        """The union of some collections of rows, as a bitset."""
        marks = bytearray(self._marks)
        for rows in groups:
            for row in rows:  # a plain loop: faster than map over __setitem__ in C
                marks[row] = 1
        return self._pack(marks)

    def packed(self, rows: array, scratch: bytearray) -> int:
        """An ascending array of rows as a bitset, marking them in ``scratch`` (one zero byte
        per row, zero again on return) and packing only the stretch they span: a word whose
        rows are moved into its bitset a few thousand at a time costs, over all its moves,
        about one pass over the whole set."""
        if not rows:
            return 0
        low, high = rows[0] & ~7, rows[-1] + 1
        for row in rows:
            scratch[row] = 1
        bits = self._pack(scratch[low:high]) << low
        scratch[low:high] = bytes(high - low)
        return bits

    def rows(self, bits: int, limit: int | None = None) -> list[int]:
        """The rows in ``bits``, lowest first; at most ``limit`` of them."""
        out: list[int] = []
        if not bits:
            return out
        want = self.size if limit is None else limit
        data = bits.to_bytes(self.nbytes, "little")
        offsets = _BIT_OFFSETS
        for run in _NONZERO_RUN.finditer(data):
            start, end = run.span()
            for at in range(start, end):
                base = at * 8
                out.extend([base + bit for bit in offsets[data[at]]])
                if len(out) >= want:
                    return out[:want]
        return out

    def marks(self, bits: int) -> bytearray:
        """One byte per row, 1 where ``bits`` holds the row (the inverse of packing)."""
        data = bits.to_bytes(self.nbytes, "little")
        marks = bytearray(self._marks)
        for shift, plane in enumerate(_BIT_PLANES):
            marks[shift::8] = data.translate(plane)
        return marks

    def items(self, bits: int, lib_of: array) -> array:
        """The library items of the rows in ``bits``, lowest row (newest) first.

        Eight ``translate`` calls spread the bits over bytes and ``compress`` picks the items:
        about a millisecond for 100k rows, in slices so no single call holds the GIL long.
        """
        out = array("i")
        if not bits:
            return out
        marks = self.marks(bits)
        for start in range(0, self.size, _ITEMS_CHUNK):
            end = start + _ITEMS_CHUNK
            out.extend(compress(lib_of[start:end], marks[start:end]))
        return out


#: Rows of one word in one field: a bitset when frequent, else an array of rows.
_Posting = int | array
#: Words anywhere, first words and last words of values → rows, while a field is indexed.
_Collected = tuple[defaultdict[str, array], defaultdict[str, array], defaultdict[str, array]]
_ANY, _START, _END = 0, 1, 2


class _FieldPostings:
    """One field's word → rows while it is indexed, for words anywhere, first and last in a
    value (:data:`_ANY`, :data:`_START`, :data:`_END`).

    Rows gather in arrays, appended in row order; :meth:`spill` moves the rows of every
    array holding ``dense`` of them into the word's bitset, so building never keeps more
    than a few thousand rows of a frequent word as an array, and the end result is final: a
    bitset for each word in at least ``dense`` rows, an array for the others.
    """

    __slots__ = ("arrays", "bits", "dense", "scratch", "sets")

    def __init__(self, sets: _RowSets, dense: int) -> None:
        self.sets = sets
        self.dense = dense
        self.scratch = bytearray(sets.size)
        self.arrays: _Collected = (
            defaultdict(_new_rows),
            defaultdict(_new_rows),
            defaultdict(_new_rows),
        )
        self.bits: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})

    def spill(self) -> None:
        """Move the rows of arrays that reached ``dense`` rows into their words' bitsets."""
        packed, scratch = self.sets.packed, self.scratch
        dense = self.dense
        for arrays, bits in zip(self.arrays, self.bits, strict=True):
            for word in [w for w, rows in arrays.items() if len(rows) >= dense]:
                rows = packed(arrays.pop(word), scratch)
                old = bits.get(word)
                bits[word] = rows if old is None else old | rows

    def done(self) -> tuple[dict[str, _Posting], ...]:
        """The field's postings, one dict per position; words interned, so that fields and
        vocabularies share one string per word."""
        self.spill()
        packed, scratch = self.sets.packed, self.scratch
        intern = sys.intern
        out: list[dict[str, _Posting]] = []
        for arrays, bits in zip(self.arrays, self.bits, strict=True):
            post: dict[str, _Posting] = {}
            for word, bitset in bits.items():
                tail = arrays.pop(word, None)
                post[intern(word)] = bitset if tail is None else bitset | packed(tail, scratch)
            for word, rows in arrays.items():
                post[intern(word)] = rows
            arrays.clear()
            bits.clear()
            out.append(post)
        # Many words begin (or end) every value holding them: one copy of their rows.
        every = out[_ANY]
        for anchored in out[_START:]:
            for word, posting in anchored.items():
                same = every.get(word)
                if same is not None and type(same) is type(posting) and same == posting:
                    anchored[word] = same
        return tuple(out)


# --- hits ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result; ``spans`` maps a field to (start, end) ranges in its original text.

    Spans are worked out when first read, so hits that are never shown cost nothing.

    Field texts: ``title``/``name``/``summary``... as written; multi-valued fields such as
    ``authors`` are the values joined with :data:`FIELD_JOIN` (see :meth:`SearchIndex.field_text`).
    """

    kind: str
    index: int
    score: float
    id: str
    title: str
    spans: Mapping[str, Spans] = field(default_factory=dict)

    def to_json(self, library: Library) -> dict[str, Any]:
        """The hit as JSON-ready data, with the person, year and venue where they apply."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 3),
            "fields": sorted(self.spans),
            "spans": {k: [list(s) for s in v] for k, v in self.spans.items()},
        }
        if self.kind == "paper":
            paper = library.papers[self.index]
            holders = [library.people[p].id for p in library.holders(self.index)]
            data.update(
                person=holders[0],
                profiles=holders,
                year=_paper_year(paper),
                venue=paper.venue,
                authors=list(paper.author_names),
            )
        elif self.kind == "event":
            event = library.events[self.index]
            data.update(
                person=library.people[event.person].id,
                event_kind=event.kind,
                organisation=event.organisation,
                dates=event.dates_text(),
            )
        else:
            person = library.people[self.index]
            data.update(affiliation=person.affiliation, headline=person.headline)
        return data

    def describe(self, library: Library) -> str:
        """One plain line for a terminal: kind, year, title and whose it is."""
        if self.kind == "paper":
            paper = library.papers[self.index]
            holders = [library.people[p].name for p in library.holders(self.index)]
            year = str(_paper_year(paper) or "    ")
            venue = f" ({paper.venue})" if paper.venue else ""
            who = ", ".join(holders[:3]) + (f" +{len(holders) - 3}" if len(holders) > 3 else "")
            return f"paper   {year}  {self.title}{venue}  — {who}"
        if self.kind == "event":
            event = library.events[self.index]
            owner = library.people[event.person]
            at = f", {event.organisation}" if event.organisation else ""
            return (
                f"event   {event.dates_text()}  {event.subkind}: {self.title}{at}  — {owner.name}"
            )
        person = library.people[self.index]
        extra = " · ".join(x for x in (person.headline, person.affiliation) if x)
        return f"person  {self.title}" + (f"  — {extra}" if extra else "")


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits plus what the screen needs around them: problems in the query and the total."""

    hits: list[Hit]
    problems: list[str]
    total: int
    query: Query
    cancelled: bool = False
    #: With ``all_matches``: every other matching item, best tier first, newest first within.
    rest: Sequence[int] = ()
    #: With ``all_matches`` (people or papers): an item of ``rest`` → its match spans.
    spans_for: Callable[[int], Mapping[str, Spans]] | None = None
    #: False when ``rest`` ends with candidates not checked in time (see :data:`CHECK_BUDGET`).
    exact: bool = True
    #: False when long prose was left out because it was still being indexed (see
    #: ``wait_for_prose``): the same search once :attr:`SearchIndex.ready` may find more.
    complete: bool = True


class _Rest(NamedTuple):
    """Matching items beyond the ranked hits, and how to find their spans (when known)."""

    items: array
    spans_for: Callable[[int], Mapping[str, Spans]] | None
    exact: bool = True


class _Stopped(Exception):
    pass


class _LazySpans(Mapping[str, "Spans"]):
    """A hit's spans, worked out on first use: a screen shows only a few of the hits."""

    __slots__ = ("_make", "_spans")

    def __init__(self, make: Callable[[], dict[str, Spans]]) -> None:
        self._make: Callable[[], dict[str, Spans]] | None = make
        self._spans: dict[str, Spans] | None = None

    def _get(self) -> dict[str, Spans]:
        spans = self._spans
        if spans is None:
            make = self._make
            spans = make() if make is not None else {}
            self._spans, self._make = spans, None
        return spans

    def __getitem__(self, key: str) -> Spans:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __eq__(self, other: object) -> bool:
        return dict(self._get()) == other if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._get())


#: A scored item before its hit is made: (score, recency, make the hit).
_Found = tuple[float, int, Callable[[], Hit], int]  # score, recency, hit, item


# --- fields ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    weight: float
    scopes: frozenset[str]
    long: bool = False  # long prose: indexed in the background, searched when titles run out
    multi: bool = False  # several values joined with FIELD_JOIN
    repeats: bool = False  # values recur across items: tokenise each distinct value once


#: One item's field values in field order: a string, or a tuple of strings for multi fields.
_Record = tuple[Any, ...]


def _flatten_interests(items: Iterable[object]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        else:
            area = getattr(item, "area", "")
            if area:
                out.append(area)
            out.extend(_flatten_interests(getattr(item, "topics", ())))
    return out


def _person_places(p: Person) -> tuple[str, ...]:
    places: list[str] = []
    for edu in p.education:
        places.extend(x for x in (edu.institution, edu.unit) if x)
    for exp in p.experience:
        places.extend(x for x in (exp.organisation, exp.unit) if x)
        places.extend(exp.collaborators)
    return tuple(dict.fromkeys(places))


def _person_interests(p: Person) -> tuple[str, ...]:
    return tuple(_flatten_interests(p.interests))


def _person_aliases(p: Person) -> Sequence[str]:
    return bounded(p.aliases)  # a list of 700,000 would freeze every keystroke


def _paper_authors(p: Paper) -> Sequence[str]:
    return bounded(p.authors)


_PERSON_GETTERS: tuple[Callable[[Any], Any], ...] = (
    attrgetter("name"),
    _person_aliases,
    attrgetter("affiliation"),
    attrgetter("headline"),
    _person_places,
    _person_interests,
    attrgetter("summary"),
)


_PERSON_FIELDS = (
    _Field("name", 10.0, frozenset({"title", "author"})),
    _Field("aliases", 8.0, frozenset({"title", "author"}), multi=True),
    _Field("affiliation", 5.0, frozenset({"org"}), repeats=True),
    _Field("headline", 3.0, frozenset()),
    _Field("institutions", 4.0, frozenset({"org"}), multi=True, repeats=True),
    _Field("interests", 3.0, frozenset({"topic"}), multi=True, repeats=True),
    _Field("summary", 1.5, frozenset({"topic"}), long=True),
)


def _paper_year(p: Paper) -> int | None:
    """The year the paper is cited with: ``year``, else the year of its ``date``."""
    if p.year is not None:
        return p.year
    return p.date.year if p.date is not None else None


_YEAR_TEXTS: dict[int, str] = {}  # one string per year, not one per paper


def _paper_year_text(p: Paper) -> str:
    year = p.year
    if year is None:
        if p.date is None:
            return ""
        year = p.date.year
    text = _YEAR_TEXTS.get(year)
    if text is None:
        text = str(year)
        if len(_YEAR_TEXTS) < 10_000:
            _YEAR_TEXTS[year] = text
    return text


_PAPER_GETTERS: tuple[Callable[[Any], Any], ...] = (
    attrgetter("title"),
    _paper_authors,
    attrgetter("venue"),
    _paper_year_text,
    attrgetter("categories"),
    attrgetter("orgs"),
    attrgetter("summary"),
    attrgetter("highlights"),
)


_PAPER_FIELDS = (
    _Field("title", 10.0, frozenset({"title", "topic"})),
    _Field("authors", 7.0, frozenset({"author"}), multi=True, repeats=True),
    _Field("venue", 4.0, frozenset({"venue"}), repeats=True),
    _Field("year", 3.0, frozenset(), repeats=True),
    _Field("categories", 3.0, frozenset({"topic"}), multi=True, repeats=True),
    _Field("orgs", 4.0, frozenset({"org"}), multi=True, repeats=True),
    _Field("summary", 1.5, frozenset({"topic"}), long=True),
    _Field("highlights", 1.5, frozenset({"topic"}), long=True, multi=True),
)


def _event_kind_text(e: Event) -> str:
    return e.subkind if e.subkind == e.kind else f"{e.kind} {e.subkind}"


def _event_getters(people: Sequence[Person]) -> tuple[Callable[[Any], Any], ...]:
    return (
        attrgetter("title"),
        attrgetter("organisation"),
        attrgetter("place"),
        methodcaller("dates_text"),
        lambda e: people[e.person].name,
        _event_kind_text,
    )


_EVENT_FIELDS = (
    _Field("title", 8.0, frozenset({"title", "topic"}), repeats=True),
    _Field("organisation", 6.0, frozenset({"org", "venue"}), repeats=True),
    _Field("place", 3.0, frozenset({"org"}), repeats=True),
    _Field("dates", 3.0, frozenset(), repeats=True),
    _Field("person", 4.0, frozenset({"author"}), repeats=True),
    _Field("kind", 3.0, frozenset(), repeats=True),
)


#: Paper field → the field of its timeline event that shows the same text.
_EVENT_FIELD_OF_PAPER = {"title": "title", "venue": "organisation"}


def _field_text(f: _Field, value: Any) -> str:
    """A field's text as spans refer to it: multi values joined with :data:`FIELD_JOIN`."""
    return FIELD_JOIN.join(value) if f.multi else value


# --- vocabulary --------------------------------------------------------------------------------


class _Vocabulary:
    """Sorted distinct words; resolves a query word to exact, prefix and typo matches."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self.by_length: dict[int, list[str]] = {}
        for tok in self.words:
            self.by_length.setdefault(len(tok), []).append(tok)
        self._prefixes: dict[int, list[str]] = {}
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], dict[str, float]] = OrderedDict()

    def _cached(
        self, key: tuple[str, str], make: Callable[[], dict[str, float]]
    ) -> dict[str, float]:
        with self._lock:
            value = self._cache.get(key)
            if value is not None:
                self._cache.move_to_end(key)
                return value
        value = make()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def _range(self, prefix: str) -> list[str]:
        words = self.words
        lo = bisect.bisect_left(words, prefix)
        hi = bisect.bisect_left(words, prefix + "\U0010ffff", lo)
        return words[lo:hi]

    def _prefix_list(self, n: int) -> list[str]:
        """Distinct ``n``-character prefixes of longer words, sorted (for typo-in-prefix)."""
        with self._lock:
            found = self._prefixes.get(n)
        if found is None:
            found = sorted({t[:n] for t in self.words if len(t) > n})
            with self._lock:
                self._prefixes[n] = found
        return found

    def resolve(self, word: str, fuzzy: bool = True) -> dict[str, float]:
        """Vocabulary words matching ``word`` → match quality (1 exact … 0.3 distant typo)."""
        return self._cached(("f" if fuzzy else "p", word), lambda: self._resolve(word, fuzzy))

    def _resolve(self, word: str, fuzzy: bool) -> dict[str, float]:
        found: dict[str, float] = {}
        n = len(word)
        for tok in self._range(word):
            found[tok] = 1.0 if len(tok) == n else 0.6 + 0.3 * n / len(tok)
        if not fuzzy or n < 4:
            return found
        cutoff = 1 if n < 8 else 2
        pool: list[str] = []
        for length in range(n - cutoff, n + cutoff + 1):
            pool.extend(self.by_length.get(length, ()))
        for tok, dist, _ in process.extract(
            word, pool, scorer=OSA.distance, score_cutoff=cutoff, limit=None
        ):
            if tok not in found:
                found[tok] = 0.55 if dist <= 1 else 0.4
        if n >= 5:
            # A typo in a word still being typed: compare with prefixes of similar length.
            for length in (n - 1, n, n + 1):
                for prefix, dist, _ in process.extract(
                    word,
                    self._prefix_list(length),
                    scorer=OSA.distance,
                    score_cutoff=cutoff,
                    limit=None,
                ):
                    if dist == 0:
                        continue
                    quality = 0.45 if dist <= 1 else 0.3
                    for tok in self._range(prefix):
                        if tok not in found:
                            found[tok] = quality
        return found

    def substring(self, part: str) -> dict[str, float]:
        """Words containing ``part`` (for exact-match terms)."""
        return self._cached(("s", part), lambda: {t: 1.0 for t in self.words if part in t})

    def suffix(self, part: str) -> dict[str, float]:
        """Words ending with ``part``."""
        return {t: q for t, q in self.substring(part).items() if t.endswith(part)}

    def exact(self, word: str) -> dict[str, float]:
        i = bisect.bisect_left(self.words, word)
        return {word: 1.0} if i < len(self.words) and self.words[i] == word else {}


# --- one kind's index --------------------------------------------------------------------------


class _KindIndex:
    """Word → rows postings for one kind of item, rows numbered newest first.

    Row ``r`` is library item ``lib_of[r]``; rows are sorted by recency (newest first, ties
    by library order), so the lowest bits of a row set are its newest items. Nothing per
    item is kept but its row, year span and recency: words for scoring and text for spans are
    read back from the library for the few items that need them.
    """

    def __init__(
        self,
        kind: str,
        fields: Sequence[_Field],
        getters: Sequence[Callable[[Any], Any]],
        objects: Sequence[Any],
        items: Sequence[int],
        years: Sequence[tuple[int, int] | None],
        year_field: int | None = None,
        keep_records: bool = False,
    ) -> None:
        self.kind = kind
        #: A field whose text is each row's only year, when year spans are single years.
        self.year_field = year_field
        self.fields = tuple(fields)
        self.getters = tuple(getters)
        self._objects = objects
        recency = [(y[1] if y is not None else 0) for y in years]
        order = _newest_first(recency)
        self.size = len(order)
        self.lib_of = _mapped_array(items.__getitem__, order)
        self._row_of: array | None = None
        self.recency = _mapped_array(recency.__getitem__, order)
        del recency
        #: Each row's year span, unless the year field tells them (see :meth:`year_groups`).
        self._row_years = None if year_field is not None else _mapped(years.__getitem__, order)
        del order
        self.sets = _RowSets(self.size)
        self._dense = max(1, self.size // _DENSE)
        #: Per kind of position (any word, first word, last word of a value), per field:
        #: word → rows.
        self.postings: tuple[list[dict[str, _Posting]], ...] = tuple(
            [{} for _ in self.fields] for _ in range(3)
        )
        #: Per repeating field: each distinct value's words, to score without re-tokenising.
        self.value_words: list[dict[str, tuple[str, ...]] | None] = [
            {} if f.repeats else None for f in self.fields
        ]
        self.short = tuple(i for i, f in enumerate(self.fields) if not f.long)
        self.long = tuple(i for i, f in enumerate(self.fields) if f.long)
        objs = _mapped(objects.__getitem__, self.lib_of)
        # Records costly to assemble (people's places and interests) are kept for small
        # sets; otherwise the few rows scored are read back from the library.
        self._records = [self._read(o) for o in objs] if keep_records else None
        for pos in self.short:
            if self._records is not None:
                column = [r[pos] for r in self._records]
            else:
                column = _mapped(self.getters[pos], objs)
            build = _FieldPostings(self.sets, self._dense)
            if self.fields[pos].repeats:
                self._collect_repeating(pos, column, build)
            else:
                for start in range(0, len(column), _SPILL_ROWS):
                    self._collect(pos, column[start : start + _SPILL_ROWS], start, build.arrays)
                    build.spill()
            self._store(build, pos)
            del column
        del objs
        self._words: dict[int, tuple[str, ...]] = {}
        self._scoped: dict[tuple[str | None, bool, bool], tuple[int, ...]] = {}
        self.short_vocab = _Vocabulary(w for i in self.short for w in self.postings[_ANY][i])
        self.full_vocab: _Vocabulary | None = None if self.long else self.short_vocab
        self._lock = threading.Lock()
        self._docsets: OrderedDict[object, tuple[int, int, int]] = OrderedDict()
        self._year_groups: list[tuple[tuple[int, int], int]] | None = None
        self._year_masks: OrderedDict[YearRange, int] = OrderedDict()
        self._long_ready = threading.Event()
        #: While this says so (the screen is busy with keys), long prose waits between
        #: chunks, unless a search is waiting for it (``_waiting``).
        self.hold: Callable[[], bool] = _never
        self._waiting = 0
        self._background_claimed = False
        if not self.long or self.size <= _SYNC_LONG_ITEMS:
            self.finish_building(threaded=False)

    # -- building ----------------------------------------------------------------------------
    def _read(self, obj: Any) -> _Record:
        return tuple(get(obj) for get in self.getters)

    def record(self, row: int) -> _Record:
        """Row ``row``'s field values, read from the library."""
        records = self._records
        return records[row] if records is not None else self._read(self._objects[self.lib_of[row]])

    def value(self, row: int, pos: int) -> Any:
        """One field's value of row ``row``."""
        records = self._records
        if records is not None:
            return records[row][pos]
        return self.getters[pos](self._objects[self.lib_of[row]])

    def _collect(self, pos: int, column: list[Any], first_row: int, into: _Collected) -> None:
        """Add the rows of one field's words to ``into``, the first row being ``first_row``.

        Besides word → rows, the first and the last word of each value are noted (word →
        rows), so ``^prefix`` and ``suffix$`` terms find exactly the items that start or end
        with them instead of checking every item holding the word. Rows go into arrays, which
        the garbage collector need not track: millions of small lists would trigger full
        collections that stop every thread for half a second. They are appended in row
        order, as :meth:`_FieldPostings.spill` needs; a row may appear twice (only unions are
        ever taken of them).
        """
        f = self.fields[pos]
        every, starts, ends = into
        if f.multi:
            for row, values in enumerate(column, first_row):
                parts = [v.translate(_NORM).split() for v in values]
                for word in set(chain.from_iterable(parts)):
                    every[word].append(row)
                for part in parts:
                    if part:
                        for anchor, word in ((starts, part[0]), (ends, part[-1])):
                            rows = anchor[word]
                            if not rows or rows[-1] != row:
                                rows.append(row)
            return
        # Short texts rarely repeat a word, and a row noted twice is harmless: skip the set.
        dedupe = set if f.long else tuple
        for row, split in enumerate(map(str.split, _normalized(column)), first_row):
            if split:
                for word in dedupe(split):
                    every[word].append(row)
                starts[split[0]].append(row)
                ends[split[-1]].append(row)

    def _collect_repeating(self, pos: int, column: list[Any], into: _FieldPostings) -> None:
        """:meth:`_collect` for a field whose values recur across items (authors, venues...).

        Rows are grouped by value first and each distinct value is tokenised once, so 100k
        papers by a few thousand authors cost a few thousand splits. A word's rows are then
        the union of its values' groups: a frequent word's go straight into a bitset, without
        being gathered in an array first.
        """
        f = self.fields[pos]
        memo = self.value_words[pos]
        assert memo is not None
        groups: defaultdict[str, array] = defaultdict(_new_rows)
        if f.multi:
            for row, values in enumerate(column):
                for v in values:
                    groups[v].append(row)
        else:
            for row, v in enumerate(column):
                groups[v].append(row)
        intern = sys.intern
        held: tuple[defaultdict[str, list[array]], ...] = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
        every, starts, ends = held
        for v, rows in groups.items():
            words = memo.get(v)
            if words is None:
                words = memo[v] = tuple(map(intern, _tokens(v)))
            if not words:
                continue
            for word in set(words) if len(words) > 1 else words:
                every[word].append(rows)
            starts[words[0]].append(rows)
            ends[words[-1]].append(rows)
        del groups
        # Arrays made here are not in row order; below ``dense`` rows, no spill reads them.
        dense, of = into.dense, self.sets.of
        for which in (_ANY, _START, _END):
            arrays, bits = into.arrays[which], into.bits[which]
            for word, lists in held[which].items():
                found: _Posting
                if which != _ANY and lists == every.get(word):
                    # The word begins (ends) every value holding it: the same rows, one copy.
                    found = into.bits[_ANY].get(word) or into.arrays[_ANY][word]
                elif sum(map(len, lists)) >= dense:
                    found = of(lists)
                else:
                    found = array("i")
                    for rows in lists:
                        found.extend(rows)
                if isinstance(found, int):
                    bits[word] = found
                else:
                    arrays[word] = found
        for by_word in held:
            by_word.clear()

    def _store(self, build: _FieldPostings, pos: int) -> None:
        """Keep one field's postings (each an assignment: searches may be reading)."""
        for which, words in enumerate(build.done()):
            self.postings[which][pos] = words

    def claim_background(self) -> bool:
        """True once: for whoever then does the background work (see :meth:`start_background`)."""
        with self._lock:
            if self._background_claimed or self._long_ready.is_set():
                return False
            self._background_claimed = True
            return True

    def start_background(self) -> None:
        """Start indexing long prose in a thread, if not yet begun."""
        if self.claim_background():
            threading.Thread(
                target=self.finish_building, name=f"cvtui-index-{self.kind}", daemon=True
            ).start()

    def finish_building(self, threaded: bool = True) -> None:
        """Index long prose in chunks of rows, offering the GIL to other threads in between."""
        try:
            if self.long:
                builds = {pos: _FieldPostings(self.sets, self._dense) for pos in self.long}
                unspilled = 0
                for start in range(0, self.size, _LONG_CHUNK):
                    libs = self.lib_of[start : start + _LONG_CHUNK]
                    chunk = list(map(self._objects.__getitem__, libs))
                    for pos in self.long:
                        column = list(map(self.getters[pos], chunk))
                        self._collect(pos, column, start, builds[pos].arrays)
                    del chunk, column
                    unspilled += len(libs)
                    if unspilled >= _SPILL_ROWS:
                        unspilled = 0
                        for build in builds.values():
                            build.spill()
                    if threaded:
                        self._between_chunks()
                for pos in self.long:
                    self._store(builds.pop(pos), pos)
                self.full_vocab = _Vocabulary(w for p in self.postings[_ANY] for w in p)
        finally:
            self._long_ready.set()

    def _between_chunks(self) -> None:
        """Offer the GIL to the screen; wait while it is busy with keys and nobody waits."""
        time.sleep(0)
        while not self._waiting and self.hold():
            time.sleep(_HOLD_POLL)

    def wait_long(self, stop: Callable[[], bool], urgent: bool = True) -> _Vocabulary:
        """The vocabulary with long prose in it, waiting for its indexing (started if need
        be). An ``urgent`` wait (a search's) keeps the indexing from pausing for keys."""
        if not self._long_ready.is_set():
            self.start_background()
            with self._lock:
                self._waiting += urgent
            try:
                while not self._long_ready.wait(0.05):
                    if stop():
                        raise _Stopped
            finally:
                with self._lock:
                    self._waiting -= urgent
        return self.full_vocab or self.short_vocab

    @property
    def settled(self) -> bool:
        """Whether the background work is done: long prose indexed."""
        return self._long_ready.is_set()

    # -- reading items back ------------------------------------------------------------------
    def words_of(self, pos: int, value: Any) -> tuple[str, ...]:
        """The folded words of one value of field ``pos``, in order (for scoring)."""
        f = self.fields[pos]
        memo = self.value_words[pos]
        if memo is None:
            # The vocabulary's own strings: a cached tuple then costs a pointer per word.
            return tuple(map(sys.intern, _tokens(_field_text(f, value))))
        if not f.multi:
            found = memo.get(value)
            return found if found is not None else _tokens(value)
        parts = [memo.get(v) for v in value]
        if None in parts:
            return _tokens(_field_text(f, value))
        if len(parts) == 1:
            return parts[0]  # type: ignore[return-value]
        return tuple(chain.from_iterable(parts))  # type: ignore[arg-type]

    def field_words(self, row: int, pos: int) -> tuple[str, ...]:
        """:meth:`words_of` for one field of a row, remembered: the next keystroke scores
        mostly the same rows again. (Tuples of strings, which the garbage collector stops
        tracking, in one dict keyed by row and field.)"""
        key = row * len(self.fields) + pos
        words = self._words.get(key)
        if words is None:
            if len(self._words) >= _WORDS_CACHE:
                self._words.clear()
            words = self._words[key] = self.words_of(pos, self.value(row, pos))
        return words

    def fields_for(self, scope: str | None, full: bool, only_long: bool = False) -> tuple[int, ...]:
        """The fields a term with ``scope`` searches: short ones, or all when ``full``."""
        key = (scope, full, only_long)
        found = self._scoped.get(key)
        if found is None:
            found = self._scoped[key] = tuple(
                i
                for i, f in enumerate(self.fields)
                if (full or not f.long)
                and (f.long or not only_long)
                and (scope is None or scope in f.scopes)
            )
        return found

    # -- rows of one word --------------------------------------------------------------------
    def docs(
        self, matched: dict[str, float], fields: tuple[int, ...], which: int, key: object
    ) -> tuple[int, int, int]:
        """Rows holding a matched word in ``fields``: (all, strong, exact in long text).

        ``which``: the word anywhere (:data:`_ANY`), or first (:data:`_START`) or last
        (:data:`_END`) in a value. Strong: an exact or prefix word in the kind's first
        (title/name) field.
        """
        with self._lock:
            value = self._docsets.get(key)
            if value is not None:
                self._docsets.move_to_end(key)
                return value
        every = strong = long_exact = 0
        sparse: list[array] = []
        sparse_strong: list[array] = []
        sparse_long: list[array] = []
        postings = self.postings[which]
        for pos in fields:
            post = postings[pos]
            long = self.fields[pos].long
            common = matched.keys() & post.keys() if len(matched) > 4 else matched
            for word in common:
                rows = post.get(word)
                if rows is None:
                    continue
                quality = matched[word]
                is_strong = pos == 0 and quality >= 0.6
                is_long_exact = long and quality == 1.0
                if isinstance(rows, int):
                    every |= rows
                    if is_strong:
                        strong |= rows
                    if is_long_exact:
                        long_exact |= rows
                else:
                    sparse.append(rows)
                    if is_strong:
                        sparse_strong.append(rows)
                    if is_long_exact:
                        sparse_long.append(rows)
        if sparse:
            every |= self.sets.of(sparse)
        if sparse_strong:
            strong |= self.sets.of(sparse_strong)
        if sparse_long:
            long_exact |= self.sets.of(sparse_long)
        value = (every, strong, long_exact)
        with self._lock:
            self._docsets[key] = value
            while len(self._docsets) > _DOCS_CACHE_SIZE:
                self._docsets.popitem(last=False)
        return value

    # -- filters -----------------------------------------------------------------------------
    def in_years(self, years: YearRange) -> int:
        """Rows whose year span overlaps ``years``."""
        with self._lock:
            found = self._year_masks.get(years)
        if found is not None:
            return found
        found = 0
        for (first, last), rows in self.year_groups():
            if years.overlaps(first, last):
                found |= rows
        with self._lock:
            self._year_masks[years] = found
            while len(self._year_masks) > _CACHE_SIZE:
                self._year_masks.popitem(last=False)
        return found

    def year_groups(self) -> list[tuple[tuple[int, int], int]]:
        """Each distinct year span with its rows as a bitset (built on first need)."""
        groups = self._year_groups
        if groups is None and self.year_field is not None:
            # Each row's span is the single year its year field holds: group by that field.
            groups = [
                ((int(word), int(word)), rows if isinstance(rows, int) else self.sets.of((rows,)))
                for word, rows in self.postings[_ANY][self.year_field].items()
                if word.isdigit()
            ]
            self._year_groups = groups
        if groups is None:
            by_span: dict[tuple[int, int], list[int]] = {}
            for row, span in enumerate(self._row_years or ()):
                if span is not None:
                    rows = by_span.get(span)
                    if rows is None:
                        by_span[span] = [row]
                    else:
                        rows.append(row)
            groups = [(span, self.sets.of([rows])) for span, rows in by_span.items()]
            self._year_groups = groups
        return groups

    @property
    def row_of(self) -> array:
        """Library index → row (-1: not indexed), worked out on first need."""
        found = self._row_of
        if found is None:
            found = array("i", [-1]) * len(self._objects)
            for row, lib in enumerate(self.lib_of):
                found[lib] = row
            self._row_of = found
        return found

    def rows_of(self, lib_indexes: Iterable[int]) -> int:
        """The rows of some library indexes (those not indexed are left out), as a bitset."""
        row_of = self.row_of
        size = len(row_of)
        return self.sets.of([(row_of[i] for i in lib_indexes if 0 <= i < size and row_of[i] >= 0)])


# --- the index ---------------------------------------------------------------------------------


class _WordMatch:
    """One folded query word bound to the fields it may match in and its resolved vocabulary.

    ``every`` and ``long_exact`` are row bitsets; :meth:`has` and :meth:`has_long_exact` test
    one row through their bytes, made once, since shifting a 12 kB int per test adds up.
    """

    __slots__ = (
        "_bytes",
        "every",
        "fields",
        "in_title",
        "long_exact",
        "matched",
        "nbytes",
        "plan",
        "word",
    )

    def __init__(
        self,
        word: str,
        fields: tuple[int, ...],
        plan: tuple[tuple[int, float, bool], ...],
        matched: dict[str, float],
        every: int,
        long_exact: int,
        nbytes: int,
    ) -> None:
        self.word = word
        self.fields = fields
        self.plan = plan  # (field, weight, long) of each field, for scoring
        self.matched = matched
        self.every = every
        self.long_exact = long_exact
        self.nbytes = nbytes
        self.in_title = 0  # rows with this word (exact or prefix) in the title/name field
        self._bytes: tuple[bytes, bytes] | None = None

    def _data(self) -> tuple[bytes, bytes]:
        data = self._bytes
        if data is None:
            data = self._bytes = (
                self.every.to_bytes(self.nbytes, "little"),
                self.long_exact.to_bytes(self.nbytes, "little"),
            )
        return data

    def has(self, row: int) -> bool:
        return bool(self._data()[0][row >> 3] >> (row & 7) & 1)

    def has_long_exact(self, row: int) -> bool:
        return bool(self._data()[1][row >> 3] >> (row & 7) & 1)


class _Scorer:
    """Scores rows against one query's word matches.

    For each query word, the best of its occurrences: field weight × match quality, plus a
    bonus at the start of a field and one when it follows the previous query word's best
    occurrence (fzf's boundary and consecutive bonuses); then a bonus for how much of the
    field the query covers. A row's field words are walked once for all query words.
    """

    def __init__(self, index: _KindIndex, matches: list[_WordMatch]) -> None:
        self.index = index
        self.matches = matches
        self.count = len(matches)
        fields = index.fields
        short = sorted({pos for m in matches for pos in m.fields if not fields[pos].long})
        self.short = [(pos, fields[pos].weight) for pos in short]
        self.long = [
            [(pos, fields[pos].weight) for pos in m.fields if fields[pos].long] for m in matches
        ]
        self.same_fields = all(m.fields == matches[0].fields for m in matches)
        self.field_sets = [frozenset(m.fields) for m in matches]
        combined: dict[str, list[tuple[int, float]]] = {}
        for n, m in enumerate(matches):
            for tok, q in m.matched.items():
                found = combined.get(tok)
                if found is None:
                    combined[tok] = [(n, q)]
                else:
                    found.append((n, q))
        self.combined = combined

    def score(self, row: int) -> float:
        index = self.index
        field_words = index.field_words
        words: dict[int, tuple[str, ...]] = {}
        combined = self.combined
        keys = combined.keys()
        same_fields = self.same_fields
        field_sets = self.field_sets
        found: list[list[tuple[float, int, int]]] = [[] for _ in range(self.count)]
        for pos, weight in self.short:
            toks = words[pos] = field_words(row, pos)
            if keys.isdisjoint(toks):
                continue
            for at, tok in enumerate(toks):
                hits = combined.get(tok)
                if hits is None:
                    continue
                for n, q in hits:
                    if same_fields or pos in field_sets[n]:
                        # boundary: the field starts with this word
                        found[n].append((weight * q + q if at == 0 else weight * q, pos, at))
        score = 0.0
        prev_pos = prev_at = -2
        hit_fields: list[int] = []
        for n, match in enumerate(self.matches):
            best = 0.0
            best_pos = best_at = -2
            for value, pos, at in found[n]:
                if pos == prev_pos and at - 1 == prev_at:
                    value += 2.0  # consecutive with the previous query word
                if value > best:
                    best, best_pos, best_at = value, pos, at
            for _pos, weight in self.long[n]:
                if best < weight and match.has_long_exact(row):
                    best, best_pos = weight, -2
                elif best < weight * 0.6 and match.has(row):
                    best, best_pos = weight * 0.6, -2
            score += best
            prev_pos, prev_at = best_pos, best_at
            if best_pos >= 0 and best_pos not in hit_fields:
                hit_fields.append(best_pos)
        # Coverage: how much of the best short field the query accounts for.
        for pos in hit_fields:
            toks = words[pos]
            if toks:
                score += 2.0 * min(1.0, self.count / len(toks))
        return score


class _Candidates(NamedTuple):
    """Rows matching a query in one kind, and what ranking them needs."""

    rows: int
    strong: int  # matching in the title/name field with exact or prefix words
    total: int
    word_matches: list[_WordMatch]
    term_matches: dict[Term, list[_WordMatch]]
    checked: list[tuple[Term, ...]]  # groups to check on each scored row


class SearchIndex:
    """Search over one :class:`~cvtui.core.model.Library`; kinds are indexed on first use.

    Call :meth:`warm` from a worker thread after loading so that the first keystroke does not
    pay for the build.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self._kinds: dict[str, _KindIndex] = {}
        self._build_lock = threading.Lock()
        self._extra_lock = threading.Lock()
        self._paper_lock = threading.Lock()
        self._warming = False
        self._paper_event_map: array | None = None
        self._paper_event_rows: int | None = None
        self._within: OrderedDict[tuple[str, int], tuple[Sequence[int], int]] = OrderedDict()
        #: Set by an interactive caller: True while the screen is busy with the user's keys.
        #: Long prose is then indexed in the pauses between keys, unless a search waits for it.
        self.hold: Callable[[], bool] = _never

    # -- building ----------------------------------------------------------------------------
    def index_for(self, kind: str, background: bool = True) -> _KindIndex:
        """The index of ``people``, ``papers`` or ``events`` (built now if needed).

        Long prose is then indexed in a background thread, unless ``background`` is False
        (:meth:`warm` starts it once every kind's short fields are done).
        """
        found = self._kinds.get(kind)
        if found is None:
            with self._build_lock:
                found = self._kinds.get(kind)
                if found is None:
                    found = self._build(kind)
                    found.hold = lambda: self.hold()
                    self._kinds[kind] = found
        if background:
            found.start_background()
        return found

    def build_all(self) -> None:
        """Index every kind now (otherwise each is built on its first search)."""
        for kind in _KINDS:
            self.index_for(kind)

    def warm(self, wait: bool = False, should_stop: Callable[[], bool] | None = None) -> bool:
        """Build everything a search needs, so no keystroke pays for it; for a worker thread.

        Indexes the short fields and year filters of people and papers (what the search box
        looks through), then starts the background work: the timeline events' index, long
        prose and the paper ↔ timeline map. That goes on after this returns unless ``wait``
        is true. Searches work from the start; one that needs what is not built yet builds
        it or waits for it. Returns False when ``should_stop`` asked to stop before the end
        (what was built is kept and used). Calling it again is cheap.
        """
        stop = should_stop or _never
        for kind in _FIRST_KINDS:
            if stop():
                return False
            self.index_for(kind, background=False).year_groups()
        if not self._warming:
            self._warming = True
            # One thread for all of it: several would crowd out the thread drawing the screen.
            threading.Thread(target=self._background, name="cvtui-index", daemon=True).start()
        if wait:
            try:
                for kind in _KINDS:
                    self.index_for(kind, background=False).wait_long(stop, urgent=False)
            except _Stopped:
                return False
            self._paper_event_rows_mask()
        return True

    def _background(self) -> None:
        for kind in _KINDS:
            if kind not in _FIRST_KINDS:
                self.index_for(kind, background=False).year_groups()
        for kind in _KINDS:
            index = self._kinds[kind]
            if index.claim_background():
                index.finish_building()
        # Timeline searches map papers to their events.
        self._paper_event_rows_mask()

    def prose_indexed(self, kind: str) -> bool:
        """Whether searches of ``kind`` look through long prose without waiting for it (its
        indexing is started if need be)."""
        return kind == "events" or self.index_for(kind).settled

    def wait_for_prose(self, kind: str, should_stop: Callable[[], bool]) -> bool:
        """Wait until :meth:`prose_indexed` (without hurrying the indexing: it still pauses
        for keys); False if ``should_stop`` said to give up first."""
        if kind == "events":
            return True
        try:
            self.index_for(kind).wait_long(should_stop, urgent=False)
        except _Stopped:
            return False
        return True

    @property
    def ready(self) -> bool:
        """Whether every kind is indexed, long prose included."""
        return all(k in self._kinds and self._kinds[k].settled for k in _KINDS)

    def _build(self, kind: str) -> _KindIndex:
        lib = self.library
        if kind == "people":
            people = lib.people
            return _KindIndex(
                kind,
                _PERSON_FIELDS,
                _PERSON_GETTERS,
                people,
                range(len(people)),
                _people_years(lib),
                keep_records=len(people) <= _KEEP_RECORDS,
            )
        if kind == "papers":
            papers = lib.papers
            years: list[tuple[int, int] | None] = []
            shared: dict[int | None, tuple[int, int] | None] = {None: None}  # one tuple a year
            for paper in papers:
                year = paper.year
                if year is None and paper.date is not None:
                    year = paper.date.year
                span = shared.get(year)
                if span is None and year is not None:
                    span = shared[year] = (year, year)
                years.append(span)
            year_field = next(i for i, f in enumerate(_PAPER_FIELDS) if f.name == "year")
            return _KindIndex(
                kind,
                _PAPER_FIELDS,
                _PAPER_GETTERS,
                papers,
                range(len(papers)),
                years,
                year_field,
            )
        # Paper events are answered through the paper index; only the others are indexed here.
        events = lib.events
        ids: list[int] = []
        spans: list[tuple[int, int] | None] = []
        for i, event in enumerate(events):
            if event.kind != "paper":
                ids.append(i)
                spans.append(_event_years(event))
        return _KindIndex(kind, _EVENT_FIELDS, _event_getters(lib.people), events, ids, spans)

    def field_text(self, kind: str, index: int, name: str) -> str:
        """The original text of field ``name`` of item ``index`` (what spans refer to)."""
        lib = self.library
        obj: Any
        fields: Sequence[_Field]
        if kind in ("person", "people"):
            fields, getters, obj = _PERSON_FIELDS, _PERSON_GETTERS, lib.people[index]
        elif kind in ("paper", "papers"):
            fields, getters, obj = _PAPER_FIELDS, _PAPER_GETTERS, lib.papers[index]
        else:
            fields, getters, obj = _EVENT_FIELDS, _event_getters(lib.people), lib.events[index]
        for f, get in zip(fields, getters, strict=True):
            if f.name == name:
                return _field_text(f, get(obj))
        return ""

    # -- searching ---------------------------------------------------------------------------
    @staticmethod
    def parse(query: str) -> Query:
        """Parse ``query`` (never raises); ``.problems`` names what was not understood."""
        return parse_query(query)

    def search(
        self,
        query: str,
        kind: str | None = None,
        limit: int = 50,
        within: Sequence[int] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """The best ``limit`` hits for ``query``; see :meth:`search_with_info`."""
        return self.search_with_info(query, kind, limit, within, should_stop).hits

    def search_with_info(
        self,
        query: str,
        kind: str | None = None,
        limit: int = 50,
        within: Sequence[int] | None = None,
        should_stop: Callable[[], bool] | None = None,
        all_matches: bool = False,
        wait_for_prose: bool = True,
    ) -> SearchResult:
        """Ranked hits with the query's problems and the number of items that matched.

        ``kind`` is ``people``, ``papers``, ``events`` or None for people and papers (paper
        events would repeat the papers). ``within`` keeps only those item indexes of ``kind``.
        ``should_stop`` is polled between steps; when it returns True the result is empty and
        marked ``cancelled``.

        ``all_matches`` (one ``kind`` only) also returns, as ``rest``, every matching item
        that is not among the hits: first those matching in short fields (titles, names,
        authors...), then those matching only in long prose, newest first within each; the
        ``total`` is then exact, unless checking operator or smart-case terms row by row ran
        out of :data:`CHECK_BUDGET` (``exact`` is then False: the unchecked candidates end
        ``rest``). A filter shows the hits, then the rest.

        ``wait_for_prose=False`` answers at once in the first seconds after loading, from
        short fields alone while long prose (people and papers) is still being indexed; the
        result then says it is not ``complete``.
        """
        if all_matches and kind not in _KINDS:
            raise ValueError("all_matches needs one kind: people, papers or events")
        parsed = parse_query(query)
        if parsed.matches_nothing:  # `'` or `!` alone: nothing to look for, not everything
            return SearchResult([], parsed.problems, 0, parsed)
        kinds = _kinds_for(kind, parsed)
        stop = should_stop or _never
        limit = max(0, limit)
        found: list[_Found] = []
        rest: Sequence[int] = ()
        spans_for: Callable[[int], Mapping[str, Spans]] | None = None
        exact = True
        complete = True
        total = 0
        try:
            for k in kinds:
                skip_prose = not wait_for_prose and not self.prose_indexed(k)
                complete = complete and not skip_prose
                some, count, more = self._search_kind(
                    k, parsed, limit, within, stop, kind is None, all_matches, skip_prose
                )
                found.extend(some)
                total += count
                if more is not None:
                    rest, spans_for, exact = more
        except _Stopped:
            return SearchResult([], parsed.problems, 0, parsed, cancelled=True)
        # Spans are worked out only for the hits that are returned.
        best = heapq.nlargest(limit, found, key=lambda f: (f[0], f[1]))
        if all_matches and len(best) < len(found):
            # Scored but not returned: they lead the rest (best first).
            shown = {id(f) for f in best}
            spare = sorted((f for f in found if id(f) not in shown), key=lambda f: (-f[0], -f[1]))
            rest = array("i", [f[3] for f in spare]) + array("i", rest)
        hits = [make() for _, _, make, _ in best]
        return SearchResult(
            hits, parsed.problems, total, parsed, False, rest, spans_for, exact, complete
        )

    # -- one kind ----------------------------------------------------------------------------
    def _allowed(self, index: _KindIndex, within: Sequence[int] | None) -> int | None:
        """``within`` (library indexes) as a bitset of rows; the last few are remembered,
        since a view passes the same list on every keystroke."""
        if within is None:
            return None
        key = (index.kind, len(within))
        with self._extra_lock:
            cached = self._within.get(key)
        if cached is not None and cached[0] == within:
            return cached[1]
        rows = index.rows_of(within)
        with self._extra_lock:
            self._within[key] = (list(within), rows)
            while len(self._within) > 8:
                self._within.popitem(last=False)
        return rows

    def _search_kind(
        self,
        kind: str,
        query: Query,
        limit: int,
        within: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
        all_matches: bool = False,
        skip_prose: bool = False,
    ) -> tuple[list[_Found], int, _Rest | None]:
        if kind == "events":
            return self._search_events(query, limit, within, stop, mixed, all_matches)
        index = self.index_for(kind)
        allowed = self._allowed(index, within)
        scored, total, rest = self._match(
            index, query, limit, allowed, stop, None, all_matches, skip_prose
        )
        return (
            [
                (s, index.recency[r], partial(self._hit, index, kind, r, s, terms), index.lib_of[r])
                for r, s, terms in scored
            ],
            total,
            rest,
        )

    def _search_events(
        self,
        query: Query,
        limit: int,
        within: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
        all_matches: bool = False,
    ) -> tuple[list[_Found], int, _Rest | None]:
        index = self.index_for("events")
        allowed_rows = self._allowed(index, within)
        scored, total, rest = self._match(
            index, query, limit, allowed_rows, stop, None, all_matches
        )
        hits: list[_Found] = [
            (s, index.recency[r], partial(self._hit, index, "events", r, s, t), index.lib_of[r])
            for r, s, t in scored
        ]
        if mixed:
            return hits, total, rest
        # Paper events: search the papers and map each hit to its timeline event.
        event_of_paper = self._paper_events()
        papers = self.index_for("papers")
        restrict = self._paper_event_rows_mask()
        if within is not None:
            allowed_events = set(within)
            restrict &= papers.rows_of(
                p for p, e in enumerate(event_of_paper) if e >= 0 and e in allowed_events
            )
        scored_p, total_p, rest_p = self._match(
            papers, query, limit, None, stop, restrict, all_matches
        )
        for r, s, t in scored_p:
            event = event_of_paper[papers.lib_of[r]]
            make = partial(self._paper_event_hit, papers, r, s, t, event)
            hits.append((s, papers.recency[r], make, event))
        if rest is None or rest_p is None:
            return hits, total + total_p, None
        # Both lists are newest first: merge them by the events' years.
        events = self.library.events
        recency = [(_event_years(events[e])[1], e) for e in rest.items]
        recency += [
            (_event_years(events[e])[1], e) for e in map(event_of_paper.__getitem__, rest_p.items)
        ]
        recency.sort(key=lambda pair: -pair[0])
        items = array("i", [e for _, e in recency])
        return hits, total + total_p, _Rest(items, None, rest.exact and rest_p.exact)

    def _paper_event_hit(
        self, papers: _KindIndex, row: int, score: float, matches: list[_WordMatch], event: int
    ) -> Hit:
        hit = self._hit(papers, "papers", row, score, matches)
        spans = _LazySpans(partial(self._event_spans, hit, event))
        return Hit("event", event, score, _event_id(self.library, event), hit.title, spans)

    def _event_spans(self, hit: Hit, event: int) -> dict[str, Spans]:
        """A paper's spans told in its timeline event's fields: those the event shows with
        the same text (its title; the venue as organisation). Others are left out."""
        out: dict[str, Spans] = {}
        for name, spans in hit.spans.items():
            as_event = _EVENT_FIELD_OF_PAPER.get(name)
            if as_event is None:
                continue
            text = self.field_text("events", event, as_event)
            if text and text == self.field_text("papers", hit.index, name):
                out[as_event] = spans
        return out

    def _paper_events(self) -> array:
        """Library paper (work) index → index of its first timeline event, -1 for none (papers
        without a date); an array: a dict of 100k ints would weigh ten times more."""
        found = self._paper_event_map
        if found is not None:
            return found
        with self._paper_lock:
            return self._make_paper_events()

    def _make_paper_events(self) -> array:
        found = self._paper_event_map
        if found is None:
            lib = self.library
            found = array("i", [-1]) * len(lib.papers)
            for i, event in enumerate(lib.events):
                if event.kind == "paper" and found[event.ref] < 0:
                    found[event.ref] = i
            self._paper_event_map = found
        return found

    def _paper_event_rows_mask(self) -> int:
        """Rows of the paper index that have a timeline event."""
        found = self._paper_event_rows
        if found is None:
            events = self._paper_events()
            with self._paper_lock:
                found = self._paper_event_rows
                if found is None:
                    found = self.index_for("papers").rows_of(
                        p for p, event in enumerate(events) if event >= 0
                    )
                    self._paper_event_rows = found
        return found

    def _match(
        self,
        index: _KindIndex,
        query: Query,
        limit: int,
        allowed: int | None,
        stop: Callable[[], bool],
        restrict: int | None = None,
        all_matches: bool = False,
        skip_prose: bool = False,
    ) -> tuple[list[tuple[int, float, list[_WordMatch]]], int, _Rest | None]:
        """The top ``limit`` rows matching every group, with their number, and with
        ``all_matches`` the items of every other matching row (else None).

        Short fields are searched first; long prose too only when they do not fill the page,
        since a match there ranks below matches in titles, names and authors anyway (and
        never with ``skip_prose``). The
        number is exact except that operator and smart-case terms are checked only on the
        candidates that are scored (with ``all_matches`` it is exact).
        """
        checked: dict[tuple[Term, int], bool] = {}  # operator checks on short fields, by row
        short = self._candidates(index, query, allowed, stop, restrict, full=False)
        full: _Candidates | None = None
        if not index.long or skip_prose:
            found = self._rank(index, short, limit, stop, False, checked)
        else:
            found = ([], 0)
            if short is not None and short.total >= limit:
                found = self._rank(index, short, limit, stop, False, checked)
            if len(found[0]) < limit or short is None or short.total < limit:
                full = self._candidates(index, query, allowed, stop, restrict, full=True)
                found = self._rank(index, full, limit, stop, True, checked)
            elif all_matches:
                # The hits came from short fields alone: drop any that prose excludes (!word).
                full = self._candidates(index, query, allowed, stop, restrict, full=True)
                rows = full.rows if full is not None else 0
                found = ([f for f in found[0] if rows >> f[0] & 1], found[1])
        if not all_matches:
            return found[0], found[1], None
        rest, exact = self._rest(index, found[0], short, full, stop, checked)
        last = full if full is not None else short
        matches = last.word_matches if last is not None else []
        spans_for = partial(self._item_spans, index, matches)
        return found[0], len(found[0]) + len(rest), _Rest(rest, spans_for, exact)

    def _rest(
        self,
        index: _KindIndex,
        scored: list[tuple[int, float, list[_WordMatch]]],
        short: _Candidates | None,
        full: _Candidates | None,
        stop: Callable[[], bool],
        memo: dict[tuple[Term, int], bool],
    ) -> tuple[array, bool]:
        """The items of the matching rows not in ``scored``: rows matching in short fields
        first, then those matching in long prose only; newest first within each.

        Operator and smart-case terms are checked row by row for :data:`CHECK_BUDGET`
        seconds; rows left unchecked then follow the checked ones, and the list is not
        exact (False).
        """
        sets = index.sets
        left = ~sets.of([[r for r, _, _ in scored]])
        out = array("i")
        unchecked = 0
        taken = 0
        deadline = time.perf_counter() + CHECK_BUDGET
        for tier, full_check in ((short, False), (full, True)):
            if tier is None:
                continue
            rows = tier.rows & left & ~taken & ~unchecked
            if not full_check and full is not None:
                rows &= full.rows  # prose may exclude (!word) what short fields let through
            if tier.checked and rows:
                rows, late = self._holding(index, tier, rows, full_check, stop, memo, deadline)
                unchecked |= late
            if stop():
                raise _Stopped
            out.extend(sets.items(rows, index.lib_of))
            taken |= rows  # a short candidate failing its checks may still hold in prose
        out.extend(sets.items(unchecked, index.lib_of))
        return out, not unchecked

    def _holding(
        self,
        index: _KindIndex,
        found: _Candidates,
        rows: int,
        full: bool,
        stop: Callable[[], bool],
        memo: dict[tuple[Term, int], bool],
        deadline: float,
    ) -> tuple[int, int]:
        """Those of ``rows`` that pass the operator and smart-case checks (a Python test per
        row: only queries with such terms pay it), and those not checked by ``deadline``."""
        term_matches = found.term_matches
        kept: list[int] = []
        late: list[int] = []
        for n, row in enumerate(index.sets.rows(rows)):
            if late:
                late.append(row)
                continue
            if n % _STOP_EVERY == 0:
                if stop():
                    raise _Stopped
                if time.perf_counter() > deadline:
                    late.append(row)
                    continue
            if all(
                any(self._term_holds(index, row, t, term_matches, full, memo) for t in g)
                for g in found.checked
            ):
                kept.append(row)
        return index.sets.of([kept]), index.sets.of([late])

    def _candidates(
        self,
        index: _KindIndex,
        query: Query,
        allowed: int | None,
        stop: Callable[[], bool],
        restrict: int | None,
        full: bool,
    ) -> _Candidates | None:
        """Every row matching the query (operator and smart-case terms: maybe), or None."""
        vocab = index.wait_long(stop) if full else index.short_vocab
        everything = index.sets.all
        positive = query.positive_groups
        word_matches: list[_WordMatch] = []
        term_matches: dict[Term, list[_WordMatch]] = {}
        candidates: int | None = None
        strong = 0
        for group in positive:
            group_docs = 0
            group_strong = 0
            for term in group:
                if stop():
                    raise _Stopped
                if term.negated:
                    group_docs = everything
                    continue
                docs, strong_docs, matches = self._term_docs(index, term, vocab, full)
                term_matches[term] = matches
                word_matches.extend(matches)
                group_docs |= docs
                group_strong |= strong_docs
            if candidates is None:
                candidates, strong = group_docs, group_strong
            else:
                candidates &= group_docs
                strong &= group_strong
            if not candidates:
                return None
        if candidates is None:
            candidates = everything
        if allowed is not None:
            candidates &= allowed
        if restrict is not None:
            candidates &= restrict
        if query.years is not None:
            candidates &= index.in_years(query.years)
        for term in query.negative_terms:
            if stop():
                raise _Stopped
            if candidates:
                candidates &= ~self._excluded(index, term, vocab, full, candidates, stop)
        checked = [g for g in positive if any(t.negated or _needs_check(t) for t in g)]
        return _Candidates(
            candidates, strong, candidates.bit_count(), word_matches, term_matches, checked
        )

    def _rank(
        self,
        index: _KindIndex,
        found: _Candidates | None,
        limit: int,
        stop: Callable[[], bool],
        full: bool,
        memo: dict[tuple[Term, int], bool],
    ) -> tuple[list[tuple[int, float, list[_WordMatch]]], int]:
        """The best ``limit`` of the candidates, scoring ``limit`` + :data:`POOL_SLACK` of them
        (at most :data:`SCORE_POOL`)."""
        if found is None:
            return [], 0
        total = found.total
        word_matches, checked = found.word_matches, found.checked
        if not word_matches and not checked:
            # Filters only (kind:, year:): every candidate scores 0; newest first.
            return [(row, 0.0, []) for row in index.sets.rows(found.rows, limit)], total
        size = min(SCORE_POOL, limit + POOL_SLACK)
        pool = self._pool(index, found.rows, word_matches, total, size)
        term_matches = found.term_matches
        score = _Scorer(index, word_matches).score
        results: list[tuple[int, float, list[_WordMatch]]] = []
        for n, row in enumerate(pool):
            if n % _STOP_EVERY == 0 and stop():
                raise _Stopped
            if checked and not all(
                any(self._term_holds(index, row, t, term_matches, full, memo) for t in g)
                for g in checked
            ):
                total -= 1
                continue
            results.append((row, score(row), word_matches))
        # Lower rows are newer (ties: library order), so -row breaks ties as recency would.
        top = heapq.nlargest(limit, results, key=lambda r: (r[1], -r[0]))
        return top, total

    def _excluded(
        self,
        index: _KindIndex,
        term: Term,
        vocab: _Vocabulary,
        full: bool,
        candidates: int,
        stop: Callable[[], bool],
    ) -> int:
        """The candidates a negated term removes."""
        exact = _as_exact(term)
        excluded = self._term_docs(index, exact, vocab, full)[0] & candidates
        if not _needs_check(exact) or (term.mode == "fuzzy" and not term.case_sensitive):
            return excluded
        kept = []
        fields = index.fields_for(term.scope, full)
        for n, row in enumerate(index.sets.rows(excluded)):
            if n % _STOP_EVERY == 0 and stop():
                raise _Stopped
            if self._verify(index, row, term, fields):
                kept.append(row)
        return index.sets.of([kept])

    def _term_holds(
        self,
        index: _KindIndex,
        row: int,
        term: Term,
        term_matches: dict[Term, list[_WordMatch]],
        full: bool,
        memo: dict[tuple[Term, int], bool],
    ) -> bool:
        if term.negated:
            return not self._verify_row(index, row, term, full, memo, None)
        matches = term_matches[term]
        if not matches or not all(m.has(row) for m in matches):
            return False
        if not _check_of(term).needed:
            return True
        return self._verify_row(index, row, term, full, memo, matches[0])

    def _verify_row(
        self,
        index: _KindIndex,
        row: int,
        term: Term,
        full: bool,
        memo: dict[tuple[Term, int], bool],
        first: _WordMatch | None,
    ) -> bool:
        """:meth:`_verify` over the short fields (remembered for this query), then, when
        ``full`` and they did not match, over the long ones."""
        key = (term, row)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._verify(
                index, row, term, index.fields_for(term.scope, False), first
            )
        if found or not full:
            return found
        return self._verify(index, row, term, index.fields_for(term.scope, True, only_long=True))

    @staticmethod
    def _pool(
        index: _KindIndex, candidates: int, matches: list[_WordMatch], total: int, size: int
    ) -> list[int]:
        """At most ``size`` candidates, the likely best first.

        A word in the title (or name) weighs most in a score, so candidates are taken by how
        many query words they hold there, all of them first, then one fewer, and so on;
        newest first within each tier. The counts come from bit-sliced addition of the
        words' row sets: a few operations on whole bitsets, whatever the number of rows.
        """
        sets = index.sets
        if total <= size:
            return sets.rows(candidates)
        planes: list[int] = []  # bit j of a row's count of title words
        for match in matches:
            carry = match.in_title & candidates
            for j, plane in enumerate(planes):
                if not carry:
                    break
                planes[j], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        chosen: list[int] = []
        left = candidates
        for count in range(len(matches), 0, -1):
            tier = left
            for j, plane in enumerate(planes):
                tier &= plane if count >> j & 1 else ~plane
            if count >> len(planes):
                tier = 0
            if tier:
                chosen.extend(sets.rows(tier, size - len(chosen)))
                if len(chosen) >= size:
                    return chosen
                left &= ~tier
        chosen.extend(sets.rows(left, size - len(chosen)))
        return chosen

    # -- terms -------------------------------------------------------------------------------
    def _term_docs(
        self, index: _KindIndex, term: Term, vocab: _Vocabulary, full: bool
    ) -> tuple[int, int, list[_WordMatch]]:
        """Rows that may match ``term`` (exactly so for fuzzy and one-word exact terms)."""
        fields = index.fields_for(term.scope, full)
        words = term.words
        if not fields or not words:
            return 0, 0, []
        docs: int | None = None
        strong: int | None = None
        matches: list[_WordMatch] = []
        last = len(words) - 1
        plan = tuple((pos, index.fields[pos].weight, index.fields[pos].long) for pos in fields)
        anchored_start = term.mode in ("prefix", "equal")
        anchored_end = term.mode in ("suffix", "equal")
        nbytes = index.sets.nbytes
        for n, word in enumerate(words):
            how, matched = self._word_vocab(vocab, word, term.mode, n == 0, n == last, last == 0)
            found: tuple[int, int, int] | None = None
            # An anchored term's first (last) word must begin (end) a value: use those rows.
            for which, anchored in (
                (_START, anchored_start and n == 0),
                (_END, anchored_end and n == last),
            ):
                if anchored:
                    got = index.docs(matched, fields, which, (how, word, fields, full, which))
                    found = (
                        got
                        if found is None
                        else (found[0] & got[0], found[1] & got[1], found[2] & got[2])
                    )
            if found is None:
                found = index.docs(matched, fields, _ANY, (how, word, fields, full, _ANY))
            every, strong_docs, long_exact = found
            match = _WordMatch(word, fields, plan, matched, every, long_exact, nbytes)
            match.in_title = strong_docs
            matches.append(match)
            docs = every if docs is None else docs & every
            strong = strong_docs if strong is None else strong & strong_docs
        assert docs is not None and strong is not None
        return docs, strong, matches

    @staticmethod
    def _word_vocab(
        vocab: _Vocabulary, word: str, mode: str, first: bool, last: bool, single: bool
    ) -> tuple[str, dict[str, float]]:
        """How one word of a term matches vocabulary words, given the term's operator.

        Inside a multi-word exact phrase the first word may end a longer word, the last may
        begin one, and the middle words must be whole words.
        """
        if mode == "fuzzy":
            return "f", vocab.resolve(word, fuzzy=True)
        if mode == "exact" and single:
            return "s", vocab.substring(word)
        if first and mode in ("exact", "suffix"):
            return "e", vocab.suffix(word)
        if last and mode in ("exact", "prefix"):
            return "p", vocab.resolve(word, fuzzy=False)
        return "x", vocab.exact(word)

    def _verify(
        self,
        index: _KindIndex,
        row: int,
        term: Term,
        fields: tuple[int, ...],
        first: _WordMatch | None = None,
    ) -> bool:
        """Whether a row really matches an operator or smart-case term in ``fields``.

        Given the term's ``first`` word match, short fields that hold none of the words it
        matched are skipped (an operator term cannot match there); folded words already
        worked out for scoring are reused.
        """
        check = _check_of(term)
        if check.trivial:
            return True
        convert = _cased if check.cased else normalize
        for pos in fields:
            f = index.fields[pos]
            value = index.value(row, pos)
            if not value:
                continue
            if not f.long:
                if (
                    first is not None
                    and check.mode != "fuzzy"
                    and first.matched.keys().isdisjoint(index.field_words(row, pos))
                ):
                    continue
                if not check.cased and not f.multi:
                    if check.matches(" ".join(index.field_words(row, pos))):
                        return True
                    continue
            for raw in _values(f, value):
                if check.matches(" ".join(convert(raw).split())):
                    return True
        return False

    # -- scoring -----------------------------------------------------------------------------
    # -- hits and spans ----------------------------------------------------------------------
    def _hit(
        self,
        index: _KindIndex,
        kind: str,
        row: int,
        score: float,
        matches: list[_WordMatch],
    ) -> Hit:
        lib = self.library
        item = index.lib_of[row]
        if kind == "people":
            ident, title = lib.people[item].id, lib.people[item].name
        elif kind == "papers":
            ident, title = lib.paper_uid(item), lib.papers[item].title
        else:
            ident, title = _event_id(lib, item), lib.events[item].title
        spans = _LazySpans(partial(self._spans, index, row, matches))
        return Hit(_KIND_OF[kind], item, score, ident, title, spans)

    def _item_spans(
        self, index: _KindIndex, matches: list[_WordMatch], item: int
    ) -> dict[str, Spans]:
        """The spans of library item ``item`` (one of a result's ``rest``); none if unindexed."""
        row_of = index.row_of
        if not 0 <= item < len(row_of) or row_of[item] < 0:
            return {}
        return self._spans(index, row_of[item], matches)

    def _spans(self, index: _KindIndex, row: int, matches: list[_WordMatch]) -> dict[str, Spans]:
        spans: dict[str, Spans] = {}
        record = index.record(row)
        for pos, f in enumerate(index.fields):
            relevant = [m for m in matches if pos in m.fields]
            if not relevant:
                continue
            if f.long:
                if not any(m.has(row) for m in relevant):
                    continue
            elif all(m.matched.keys().isdisjoint(index.field_words(row, pos)) for m in relevant):
                continue
            text = normalize(_field_text(f, record[pos]))
            found: list[tuple[int, int]] = []
            for token in _SPACE_RE.finditer(text):
                tok = token.group()
                for m in relevant:
                    q = m.matched.get(tok)
                    if q is None:
                        continue
                    start, end = token.span()
                    at = tok.find(m.word)
                    if at >= 0:
                        start, end = start + at, start + at + len(m.word)
                    found.append((start, end))
                    break
            if found:
                spans[f.name] = tuple(_merge(found))
        return spans


# --- helpers -----------------------------------------------------------------------------------


def _never() -> bool:
    return False


_HOLD_POLL = 0.02
"""Seconds between looks at :attr:`SearchIndex.hold` while background indexing waits."""


def _needs_check(term: Term) -> bool:
    """Whether candidates from the index must be checked against the text for ``term``."""
    if term.case_sensitive:
        return True
    if term.mode == "fuzzy":
        return False
    # One word: a word containing it ('), or a value's first word beginning with it (^) or
    # its last word ending with it ($): the index answers exactly. Phrases need a look.
    return len(term.words) > 1 or term.mode == "equal"


class _Check:
    """How to check an operator or smart-case term against folded text, worked out once."""

    __slots__ = ("cased", "cutoff", "first_word", "mode", "needed", "target", "trivial")

    def __init__(self, term: Term) -> None:
        self.mode = term.mode
        self.cased = term.case_sensitive
        self.needed = _needs_check(term)
        self.trivial = term.mode == "fuzzy" and not self.cased  # the index answers exactly
        convert = _cased if self.cased else normalize
        self.target = " ".join(convert(term.text).split())
        self.first_word = self.target.split(" ", 1)[0] if self.target else ""
        self.cutoff = 1 if len(self.first_word) < 8 else 2

    def matches(self, text: str) -> bool:
        """Whether ``text`` (space-normalised, folded as the term wants) satisfies the term."""
        mode = self.mode
        if mode == "fuzzy":
            first = self.first_word
            return (" " + text).find(" " + first) >= 0 or (
                process.extractOne(
                    first, text.split(), scorer=OSA.distance, score_cutoff=self.cutoff
                )
                is not None
            )
        if mode == "exact":
            return self.target in text
        if mode == "prefix":
            return text.startswith(self.target)
        if mode == "suffix":
            return text.endswith(self.target)
        return text == self.target


_CHECKS: dict[Term, _Check] = {}


def _check_of(term: Term) -> _Check:
    found = _CHECKS.get(term)
    if found is None:
        if len(_CHECKS) > _CACHE_SIZE:
            _CHECKS.clear()
        found = _CHECKS[term] = _Check(term)
    return found


def _values(f: _Field, value: Any) -> tuple[str, ...]:
    return value if f.multi else (value,)


def _as_exact(term: Term) -> Term:
    """A negated term as the positive term it excludes (``!fire`` excludes ``'fire``)."""
    return Term(term.text, "exact" if term.mode == "fuzzy" else term.mode, term.scope)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out = [spans[0]]
    for start, end in spans[1:]:
        if start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _kinds_for(kind: str | None, query: Query) -> list[str]:
    if kind is not None:
        if kind not in ("people", "papers", "events"):
            raise ValueError(f"kind must be people, papers or events, not {kind!r}")
        wanted = [kind]
    else:
        wanted = ["people", "papers", "events"]
    if query.kinds is not None:
        wanted = [k for k in wanted if k in query.kinds]
    return wanted


def _event_id(lib: Library, index: int) -> str:
    event = lib.events[index]
    return f"{lib.people[event.person].id}/{event.kind}/{event.ref}"


def _event_years(event: Event) -> tuple[int, int]:
    first = event.start.year
    if event.end is None:
        last = first
    elif event.end.is_present:
        last = 9999
    else:
        last = event.end.year
    return (min(first, last), max(first, last))


def _people_years(lib: Library) -> list[tuple[int, int] | None]:
    """Each person's first and last year over their timeline (None without dated facts)."""
    count = len(lib.people)
    first = [10**9] * count
    last = [-(10**9)] * count
    for event in lib.events:
        person = event.person
        if event.end is None:
            low = high = event.start.year  # papers, awards: a single date
        else:
            low, high = _event_years(event)
        if low < first[person]:
            first[person] = low
        if high > last[person]:
            last[person] = high
    return [(f, la) if f <= la else None for f, la in zip(first, last, strict=True)]
