"""The Timeline's event list: every dated fact of the people shown, oldest first.

Columns are as wide as what they hold (a "Who" column as wide as the longest name shown);
the title takes the rest. Rows that would read alike — five "Research Leader" rows at "Ant
Group" — say what tells them apart ("Research Leader × Peking University"), and when the
title is cut to its column, that part is what stays. With several people, a work that more
than one of them has is one row naming each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from .list_cells import Cell
from .list_columns import Column
from .timeline_lanes import event_tails, fit_labels, fit_spans
from .virtual_list import VirtualList

if TYPE_CHECKING:
    from ..core.model import Event, Library

__all__ = ["EventList", "event_dates_text", "event_kind_text", "who_text"]

Spans = Mapping[str, Sequence[tuple[int, int]]]


def event_kind_text(event: Event) -> str:
    """The kind column: ``paper``, ``award``, ``education`` or the experience's kind."""
    return event.subkind if event.kind == "experience" else event.kind


def event_dates_text(event: Event) -> str:
    """Compact dates: ``2017-09–2021-07``, ``2021-08–present``, ``2024-09–2029 exp.``."""
    text = str(event.start)
    if event.end is not None and event.end != event.start:
        text += f"–{event.end}"
        if event.end_expected:
            text += " exp."
    return text


def who_text(names: Sequence[str], width: int) -> list[str]:
    """Names for the "Who" cell of a row several people share, in ``width`` cells if it can:
    every name; else first names; else the first name and how many more (``Ana +2``)."""
    if len(names) < 2:
        return list(names)
    firsts = [name.split()[0] if name.split() else name for name in names]
    for parts in (list(names), firsts):
        if cell_len(", ".join(parts)) <= width:
            return parts
    return [f"{firsts[0]} +{len(names) - 1}"]


def _merge_shared_works(events: list[Event]) -> tuple[list[Event], dict[int, tuple[int, ...]]]:
    """One row per work among several people's paper events, and who has each shared one."""
    first: dict[int, int] = {}
    people: dict[int, list[int]] = {}
    kept: list[Event] = []
    for event in events:
        if event.kind == "paper":
            at = first.get(event.ref)
            if at is not None:
                if event.person not in people[at]:
                    people[at].append(event.person)
                continue
            first[event.ref] = len(kept)
            people[len(kept)] = [event.person]
        kept.append(event)
    return kept, {item: tuple(who) for item, who in people.items() if len(who) > 1}


WHO_MAX = 24
"""The widest the "Who" column gets, however long a name."""


def _fixed(
    key: str, label: str, texts: Sequence[str], most: int, priority: int, style: str = ""
) -> Column:
    """A column exactly as wide as its widest text (or label), at most ``most``."""
    width = max([cell_len(label), *(cell_len(t) for t in texts)])
    return Column(key, label, width=min(most, width), priority=priority, style=style)


class _ShownHighlights(Mapping[int, Spans]):
    """A filter's match spans, moved to where they are in the titles as drawn (a title cut
    to keep its tail has its tail's spans further left)."""

    def __init__(self, spans: Mapping[int, Spans], owner: EventList) -> None:
        self._spans = spans
        self._owner = owner

    def __getitem__(self, item: int) -> Spans:
        spans = self._spans[item]
        owner = self._owner
        if "who" in spans and owner.who_parts(item) != owner.who_names(item):
            spans = {k: v for k, v in spans.items() if k != "who"}  # first names only
        title = spans.get("title")
        tail = owner.tails[item]
        if not title or not tail:
            return spans
        shown = owner.shown_title(item)
        return {**spans, "title": fit_spans(owner.full_title(item), tail, shown, title)}

    def __contains__(self, item: object) -> bool:
        return item in self._spans

    def __iter__(self) -> Iterator[int]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class EventList(VirtualList):
    """Events of the people shown, oldest first; a "Who" column when there are several."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        self.library = library
        super().__init__(
            self._columns_for_events([], False),
            self._cells,
            markable=True,
            empty="No dated events",
            id=id,
        )
        self.events: list[Event] = []
        self.tails: list[str] = []
        """Per event: what its title gets to tell it from rows that read alike (or "")."""
        self.shared: dict[int, tuple[int, ...]] = {}
        """Item → every person shown who has this paper event's work (a shared work is one
        row, naming each of them)."""
        self.person_style: Callable[[int], Style] = lambda person: Style()
        """The colour of a person's name in the "Who" column (the chart's colour for them)."""
        self._generation = 0
        self._titles_width = -1
        self._titles: list[str] = []

    def _columns_for_events(self, events: Sequence[Event], several: bool) -> list[Column]:
        columns = []
        if several:
            names = {self.library.people[e.person].name for e in events}
            columns.append(_fixed("who", "Who", sorted(names), WHO_MAX, priority=6))
        columns += [
            _fixed(
                "dates",
                "Dates",
                [event_dates_text(e) for e in events] or ["2024-09–2029 exp."],
                18,
                priority=9,
                style="line-list--dim",
            ),
            _fixed(
                "kind",
                "Kind",
                [event_kind_text(e) for e in events] or ["education"],
                13,
                priority=5,
                style="line-list--accent",
            ),
            # The two share what the fixed columns leave, two parts to one.
            Column("title", "Title", ratio=2, min_width=15, priority=10, grow=True, share=0.2),
            Column(
                "where",
                "Organisation",
                ratio=1,
                min_width=10,
                priority=4,
                style="line-list--dim",
                grow=True,
            ),
        ]
        return columns

    def set_events(self, events: list[Event], several_people: bool) -> None:
        """Show ``events``; ``several_people`` adds the column saying whose each one is, and
        makes a work that several of them share one row."""
        self.shared = {}
        if several_people:
            events, self.shared = _merge_shared_works(events)
        self.events = events
        self.tails = [""] * len(events)
        by_person: dict[int, list[int]] = {}
        for item, event in enumerate(events):
            by_person.setdefault(event.person, []).append(item)
        for person, items in by_person.items():
            tails = event_tails(self.library.people[person], [events[i] for i in items])
            for item, tail in zip(items, tails, strict=True):
                self.tails[item] = tail
        self._generation += 1
        self._titles_width = -1
        columns = self._columns_for_events(events, several_people)
        if columns != self.columns:
            self.columns = columns
            self._column_index = {c.key: i for i, c in enumerate(columns)}
        self.set_highlights({})
        if self.marked:  # marks were numbers in the events shown before
            self.set_marked(())
        self.set_items(range(len(events)), keep=False)

    def set_highlights(self, highlights: Mapping[int, Spans]) -> None:
        shown = _ShownHighlights(highlights, self) if highlights else highlights
        super().set_highlights(shown)

    def row_cache_key(self, row: int) -> object:
        return (self._generation, self.items[row])

    # -- titles ---------------------------------------------------------------------------
    def full_title(self, item: int) -> str:
        return self.events[item].title + self.tails[item]

    def _title_width(self, width: int) -> int:
        for column, size in self._columns_for(width):
            if column.key == "title":
                return size
        return 0

    def shown_title(self, item: int) -> str:
        """The title as drawn at the current width: cut so that rows stay told apart."""
        if not self.tails[item]:
            return self.events[item].title
        width = self._title_width(self.scrollable_content_region.width)
        if width != self._titles_width:
            self._titles_width = width
            self._titles = fit_labels(
                [(self.full_title(i), self.tails[i]) for i in range(len(self.events))], width
            )
        return self._titles[item]

    # -- cells ------------------------------------------------------------------------------
    def who_names(self, item: int) -> list[str]:
        """The names of everyone shown who has this event (several for a shared work)."""
        who = self.shared.get(item, (self.events[item].person,))
        return [self.library.people[p].name for p in who]

    def who_parts(self, item: int) -> list[str]:
        """The names as the "Who" column shows them (see :func:`who_text`)."""
        width = self.columns[0].width if self.columns[0].key == "who" else WHO_MAX
        return who_text(self.who_names(item), width)

    def cell_texts(self, item: int) -> Mapping[str, str]:
        """Plain text per column, for the filter (the whole title, its tail too)."""
        event = self.events[item]
        return {
            "who": ", ".join(self.who_names(item)),
            "dates": event_dates_text(event),
            "kind": event_kind_text(event),
            "title": self.full_title(item),
            "where": ", ".join(x for x in (event.organisation, event.place) if x),
        }

    def measured_cells(self, item: int) -> Sequence[Cell]:
        # Not the cells: a title is fitted to its column's width, the one being measured.
        texts = self.cell_texts(item)
        return tuple(texts[column.key] for column in self.columns)

    def _cells(self, item: int) -> tuple[Cell, ...]:
        event = self.events[item]
        where = ", ".join(x for x in (event.organisation, event.place) if x)
        cells: tuple[Cell, ...] = (
            event_dates_text(event),
            event_kind_text(event),
            self.shown_title(item),
            where,
        )
        if self.columns[0].key != "who":
            return cells
        who = self.shared.get(item, (event.person,))
        parts = self.who_parts(item)
        if len(parts) < len(who) or len(who) == 1:
            styles = [self.person_style(who[0])]
        else:
            styles = [self.person_style(p) for p in who]
        name = Text(parts[0], style=styles[0])
        for part, style in zip(parts[1:], styles[1:], strict=False):
            name.append(", ")
            name.append(part, style=style)
        return (name, *cells)

    @property
    def event(self) -> Event | None:
        """The event under the cursor, if any."""
        item = self.item
        return None if item is None else self.events[item]

    def row_of(self, person: int, kind: str, ref: int) -> int | None:
        """The row showing this fact of this person, if it is in the list as filtered."""
        for row, item in enumerate(self.items):
            event = self.events[item]
            if event.kind != kind or event.ref != ref:
                continue
            if event.person == person or person in self.shared.get(item, ()):
                return row
        return None
