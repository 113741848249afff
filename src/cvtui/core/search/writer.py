"""Documents into the index: each value folded once, the fields a kind fills, the writer.

What a document holds, and why, is in :mod:`.engine`'s docstring; this module fills those
fields. Values repeat across documents (authors, venues, a co-authored paper in each of its
authors' files), so each distinct value is folded once per writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any, NamedTuple

import msgspec
import tantivy

from .documents import KINDS, Document, KindSpec
from .engine import META_KIND, RECENCY_MAX, SCHEMA, agg, ref_of, sort_key, text
from .folding import cased, normalize

__all__ = ["Writer", "stored_form"]

_WRITER_HEAP = 200_000_000
"""The writer's budget (taken as it fills): ~100,000 real papers fit one segment, and each
segment costs every fuzzy word a walk of its own words (one segment, not three: a
keystroke's index searches take 2.8 ms, not 4.5)."""
Q = tantivy.Query
_first = itemgetter(0)
_encode = msgspec.msgpack.Encoder().encode


class _Folded(NamedTuple):
    """One value as the index takes it."""

    text: str  # folded
    first: str
    last: str
    initials: frozenset[str]
    letters: frozenset[str]
    upper: tuple[str, ...]  # its words written with upper case, as written (accents aside)


class _Names(NamedTuple):
    """The tantivy fields one kind's documents fill."""

    fields: tuple[str, ...]
    short: tuple[str, ...]
    long: tuple[str, ...]


def _names(spec: KindSpec) -> _Names:
    variants = ("", "first", "last", "initial", "letters", "cased")
    return _Names(
        tuple(text(f.name) for f in spec.fields),
        tuple(agg(spec, "short", v) for v in variants),
        tuple(agg(spec, "long", v) for v in variants),
    )


_NAMES = {spec.code: _names(spec) for spec in KINDS}
_FOLDED_KEPT = 50_000
"""Distinct values kept folded while writing (then the table starts afresh)."""
_FOLDED_BETWEEN = 8_000
"""Distinct values kept folded once a writer is done: enough for the next edit of a
profile with hundreds of co-authors (its documents and theirs are written again), while
what a whole build folded (about 100 MB at 100k papers) is let go."""


class _FoldedValues:
    """:class:`_Folded` of each distinct value, worked out once: authors, venues and whole
    papers (in several profiles) repeat while an index is written, and an edit writes again
    the documents of the files that share its papers."""

    __slots__ = ("_table",)

    def __init__(self) -> None:
        self._table: dict[str, _Folded | None] = {}

    def __call__(self, raw: str) -> _Folded | None:
        table = self._table
        found = table.get(raw, False)
        if found is not False:
            return found  # type: ignore[return-value]
        result = _fold(raw)
        if len(table) >= _FOLDED_KEPT:
            self._table = table = {}  # a new dict: another writer may be reading this one
        table[raw] = result
        return result

    def __len__(self) -> int:
        return len(self._table)

    def writer_done(self) -> None:
        """Let go of a large table (a build's) once a writer is done with it (a new dict, as
        above: one assignment, safe beside another writer)."""
        if len(self._table) > _FOLDED_BETWEEN:
            self._table = {}


_FOLDED = _FoldedValues()


def _fold(raw: str) -> _Folded | None:
    """``raw`` folded, with what the index's extra fields take from it (None: no word)."""
    text = normalize(raw)
    words = text.split()
    if not words:
        return None
    upper: tuple[str, ...] = ()
    if raw != raw.lower():
        kept = cased(raw)
        upper = tuple(set(kept.split()) - set(kept.lower().split()))
    letters = frozenset(text)
    return _Folded(
        text,
        words[0],
        words[-1],
        frozenset(map(_first, words)),
        letters - {" "} if " " in letters else letters,
        upper,
    )


def stored_form(src: int, doc: Document) -> bytes:
    """What the index stores of ``doc`` (of source ``src``): its ref, recency, order,
    values and what its hit shows. Everything else the index holds of it follows from
    these (its years from what it shows, or from its own file's events)."""
    return _encode(
        (ref_of(src, doc.kind.code, doc.local), doc.recency, doc.order, doc.values, doc.show)
    )


def _doc_dict(src: int, doc: Document) -> dict[str, Any]:
    spec = doc.kind
    ref = ref_of(src, spec.code, doc.local)
    data: dict[str, Any] = {
        "kind": spec.code,
        "src": src,
        "ref": ref,
        "sort": sort_key(doc.recency, ref),
        "tie": min(max(doc.recency, 0), RECENCY_MAX) / (RECENCY_MAX + 1) * 0.01,
        "raw": stored_form(src, doc),
    }
    if doc.years is not None:
        data["ylo"], data["yhi"] = doc.years
    if doc.dated:
        data["dated"] = 1
    short: list[_Folded] = []
    long: list[_Folded] = []
    names = _NAMES[spec.code]
    for f, name, value in zip(spec.fields, names.fields, doc.values, strict=True):
        if not value:
            continue
        found = [v for v in map(_FOLDED, value if f.multi else (value,)) if v is not None]
        if not found:
            continue
        if f.long:
            long.extend(found)
        else:
            short.extend(found)
            data[name] = [v.text for v in found]
    for values, (every, firsts, lasts, initial, letters, upper_name) in (
        (short, names.short),
        (long, names.long),
    ):
        if values:
            data[every] = [v.text for v in values]
            data[firsts] = [v.first for v in values]
            data[lasts] = [v.last for v in values]
            # The first letter of every word, and every letter: a one-letter query (or
            # quoted part) is one term to look up, not thousands.
            data[initial] = " ".join(frozenset().union(*[v.initials for v in values]))
            data[letters] = " ".join(frozenset().union(*[v.letters for v in values]))
            upper = [w for v in values for w in v.upper]
            if upper:
                data[upper_name] = " ".join(upper)
    return data


class Writer:
    """Adds and deletes documents in one index; :meth:`commit` makes them visible at once."""

    def __init__(self, index: tantivy.Index) -> None:
        self._writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)

    def add(self, src: int, docs: Iterable[Document]) -> None:
        for doc in docs:
            data = _doc_dict(src, doc)
            self._writer.add_document(tantivy.Document.from_dict(data, SCHEMA))

    def delete_source(self, src: int) -> None:
        # By query: tantivy-py's delete by term does not match unsigned fields.
        self._writer.delete_documents_by_query(Q.term_query(SCHEMA, "src", src))

    def set_token(self, token: str) -> None:
        """Name this commit: the manifest written beside it carries the same token."""
        self._writer.delete_documents_by_query(Q.term_query(SCHEMA, "kind", META_KIND))
        raw = _encode((ref_of(0, META_KIND, 0), 0, 0, [], [token]))
        self._writer.add_document(
            tantivy.Document.from_dict({"kind": META_KIND, "raw": raw}, SCHEMA)
        )

    def commit(self) -> None:
        self._writer.commit()

    def close(self) -> None:
        """Let merges finish and release the writer's lock."""
        try:
            self._writer.wait_merging_threads()
        finally:
            _FOLDED.writer_done()

    def abort(self) -> None:
        try:
            self._writer.rollback()
        finally:
            try:
                self._writer.wait_merging_threads()
            finally:
                _FOLDED.writer_done()
