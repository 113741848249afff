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
   many items match, so even a one-letter query costs microseconds there. Frequent words keep
   their rows as a bitset, rare ones as a compact ``array``. Rows are numbered newest first,
   so "the newest candidates" are simply the lowest bits.
4. Only the surviving candidates are scored, at most :data:`SCORE_POOL` of them (title and
   name matches first, then newest first), and spans are worked out for returned hits only.

Ranking follows what a reader expects: a hit in a title or name outweighs one in a summary,
exact words beat prefixes beat typos, a match at the start of a field or on consecutive words
scores higher (fzf's boundary and consecutive bonuses), and ties go to the newer item.

Short fields (titles, names, authors, venues...) are indexed when a kind is first needed;
long prose (summaries, highlights) in a background thread, in small chunks that leave the GIL
to the screen. :meth:`SearchIndex.warm` does all of it ahead of the first keystroke.

The index is immutable once built and per-query caches sit behind locks, so searches may run
in worker threads concurrently; ``should_stop`` lets a caller abandon a stale query.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
import time
import unicodedata
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .query import Query, Term, YearRange, parse_query
from .text import fold

if TYPE_CHECKING:
    from .model import Event, Library, Paper, Person

__all__ = [
    "FIELD_JOIN",
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
_SYNC_LONG_ITEMS = 5000  # fewer items than this: index long prose at once, not in a thread
_LONG_CHUNK = 500  # rows of long prose indexed between two offers of the GIL
_CACHE_SIZE = 256  # resolved query words kept per vocabulary
_DOCS_CACHE_SIZE = 512  # row sets of resolved words kept per kind
_STOP_EVERY = 64
_DENSE = 64  # a word in at least 1/_DENSE of the rows keeps them as a bitset, else an array
_KINDS = ("people", "papers", "events")
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


# --- sets of rows ----------------------------------------------------------------------------

_NONZERO_RUN = re.compile(rb"[^\x00]+")
_BIT_OFFSETS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))


def _repeat_word(word: int, nbytes: int) -> int:
    return int.from_bytes(word.to_bytes(8, "little") * (nbytes // 8), "little")


class _RowSets:
    """Sets of rows ``0 … size-1`` as Python ints, bit ``r`` standing for row ``r``.

    A set of 100k rows is a 12.5 kB int: ``|``, ``&``, ``& ~`` and ``bit_count`` run in
    microseconds and hold the GIL no longer. Lists of rows become a bitset by marking one
    byte per row in a ``bytearray`` and packing eight bytes into one with three shift-and-mask
    steps over the whole number (the bytes of each 64-bit lane gather into its low byte, and
    every eighth byte is kept).
    """

    __slots__ = ("_lane_bytes", "_masks", "all", "nbytes", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self.nbytes = (size + 63) // 64 * 8 or 8
        self._lane_bytes = self.nbytes * 8
        self.all = (1 << size) - 1
        self._masks: tuple[int, int, int] | None = None

    def _pack(self, marks: bytearray) -> int:
        masks = self._masks
        if masks is None:
            n = self._lane_bytes
            masks = self._masks = (
                _repeat_word(0x0003000300030003, n),
                _repeat_word(0x0000000F0000000F, n),
                _repeat_word(0x00000000000000FF, n),
            )
        k1, k2, k3 = masks
        x = int.from_bytes(marks, "little")
        x = (x | x >> 7) & k1
        x = (x | x >> 14) & k2
        x = (x | x >> 28) & k3
        return int.from_bytes(x.to_bytes(self._lane_bytes, "little")[::8], "little")

    def of(self, groups: Iterable[Iterable[int]]) -> int:
        """The union of some collections of rows, as a bitset."""
        marks = bytearray(self._lane_bytes)
        for rows in groups:
            for row in rows:
                marks[row] = 1
        return self._pack(marks)

    def rows(self, bits: int, limit: int | None = None) -> list[int]:
        """The rows in ``bits``, lowest first; at most ``limit`` of them."""
        out: list[int] = []
        if not bits:
            return out
        data = bits.to_bytes(self.nbytes, "little")
        offsets = _BIT_OFFSETS
        for run in _NONZERO_RUN.finditer(data):
            start, end = run.span()
            for at in range(start, end):
                base = at * 8
                out.extend([base + bit for bit in offsets[data[at]]])
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out


def _has(bits: int, row: int) -> bool:
    return bool(bits >> row & 1)


#: Rows of one word in one field: a bitset when frequent, else a sorted array of rows.
_Posting = int | array
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
            owner = library.people[library.paper_owner[self.index]]
            data.update(
                person=owner.id,
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
            owner = library.people[library.paper_owner[self.index]]
            year = str(_paper_year(paper) or "    ")
            venue = f" ({paper.venue})" if paper.venue else ""
            return f"paper   {year}  {self.title}{venue}  — {owner.name}"
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
_Found = tuple[float, int, Callable[[], Hit]]


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


def _person_record(p: Person) -> _Record:
    places: list[str] = []
    for edu in p.education:
        places.extend(x for x in (edu.institution, edu.unit) if x)
    for exp in p.experience:
        places.extend(x for x in (exp.organisation, exp.unit) if x)
        places.extend(exp.collaborators)
    return (
        p.name,
        p.aliases,
        p.affiliation,
        p.headline,
        tuple(dict.fromkeys(places)),
        tuple(_flatten_interests(p.interests)),
        p.summary,
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


def _paper_record(p: Paper) -> _Record:
    year = p.year if p.year is not None else (p.date.year if p.date is not None else None)
    return (
        p.title,
        p.authors,
        p.venue,
        "" if year is None else str(year),
        p.categories,
        p.orgs,
        p.summary,
        p.highlights,
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


def _event_record(e: Event, person_name: str) -> _Record:
    return (
        e.title,
        e.organisation,
        e.place,
        e.dates_text(),
        person_name,
        e.subkind if e.subkind == e.kind else f"{e.kind} {e.subkind}",
    )


_EVENT_FIELDS = (
    _Field("title", 8.0, frozenset({"title", "topic"}), repeats=True),
    _Field("organisation", 6.0, frozenset({"org", "venue"}), repeats=True),
    _Field("place", 3.0, frozenset({"org"}), repeats=True),
    _Field("dates", 3.0, frozenset(), repeats=True),
    _Field("person", 4.0, frozenset({"author"}), repeats=True),
    _Field("kind", 3.0, frozenset(), repeats=True),
)


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
        record: Callable[[int], _Record],
        items: Sequence[int],
        years: Sequence[tuple[int, int] | None],
        lib_size: int,
    ) -> None:
        self.kind = kind
        self.fields = tuple(fields)
        self._record = record
        recency = [(y[1] if y is not None else 0) for y in years]
        order = sorted(range(len(items)), key=recency.__getitem__, reverse=True)
        self.size = len(order)
        self.lib_of = array("i", [items[k] for k in order])
        self.row_of = array("i", [-1]) * lib_size  # library index → row, -1 when not indexed
        for row, lib in enumerate(self.lib_of):
            self.row_of[lib] = row
        self.recency = array("i", [recency[k] for k in order])
        self.years = [years[k] for k in order]
        self.sets = _RowSets(self.size)
        self.postings: list[dict[str, _Posting]] = [{} for _ in self.fields]
        #: Per repeating field: each distinct value's words, to score without re-tokenising.
        self.value_words: list[dict[str, tuple[str, ...]] | None] = [
            {} if f.repeats else None for f in self.fields
        ]
        self.short = tuple(i for i, f in enumerate(self.fields) if not f.long)
        self.long = tuple(i for i, f in enumerate(self.fields) if f.long)
        records = [record(lib) for lib in self.lib_of]
        for pos in self.short:
            rows = self._collect(pos, [r[pos] for r in records], 0, {})
            self.postings[pos] = self._finish(rows)
        del records
        self.short_vocab = _Vocabulary(w for i in self.short for w in self.postings[i])
        self.full_vocab: _Vocabulary | None = None if self.long else self.short_vocab
        self._long_ready = threading.Event()
        self._lock = threading.Lock()
        self._docsets: OrderedDict[object, tuple[int, int, int]] = OrderedDict()
        self._year_groups: list[tuple[tuple[int, int], int]] | None = None
        self._year_masks: OrderedDict[YearRange, int] = OrderedDict()
        if not self.long:
            self._long_ready.set()
        elif self.size <= _SYNC_LONG_ITEMS:
            self._build_long(threaded=False)
        else:
            threading.Thread(
                target=self._build_long, name=f"cvtui-index-{kind}", daemon=True
            ).start()

    # -- building ----------------------------------------------------------------------------
    def record(self, row: int) -> _Record:
        """Row ``row``'s field values, read from the library."""
        return self._record(self.lib_of[row])

    def _collect(
        self, pos: int, column: list[Any], first_row: int, into: dict[str, list[Any]]
    ) -> dict[str, list[Any]]:
        """Add one field's rows to ``into``: word → list of row lists (merged by :meth:`_finish`).

        Repeating values are grouped first (value → rows) and each distinct value is
        tokenised once, so 100k papers by a few thousand authors cost a few thousand splits.
        """
        f = self.fields[pos]
        memo = self.value_words[pos]
        if memo is not None:
            groups: dict[str, list[int]] = {}
            get = groups.get
            for row, value in enumerate(column, first_row):
                for v in value if f.multi else (value,):
                    rows = get(v)
                    if rows is None:
                        groups[v] = [row]
                    elif rows[-1] != row:
                        rows.append(row)
            for v, rows in groups.items():
                words = memo.get(v)
                if words is None:
                    words = memo[v] = _tokens(v)
                for word in set(words) if len(words) > 1 else words:
                    found = into.get(word)
                    if found is None:
                        into[word] = [rows]
                    else:
                        found.append(rows)
            return into
        singles: dict[str, list[int]] = {}
        get = singles.get
        join = FIELD_JOIN.join
        for row, value in enumerate(column, first_row):
            words = (join(value) if f.multi else value).translate(_NORM).split()
            for word in set(words) if len(words) > 1 else words:
                rows = get(word)
                if rows is None:
                    singles[word] = [row]
                else:
                    rows.append(row)
        for word, rows in singles.items():
            found = into.get(word)
            if found is None:
                into[word] = [rows]
            else:
                found.append(rows)
        return into

    def _finish(self, collected: dict[str, list[Any]]) -> dict[str, _Posting]:
        dense = max(1, self.size // _DENSE)
        out: dict[str, _Posting] = {}
        for word, groups in collected.items():
            count = sum(map(len, groups))
            if count >= dense:
                out[word] = self.sets.of(groups)
            elif len(groups) == 1:
                out[word] = array("i", groups[0])
            else:
                out[word] = array("i", sorted(set(chain.from_iterable(groups))))
        return out

    def _build_long(self, threaded: bool = True) -> None:
        """Index long prose in chunks of rows, offering the GIL to other threads in between."""
        try:
            collected: dict[int, dict[str, list[Any]]] = {pos: {} for pos in self.long}
            for start in range(0, self.size, _LONG_CHUNK):
                rows = range(start, min(self.size, start + _LONG_CHUNK))
                records = [self._record(self.lib_of[row]) for row in rows]
                for pos in self.long:
                    self._collect(pos, [r[pos] for r in records], start, collected[pos])
                if threaded:
                    time.sleep(0)
            for pos in self.long:
                self.postings[pos] = self._finish(collected.pop(pos))
                if threaded:
                    time.sleep(0)
            self.full_vocab = _Vocabulary(w for p in self.postings for w in p)
        finally:
            self._long_ready.set()

    def wait_long(self, stop: Callable[[], bool]) -> _Vocabulary:
        """The vocabulary with long prose in it, waiting for its indexing if needed."""
        while not self._long_ready.wait(0.05):
            if stop():
                raise _Stopped
        return self.full_vocab or self.short_vocab

    @property
    def long_ready(self) -> bool:
        return self._long_ready.is_set()

    # -- reading items back ------------------------------------------------------------------
    def words_of(self, pos: int, record: _Record) -> tuple[str, ...]:
        """The folded words of one field of one item, in order (for scoring)."""
        f = self.fields[pos]
        value = record[pos]
        memo = self.value_words[pos]
        if memo is None:
            return _tokens(_field_text(f, value))
        if not f.multi:
            found = memo.get(value)
            return found if found is not None else _tokens(value)
        parts = [memo.get(v) for v in value]
        if None in parts:
            return _tokens(_field_text(f, value))
        return parts[0] if len(parts) == 1 else tuple(chain.from_iterable(parts))  # type: ignore[arg-type]

    # -- rows of one word --------------------------------------------------------------------
    def docs(
        self, matched: dict[str, float], fields: tuple[int, ...], key: object
    ) -> tuple[int, int, int]:
        """Rows holding a matched word in ``fields``: (all, strong, exact in long text).

        Strong: an exact or prefix word in the kind's first (title/name) field.
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
        for pos in fields:
            post = self.postings[pos]
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
        if groups is None:
            by_span: dict[tuple[int, int], list[int]] = {}
            for row, span in enumerate(self.years):
                if span is not None:
                    rows = by_span.get(span)
                    if rows is None:
                        by_span[span] = [row]
                    else:
                        rows.append(row)
            groups = [(span, self.sets.of([rows])) for span, rows in by_span.items()]
            self._year_groups = groups
        return groups

    def rows_of(self, lib_indexes: Iterable[int]) -> int:
        """The rows of some library indexes (those not indexed are left out), as a bitset."""
        row_of = self.row_of
        size = len(row_of)
        return self.sets.of([[row_of[i] for i in lib_indexes if 0 <= i < size and row_of[i] >= 0]])


# --- the index ---------------------------------------------------------------------------------


class _WordMatch:
    """One folded query word bound to the fields it may match in and its resolved vocabulary."""

    __slots__ = ("every", "fields", "long_exact", "matched", "word")

    def __init__(
        self,
        word: str,
        fields: tuple[int, ...],
        matched: dict[str, float],
        every: int,
        long_exact: int,
    ) -> None:
        self.word = word
        self.fields = fields
        self.matched = matched
        self.every = every
        self.long_exact = long_exact


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
        self._paper_event_map: dict[int, int] | None = None
        self._paper_event_rows: int | None = None
        self._within: OrderedDict[tuple[str, int], tuple[Sequence[int], int]] = OrderedDict()

    # -- building ----------------------------------------------------------------------------
    def index_for(self, kind: str) -> _KindIndex:
        """The index of ``people``, ``papers`` or ``events`` (built now if needed)."""
        found = self._kinds.get(kind)
        if found is not None:
            return found
        with self._build_lock:
            found = self._kinds.get(kind)
            if found is None:
                found = self._build(kind)
                self._kinds[kind] = found
        return found

    def build_all(self) -> None:
        """Index every kind now (otherwise each is built on its first search)."""
        for kind in _KINDS:
            self.index_for(kind)

    def warm(self, wait: bool = False, should_stop: Callable[[], bool] | None = None) -> bool:
        """Build everything a search needs, so no keystroke pays for it; for a worker thread.

        Indexes every kind, the paper ↔ timeline map and the year filters; long prose goes on
        indexing in the background unless ``wait`` is true. Returns False when ``should_stop``
        asked to stop before the end (what was built is kept and used).
        """
        stop = should_stop or _never
        for kind in _KINDS:
            if stop():
                return False
            index = self.index_for(kind)
            index.year_groups()
        if stop():
            return False
        self._paper_events()
        self._paper_event_rows_mask()
        if wait:
            try:
                for kind in _KINDS:
                    self.index_for(kind).wait_long(stop)
            except _Stopped:
                return False
        return True

    @property
    def ready(self) -> bool:
        """Whether every kind is indexed, long prose included."""
        return all(k in self._kinds and self._kinds[k].long_ready for k in _KINDS)

    def _build(self, kind: str) -> _KindIndex:
        lib = self.library
        if kind == "people":
            people = lib.people
            return _KindIndex(
                kind,
                _PERSON_FIELDS,
                lambda i: _person_record(people[i]),
                range(len(people)),
                _people_years(lib),
                len(people),
            )
        if kind == "papers":
            papers = lib.papers
            years: list[tuple[int, int] | None] = []
            for paper in papers:
                year = _paper_year(paper)
                years.append(None if year is None else (year, year))
            return _KindIndex(
                kind,
                _PAPER_FIELDS,
                lambda i: _paper_record(papers[i]),
                range(len(papers)),
                years,
                len(papers),
            )
        # Paper events are answered through the paper index; only the others are indexed here.
        names = [p.name for p in lib.people]
        events = lib.events
        ids: list[int] = []
        spans: list[tuple[int, int] | None] = []
        for i, event in enumerate(events):
            if event.kind != "paper":
                ids.append(i)
                spans.append(_event_years(event))
        return _KindIndex(
            kind,
            _EVENT_FIELDS,
            lambda i: _event_record(events[i], names[events[i].person]),
            ids,
            spans,
            len(events),
        )

    def field_text(self, kind: str, index: int, name: str) -> str:
        """The original text of field ``name`` of item ``index`` (what spans refer to)."""
        lib = self.library
        if kind in ("person", "people"):
            fields, record = _PERSON_FIELDS, _person_record(lib.people[index])
        elif kind in ("paper", "papers"):
            fields, record = _PAPER_FIELDS, _paper_record(lib.papers[index])
        else:
            event = lib.events[index]
            fields, record = _EVENT_FIELDS, _event_record(event, lib.people[event.person].name)
        for pos, f in enumerate(fields):
            if f.name == name:
                return _field_text(f, record[pos])
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
    ) -> SearchResult:
        """Ranked hits with the query's problems and the number of items that matched.

        ``kind`` is ``people``, ``papers``, ``events`` or None for people and papers (paper
        events would repeat the papers). ``within`` keeps only those item indexes of ``kind``.
        ``should_stop`` is polled between steps; when it returns True the result is empty and
        marked ``cancelled``.
        """
        parsed = parse_query(query)
        kinds = _kinds_for(kind, parsed)
        stop = should_stop or _never
        limit = max(0, limit)
        found: list[_Found] = []
        total = 0
        try:
            for k in kinds:
                some, count = self._search_kind(k, parsed, limit, within, stop, kind is None)
                found.extend(some)
                total += count
        except _Stopped:
            return SearchResult([], parsed.problems, 0, parsed, cancelled=True)
        # Spans are worked out only for the hits that are returned.
        best = heapq.nlargest(limit, found, key=lambda f: (f[0], f[1]))
        return SearchResult([make() for _, _, make in best], parsed.problems, total, parsed)

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
    ) -> tuple[list[_Found], int]:
        if kind == "events":
            return self._search_events(query, limit, within, stop, mixed)
        index = self.index_for(kind)
        allowed = self._allowed(index, within)
        scored, total = self._match(index, query, limit, allowed, stop)
        return [
            (s, index.recency[r], partial(self._hit, index, kind, r, s, terms))
            for r, s, terms in scored
        ], total

    def _search_events(
        self,
        query: Query,
        limit: int,
        within: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
    ) -> tuple[list[_Found], int]:
        index = self.index_for("events")
        allowed_rows = self._allowed(index, within)
        scored, total = self._match(index, query, limit, allowed_rows, stop)
        hits: list[_Found] = [
            (s, index.recency[r], partial(self._hit, index, "events", r, s, t))
            for r, s, t in scored
        ]
        if mixed:
            return hits, total
        # Paper events: search the papers and map each hit to its timeline event.
        event_of_paper = self._paper_events()
        papers = self.index_for("papers")
        restrict = self._paper_event_rows_mask()
        if within is not None:
            allowed_events = set(within)
            restrict &= papers.rows_of(p for p, e in event_of_paper.items() if e in allowed_events)
        scored_p, total_p = self._match(papers, query, limit, None, stop, restrict)
        for r, s, t in scored_p:
            paper = papers.lib_of[r]
            make = partial(self._paper_event_hit, papers, r, s, t, event_of_paper[paper])
            hits.append((s, papers.recency[r], make))
        return hits, total + total_p

    def _paper_event_hit(
        self, papers: _KindIndex, row: int, score: float, matches: list[_WordMatch], event: int
    ) -> Hit:
        hit = self._hit(papers, "papers", row, score, matches)
        return Hit("event", event, score, _event_id(self.library, event), hit.title, hit.spans)

    def _paper_events(self) -> dict[int, int]:
        """Library paper index → index of its timeline event (papers without a date have none)."""
        found = self._paper_event_map
        if found is None:
            lib = self.library
            starts: list[int] = []
            total = 0
            for person in lib.people:
                starts.append(total)
                total += len(person.papers)
            found = {
                starts[e.person] + e.ref: i for i, e in enumerate(lib.events) if e.kind == "paper"
            }
            self._paper_event_map = found
        return found

    def _paper_event_rows_mask(self) -> int:
        """Rows of the paper index that have a timeline event."""
        found = self._paper_event_rows
        if found is None:
            found = self.index_for("papers").rows_of(self._paper_events())
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
    ) -> tuple[list[tuple[int, float, list[_WordMatch]]], int]:
        """The top ``limit`` rows matching every group, with their number.

        Short fields are searched first; long prose too only when they do not fill the page,
        since a match there ranks below matches in titles, names and authors anyway. The
        number is exact except that operator and smart-case terms are checked only on the
        candidates that are scored.
        """
        found = self._match_in(index, query, limit, allowed, stop, restrict, full=False)
        if len(found[0]) >= limit or not index.long:
            return found
        return self._match_in(index, query, limit, allowed, stop, restrict, full=True)

    def _match_in(
        self,
        index: _KindIndex,
        query: Query,
        limit: int,
        allowed: int | None,
        stop: Callable[[], bool],
        restrict: int | None,
        full: bool,
    ) -> tuple[list[tuple[int, float, list[_WordMatch]]], int]:
        vocab = index.wait_long(stop) if full else index.short_vocab
        everything = index.sets.all
        positive = query.positive_groups
        word_matches: list[_WordMatch] = []
        term_docs: dict[Term, int] = {}
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
                term_docs[term] = docs
                word_matches.extend(matches)
                group_docs |= docs
                group_strong |= strong_docs
            if candidates is None:
                candidates, strong = group_docs, group_strong
            else:
                candidates &= group_docs
                strong &= group_strong
            if not candidates:
                return [], 0
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
        total = candidates.bit_count()
        pool = self._pool(index, candidates, strong, total)
        results: list[tuple[int, float, list[_WordMatch]]] = []
        for n, row in enumerate(pool):
            if n % _STOP_EVERY == 0 and stop():
                raise _Stopped
            record = index.record(row)
            if checked and not all(
                any(self._term_holds(index, row, record, t, term_docs, full) for t in g)
                for g in checked
            ):
                total -= 1
                continue
            results.append((row, self._score(index, row, record, word_matches), word_matches))
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
        for n, row in enumerate(index.sets.rows(excluded)):
            if n % _STOP_EVERY == 0 and stop():
                raise _Stopped
            if self._verify(index, index.record(row), term, full):
                kept.append(row)
        return index.sets.of([kept])

    def _term_holds(
        self,
        index: _KindIndex,
        row: int,
        record: _Record,
        term: Term,
        term_docs: dict[Term, int],
        full: bool,
    ) -> bool:
        if term.negated:
            return not self._verify(index, record, term, full)
        if not _has(term_docs[term], row):
            return False
        return not _needs_check(term) or self._verify(index, record, term, full)

    @staticmethod
    def _pool(index: _KindIndex, candidates: int, strong: int, total: int) -> list[int]:
        """At most :data:`SCORE_POOL` candidates: strong title matches first, newer first."""
        sets = index.sets
        if total <= SCORE_POOL:
            return sets.rows(candidates)
        chosen = sets.rows(candidates & strong, SCORE_POOL)
        if len(chosen) < SCORE_POOL:
            chosen.extend(sets.rows(candidates & ~strong, SCORE_POOL - len(chosen)))
        return chosen

    # -- terms -------------------------------------------------------------------------------
    @staticmethod
    def _fields_for(index: _KindIndex, term: Term, full: bool) -> tuple[int, ...]:
        return tuple(
            i
            for i, f in enumerate(index.fields)
            if (full or not f.long) and (term.scope is None or term.scope in f.scopes)
        )

    def _term_docs(
        self, index: _KindIndex, term: Term, vocab: _Vocabulary, full: bool
    ) -> tuple[int, int, list[_WordMatch]]:
        """Rows that may match ``term`` (exactly so for fuzzy and one-word exact terms)."""
        fields = self._fields_for(index, term, full)
        words = term.words
        if not fields or not words:
            return 0, 0, []
        docs: int | None = None
        strong: int | None = None
        matches: list[_WordMatch] = []
        last = len(words) - 1
        for n, word in enumerate(words):
            how, matched = self._word_vocab(vocab, word, term.mode, n == 0, n == last, last == 0)
            every, strong_docs, long_exact = index.docs(matched, fields, (how, word, fields, full))
            matches.append(_WordMatch(word, fields, matched, every, long_exact))
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

    def _verify(self, index: _KindIndex, record: _Record, term: Term, full: bool) -> bool:
        """Whether an item really matches an operator or smart-case term (an exact check)."""
        if term.mode == "fuzzy" and not term.case_sensitive:
            return True
        convert = _cased if term.case_sensitive else normalize
        target = " ".join(convert(term.text).split())
        first_word = target.split(" ", 1)[0] if target else ""
        cutoff = 1 if len(first_word) < 8 else 2
        for pos in self._fields_for(index, term, full):
            f = index.fields[pos]
            value = record[pos]
            if not value:
                continue
            for raw in value if f.multi else (value,):
                text = " ".join(convert(raw).split())
                if term.mode == "fuzzy":
                    if any(
                        w.startswith(first_word) or OSA.distance(w, first_word) <= cutoff
                        for w in text.split()
                    ):
                        return True
                elif term.mode == "exact":
                    if target in text:
                        return True
                elif term.mode == "prefix":
                    if text.startswith(target):
                        return True
                elif term.mode == "suffix":
                    if text.endswith(target):
                        return True
                elif text == target:
                    return True
        return False

    # -- scoring -----------------------------------------------------------------------------
    def _score(
        self, index: _KindIndex, row: int, record: _Record, matches: list[_WordMatch]
    ) -> float:
        score = 0.0
        fields = index.fields
        words: dict[int, tuple[str, ...]] = {}
        previous: tuple[int, int] | None = None
        hit_fields: set[int] = set()
        for match in matches:
            best = 0.0
            best_at: tuple[int, int] | None = None
            matched = match.matched
            for pos in match.fields:
                f = fields[pos]
                if f.long:
                    if best < f.weight and _has(match.long_exact, row):
                        best, best_at = f.weight, None
                    elif best < f.weight * 0.6 and _has(match.every, row):
                        best, best_at = f.weight * 0.6, None
                    continue
                toks = words.get(pos)
                if toks is None:
                    toks = words[pos] = index.words_of(pos, record)
                if matched.keys().isdisjoint(toks):
                    continue
                for at, tok in enumerate(toks):
                    q = matched.get(tok)
                    if q is None:
                        continue
                    value = f.weight * q
                    if at == 0:
                        value += 1.0 * q  # boundary: the field starts with this word
                    if previous is not None and previous == (pos, at - 1):
                        value += 2.0  # consecutive with the previous query word
                    if value > best:
                        best, best_at = value, (pos, at)
            score += best
            previous = best_at
            if best_at is not None:
                hit_fields.add(best_at[0])
        # Coverage: how much of the best short field the query accounts for.
        for pos in hit_fields:
            toks = words[pos]
            if toks:
                score += 2.0 * min(1.0, len(matches) / len(toks))
        return score

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

    def _spans(self, index: _KindIndex, row: int, matches: list[_WordMatch]) -> dict[str, Spans]:
        spans: dict[str, Spans] = {}
        record = index.record(row)
        for pos, f in enumerate(index.fields):
            relevant = [m for m in matches if pos in m.fields]
            if not relevant:
                continue
            if f.long:
                if not any(_has(m.every, row) for m in relevant):
                    continue
            elif all(m.matched.keys().isdisjoint(index.words_of(pos, record)) for m in relevant):
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


def _needs_check(term: Term) -> bool:
    """Whether candidates from the index must be checked against the text for ``term``."""
    if term.case_sensitive:
        return True
    if term.mode == "fuzzy":
        return False
    return not (term.mode == "exact" and len(term.words) == 1)


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
    years: list[tuple[int, int] | None] = [None] * len(lib.people)
    for event in lib.events:
        first, last = _event_years(event)
        known = years[event.person]
        years[event.person] = (
            (first, last) if known is None else (min(known[0], first), max(known[1], last))
        )
    return years
