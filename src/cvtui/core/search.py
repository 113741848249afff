"""Fuzzy search over people, papers and timeline events, fast enough to run per keystroke.

Scoring every document with a fuzzy scorer on every keystroke takes about a second at 100k
papers, so the work is split the way search engines do it:

1. At build time each field's text is normalised once (accents and case folded, punctuation
   to spaces, same length as the original so match positions are highlight spans) and split
   into words; a vocabulary of distinct words points to the items holding each word.
2. A query word is resolved against the *vocabulary*, not the documents: exact word, word
   prefix (bisect in the sorted vocabulary), and typos (rapidfuzz edit distance over words of
   a similar length, cut-off growing with the word's length).
3. Posting sets are intersected (AND) and united (``|``) with C-level set operations; only
   the surviving candidates are scored, and at most :data:`SCORE_POOL` of them.
4. Spans are computed for the returned hits only.

Ranking follows what a reader expects: a hit in a title or name outweighs one in a summary,
exact words beat prefixes beat typos, a match at the start of a field or on consecutive words
scores higher (fzf's boundary and consecutive bonuses), and ties go to the newer item.

The index is immutable once built and per-query caches sit behind a lock, so searches may run
in worker threads concurrently; ``should_stop`` lets a caller abandon a stale query.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
import sys
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
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
    "normalize",
]

#: Multi-valued fields (authors, institutions, ...) are joined with this to form their text.
FIELD_JOIN = "; "
#: At most this many candidates are scored precisely per kind and query.
SCORE_POOL = 250
_SYNC_LONG_ITEMS = 5000  # fewer items than this: index long prose at once, not in a thread
_CACHE_SIZE = 256
_STOP_EVERY = 256
_KIND_OF = {"people": "person", "papers": "paper", "events": "event"}
_SPACE_RE = re.compile(r"[^ ]+")


# --- text normalisation --------------------------------------------------------------------


class _NormTable(dict):  # type: ignore[type-arg]
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


def _intern_all(words: list[str]) -> tuple[str, ...]:
    return tuple(map(sys.intern, words))


# --- hits ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result; ``spans`` maps a field to (start, end) ranges in its original text.

    Field texts: ``title``/``name``/``summary``... as written; multi-valued fields such as
    ``authors`` are the values joined with :data:`FIELD_JOIN` (see :meth:`SearchIndex.field_text`).
    """

    kind: str
    index: int
    score: float
    id: str
    title: str
    spans: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)

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
            return f"event   {event.dates_text()}  {event.subkind}: {self.title}{at}  — {owner.name}"
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


# --- fields ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    weight: float
    scopes: frozenset[str]
    long: bool = False  # long prose: indexed, but not kept as per-item word lists
    multi: bool = False  # several values joined with FIELD_JOIN


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


def _person_fields(p: Person) -> dict[str, str]:
    places: list[str] = []
    for edu in p.education:
        places.extend(x for x in (edu.institution, edu.unit) if x)
    for exp in p.experience:
        places.extend(x for x in (exp.organisation, exp.unit) if x)
        places.extend(exp.collaborators)
    return {
        "name": p.name,
        "aliases": FIELD_JOIN.join(p.aliases),
        "affiliation": p.affiliation,
        "headline": p.headline,
        "institutions": FIELD_JOIN.join(dict.fromkeys(places)),
        "interests": FIELD_JOIN.join(_flatten_interests(p.interests)),
        "summary": p.summary,
    }


_PERSON_FIELDS = (
    _Field("name", 10.0, frozenset({"title", "author"})),
    _Field("aliases", 8.0, frozenset({"title", "author"}), multi=True),
    _Field("affiliation", 5.0, frozenset({"org"})),
    _Field("headline", 3.0, frozenset()),
    _Field("institutions", 4.0, frozenset({"org"}), multi=True),
    _Field("interests", 3.0, frozenset({"topic"}), multi=True),
    _Field("summary", 1.5, frozenset({"topic"}), long=True),
)


def _paper_year(p: Paper) -> int | None:
    """The year the paper is cited with: ``year``, else the year of its ``date``."""
    if p.year is not None:
        return p.year
    return p.date.year if p.date is not None else None


def _paper_year_text(p: Paper) -> str:
    year = _paper_year(p)
    return "" if year is None else str(year)


_PAPER_GETTERS: dict[str, Callable[[Paper], str]] = {
    "title": lambda p: p.title,
    "authors": lambda p: FIELD_JOIN.join(p.authors),
    "venue": lambda p: p.venue,
    "year": _paper_year_text,
    "categories": lambda p: FIELD_JOIN.join(p.categories),
    "orgs": lambda p: FIELD_JOIN.join(p.orgs),
    "summary": lambda p: p.summary,
    "highlights": lambda p: FIELD_JOIN.join(p.highlights),
}


def _paper_fields(p: Paper) -> dict[str, str]:
    return {name: get(p) for name, get in _PAPER_GETTERS.items()}


_PAPER_FIELDS = (
    _Field("title", 10.0, frozenset({"title", "topic"})),
    _Field("authors", 7.0, frozenset({"author"}), multi=True),
    _Field("venue", 4.0, frozenset({"venue"})),
    _Field("year", 3.0, frozenset()),
    _Field("categories", 3.0, frozenset({"topic"}), multi=True),
    _Field("orgs", 4.0, frozenset({"org"}), multi=True),
    _Field("summary", 1.5, frozenset({"topic"}), long=True),
    _Field("highlights", 1.5, frozenset({"topic"}), long=True, multi=True),
)


def _event_fields(e: Event, person_name: str) -> dict[str, str]:
    return {
        "title": e.title,
        "organisation": e.organisation,
        "place": e.place,
        "dates": e.dates_text(),
        "person": person_name,
        "kind": e.subkind if e.subkind == e.kind else f"{e.kind} {e.subkind}",
    }


_EVENT_FIELDS = (
    _Field("title", 8.0, frozenset({"title", "topic"})),
    _Field("organisation", 6.0, frozenset({"org", "venue"})),
    _Field("place", 3.0, frozenset({"org"})),
    _Field("dates", 3.0, frozenset()),
    _Field("person", 4.0, frozenset({"author"})),
    _Field("kind", 3.0, frozenset()),
)


# --- one kind's index --------------------------------------------------------------------------


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

    def _cached(self, key: tuple[str, str], make: Callable[[], dict[str, float]]) -> dict[str, float]:
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
                    word, self._prefix_list(length), scorer=OSA.distance,
                    score_cutoff=cutoff, limit=None,
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


class _KindIndex:
    """Normalised texts, per-item words and word → items postings for one kind of item.

    Short fields (titles, names, authors, venues...) are indexed at once. Long prose
    (summaries, highlights) is indexed separately, in a background thread when there is a lot
    of it, because it holds most of the words; searches reach for it only when the short
    fields do not fill the page (see :meth:`SearchIndex._match`).
    """

    def __init__(
        self,
        kind: str,
        fields: Sequence[_Field],
        rows: Callable[[], Iterable[dict[str, str]]],
        years: Sequence[tuple[int, int] | None],
        ids: Sequence[int] | None = None,
    ) -> None:
        self.kind = kind
        self.fields = tuple(fields)
        self.ids = list(ids) if ids is not None else None  # library index of each row
        self.years = list(years)
        self.size = len(self.years)
        self.recency = [(y[1] if y is not None else 0) for y in self.years]
        self.newest_first = sorted(range(self.size), key=self.recency.__getitem__, reverse=True)
        self.norm: list[list[str]] = [[] for _ in self.fields]
        self.words: list[list[tuple[str, ...]]] = [[] for _ in self.fields]
        self.postings: list[dict[str, list[int]]] = [{} for _ in self.fields]
        self.short = tuple(i for i, f in enumerate(self.fields) if not f.long)
        self.long = tuple(i for i, f in enumerate(self.fields) if f.long)
        self._index_fields(rows(), self.short)
        self.short_vocab = _Vocabulary(w for i in self.short for w in self.postings[i])
        self.full_vocab: _Vocabulary | None = None if self.long else self.short_vocab
        self._long_ready = threading.Event()
        self._lock = threading.Lock()
        self._docsets: OrderedDict[object, tuple[set[int], set[int], set[int]]] = OrderedDict()
        if not self.long:
            self._long_ready.set()
        elif self.size <= _SYNC_LONG_ITEMS:
            self._build_long(rows)
        else:
            threading.Thread(
                target=self._build_long, args=(rows,), name=f"cvtui-index-{kind}", daemon=True
            ).start()

    def _index_fields(self, rows: Iterable[dict[str, str]], positions: tuple[int, ...]) -> None:
        names = [(pos, self.fields[pos].name, self.fields[pos].long) for pos in positions]
        norm = {pos: self.norm[pos].append for pos in positions}
        words = {pos: self.words[pos].append for pos in positions}
        postings = self.postings
        memo: dict[str, tuple[str, tuple[str, ...]]] = {}
        for item, row in enumerate(rows):
            for pos, name, long in names:
                raw = row[name]
                if long:
                    text = raw.translate(_NORM)
                    norm[pos](text)
                    words[pos](())
                    toks: Iterable[str] = set(text.split())
                else:
                    cached = memo.get(raw)
                    if cached is None:
                        text = raw.translate(_NORM)
                        cached = (text, _intern_all(text.split()))
                        if len(memo) < 200_000:
                            memo[raw] = cached
                    text, interned = cached
                    norm[pos](text)
                    words[pos](interned)
                    toks = set(interned) if len(interned) > 1 else interned
                post = postings[pos]
                for tok in toks:
                    bucket = post.get(tok)
                    if bucket is None:
                        post[tok] = [item]
                    else:
                        bucket.append(item)

    def _build_long(self, rows: Callable[[], Iterable[dict[str, str]]]) -> None:
        try:
            self._index_fields(rows(), self.long)
            self.full_vocab = _Vocabulary(
                w for i in range(len(self.fields)) for w in self.postings[i]
            )
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

    # -- items of one word ---------------------------------------------------------------------
    def docs(
        self, matched: dict[str, float], fields: tuple[int, ...], key: object
    ) -> tuple[set[int], set[int], set[int]]:
        """Items holding a matched word in ``fields``: (all, strong, exact in long text).

        Strong: an exact or prefix word in the kind's first (title/name) field.
        """
        with self._lock:
            value = self._docsets.get(key)
            if value is not None:
                self._docsets.move_to_end(key)
                return value
        every: set[int] = set()
        strong: set[int] = set()
        long_exact: set[int] = set()
        for pos in fields:
            post = self.postings[pos]
            every.update(*[post[t] for t in matched if t in post])
            if pos == 0:
                strong.update(*[post[t] for t, q in matched.items() if q >= 0.6 and t in post])
            if self.fields[pos].long:
                long_exact.update(*[post[t] for t, q in matched.items() if q == 1.0 and t in post])
        value = (every, strong, long_exact)
        with self._lock:
            self._docsets[key] = value
            while len(self._docsets) > _CACHE_SIZE:
                self._docsets.popitem(last=False)
        return value


# --- the index ---------------------------------------------------------------------------------


class _WordMatch:
    """One folded query word bound to the fields it may match in and its resolved vocabulary."""

    __slots__ = ("every", "fields", "long_exact", "matched", "word")

    def __init__(self, word: str, fields: tuple[int, ...], matched: dict[str, float],
                 every: set[int], long_exact: set[int]) -> None:
        self.word = word
        self.fields = fields
        self.matched = matched
        self.every = every
        self.long_exact = long_exact


class SearchIndex:
    """Search over one :class:`~cvtui.core.model.Library`; kinds are indexed on first use."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._kinds: dict[str, _KindIndex] = {}
        self._build_lock = threading.Lock()

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
        for kind in ("people", "papers", "events"):
            self.index_for(kind)

    def _build(self, kind: str) -> _KindIndex:
        lib = self.library
        if kind == "people":
            years = [_person_years(lib, i) for i in range(len(lib.people))]
            return _KindIndex(
                kind, _PERSON_FIELDS, lambda: map(_person_fields, lib.people), years
            )
        if kind == "papers":
            years = []
            for paper in lib.papers:
                year = _paper_year(paper)
                years.append(None if year is None else (year, year))
            return _KindIndex(
                kind, _PAPER_FIELDS, lambda: map(_paper_fields, lib.papers), years
            )
        # Paper events are answered through the paper index; only the others are indexed here.
        names = [p.name for p in lib.people]
        rows, years, ids = [], [], []
        for i, event in enumerate(lib.events):
            if event.kind == "paper":
                continue
            rows.append(_event_fields(event, names[event.person]))
            years.append(_event_years(event))
            ids.append(i)
        return _KindIndex(kind, _EVENT_FIELDS, lambda: rows, years, ids)

    def field_text(self, kind: str, index: int, name: str) -> str:
        """The original text of field ``name`` of item ``index`` (what spans refer to)."""
        lib = self.library
        if kind in ("person", "people"):
            return _person_fields(lib.people[index]).get(name, "")
        if kind in ("paper", "papers"):
            getter = _PAPER_GETTERS.get(name)
            return getter(lib.papers[index]) if getter is not None else ""
        event = lib.events[index]
        return _event_fields(event, lib.people[event.person].name).get(name, "")

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
        hits: list[Hit] = []
        total = 0
        try:
            for k in kinds:
                found, count = self._search_kind(k, parsed, limit, within, stop, kind is None)
                hits.extend(found)
                total += count
        except _Stopped:
            return SearchResult([], parsed.problems, 0, parsed, cancelled=True)
        hits.sort(key=lambda h: -h.score)
        return SearchResult(hits[:limit], parsed.problems, total, parsed)

    # -- one kind ----------------------------------------------------------------------------
    def _search_kind(
        self,
        kind: str,
        query: Query,
        limit: int,
        within: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
    ) -> tuple[list[Hit], int]:
        if kind == "events":
            return self._search_events(query, limit, within, stop, mixed)
        index = self.index_for(kind)
        allowed = None if within is None else set(within)
        scored, total = self._match(index, query, limit, allowed, stop)
        return [self._hit(index, kind, i, s, terms) for i, s, terms in scored], total

    def _search_events(
        self,
        query: Query,
        limit: int,
        within: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
    ) -> tuple[list[Hit], int]:
        lib = self.library
        index = self.index_for("events")
        allowed_events = None if within is None else set(within)
        allowed_rows = None
        if allowed_events is not None:
            assert index.ids is not None
            allowed_rows = {r for r, e in enumerate(index.ids) if e in allowed_events}
        scored, total = self._match(index, query, limit, allowed_rows, stop)
        assert index.ids is not None
        hits = [self._hit(index, "events", r, s, t, index.ids[r]) for r, s, t in scored]
        if mixed:
            return hits, total
        # Paper events: search the papers and map each hit to its timeline event.
        event_of_paper = self._paper_events()
        allowed_papers = None
        if allowed_events is not None:
            allowed_papers = {p for p, e in event_of_paper.items() if e in allowed_events}
        papers = self.index_for("papers")
        scored_p, total_p = self._match(papers, query, limit, allowed_papers, stop, event_of_paper)
        for p, s, t in scored_p:
            hit = self._hit(papers, "papers", p, s, t)
            event = event_of_paper[p]
            hits.append(
                Hit("event", event, hit.score, _event_id(lib, event), hit.title, hit.spans)
            )
        return hits, total + total_p

    def _paper_events(self) -> dict[int, int]:
        lib = self.library
        found = getattr(self, "_paper_event_map", None)
        if found is None:
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

    def _match(
        self,
        index: _KindIndex,
        query: Query,
        limit: int,
        allowed: set[int] | None,
        stop: Callable[[], bool],
        restrict: dict[int, int] | None = None,
    ) -> tuple[list[tuple[int, float, list[_WordMatch]]], int]:
        """The top ``limit`` items matching every group, with their number.

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
        allowed: set[int] | None,
        stop: Callable[[], bool],
        restrict: dict[int, int] | None,
        full: bool,
    ) -> tuple[list[tuple[int, float, list[_WordMatch]]], int]:
        vocab = index.wait_long(stop) if full else index.short_vocab
        positive = query.positive_groups
        word_matches: list[_WordMatch] = []
        term_docs: dict[Term, set[int]] = {}
        candidates: set[int] | None = None
        strong: set[int] = set()
        for group in positive:
            group_docs: set[int] = set()
            group_strong: set[int] = set()
            for term in group:
                if stop():
                    raise _Stopped
                if term.negated:
                    group_docs = set(range(index.size))
                    continue
                docs, strong_docs, matches = self._term_docs(index, term, vocab, full)
                term_docs[term] = docs
                word_matches.extend(matches)
                group_docs = docs if not group_docs else group_docs | docs
                group_strong = strong_docs if not group_strong else group_strong | strong_docs
            if candidates is None:
                candidates, strong = group_docs, group_strong
            else:
                candidates, strong = candidates & group_docs, strong & group_strong
            if not candidates:
                return [], 0
        if candidates is None:
            candidates = set(range(index.size))
        if allowed is not None:
            candidates = candidates & allowed
        if restrict is not None:
            candidates = {c for c in candidates if c in restrict}
        if query.years is not None:
            candidates = self._in_years(index, candidates, query.years)
        for term in query.negative_terms:
            if stop():
                raise _Stopped
            excluded = self._term_docs(index, _as_exact(term), vocab, full)[0]
            if _needs_check(_as_exact(term)):
                excluded = {i for i in candidates & excluded if self._verify(index, i, term, full)}
            candidates = candidates - excluded
        checked = [g for g in positive if any(t.negated or _needs_check(t) for t in g)]
        total = len(candidates)
        pool = self._pool(index, candidates, strong)
        results: list[tuple[int, float, list[_WordMatch]]] = []
        for n, item in enumerate(pool):
            if n % _STOP_EVERY == 0 and stop():
                raise _Stopped
            if checked and not all(
                any(self._term_holds(index, item, t, term_docs, full) for t in g) for g in checked
            ):
                total -= 1
                continue
            results.append((item, self._score(index, item, word_matches), word_matches))
        recency = index.recency
        top = heapq.nlargest(limit, results, key=lambda r: (r[1], recency[r[0]], -r[0]))
        return top, total

    def _term_holds(self, index: _KindIndex, item: int, term: Term,
                    term_docs: dict[Term, set[int]], full: bool) -> bool:
        if term.negated:
            return not self._verify(index, item, term, full)
        if item not in term_docs[term]:
            return False
        return not _needs_check(term) or self._verify(index, item, term, full)

    def _pool(self, index: _KindIndex, candidates: set[int], strong: set[int]) -> list[int]:
        """At most :data:`SCORE_POOL` candidates: strong title matches first, newer first."""
        if len(candidates) <= SCORE_POOL:
            return list(candidates)

        def newest(items: set[int], count: int) -> list[int]:
            if len(items) <= count:
                return list(items)
            if len(items) * 8 > index.size:
                # Dense: walk the items newest first and keep those in the set.
                return list(itertools.islice(filter(items.__contains__, index.newest_first), count))
            return heapq.nlargest(count, items, key=index.recency.__getitem__)

        first = candidates & strong
        chosen = newest(first, SCORE_POOL)
        if len(chosen) < SCORE_POOL:
            chosen.extend(newest(candidates - first, SCORE_POOL - len(chosen)))
        return chosen

    def _in_years(self, index: _KindIndex, candidates: set[int], years: YearRange) -> set[int]:
        spans = index.years
        return {
            i for i in candidates if spans[i] is not None and years.overlaps(*spans[i])  # type: ignore[misc]
        }

    # -- terms -------------------------------------------------------------------------------
    @staticmethod
    def _fields_for(index: _KindIndex, term: Term, full: bool) -> tuple[int, ...]:
        return tuple(
            i for i, f in enumerate(index.fields)
            if (full or not f.long) and (term.scope is None or term.scope in f.scopes)
        )

    def _term_docs(
        self, index: _KindIndex, term: Term, vocab: _Vocabulary, full: bool
    ) -> tuple[set[int], set[int], list[_WordMatch]]:
        """Items that may match ``term`` (exactly so for fuzzy and one-word exact terms)."""
        fields = self._fields_for(index, term, full)
        words = term.words
        if not fields or not words:
            return set(), set(), []
        docs: set[int] | None = None
        strong: set[int] | None = None
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
    def _word_vocab(vocab: _Vocabulary, word: str, mode: str, first: bool, last: bool,
                    single: bool) -> tuple[str, dict[str, float]]:
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

    def _verify(self, index: _KindIndex, item: int, term: Term, full: bool) -> bool:
        """Whether ``item`` really matches an operator or smart-case term (an exact check)."""
        if term.mode == "fuzzy" and not term.case_sensitive:
            return True
        convert = _cased if term.case_sensitive else normalize
        target = " ".join(convert(term.text).split())
        first_word = target.split(" ", 1)[0] if target else ""
        cutoff = 1 if len(first_word) < 8 else 2
        for pos in self._fields_for(index, term, full):
            original = self._original(index, item, pos)
            if not original:
                continue
            values = original.split(FIELD_JOIN) if index.fields[pos].multi else [original]
            for raw in values:
                value = " ".join(convert(raw).split())
                if term.mode == "fuzzy":
                    if any(w.startswith(first_word) or OSA.distance(w, first_word) <= cutoff
                           for w in value.split()):
                        return True
                elif term.mode == "exact":
                    if target in value:
                        return True
                elif term.mode == "prefix":
                    if value.startswith(target):
                        return True
                elif term.mode == "suffix":
                    if value.endswith(target):
                        return True
                elif value == target:
                    return True
        return False

    def _original(self, index: _KindIndex, item: int, pos: int) -> str:
        lib_index = index.ids[item] if index.ids is not None else item
        return self.field_text(index.kind, lib_index, index.fields[pos].name)

    # -- scoring -----------------------------------------------------------------------------
    def _score(self, index: _KindIndex, item: int, matches: list[_WordMatch]) -> float:
        score = 0.0
        fields = index.fields
        previous: tuple[int, int] | None = None
        hit_fields: set[int] = set()
        for match in matches:
            best = 0.0
            best_at: tuple[int, int] | None = None
            for pos in match.fields:
                f = fields[pos]
                if f.long:
                    if best < f.weight and item in match.long_exact:
                        best, best_at = f.weight, None
                    elif best < f.weight * 0.6 and item in match.every:
                        best, best_at = f.weight * 0.6, None
                    continue
                toks = index.words[pos][item]
                matched = match.matched
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
            toks = index.words[pos][item]
            if toks:
                score += 2.0 * min(1.0, len(matches) / len(toks))
        return score

    # -- hits and spans ----------------------------------------------------------------------
    def _hit(self, index: _KindIndex, kind: str, row: int, score: float,
             matches: list[_WordMatch], lib_index: int | None = None) -> Hit:
        lib = self.library
        item = row if lib_index is None else lib_index
        if kind == "people":
            ident, title = lib.people[item].id, lib.people[item].name
        elif kind == "papers":
            ident, title = lib.paper_uid(item), lib.papers[item].title
        else:
            ident, title = _event_id(lib, item), lib.events[item].title
        return Hit(_KIND_OF[kind], item, score, ident, title, self._spans(index, row, matches))

    def _spans(self, index: _KindIndex, item: int, matches: list[_WordMatch]) -> dict[str, tuple[tuple[int, int], ...]]:
        spans: dict[str, tuple[tuple[int, int], ...]] = {}
        for pos, f in enumerate(index.fields):
            relevant = [m for m in matches if pos in m.fields]
            if not relevant:
                continue
            if f.long:
                if not any(item in m.every for m in relevant):
                    continue
            elif all(m.matched.keys().isdisjoint(index.words[pos][item]) for m in relevant):
                continue
            text = index.norm[pos][item]
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


def _person_years(lib: Library, index: int) -> tuple[int, int] | None:
    from .model import events_of

    years = [_event_years(e) for e in events_of(lib.people[index], index)]
    if not years:
        return None
    return (min(y[0] for y in years), max(y[1] for y in years))
