"""What a search returns: ranked hits with their spans, and the result around them.

A hit carries what it shows (title, whose it is, year, venue…) as the index stored it, so a
script can print hits without loading the library; with the library, ``index`` is the item's
number in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..query import Query
from .spans import Spans

if TYPE_CHECKING:
    from ..model import Library

__all__ = ["Hit", "LazySpans", "SearchResult"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result; ``spans`` maps a field to (start, end) ranges in its original text.

    ``show`` is what the hit displays, as :func:`~.documents.documents_of` stored it: for a
    person (id, name, affiliation, headline); a paper (its work's uid and title, the entry's
    person id and name, year, venue, authors, type, date, the work's key, the ids and the
    names of the profiles holding it); an event (id, title, person id, person's name, kind,
    subkind, organisation, dates).

    Spans are worked out when first read, so hits that are never shown cost nothing.
    Field texts: ``title``/``name``/``summary``... as written; multi-valued fields such as
    ``authors`` are the values joined with :data:`~.documents.FIELD_JOIN`.
    ``index`` is the item's number in the library (-1 when searched without one).
    """

    kind: str
    index: int
    score: float
    id: str
    title: str
    spans: Mapping[str, Spans] = field(default_factory=dict)
    show: Sequence[Any] = field(default=(), compare=False, repr=False)

    def to_json(self, library: Library | None = None) -> dict[str, Any]:
        """The hit as JSON-ready data, with the person, year and venue where they apply."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 3),
            "fields": sorted(self.spans),
            "spans": {k: [list(s) for s in v] for k, v in self.spans.items()},
        }
        show = self.show
        if self.kind == "paper":
            profiles = list(show[10])
            data.update(
                person=profiles[0] if profiles else show[2],
                profiles=profiles,
                work=show[9],
                year=show[4],
                venue=show[5],
                authors=list(show[6]),
            )
        elif self.kind == "event":
            data.update(person=show[2], event_kind=show[4], organisation=show[6], dates=show[7])
        else:
            data.update(affiliation=show[2], headline=show[3])
        return data

    def describe(self, library: Library | None = None) -> str:
        """One plain line for a terminal: kind, year, title and whose it is."""
        show = self.show
        if self.kind == "paper":
            year = str(show[4] or "    ")
            venue = f" ({show[5]})" if show[5] else ""
            names = list(show[11]) or [show[3]]
            who = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
            return f"paper   {year}  {self.title}{venue}  — {who}"
        if self.kind == "event":
            at = f", {show[6]}" if show[6] else ""
            return f"event   {show[7]}  {show[5]}: {self.title}{at}  — {show[3]}"
        extra = " · ".join(x for x in (show[3], show[2]) if x)
        return f"person  {self.title}" + (f"  — {extra}" if extra else "")


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits plus what the screen needs around them: problems in the query and the total."""

    hits: list[Hit]
    problems: list[str]
    total: int
    query: Query
    cancelled: bool = False
    #: With ``all_matches``: every other matching item, best first, then newest first.
    rest: Sequence[int] = ()
    #: With ``all_matches``: an item of ``rest`` → its match spans (``prose=False``: only
    #: those a list row needs, as ``LazySpans.listed``).
    spans_for: Callable[..., Mapping[str, Spans]] | None = None
    #: False when ``rest`` ends with candidates not checked in time (see ``CHECK_BUDGET``).
    exact: bool = True
    #: False when the index was not ready and the search did not wait for it
    #: (``wait_for_prose=False``): the same search once it is may find more.
    complete: bool = True
    #: True when ``rest`` holds only the first matches (``rest_limit``); ``total`` counts all.
    cut: bool = False


class LazySpans(Mapping[str, Spans]):
    """A hit's spans, worked out on first use: a screen shows only a few of the hits."""

    __slots__ = ("_listed", "_make", "_make_listed", "_spans")

    def __init__(
        self,
        make: Callable[[], dict[str, Spans]],
        listed: Callable[[], dict[str, Spans]] | None = None,
    ) -> None:
        self._make: Callable[[], dict[str, Spans]] | None = make
        self._spans: dict[str, Spans] | None = None
        self._make_listed = listed
        self._listed: dict[str, Spans] | None = None

    def listed(self) -> Mapping[str, Spans]:
        """What a list row needs: the spans of short fields, and of long prose only when
        no short field matched (see :func:`~.spans.spans_of`); every span once known."""
        if self._spans is not None or self._make_listed is None:
            return self._get()
        if self._listed is None:
            self._listed = self._make_listed()
        return self._listed

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
