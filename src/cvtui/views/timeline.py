"""The Timeline view: a chart of careers over the years and, below it, every dated event.

How the app uses it::

    view = TimelineView(library, id="timeline")
    view.show_people(["mickel-liu", "tianhao-wu"])   # the selected person first, then marked ones

    def on_timeline_view_event_chosen(self, message: TimelineView.EventChosen) -> None:
        ...  # message.person_id, message.kind, message.ref (see EventChosen)

Enter on an event posts :class:`TimelineView.EventChosen`; the view itself never switches
screens. Moving the cursor through the events marks the matching lane in the chart and
scrolls the chart to it, so a long career can be read lane by lane at 80×24.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from ..widgets.timeline_chart import TimelineChart
from ..widgets.virtual_list import Column, VirtualList

if TYPE_CHECKING:
    from ..core.model import Event, Library

__all__ = ["EventList", "TimelineView", "event_dates_text", "event_kind_text"]


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


_COLUMNS = (
    Column("dates", "Dates", width=17, priority=9, style="line-list--dim"),
    Column("kind", "Kind", width=10, priority=5, style="line-list--accent"),
    Column("title", "Title", ratio=3, min_width=15, priority=10),
    Column("where", "Organisation", ratio=2, min_width=10, priority=4, style="line-list--dim"),
)
_WHO = Column("who", "Who", width=8, priority=6)


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


class EventList(VirtualList):
    """Events of the people shown, oldest first; a "Who" column when there are several."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(list(_COLUMNS), self._cells, empty="No dated events", id=id)
        self.library = library
        self.events: list[Event] = []
        self.shared: dict[int, tuple[int, ...]] = {}
        """Item → every person shown who has this paper event's work (a shared work is one
        row, naming each of them)."""
        self.person_style: Callable[[int], Style] = lambda person: Style()
        """The colour of a person's name in the "Who" column (the chart's colour for them)."""

    def set_events(self, events: list[Event], several_people: bool) -> None:
        """Show ``events``; ``several_people`` adds the column saying whose each one is, and
        makes a work that several of them share one row."""
        self.shared = {}
        if several_people:
            events, self.shared = _merge_shared_works(events)
        self.events = events
        columns = [_WHO, *_COLUMNS] if several_people else list(_COLUMNS)
        if columns != self.columns:
            self.columns = columns
            self._column_index = {c.key: i for i, c in enumerate(columns)}
        self.set_items(range(len(events)), keep=False)

    def row_cache_key(self, row: int) -> object:
        return (id(self.events), row)

    def _cells(self, item: int) -> tuple[str | Text, ...]:
        event = self.events[item]
        where = ", ".join(x for x in (event.organisation, event.place) if x)
        cells = (event_dates_text(event), event_kind_text(event), event.title, where)
        if self.columns[0].key == "who":
            who = self.shared.get(item, (event.person,))
            first = who[0]
            name = Text(self.library.people[first].name, style=self.person_style(first))
            for person in who[1:]:
                name.append(", ")
                name.append(self.library.people[person].name, style=self.person_style(person))
            return (name, *cells)
        return cells

    @property
    def event(self) -> Event | None:
        """The event under the cursor, if any."""
        item = self.item
        return None if item is None else self.events[item]


class TimelineView(Vertical):
    """Chart above, events below, for the people given to :meth:`show_people`."""

    DEFAULT_CSS = """
    TimelineView {
        height: 1fr;
        & > EventList { height: 1fr; min-height: 4; }
    }
    """

    class EventChosen(Message):
        """Enter on an event: the app should show its detail.

        ``kind`` is ``paper``, ``education``, ``experience``, ``award`` or ``service`` and
        ``ref`` the index in that person's list of that kind (``person.awards[ref]`` …).
        For a paper, ``ref`` is the work's index in ``library.papers`` (for the Papers
        view); for anything else, open the person's card at that entry.
        """

        def __init__(self, person_id: str, kind: str, ref: int) -> None:
            super().__init__()
            self.person_id = person_id
            self.kind = kind
            self.ref = ref

    def __init__(
        self,
        library: Library,
        *,
        today: _dt.date | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.library = library
        self.today = today
        self._person_ids: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield TimelineChart(self.library, today=self.today)
        yield EventList(self.library)

    @property
    def chart(self) -> TimelineChart:
        return self.query_one(TimelineChart)

    @property
    def event_list(self) -> EventList:
        return self.query_one(EventList)

    @property
    def person_ids(self) -> tuple[str, ...]:
        """Ids of the people shown, the selected person first."""
        return self._person_ids

    def show_people(self, person_ids: Sequence[str]) -> None:
        """Show these people (unknown ids are ignored); their events are merged by date."""
        known: list[str] = []
        indices: list[int] = []
        for pid in dict.fromkeys(person_ids):
            try:
                indices.append(self.library.person_index(pid))
            except KeyError:
                continue
            known.append(pid)
        if tuple(known) == self._person_ids:
            return
        self._person_ids = tuple(known)
        events: list[Event] = []
        for pid in known:
            events.extend(self.library.events_of(pid))
        if len(known) > 1:
            events.sort(key=lambda e: e.start.key())
        self.chart.show_people(indices)
        group = {person: n for n, person in enumerate(indices)}
        self.event_list.person_style = lambda person: self.chart.person_style(group[person])
        self.event_list.set_events(events, several_people=len(indices) > 1)

    def current_event(self) -> Event | None:
        """The event under the cursor, if any."""
        return self.event_list.event

    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        if message.virtual_list is not self.event_list:
            return
        message.stop()
        event = self.event_list.event
        if event is not None:
            self.chart.select_entry(event.person, event.kind, event.ref)

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        if message.virtual_list is not self.event_list:
            return
        message.stop()
        event = self.event_list.event
        if event is None:
            return
        person_id = self.library.people[event.person].id
        self.post_message(self.EventChosen(person_id, event.kind, event.ref))

    def focus_events(self) -> None:
        self.event_list.focus()
