"""A library's search index: opened (or brought up to date) once, then searched per keystroke.

:func:`index_for` gives each library its :class:`SearchIndex`. A library loaded through the
cache searches the index kept beside it (:mod:`.store`), shared by every cvtui process on
that profile set; others get one in memory. Opening is instant when the index is current;
one changed file costs its own documents; the first build of a large set runs in a
background thread (:meth:`SearchIndex.warm`), and searches wait for it, or with
``wait_for_prose=False`` answer at once that they are not ``complete``.

:func:`search_profiles` answers a script from the index alone when every file is unchanged,
without loading the library.
"""

from __future__ import annotations

import heapq
import logging
import os
import threading
import time
import weakref
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from ..memory import collection_paused
from ..query import Query, parse_query
from .documents import KINDS, field_text, kind_named
from .hits import Hit, SearchResult
from .mapping import Items
from .searcher import Found, Rest, Searcher
from .spans import Spans
from .store import Stopped, Store, View, store_for

if TYPE_CHECKING:
    from ..model import Library

__all__ = ["SearchIndex", "index_for", "search_profiles"]

_log = logging.getLogger(__name__)
_INLINE_ITEMS = 3000
"""Libraries with fewer people and papers than this are indexed in the searching thread."""
_HOLD_POLL = 0.02
_BESIDE = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cvtui-search")
"""Kinds searched beside the first of a search over several."""
_KindAnswer = tuple[list[Found], int, Rest | None]


def _never() -> bool:
    return False


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


def _side_by_side(one: Callable[[str], _KindAnswer], kinds: Sequence[str]) -> list[_KindAnswer]:
    """``one`` of each kind, in the kinds' order (which breaks ties between them): the
    papers (the slowest) in this thread, the others beside them, since the index searches
    without the interpreter's lock and a second core is then put to use."""
    if len(kinds) < 2:
        return [one(name) for name in kinds]
    first = "papers" if "papers" in kinds else kinds[0]
    pending = {name: _BESIDE.submit(one, name) for name in kinds if name != first}
    mine = one(first)
    return [mine if name == first else pending[name].result() for name in kinds]


def _search(
    searcher: Searcher,
    parsed: Query,
    kind: str | None,
    limit: int,
    within: Sequence[int] | None,
    stop: Callable[[], bool],
    all_matches: bool,
    rest_limit: int | None = None,
) -> SearchResult:
    """The search itself, over one searcher."""
    kinds = _kinds_for(kind, parsed)
    limit = max(0, limit)
    found: list[Found] = []
    rest: Sequence[int] = ()
    spans_for: Callable[..., Mapping[str, Spans]] | None = None
    exact = True
    cut = False
    total = 0

    def one(name: str) -> _KindAnswer:
        return searcher.kind(
            kind_named(name), parsed, limit, within, stop, kind is None, all_matches, rest_limit
        )

    try:
        for some, count, more in _side_by_side(one, kinds):
            found.extend(some)
            total += count
            if more is not None:
                rest, spans_for, exact, cut = more
    except Stopped:
        return SearchResult([], parsed.problems, 0, parsed, cancelled=True)
    best = heapq.nlargest(limit, found, key=lambda f: (f[0], f[1]))
    if all_matches and len(best) < len(found):
        # Scored but not returned: they lead the rest (best first).
        shown = {id(f) for f in best}
        spare = sorted((f for f in found if id(f) not in shown), key=lambda f: (-f[0], -f[1]))
        rest = array("i", [f[3] for f in spare]) + array("i", rest)
    hits = [make() for _, _, make, _ in best]
    return SearchResult(
        hits, parsed.problems, total, parsed, False, rest, spans_for, exact, True, cut
    )


class SearchIndex:
    """Search over one :class:`~cvtui.core.model.Library`, from the index of its files.

    Call :meth:`warm` from a worker thread after loading so that the first keystroke does not
    wait for the index to be opened (or, the first time, built).
    """

    def __init__(self, library: Library, store: Store | None = None, weak: bool = False) -> None:
        # :func:`index_for` keeps the index for as long as the library lives: it holds the
        # library weakly (``weak``), or the library would never be freed.
        self._strong: Library | None = None if weak else library
        self._library = weakref.ref(library)
        origin = library.origin
        if library.partial:  # people without papers: never written over the index kept on disk
            origin = None
        self._store = store or store_for(origin.roots if origin is not None else None)
        self._searcher: Searcher | None = None
        self._ready = threading.Event()
        self._state = threading.Lock()
        self._building = False
        self._failure: BaseException | None = None
        self._waiting = 0
        #: Set by an interactive caller: True while the screen is busy with the user's keys.
        #: A first build then pauses between files, unless a search waits for it.
        self.hold: Callable[[], bool] = _never

    @property
    def library(self) -> Library:
        found = self._library()
        if found is None:
            raise ReferenceError("the library is gone")
        return found

    # -- opening ----------------------------------------------------------------------------------
    def _build(self, stop: Callable[[], bool]) -> bool:
        """Open, update or build the index for the library, in this thread. No garbage
        collection meanwhile: it makes many objects and no cycles, and a collection walks
        every object of the app (a quarter of an edit's update, when it ran)."""
        try:
            with collection_paused():
                view = self._store.view_for(self.library, stop, self._pause)
                items = Items(self.library, view.sources_of(self.library))
                self._searcher = Searcher(view, items)
            self._failure = None
            self._ready.set()
            return True
        except Stopped:
            return False
        except Exception as exc:
            _log.warning("search index for %s could not be built: %s", self._store.roots, exc)
            self._failure = exc
            return False
        finally:
            with self._state:
                self._building = False

    def _claim(self) -> bool:
        """True once per build: for whoever then runs it."""
        with self._state:
            if self._building or self._ready.is_set():
                return False
            self._building = True
            return True

    def _pause(self) -> None:
        """Between files of a build: leave the interpreter to the screen, and wait while the
        user types (unless a search is waiting for the index)."""
        time.sleep(0)
        while not self._waiting and self.hold():
            time.sleep(_HOLD_POLL)

    def _open(self, stop: Callable[[], bool], urgent: bool = True) -> Searcher:
        """The searcher, waiting for the index (building it if nobody is)."""
        if self._ready.is_set():
            assert self._searcher is not None
            return self._searcher
        small = len(self.library.papers) + len(self.library.people) < _INLINE_ITEMS
        with self._state:
            self._waiting += urgent
        try:
            while not self._ready.is_set():
                if self._claim():
                    if small:
                        self._build(_never)
                    else:
                        threading.Thread(
                            target=self._build, args=(_never,), name="cvtui-index", daemon=True
                        ).start()
                if self._failure is not None and not self._building:
                    raise RuntimeError("no search index") from self._failure
                if self._ready.wait(0.05):
                    break
                if stop():
                    raise Stopped
        finally:
            with self._state:
                self._waiting -= urgent
        assert self._searcher is not None
        return self._searcher

    def open(self, should_stop: Callable[[], bool] | None = None, build: bool = True) -> bool:
        """Open the index now, building or updating it as needed (in this thread, unless
        another is at it); False when ``should_stop`` asked to stop first. ``build=False``:
        only when one is on disk already (brought up to date if files changed)."""
        stop = should_stop or _never
        if self._ready.is_set():
            return True
        if stop() or (not build and not self._store.built()):
            return False
        if self._claim():
            return self._build(stop)
        try:
            self._open(stop, urgent=False)
        except (Stopped, RuntimeError):
            return False
        return True

    def warm(self, wait: bool = False, should_stop: Callable[[], bool] | None = None) -> bool:
        """:meth:`open`, then read the words that quoted and negated terms pick from, so no
        keystroke waits; for a worker thread. False when ``should_stop`` asked to stop."""
        stop = should_stop or _never
        if not self.open(stop):
            return False
        assert self._searcher is not None
        if len(self.library.papers) + len(self.library.people) < _INLINE_ITEMS:
            return True  # a small set: walking its words, or listing it, costs nothing
        if not stop():
            self._searcher.snapshot.read_vocabularies(self._pause)
        if not stop():
            self._searcher.prepare_listings(self._pause)
        return True

    @property
    def ready(self) -> bool:
        """Whether the index is open and current for the library."""
        return self._ready.is_set()

    def wait_for_prose(self, kind: str, should_stop: Callable[[], bool]) -> bool:
        """Wait until searches answer at once (without hurrying a build that pauses for
        keys); False if ``should_stop`` said to give up first."""
        try:
            self._open(should_stop, urgent=False)
        except (Stopped, RuntimeError):
            return False
        return True

    # -- reading ----------------------------------------------------------------------------------
    def field_text(self, kind: str, index: int, name: str) -> str:
        """The original text of field ``name`` of item ``index`` (what spans refer to)."""
        return field_text(self.library, kind, index, name)

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
        rest_limit: int | None = None,
    ) -> SearchResult:
        """Ranked hits with the query's problems and the number of items that matched.

        ``kind`` is ``people``, ``papers``, ``events`` or None for people, papers and the
        timeline's other events (paper events would repeat the papers). ``within`` keeps
        only those item indexes of ``kind``. ``should_stop`` is polled between steps; when it
        returns True the result is empty and marked ``cancelled``.

        ``all_matches`` (one ``kind`` only) also returns, as ``rest``, every matching item
        that is not among the hits: first those matching in short fields (titles, names,
        authors...), then those matching only in long prose, newest first within each; the
        ``total`` is then exact, unless checking operator or smart-case terms row by row ran
        out of time (``exact`` is then False: the unchecked candidates end ``rest``).

        ``rest_limit`` lists only the first so many of the rest (a screen's worth, quickly):
        the result then says it is ``cut``, and ``total`` still counts every match.

        ``wait_for_prose=False`` answers at once while the index is still being built: an
        empty result that says it is not ``complete``.
        """
        if all_matches and kind not in [k.name for k in KINDS]:
            raise ValueError("all_matches needs one kind: people, papers or events")
        parsed = parse_query(query)
        if parsed.matches_nothing:  # `'` or `!` alone: nothing to look for, not everything
            return SearchResult([], parsed.problems, 0, parsed)
        stop = should_stop or _never
        if not wait_for_prose and not self._ready.is_set():
            if self._claim():
                threading.Thread(
                    target=self._build, args=(_never,), name="cvtui-index", daemon=True
                ).start()
            return SearchResult([], parsed.problems, 0, parsed, complete=False)
        try:
            searcher = self._open(stop)
        except Stopped:
            return SearchResult([], parsed.problems, 0, parsed, cancelled=True)
        except RuntimeError:
            return SearchResult([], parsed.problems, 0, parsed, complete=False)
        try:
            return _search(searcher, parsed, kind, limit, within, stop, all_matches, rest_limit)
        except (ValueError, OSError) as exc:
            if self._store.sound():  # the index is fine: this query failed (logged), no more
                _log.warning("search for %r failed: %s", query, exc)
                return SearchResult([], parsed.problems, 0, parsed)
            # The index broke under us (files removed or damaged): build it again.
            _log.warning("search index unreadable (%s); rebuilding", exc)
            self._store.forget()
            self._ready.clear()
            try:
                searcher = self._open(stop)
                return _search(searcher, parsed, kind, limit, within, stop, all_matches, rest_limit)
            except (Stopped, RuntimeError, ValueError, OSError):
                return SearchResult([], parsed.problems, 0, parsed, complete=False)


_INDEXES: weakref.WeakKeyDictionary[Library, SearchIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_for(library: Library) -> SearchIndex:
    """The search index of ``library`` (one per library, made on first use)."""
    with _INDEXES_LOCK:
        found = _INDEXES.get(library)
        if found is None:
            found = _INDEXES[library] = SearchIndex(library, weak=True)
        return found


def search_profiles(
    paths: Iterable[str | os.PathLike[str]],
    query: str,
    kind: str | None = None,
    limit: int = 20,
    load: Callable[[], Library] | None = None,
) -> SearchResult:
    """Search the profile set at ``paths`` as a script would: from its index alone when no
    file changed since it was built, else by loading the library (``load``, by default
    through the cache) and bringing the index up to date first."""
    from ..provenance import current_stamps

    roots = tuple(str(p) for p in paths)
    store = store_for(roots)
    view: View | None = store.view_if_current(current_stamps(roots))
    if view is not None:
        parsed = parse_query(query)
        if parsed.matches_nothing:
            return SearchResult([], parsed.problems, 0, parsed)
        return _search(Searcher(view, None), parsed, kind, limit, None, _never, False)
    if load is None:
        from ..cache import load_cached

        def load() -> Library:
            return load_cached(list(roots))

    library = load()  # held while searching: the index holds it weakly
    return index_for(library).search_with_info(query, kind, limit)
