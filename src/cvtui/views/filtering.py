"""Filtering one view's list: which items match a query, and where in each cell.

The library's search engine (:mod:`cvtui.core.search`) does the matching when it is present,
restricted to the items the view holds (``within``). Without it, a plain rule applies: every
word of the query must occur in the row's text (case and accents ignored), and ``!word``
excludes rows. Either way the result is an array of items plus match spans per column, so the
list can highlight by styling spans, never by markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from ..core.text import fold

__all__ = ["FilterResult", "filter_items", "find_spans"]

Texts = Callable[[int], Mapping[str, str]]
Highlights = dict[int, dict[str, list[tuple[int, int]]]]

FIELD_ALIASES = {"headline": "role", "current_role": "role", "name": "name", "file": "path"}


class FilterResult(NamedTuple):
    items: list[int]
    highlights: Highlights
    problems: list[str]


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
    words: list[str] = []
    excluded: list[str] = []
    for raw in query.split():
        if raw.startswith("!") and len(raw) > 1:
            excluded.append(fold(raw[1:]))
        elif raw != "!":
            words.append(fold(raw.strip("'^$")))
    items: list[int] = []
    highlights: Highlights = {}
    for n, item in enumerate(within):
        if n % 4096 == 0 and should_stop():
            break
        cells = texts(item)
        haystack = fold("\n".join(cells.values()))
        if any(w not in haystack for w in words) or any(x in haystack for x in excluded):
            continue
        items.append(item)
        if len(highlights) < 5000:
            highlights[item] = {key: find_spans(value, words) for key, value in cells.items()}
    return FilterResult(items, highlights, [])


def search_index(library: Any) -> Any:
    """The library's search index, built once and kept on the library (None without engine)."""
    try:
        from ..core.search import SearchIndex
    except ImportError:
        return None
    index = getattr(library, "_search_index", None)
    if not isinstance(index, SearchIndex):
        index = SearchIndex(library)
        library._search_index = index
    return index


def spans_of(
    hit: Any, fields: Mapping[str, str] = FIELD_ALIASES
) -> dict[str, list[tuple[int, int]]]:
    """The hit's match spans keyed by column: engine field names mapped through ``fields``."""
    raw = getattr(hit, "spans", None) or {}
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
    should_stop: Callable[[], bool] = lambda: False,
) -> FilterResult:
    """The items of ``within`` matching ``query``: best first with the search engine, else in
    the given order. An empty query keeps everything."""
    if not query.strip():
        return FilterResult(list(within), {}, [])
    index = search_index(library) if library is not None and kind is not None else None
    if index is not None:
        result = index.search_with_info(query, kind, max(1, len(within)), within, should_stop)
        items = [int(hit.index) for hit in result.hits]
        highlights = {int(hit.index): spans_of(hit) for hit in result.hits[:5000]}
        return FilterResult(items, highlights, [str(p) for p in result.problems])
    return _plain_filter(query, within, texts, should_stop)
