"""All figures of one scope, each computed when first asked for and then kept.

:class:`Insights` is what the app's Insights view and ``cvtui stats`` read. Computing a
figure only reads the library and its :class:`~.index.InsightsIndex`, so it can run in any
thread; the view computes the figure on screen first and the others after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .coauthors import Coauthors, top_coauthors
from .graph import Graph, collaboration_graph
from .index import InsightsIndex, index_for
from .metrics import Metrics, reported_metrics
from .output import Output, output_over_time
from .pairs import Pairs, pairs_of, shared_works
from .scope import Resolved, Scope
from .top_venues import Venues, top_venues
from .topics import Topics, topics_over_time

if TYPE_CHECKING:
    from ..library import Library

__all__ = ["FIGURES", "FIGURE_TITLES", "Insights"]

FIGURES = ("output", "venues", "coauthors", "pairs", "matrix", "graph", "topics", "metrics")
FIGURE_TITLES = {
    "output": "Output over time",
    "venues": "Venues",
    "coauthors": "Co-authors",
    "pairs": "Shared works",
    "matrix": "Matrix",
    "graph": "Graph",
    "topics": "Topics",
    "metrics": "Metrics",
}


class Insights:
    """The figures of ``scope`` in ``library`` (``limit``: rows of each ranked figure)."""

    def __init__(
        self, library: Library, scope: Scope, *, limit: int = 20, now: int | None = None
    ) -> None:
        self.library = library
        self.scope = scope
        self.limit = limit
        self.now = now
        self._index: InsightsIndex | None = None
        self._resolved: Resolved | None = None
        self._figures: dict[str, object] = {}
        self._lock = threading.RLock()

    @property
    def index(self) -> InsightsIndex:
        if self._index is None:
            self._index = index_for(self.library)
        return self._index

    @property
    def resolved(self) -> Resolved:
        if self._resolved is None:
            self._resolved = self.scope.resolve(self.library)
        return self._resolved

    @property
    def label(self) -> str:
        return self.resolved.label

    def _kept(self, name: str, make: Callable[[], Any]) -> Any:
        with self._lock:
            found = self._figures.get(name)
            if found is None:
                found = self._figures[name] = make()
            return found

    def is_ready(self, name: str) -> bool:
        """Whether figure ``name`` has been computed (reading it then costs nothing)."""
        return name in self._figures

    # -- the figures ----------------------------------------------------------------------
    def output(self) -> Output:
        return self._kept(
            "output", lambda: output_over_time(self.index, self.resolved, self.library.people)
        )

    def venues(self) -> Venues:
        return self._kept("venues", lambda: top_venues(self.index, self.resolved, self.limit))

    def coauthors(self) -> Coauthors:
        return self._kept(
            "coauthors",
            lambda: top_coauthors(self.index, self.resolved, self.library.people, self.limit),
        )

    def pairs(self) -> Pairs:
        return self._kept(
            "pairs", lambda: pairs_of(self.library, self.index, self.resolved, self.limit)
        )

    def graph(self) -> Graph:
        return self._kept(
            "graph",
            lambda: collaboration_graph(
                self.resolved, self.pairs(), self.library.people, index=self.index
            ),
        )

    def topics(self) -> Topics:
        return self._kept(
            "topics",
            lambda: topics_over_time(
                self.library, self.index, self.resolved, self.limit, now=self.now
            ),
        )

    def metrics(self) -> Metrics:
        return self._kept(
            "metrics",
            lambda: reported_metrics(
                self.library.people, self.resolved.profiled_people(self.library)
            ),
        )

    def shared(self, a: str, b: str) -> list[int]:
        """The works in scope that people ``a`` and ``b`` are both on (``a == b``: the
        works in scope of ``a``)."""
        library = self.library
        first, second = library.find_person(a), library.find_person(b)
        if first is None or second is None:
            return []
        return shared_works(library, self.resolved, first, second)

    def figure(self, name: str) -> object:
        """Figure ``name`` (one of :data:`FIGURES`; the matrix is part of the pairs)."""
        if name == "matrix":
            return self.pairs()
        make = getattr(self, name) if name in FIGURES else None
        if make is None:
            raise KeyError(name)
        return make()

    def compute_all(self, should_stop: Callable[[], bool] = lambda: False) -> None:
        for name in FIGURES:
            if should_stop():
                return
            self.figure(name)
