"""Answering a parsed query from one snapshot of the index: candidates, pool, rank, the rest.

1. The index finds every candidate (:mod:`.queries`) and ranks a pool of them: 1 point for
   matching, one more per query word in the title (or name), and within that tier the
   words' BM25 weight in the title (a fraction of a point); ties newest first.
2. Only the pool (``limit`` + :data:`POOL_SLACK`, at most :data:`SCORE_POOL`) is read back
   (each document stores its fields) and scored (:mod:`.ranking`); operator and smart-case
   terms are checked on its text (:mod:`.plan_checks`), and candidates that fail are dropped.
3. With ``all_matches``, every other match follows, listed by the index newest first:
   those matching in short fields before those matching in long prose only. Checking the
   terms the index cannot rule on takes at most :data:`.plan_checks.CHECK_BUDGET` seconds;
   candidates left unchecked end the list, which then says it is not ``exact``.

A paper's timeline event is found through the paper. Without a library (a script reading
the index alone) hits carry no item number.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from itertools import filterfalse
from typing import TYPE_CHECKING, Any, NamedTuple

import tantivy

from ..query import Query
from .documents import EVENTS, PAPERS, PEOPLE, KindSpec, event_years, record_of
from .engine import SCHEMA, Record, kind_query, ref_kind, ref_local, ref_of_sort, sort_key
from .hits import Hit, LazySpans
from .plan_checks import STOP_EVERY, checked, excluded_refs, holds
from .queries import Plan, excluding, plan_for, ranked, within
from .ranking import Scorer
from .sharing import once, without
from .spans import Spans, spans_of
from .store import Stopped, View

if TYPE_CHECKING:
    from .mapping import Items

__all__ = ["POOL_SLACK", "SCORE_POOL", "Found", "Rest", "Searcher"]

#: At most this many candidates are scored precisely per kind and query.
_PAUSE_EVERY = 4000
"""Items between the pauses of :meth:`Searcher.prepare_listings`."""
SCORE_POOL = 250
#: Candidates scored beyond the number of hits asked for, so the best can rise to the top.
POOL_SLACK = 50
_WITHIN_CACHE = 8
_ITEM_CACHE = 20_000

#: A ranked item before its hit is made: (score, recency, make the hit, item).
Found = tuple[float, int, Callable[[], Hit], int]
_Scored = tuple[float, int, Record]


class Rest(NamedTuple):
    """Matching items beyond the ranked hits, and how to find their spans (when known)."""

    items: array
    spans_for: Callable[..., Mapping[str, Spans]] | None
    exact: bool = True
    cut: bool = False  # only the first of them (``rest_limit``): the total says how many


class _Matched(NamedTuple):
    top: list[_Scored]
    total: int
    rest: list[int] | None  # items, best first then newest first (with ``all_matches``)
    exact: bool
    plan: Plan
    cut: bool = False  # ``rest`` holds only the first ``rest_limit`` of them


def _never() -> bool:
    return False


class Searcher:
    """Searches one view of the index; ``items`` ties its documents to a library's items."""

    def __init__(self, view: View, items: Items | None) -> None:
        self.snapshot = view.snapshot
        self._prose = frozenset(view.manifest.prose)
        self.items = items
        self._within: OrderedDict[tuple[str, int], tuple[list[int], tantivy.Query]] = OrderedDict()
        self._lock = threading.Lock()
        self._keys: dict[int, dict[int, int]] = {}
        self._item_of: dict[int, int] = {}

    # -- one kind -------------------------------------------------------------------------------
    def kind(
        self,
        spec: KindSpec,
        query: Query,
        limit: int,
        within_items: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
        all_matches: bool,
        rest_limit: int | None = None,
    ) -> tuple[list[Found], int, Rest | None]:
        """The ranked items of ``spec`` for ``query``, their number and (``all_matches``)
        every other match (the first ``rest_limit`` of them, when given)."""
        if spec is EVENTS:
            return self._events(query, limit, within_items, stop, mixed, all_matches)
        filters = []
        if within_items is not None:
            restrict = self._within_query(spec, within_items)
            if restrict is None:
                return [], 0, Rest(array("i"), None) if all_matches else None
            filters.append(restrict)
        matched = self._planned(spec, query, filters, limit, stop, all_matches, rest_limit)
        found: list[Found] = [
            (
                score,
                recency,
                partial(self._hit, spec, record, score, matched.plan),
                self._item(record.ref),
            )
            for score, recency, record in matched.top
        ]
        rest = None
        if matched.rest is not None:
            items = array("i", matched.rest)
            spans_for = None
            if self.items is not None:
                spans_for = partial(self._item_spans, spec, matched.plan)
            rest = Rest(items, spans_for, matched.exact, matched.cut)
        return found, matched.total, rest

    def _item(self, ref: int) -> int:
        """The item of document ``ref`` (-1: none); kept, since a keystroke asks for the
        same few hundred several times (pooling, one entry per work, the hits)."""
        found = self._item_of.get(ref)
        if found is not None:
            return found
        if self.items is None:
            return -1
        item = self.items.item(ref)
        found = -1 if item is None else item
        if len(self._item_of) >= _ITEM_CACHE:
            self._item_of.clear()
        self._item_of[ref] = found
        return found

    def _items_of_keys(self, spec: KindSpec, keys: Sequence[int]) -> list[int]:
        """The items of these sort keys: in one C-level pass once :meth:`prepare_listings`
        has made its table, else one by one."""
        assert self.items is not None
        table = self._keys.get(spec.code)
        if table is not None:
            try:
                return list(map(table.__getitem__, keys))
            except KeyError:  # a document this library does not have (not expected)
                pass
        item = self.items.item
        return [i for i in map(item, map(ref_of_sort, keys)) if i is not None]

    def prepare_listings(self, pause: Callable[[], None] = lambda: None) -> None:
        """Make the table of sort key → item of people and papers, so that listing tens of
        thousands of matches takes one C-level pass (for a thread in the background, which
        ``pause`` lets wait every few thousand items, so that keys pressed meanwhile do not
        share the interpreter with it)."""
        if self.items is None:
            return
        if self.items.library.papers:
            pause()
            self.items.event_of_paper(0)  # makes the table of every timeline event, too
        item = self.items.item
        for spec in (PEOPLE, PAPERS):
            if spec.code not in self._keys:
                table = {}
                for n, key in enumerate(self.snapshot.newest_keys(kind_query(spec))):
                    if n % _PAUSE_EVERY == 0:
                        pause()
                    mine = item(ref_of_sort(key))
                    if mine is not None:
                        table[key] = mine
                self._keys[spec.code] = table

    def _hit(self, spec: KindSpec, record: Record, score: float, plan: Plan) -> Hit:
        every = partial(spans_of, spec, record.values, plan.matches)
        spans = LazySpans(every, partial(every, prose=False))
        show = record.show
        return Hit(spec.hit_kind, self._item(record.ref), score, show[0], show[1], spans, show)

    def _item_spans(
        self, spec: KindSpec, plan: Plan, item: int, prose: bool = True
    ) -> dict[str, Spans]:
        """A listed match's spans (``prose=False``: as :meth:`LazySpans.listed`)."""
        assert self.items is not None
        try:
            values = record_of(spec, self.items.library, item)
        except IndexError:
            return {}
        return spans_of(spec, values, plan.matches, prose)

    def _within_query(self, spec: KindSpec, items: Sequence[int]) -> tantivy.Query | None:
        """``items`` of ``spec`` as a query (None: none is indexed); the last few are kept,
        since a view passes the same list on every keystroke."""
        if self.items is None:
            return None
        key = (spec.name, len(items))
        with self._lock:
            cached = self._within.get(key)
        if cached is not None and cached[0] == list(items):
            return cached[1]
        refs = self.items.refs(spec, items)
        if not refs:
            return None
        found = within(refs)
        with self._lock:
            self._within[key] = (list(items), found)
            while len(self._within) > _WITHIN_CACHE:
                self._within.popitem(last=False)
        return found

    # -- matching -------------------------------------------------------------------------------
    def _planned(
        self,
        spec: KindSpec,
        query: Query,
        filters: Sequence[tantivy.Query],
        limit: int,
        stop: Callable[[], bool],
        all_matches: bool,
        rest_limit: int | None = None,
    ) -> _Matched:
        """:meth:`_match` of the plan for ``query``. A quoted phrase whose parts stand for
        too many words for the index to follow as a phrase (``'e s``) is then matched word
        by word and checked on the text."""
        vocabulary = self.snapshot.vocabulary
        plan = plan_for(spec, query, filters, vocabulary)
        try:
            return self._match(spec, plan, limit, stop, all_matches, rest_limit)
        except ValueError as exc:
            if "expansions" not in str(exc):
                raise
        plan = plan_for(spec, query, filters, vocabulary, phrases=False)
        return self._match(spec, plan, limit, stop, all_matches, rest_limit)

    def _match(
        self,
        spec: KindSpec,
        plan: Plan,
        limit: int,
        stop: Callable[[], bool],
        all_matches: bool,
        rest_limit: int | None = None,
    ) -> _Matched:
        snap = self.snapshot
        if plan.full is None:
            return _Matched([], 0, [] if all_matches else None, True, plan)
        full, short = plan.full, plan.short
        if plan.negative:
            excluded = excluded_refs(self.snapshot, spec, plan, full, stop)
            full = excluding(full, excluded)
            short = excluding(short, excluded) if short is not None else None
        if stop():
            raise Stopped
        if plan.filters_only:
            # Filters only (kind:, year:): every candidate scores 0; newest first.
            shared = spec is PAPERS  # entries of one work are one hit: a few more to fill
            newest = snap.newest(full, limit * 2 if shared else limit)
            top = [(0.0, r.recency, r) for r in map(snap.record, (a for _, a in newest))]
            top, twins = self._once(spec, top) if shared else (top, 0)
            top = top[:limit]
            if not all_matches or self.items is None:
                total = snap.count(full) - twins
                return _Matched(top, total, [] if all_matches else None, True, plan)
            want = None if rest_limit is None else len(newest) + rest_limit
            keys = snap.newest_keys(full, want)
            if shared:
                rest = self._rest_once(spec, top, self._items_of_keys(spec, keys))
            else:
                rest = self._items_of_keys(spec, keys[len(top) :])
            if want is not None and len(keys) == want:  # maybe more: count them
                total = snap.count(full)
                return _Matched(top, total, rest, True, plan, len(top) + len(rest) < total)
            return _Matched(top, len(top) + len(rest), rest, True, plan)
        size = min(SCORE_POOL, limit + POOL_SLACK)
        addresses: list[Any] | None = None
        counted: Callable[[], int] | None = None
        if not all_matches and short is not None and spec.code in self._prose:
            # Short fields first: long prose is looked through only when they do not fill
            # the page, since a match there ranks below matches in titles, names, authors.
            # The count is of every match, prose too ("showing 10 of 240"): it runs
            # meanwhile, and is used when they do fill it.
            counting = snap.count_soon(full)
            addresses, total = snap.top(ranked(short, plan.boost), size, count=False)
            if total < limit:
                addresses = None
            else:
                counted, total = counting, 0
        if addresses is None:
            addresses, total = snap.top(ranked(full, plan.boost), size)
        # With every match: all of them, or (``rest_limit``) enough for the first
        # ``rest_limit`` beyond the pool.
        want = None if rest_limit is None else rest_limit + len(addresses)
        listing: Callable[[], list[int]] | None = None
        if all_matches and self.items is not None and short is not None and total > len(addresses):
            # More matched than the pool holds: the others are listed (below) meanwhile.
            listing = snap.newest_keys_soon(short, want)
        scorer = Scorer(spec, plan.matches)
        scored: list[_Scored] = []
        records = [snap.record(address) for address in addresses]
        pooled = {record.ref for record in records}
        docs = [snap.words_of(spec, record) for record in records]
        scorer.prepare(docs)
        for n, (record, words) in enumerate(zip(records, docs, strict=True)):
            if n % STOP_EVERY == 0 and stop():
                raise Stopped
            if plan.checked and not holds(spec, plan, words, scorer):
                total -= 1
                continue
            scored.append((scorer.score(words), record.recency, record))
        # Ties: newest first, then (events) by start, then in the files' order: the same
        # with or without the library.
        scored.sort(key=lambda s: (-s[0], -s[1], s[2].order, s[2].ref))
        if spec is PAPERS:  # a work's best entry stands for it
            scored, twins = self._once(spec, scored)
            total -= twins
        if counted is not None:  # ``total`` so far: the candidates dropped above
            total += counted()
        top = scored[:limit]
        if not all_matches or self.items is None:
            return _Matched(top, total, [] if all_matches else None, True, plan)
        rest = [self._item(record.ref) for _, _, record in scored[limit:]]
        exact = True
        cut = False
        if total > len(scored):  # more matched than the pool held: list the others
            candidates = total + len(pooled) - len(scored)  # matching the index's query
            if listing is not None:
                listed = listing()
            else:
                listed = snap.newest_keys(short, want) if short is not None else []
            if len(listed) < candidates and (want is None or len(listed) < want):
                in_short = set(listed)
                more = None if want is None else want + len(listed)
                listed += filterfalse(in_short.__contains__, snap.newest_keys(full, more))
            pooled_keys = {sort_key(r.recency, r.ref) for r in records}
            others = list(filterfalse(pooled_keys.__contains__, listed))
            if rest_limit is not None:
                cut = len(others) > rest_limit or len(listed) < candidates
                others = others[:rest_limit]
            if stop():
                raise Stopped
            items = self._items_of_keys(spec, others)
            if plan.checked:
                items, exact = checked(spec, plan, self.items.library, items, stop, scorer)
            rest += items
            if spec is PAPERS:
                rest = self._rest_once(spec, top, rest)
        if cut:
            return _Matched(top, total, rest, exact and not plan.checked, plan, True)
        return _Matched(top, len(top) + len(rest), rest, exact, plan)

    def _once(self, spec: KindSpec, scored: list[_Scored]) -> tuple[list[_Scored], int]:
        """``scored`` with each work once (its best entry): the item with a library, else
        the work's key the document keeps."""
        if self.items is not None:
            return once(scored, lambda found: self._item(found[2].ref))
        return once(scored, lambda found: found[2].show[9])

    def _rest_once(self, spec: KindSpec, top: list[_Scored], rest: Sequence[int]) -> list[int]:
        """``rest`` without the works of ``top`` or repeats (for papers; others as they are)."""
        if spec is not PAPERS:
            return list(rest)
        return without(rest, {self._item(record.ref) for _, _, record in top})

    # -- the timeline ---------------------------------------------------------------------------
    def _events(
        self,
        query: Query,
        limit: int,
        within_items: Sequence[int] | None,
        stop: Callable[[], bool],
        mixed: bool,
        all_matches: bool,
    ) -> tuple[list[Found], int, Rest | None]:
        """Timeline events: the indexed ones (education, positions…) and, unless ``mixed``
        with the papers themselves, papers as their events."""
        event_filters: list[tantivy.Query] = []
        paper_filters = [tantivy.Query.term_query(SCHEMA, "dated", 1)]
        if within_items is not None:
            if self.items is None:
                return [], 0, Rest(array("i"), None) if all_matches else None
            refs = self.items.refs(EVENTS, within_items)
            event_refs = [r for r in refs if ref_kind(r) == EVENTS.code]
            paper_refs = [r for r in refs if ref_kind(r) == PAPERS.code]
            nothing = tantivy.Query.empty_query()
            event_filters.append(within(event_refs) if event_refs else nothing)
            paper_filters.append(within(paper_refs) if paper_refs else nothing)
        events = self._planned(EVENTS, query, event_filters, limit, stop, all_matches)
        found: list[Found] = [
            (s, rec, partial(self._hit, EVENTS, r, s, events.plan), self._item(r.ref))
            for s, rec, r in events.top
        ]
        if mixed:
            rest = None
            if events.rest is not None:
                rest = Rest(array("i", events.rest), None, events.exact)
            return found, events.total, rest
        papers = self._planned(PAPERS, query, paper_filters, limit, stop, all_matches)
        allowed = set(within_items) if within_items is not None else None
        shown: set[int] = set()
        for score, recency, record in papers.top:
            event = self._paper_event(record.ref, allowed)
            shown.add(event)
            make = partial(self._paper_event_hit, record, score, papers.plan, event)
            found.append((score, recency, make, event))
        total = events.total + papers.total
        if events.rest is None or papers.rest is None or self.items is None:
            return found, total, None
        # Both lists: the events' items, newest first; a shared paper is an event of each of
        # its people (those asked for).
        library_events = self.items.library.events
        events_of_work = self.items.paper_events
        items = list(events.rest)
        for work in (*(self._item(r.ref) for _, _, r in papers.top), *papers.rest):
            items += [
                e
                for e in events_of_work(work)
                if e not in shown and (allowed is None or e in allowed)
            ]
        items.sort(key=lambda e: -event_years(library_events[e])[1])
        total = len(found) + len(items)
        return found, total, Rest(array("i", items), None, events.exact and papers.exact)

    def _paper_event(self, ref: int, allowed: set[int] | None) -> int:
        """The timeline event a paper entry's document stands for: its own person's event of
        the work, or (restricted to ``allowed`` events) the first allowed one."""
        if self.items is None:
            return -1
        event = self.items.paper_event(ref)
        if allowed is None or event in allowed:
            return event
        work = self.items.item(ref)
        if work is None:
            return -1
        return next((e for e in self.items.paper_events(work) if e in allowed), -1)

    def _paper_event_hit(self, record: Record, score: float, plan: Plan, event: int) -> Hit:
        """A paper's hit told as its timeline event: the event shows the paper's title (and
        its venue as organisation), so only those spans are kept."""
        show = record.show
        _, title, person, owner, _, venue, _, kind, when = show[:9]
        event_id = f"{person}/paper/{ref_local(record.ref)}"
        if self.items is not None and event >= 0:  # another person's event of the work
            lib = self.items.library
            holder = lib.people[lib.events[event].person]
            if holder.id != person:
                person, owner = holder.id, holder.name
                event_id = f"{person}/paper/{lib.paper_uid(lib.events[event].ref)}"

        def spans() -> dict[str, Spans]:
            found = spans_of(PAPERS, record.values, plan.matches)
            out = {}
            if "title" in found:
                out["title"] = found["title"]
            if "venue" in found:
                out["organisation"] = found["venue"]
            return out

        event_show = (event_id, title, person, owner, "paper", kind, venue, when)
        return Hit("event", event, score, event_id, title, LazySpans(spans), event_show)
