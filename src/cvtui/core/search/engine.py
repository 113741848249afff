"""The engine adapter: tantivy's schema, the documents' refs, and one snapshot's searches.

Text is folded by :mod:`.folding` before it reaches tantivy and split there on spaces only,
so the index, the query words, scoring and highlights agree on every word. Each short field
is indexed on its own (for ``title:`` and the other scopes) and, with the kind's other short
fields, in one block ``short`` that unscoped terms search; long prose goes into one block
``long`` (each kind has its own blocks, so a word is looked up among that kind's words).
Beside each block, the first and the last word of every value, for ``^prefix`` and
``suffix$``, and the initial letter of every word and every letter in them, so that a
one-letter query (``a``, ``'a``) is one term instead of thousands, and the words written
with upper case, as written (accents aside), for smart-case terms. Nothing needs positions or frequencies: matching is per word and
scores are worked out in :mod:`.ranking`, so the postings are the smallest kind tantivy has.

Every document also stores its field values and what a hit shows (one msgpack blob), so a
search can be answered from the index alone, without the library. Its ``ref`` (source file,
kind, number within the file) is stable across updates; ``sort`` orders documents newest
first; ``tie`` nudges equal scores the same way. :mod:`.writer` fills these fields.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from operator import itemgetter
from typing import Any, NamedTuple

import msgspec
import tantivy

from .documents import KINDS, PAPERS, KindSpec
from .ranking import DocWords

__all__ = [
    "FORMAT",
    "META_KIND",
    "Record",
    "Snapshot",
    "agg",
    "create_index",
    "open_index",
    "ref_kind",
    "ref_of",
    "ref_src",
    "schema_fingerprint",
    "text",
]

FORMAT = 5
"""Bump when the schema, the meaning of a stored document or the way the index is laid out
changes (the index is rebuilt). 5: built as one segment where it fits the writer's heap."""
META_KIND = 3
"""The kind code of the one document that names the commit (its token)."""
TOKENIZER = "cvtui-words"
MAX_WORD = 100
"""Longer words are left out of the index (a query word that long finds nothing)."""
_REF_BITS = 46
SRC_SHIFT = 22
KIND_SHIFT = 20
MAX_SOURCES = 1 << (_REF_BITS - SRC_SHIFT)
RECENCY_MAX = (1 << 14) - 1
_RECORD_CACHE = 3000
_COUNTING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cvtui-count")
"""Counts and lists that run while the searching thread ranks (tantivy searches without
the interpreter's lock)."""

Q = tantivy.Query
_first = itemgetter(0)
_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder().decode


def text(name: str, variant: str = "") -> str:
    """The tantivy field holding one documents field (``variant``: ``first``, ``last``)."""
    return f"t_{name}_{variant}" if variant else f"t_{name}"


def agg(kind: KindSpec, block: str, variant: str = "") -> str:
    """The tantivy field of one kind's block: ``short`` (its short fields) or ``long``
    (prose). Each kind has its own, so a fuzzy word is looked up among that kind's words."""
    name = f"a{kind.code}_{block}"
    return f"{name}_{variant}" if variant else name


def _text_fields() -> list[str]:
    names: dict[str, None] = {}
    for spec in KINDS:
        for f in spec.fields:
            if not f.long:
                names[text(f.name)] = None
        for block in ("short", "long"):
            for variant in ("", "first", "last", "initial", "letters", "cased"):
                names[agg(spec, block, variant)] = None
    return list(names)


_TEXT_FIELDS = _text_fields()
_PHRASE_FIELDS = {agg(spec, block) for spec in KINDS for block in ("short", "long")}


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in _TEXT_FIELDS:
        # Positions in the blocks only: a quoted phrase is matched there as a phrase (values
        # stay apart: tantivy leaves a gap between one value's words and the next's).
        option = "position" if name in _PHRASE_FIELDS else "basic"
        sb.add_text_field(name, stored=False, tokenizer_name=TOKENIZER, index_option=option)
    for name in ("kind", "src", "ref", "dated"):
        sb.add_unsigned_field(name, indexed=True)
    sb.add_unsigned_field("sort", fast=True)
    sb.add_float_field("tie", fast=True)
    for name in ("ylo", "yhi"):
        sb.add_integer_field(name, indexed=True, fast=True)
    sb.add_bytes_field("raw", stored=True)
    return sb.build()


SCHEMA = _schema()


def schema_fingerprint() -> str:
    """What an index must have been built with to be read by this code."""
    spec = [(s.name, s.code, [(f.name, f.long, f.multi) for f in s.fields]) for s in KINDS]
    return f"{FORMAT}|{getattr(tantivy, '__version__', '')}|{spec!r}|{_TEXT_FIELDS!r}"


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(MAX_WORD))
        .build()
    )


def create_index(path: str | None) -> tantivy.Index:
    """A new, empty index in directory ``path`` (in memory when None)."""
    index = tantivy.Index(SCHEMA, path=path, reuse=False) if path else tantivy.Index(SCHEMA)
    index.register_tokenizer(TOKENIZER, _analyzer())
    index.config_reader("manual")
    return index


def open_index(path: str) -> tantivy.Index:
    """The index in directory ``path``; raises when it is missing, foreign or unreadable."""
    index = tantivy.Index.open(path)
    index.register_tokenizer(TOKENIZER, _analyzer())
    index.config_reader("manual")
    return index


# --- refs ------------------------------------------------------------------------------------


def ref_of(src: int, kind: int, local: int) -> int:
    """A document's stable key: its source file, its kind and its number in the file."""
    return src << SRC_SHIFT | kind << KIND_SHIFT | local


def ref_src(ref: int) -> int:
    return ref >> SRC_SHIFT


def ref_kind(ref: int) -> int:
    return ref >> KIND_SHIFT & 3


def ref_local(ref: int) -> int:
    return ref & ((1 << KIND_SHIFT) - 1)


_REF_MASK = (1 << _REF_BITS) - 1


def sort_key(recency: int, ref: int) -> int:
    """Newest first, then by ref: descending order of this key."""
    return min(max(recency, 0), RECENCY_MAX) << _REF_BITS | (_REF_MASK - ref)


def ref_of_sort(key: int) -> int:
    return _REF_MASK - (key & _REF_MASK)


# --- reading ---------------------------------------------------------------------------------


class Record(NamedTuple):
    """A stored document: its ref, recency and order, field values and what its hit shows."""

    ref: int
    recency: int
    order: int
    values: list[Any]
    show: list[Any]


def _drop_oldest(cache: dict[Any, Any]) -> None:
    """Forget the older half of a cache (dicts keep their insertion order)."""
    for key in list(islice(cache, len(cache) // 2)):
        cache.pop(key, None)


class Snapshot:
    """The index as of one commit: searches see exactly those documents, whatever is
    committed after (another process's update included)."""

    def __init__(self, index: tantivy.Index) -> None:
        index.reload()
        self._searcher = index.searcher()
        # Plain dicts read without a lock (one dict operation is atomic), cleared when full.
        self._records: dict[tuple[int, int], Record] = {}
        self._words: dict[int, DocWords] = {}
        self._vocabularies: dict[str, list[str]] = {}
        self._picks: dict[str, list[str]] = {}

    def vocabulary(self, wanted: str) -> list[str] | None:
        """``role:field:part``: the words of ``field`` that hold (``s``) or end with (``e``)
        the part, once :meth:`read_vocabularies` has read them (None before); the last few
        picks are kept, since the next keystroke asks for most of them again."""
        picks = self._picks
        found = picks.get(wanted)
        if found is not None:
            return found
        role, field, part = wanted.split(":", 2)
        words = self._vocabularies.get(field)
        if words is None:
            return None
        if role == "s":
            found = [w for w in words if part in w]
        else:
            found = [w for w in words if w.endswith(part)]
        if len(picks) >= 64:
            _drop_oldest(picks)
        picks[wanted] = found
        return found

    def read_vocabularies(self, pause: Callable[[], None] = lambda: None) -> None:
        """Read the words of each kind's blocks (a fraction of a second, for a thread in the
        background, which ``pause`` lets wait between blocks): ``'part`` and ``!word`` then
        pick their words from these instead of walking the index with a regular expression."""
        for spec in KINDS:
            for block in ("short", "long"):
                field = agg(spec, block)
                if field not in self._vocabularies:
                    pause()
                    words = [w for w, _ in self._searcher.terms_with_prefix(field, "")]
                    self._vocabularies[field] = words

    @property
    def size(self) -> int:
        return int(self._searcher.num_docs)

    def token(self) -> str:
        """The commit's token (see :meth:`.writer.Writer.set_token`), "" when it has none."""
        found = self._searcher.search(Q.term_query(SCHEMA, "kind", META_KIND), limit=1).hits
        if not found:
            return ""
        show = self.record(found[0][1]).show
        return str(show[0]) if show else ""

    def count(self, query: tantivy.Query) -> int:
        return int(getattr(self._searcher.search(query, limit=1, count=True), "count", 0) or 0)

    def count_soon(self, query: tantivy.Query) -> Callable[[], int]:
        """:meth:`count` started in another thread: call the result for the number. A
        count of every match runs through long prose, the slowest part of a keystroke; on
        a machine with a second core it overlaps the ranking of the page."""
        return _COUNTING.submit(self.count, query).result

    def newest_keys_soon(self, query: tantivy.Query, limit: int | None) -> Callable[[], list[int]]:
        """:meth:`newest_keys` started in another thread (as :meth:`count_soon`): a
        filter's list of every other match is read while its best are ranked."""
        return _COUNTING.submit(self.newest_keys, query, limit).result

    def top(self, query: tantivy.Query, limit: int, count: bool = True) -> tuple[list[Any], int]:
        """The ``limit`` best-scored documents (equal scores: newest first), and how many
        matched (``count=False``: how many of them were found, which is all of them when
        fewer than ``limit``)."""
        found = self._searcher.search(
            query, limit=max(1, limit), count=count, weight_by_field="tie"
        )
        addresses = [address for _, address in found.hits]
        return addresses, int(getattr(found, "count", 0) or 0) if count else len(addresses)

    def words_of(self, spec: KindSpec, record: Record) -> DocWords:
        """A document's words arranged for scoring, kept while it keeps being scored (the
        next keystroke scores mostly the same documents)."""
        words = self._words
        found = words.get(record.ref)
        if found is None:
            if len(words) >= _RECORD_CACHE:
                _drop_oldest(words)
            found = words[record.ref] = DocWords(spec, record.values)
        return found

    def newest_keys(self, query: tantivy.Query, limit: int | None = None) -> list[int]:
        """The sort keys (:func:`sort_key`) of the ``limit`` (default: every) newest matching
        documents: one C-level pass over the hits, since a broad filter lists tens of
        thousands."""
        found = self._searcher.search(
            query, limit=max(1, limit or self.size), order_by_field="sort"
        )
        return list(map(_first, found.hits))

    def newest(self, query: tantivy.Query, limit: int | None = None) -> list[tuple[int, Any]]:
        """(ref, address) of the ``limit`` (default: all) newest matching documents."""
        found = self._searcher.search(
            query, limit=max(1, limit or self.size), count=False, order_by_field="sort"
        )
        return [(ref_of_sort(key), address) for key, address in found.hits]

    def record(self, address: Any) -> Record:
        """A document's stored fields (kept: the next keystroke reads mostly the same)."""
        records = self._records
        key = (address.segment_ord, address.doc)
        found = records.get(key)
        if found is None:
            doc = self._searcher.doc(address)
            found = Record(*_decode(bytes(doc.get_first("raw") or b"")))
            if len(records) >= _RECORD_CACHE:
                _drop_oldest(records)
            records[key] = found
        return found

    def stored_forms(self, src: int) -> list[bytes]:
        """:func:`.writer.stored_form` of every document of source ``src``, in no particular order."""
        query = Q.term_query(SCHEMA, "src", src)
        found = self._searcher.search(query, limit=max(1, self.size), count=False)
        doc = self._searcher.doc
        return [bytes(doc(address).get_first("raw") or b"") for _, address in found.hits]

    def records_of(self, query: tantivy.Query) -> list[Record]:
        """Every stored document matching ``query``, in no particular order."""
        found = self._searcher.search(query, limit=max(1, self.size), count=False)
        return [self.record(address) for _, address in found.hits]


def source_papers(src: int) -> tantivy.Query:
    """The paper documents of one source file."""
    return Q.boolean_query(
        [
            (tantivy.Occur.Must, Q.term_query(SCHEMA, "src", src)),
            (tantivy.Occur.Must, Q.term_query(SCHEMA, "kind", PAPERS.code)),
        ]
    )


def kind_query(spec: KindSpec) -> tantivy.Query:
    return Q.term_query(SCHEMA, "kind", spec.code)
