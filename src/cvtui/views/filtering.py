"""Filtering one view's list: which items match a query, and where in each cell.

The library's search engine (:mod:`cvtui.core.search`) does the matching for views of
people and papers, restricted to the items the view holds (``within``; not passed when the view holds every
item, since turning 100,000 items into a set of rows costs more than the search). It ranks
the best :data:`RANKED` matches, which come first; every other match follows (matches in
titles, names, authors... before matches in prose only, newest first within each), its spans
worked out by the engine when its row is drawn. For other lists a plain rule applies: every word
of the query must occur in the row's text (case and accents ignored), and ``!word`` excludes
rows. Either way the result is an array of items plus match spans per column, so the list
can highlight by styling spans, never by markup.

Spans are worked out only for the rows a list draws (:class:`LazyHighlights`): a query
matching thousands of items costs the spans of one screen.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from ..core.text import fold

__all__ = ["FilterResult", "LazyHighlights", "filter_items", "find_spans"]

Texts = Callable[[int], Mapping[str, str]]
Spans = dict[str, list[tuple[int, int]]]
Highlights = Mapping[int, Spans]
Source = TypeVar("Source")

FIELD_ALIASES = {"headline": "role", "current_role": "role", "name": "name", "file": "path"}

#: Rows whose spans a filter works out before handing its result over: the first screen.
FIRST_SCREEN = 40
#: Matches the engine ranks (and highlights) at the top of a filtered list; the others follow.
RANKED = 200
#: Matches listed at first beyond the ranked ones; the rest of a long list follows.
FIRST_REST = 2000


class LazyHighlights(Mapping[int, Spans], Generic[Source]):
    """Match spans per item, made from each item's source (a hit, say) when first read;
    items without a source get theirs from ``fallback``, when given."""

    __slots__ = ("_fallback", "_lock", "_made", "_make", "_sources")

    def __init__(
        self,
        sources: dict[int, Source],
        make: Callable[[Source], Spans],
        fallback: Callable[[int], Spans] | None = None,
    ) -> None:
        self._sources = sources
        self._make = make
        self._fallback = fallback
        self._made: dict[int, Spans] = {}
        self._lock = threading.Lock()

    def __getitem__(self, item: int) -> Spans:
        made = self._made.get(item)
        if made is None:
            if item not in self._sources and self._fallback is not None:
                made = self._fallback(item)
                with self._lock:
                    self._made[item] = made
                return made
            source = self._sources[item]  # KeyError: no highlight for this item
            with self._lock:
                made = self._made.get(item)
                if made is None:
                    made = self._made[item] = self._make(source)
        return made

    def __contains__(self, item: object) -> bool:
        return item in self._sources

    def __iter__(self) -> Iterator[int]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def prepare(self, items: Sequence[int], limit: int = FIRST_SCREEN) -> None:
        """Work out the spans of the first ``limit`` of ``items`` now (in a worker thread)."""
        for item in items[:limit]:
            if item in self._sources or self._fallback is not None:
                self[item]


PARTIAL_FROM = 5000
"""From this many items of a kind on, a filter does not wait for long prose to be indexed."""


class FilterResult(NamedTuple):
    items: Sequence[int]
    highlights: Highlights
    problems: list[str]
    matched: int | None = None
    """How many items matched, when the search engine counted them exactly."""
    complete: bool = True
    """False while the search index was still being built (the filter is run again once
    it is done)."""
    more: Callable[[], FilterResult] | None = None
    """When ``items`` are only the first of the matches (a screen's worth, shown at once):
    the whole list, for the same thread to work out next."""


def find_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where each (folded) word occurs in ``text``, as character spans."""
    folded = fold(text)
    spans = []
    for word in words:
        start = folded.find(word)
        while start != -1 and word:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    return spans


def _plain_filter(
    query: str, within: Sequence[int], texts: Texts, should_stop: Callable[[], bool]
) -> FilterResult:
    from ..core.query import parse_query

    parsed = parse_query(query)
    if parsed.matches_nothing:
        return FilterResult(array("i"), {}, list(parsed.problems))
    words: list[str] = []
    excluded: list[str] = []
    for raw in query.split():
        if raw.startswith("!") and len(raw) > 1:
            excluded.append(fold(raw[1:]))
        elif raw != "!":
            words.append(fold(raw.strip("'^$")))
    items: list[int] = []
    for n, item in enumerate(within):
        if n % 4096 == 0 and should_stop():
            break
        cells = texts(item)
        haystack = fold("\n".join(cells.values()))
        if any(w not in haystack for w in words) or any(x in haystack for x in excluded):
            continue
        items.append(item)

    def spans(item: int) -> Spans:
        return {key: find_spans(value, words) for key, value in texts(item).items()}

    highlights = LazyHighlights({item: item for item in items}, spans)
    highlights.prepare(items)
    return FilterResult(items, highlights, [])


def search_index(library: Any) -> Any:
    """The library's search index (see :func:`cvtui.core.search.index_for`)."""
    from ..core.search import index_for

    return index_for(library)


def spans_of(hit: Any, fields: Mapping[str, str] = FIELD_ALIASES) -> Spans:
    """The hit's match spans keyed by column (engine field names mapped through ``fields``):
    those a list row needs (long prose only when nothing shorter matched)."""
    spans = getattr(hit, "spans", None) or {}
    listed = getattr(spans, "listed", None)
    return columns_of(listed() if listed is not None else spans, fields)


def columns_of(raw: Mapping[str, Any], fields: Mapping[str, str] = FIELD_ALIASES) -> Spans:
    """Engine spans keyed by column: field names mapped through ``fields``."""
    out: dict[str, list[tuple[int, int]]] = {}
    for field, spans in dict(raw).items():
        key = fields.get(field, field)
        if spans and isinstance(spans[0], int):
            spans = [tuple(spans)]
        out.setdefault(key, []).extend((int(s), int(e)) for s, e in spans)
    return out


def filter_items(
    query: str,
    within: Sequence[int],
    texts: Texts,
    *,
    library: Any = None,
    kind: str | None = None,
    everything: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    first: int | None = None,
) -> FilterResult:
    """The items of ``within`` matching ``query``: best first with the search engine, else in
    the given order. An empty query keeps everything. ``everything`` says that ``within``
    holds every item of ``kind``, so the engine need not be restricted to it. ``first``
    lists only so many matches beyond the ranked ones at once: the result's ``more`` then
    gives the whole list."""
    if not query.strip():
        return FilterResult(within, {}, [])
    index = search_index(library) if library is not None and kind is not None else None
    if index is not None:
        restrict = None if everything else within
        # The first time a large set is opened its index takes seconds to build: until then
        # a filter says it has nothing yet, and runs again once the index is there.
        size = len(getattr(library, kind or "", ()))
        result = index.search_with_info(
            query,
            kind,
            RANKED,
            restrict,
            should_stop,
            all_matches=True,
            wait_for_prose=size < PARTIAL_FROM,
            rest_limit=first,
        )
        hits = {int(hit.index): hit for hit in result.hits}
        # The ranked hits, then every other match (not ranked, no highlight); one array.
        items = array("i", hits)
        items.extend(result.rest)
        spans_for = getattr(result, "spans_for", None)
        fallback = (
            None if spans_for is None else lambda item: columns_of(spans_for(item, prose=False))
        )
        highlights = LazyHighlights(hits, spans_of, fallback)
        highlights.prepare(items)
        # An inexact list (operator checks ran out of time) gives no count of matches.
        exact = getattr(result, "exact", True)
        cut = getattr(result, "cut", False)
        matched = (result.total if cut else len(items)) if exact else None
        complete = getattr(result, "complete", True)
        problems = [str(p) for p in result.problems]
        more = None
        if cut:

            def more() -> FilterResult:
                return filter_items(
                    query, within, texts, library=library, kind=kind,
                    everything=everything, should_stop=should_stop,
                )  # fmt: skip

        return FilterResult(items, highlights, problems, matched, complete, more)
    return _plain_filter(query, within, texts, should_stop)
