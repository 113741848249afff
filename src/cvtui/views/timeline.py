"""The Timeline view: a chart of careers over the years and, below it, every dated event.

How the shell uses it::

    view = TimelineView(library, id="timeline")
    view.show_people(["mickel-liu", "tianhao-wu"])   # the selected person first, then marked ones
    view.show_event("mickel-liu", "education", 2)     # the cursor on one fact

Enter on an event posts :class:`~cvtui.messages.OpenPaper` (a paper: the Papers view, about
that person) or :class:`~cvtui.messages.OpenEntry` (the person's card at that entry); the
view itself never switches screens. Moving the cursor through the events marks the matching lane in the chart and
scrolls the chart to it, so a long career can be read lane by lane at 80×24.

Several people are drawn one lane each when the full chart would not fit (``z`` switches).
The chart has keys of its own that work while the event list has focus: ``J``/``K`` scroll
it, ``+``/``-`` zoom over the years, ``H``/``L`` pan and ``0`` shows every year. ``/``
filters the event list as in the other views (``escape`` clears).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from .. import messages
from ..clipboard import paper_citation, papers_citation
from ..core.editor import ENTRY_KEYS
from ..keymap import key_label
from ..widgets.filter_bar import FilterBar
from ..widgets.timeline_chart import TimelineChart
from ..widgets.timeline_compact import LEGEND
from ..widgets.timeline_events import EventList, event_dates_text, event_kind_text
from ..widgets.virtual_list import VirtualList
from .export import ExportTarget, safe_file_stem
from .filtering import FilterResult, filter_items
from .targets import EditTarget

if TYPE_CHECKING:
    from ..core.model import Event, Library

__all__ = ["EventList", "TimelinePlace", "TimelineView", "event_dates_text", "event_kind_text"]


@dataclass(frozen=True)
class TimelinePlace:
    """Where the Timeline is: whose it is, its filter, the event cursor and the scroll."""

    person_ids: tuple[str, ...]
    query: str
    row: int
    scroll: float


def event_line(event: Event) -> str:
    """One fact as a line of text: what, where, when."""
    where = ", ".join(x for x in (event.organisation, event.place) if x)
    return f"{event.title} — {where} ({event.dates_text()})"


class TimelineView(Vertical):
    """Chart above, events below, for the people given to :meth:`show_people`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter events", id="timeline.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="timeline.clear_filter"),
        Binding("z", "toggle_compact", "Compact", id="timeline.compact"),
        Binding(
            "J,shift+down", "scroll_chart(1)", "Scroll chart down", show=False,
            id="timeline.scroll_down",
        ),
        Binding(
            "K,shift+up", "scroll_chart(-1)", "Scroll chart up", show=False,
            id="timeline.scroll_up",
        ),
        Binding(
            "plus,equals_sign", "zoom(1)", "Zoom in: fewer years", show=False,
            id="timeline.zoom_in",
        ),
        Binding("minus", "zoom(-1)", "Zoom out: more years", show=False, id="timeline.zoom_out"),
        Binding(
            "H,shift+left", "pan(-1)", "Earlier years", show=False, id="timeline.pan_earlier"
        ),
        Binding("L,shift+right", "pan(1)", "Later years", show=False, id="timeline.pan_later"),
        Binding("0", "reset_zoom", "Every year", show=False, id="timeline.all_years"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    TimelineView {
        height: 1fr;
        & > .caption { height: 1; color: $text-muted; background: $panel; padding: 0 1; }
        & > EventList { height: 1fr; min-height: 4; }
    }
    """

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
        self._rebuilds = 0  # reloads asked for: only the newest rebuild shows its place
        self._pending_place: TimelinePlace | None = None
        self.query_text = ""
        self._told_person: str | None = None
        self._restoring: TimelinePlace | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="caption", markup=False)
        yield TimelineChart(self.library, today=self.today)
        yield FilterBar("filter events (words, !exclude)")
        yield EventList(self.library)

    @property
    def chart(self) -> TimelineChart:
        return self.query_one(TimelineChart)

    @property
    def event_list(self) -> EventList:
        return self.query_one(EventList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

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
        if self.query_text:
            self._run_filter(self.query_text)
        self.update_caption()
        self.refresh_bindings()

    def show_event(self, person_id: str, kind: str, ref: int) -> bool:
        """Put the cursor on one fact of a person shown (clearing a filter that hides it)."""
        try:
            person = self.library.person_index(person_id)
        except KeyError:
            return False
        events = self.event_list
        row = events.row_of(person, kind, ref)
        if row is None and self.query_text:
            self._drop_filter()
            row = events.row_of(person, kind, ref)
        if row is None:
            return False
        events.move_cursor(row)
        return True

    def current_event(self) -> Event | None:
        """The event under the cursor, if any."""
        return self.event_list.event

    def focus_events(self) -> None:
        self.event_list.focus()

    def focus_default(self) -> None:
        self.event_list.focus()

    # -- what the shell asks ------------------------------------------------------------------
    def context_person(self) -> str | None:
        """The person of the event under the cursor, else the first person shown."""
        event = self.current_event()
        if event is not None:
            return self.library.people[event.person].id
        return self._person_ids[0] if self._person_ids else None

    def place_label(self) -> str:
        event = self.current_event()
        if event is not None:
            return event.title
        return self.caption_text()

    def open_target(self) -> str | None:
        event = self.current_event()
        if event is None or event.kind != "paper":
            return None
        links = self.library.papers[event.ref].links.items()
        return links[0][1] if links else None

    def edit_target(self) -> EditTarget | None:
        """The profile of the event's person, at that paper or entry."""
        library = self.library
        event = self.current_event()
        if event is None:
            person = self.context_person()
            return EditTarget(library.source_of(person)) if person else None
        if event.kind == "paper":
            owner, ref = library.entry_ref(library.entry_for(event.ref, event.person))
            return EditTarget(library.source_of(owner.id), f"papers[{ref}]")
        field = f"{ENTRY_KEYS.get(event.kind, event.kind)}[{event.ref}]"
        return EditTarget(library.sources[event.person], field)

    def snapshot(self) -> TimelinePlace:
        events = self.event_list
        return TimelinePlace(self._person_ids, self.query_text, events.cursor, events.scroll_y)

    def restore(self, state: object) -> None:
        assert isinstance(state, TimelinePlace)
        self._show_place(state)
        self.event_list.focus()

    def _show_place(self, state: TimelinePlace) -> None:
        self.show_people(state.person_ids)
        if state.query:
            bar = self.filter_bar
            bar.open()
            with bar.input.prevent(Input.Changed):
                bar.input.value = state.query
            self.query_text = state.query
            self._restoring = state
            self._run_filter(state.query)
        else:
            self._drop_filter()
            self._place_cursor(state)

    def _place_cursor(self, state: TimelinePlace) -> None:
        events = self.event_list
        if events.row_count:
            events.move_cursor(min(max(state.row, 0), events.row_count - 1))
        events.scroll_to(y=state.scroll, animate=False, immediate=True)

    def show_first_of(self, person_id: str) -> None:
        """The cursor on this person's first event, unless it is on one of theirs already."""
        person = self.library.find_person(person_id)
        events = self.event_list
        event = events.event
        if person is None or (event is not None and event.person == person):
            return
        for row, item in enumerate(events.items):
            if events.events[item].person == person:
                events.move_cursor(row)
                return

    def clear_filter(self) -> None:
        """Every event again (a jump to another person's timeline)."""
        if self.query_text or self.filter_bar.is_open:
            self._drop_filter()

    def swap_library(self, library: Library) -> None:
        """After a reload: the same people, filter and cursor row, drawn from ``library``."""
        if library is self.library:
            return
        # A rebuild still pending keeps the place it was asked to show: the view meanwhile
        # shows nobody.
        state = self._pending_place or self.snapshot()
        self._pending_place = state
        focused = self.app.focused is not None and (
            self.app.focused is self or self in self.app.focused.ancestors
        )
        self.library = library
        self._person_ids = ()
        self.query_text = ""
        self._rebuilds += 1
        self.call_later(self._rebuild, state, focused, self._rebuilds)

    async def _rebuild(self, state: TimelinePlace, focused: bool, generation: int) -> None:
        await self.recompose()
        # Reloads in quick succession: only the last rebuild shows its place, once its
        # children are there (an older one would find the next recompose's half a view).
        if generation != self._rebuilds or not self.is_mounted or not self.query(FilterBar):
            return
        self._pending_place = None
        known = [p for p in state.person_ids if self.library.find_person(p) is not None]
        self._show_place(TimelinePlace(tuple(known), state.query, state.row, state.scroll))
        if focused:
            self.event_list.focus()

    # -- the caption ------------------------------------------------------------------------
    def caption_text(self) -> str:
        """What is shown: whose timeline, how many events, which years, how it is drawn."""
        if not self._person_ids:
            return "Timeline"
        library = self.library
        if len(self._person_ids) == 1:
            parts = [f"Timeline of {library.person(self._person_ids[0]).name}"]
        else:
            parts = [f"{len(self._person_ids)} people"]
        events = self.event_list
        total = len(events.events)
        shown = len(events.items)
        noun = "event" if total == 1 else "events"
        parts.append(f"{shown:,} of {total:,} {noun}" if self.query_text else f"{total:,} {noun}")
        if events.marked:  # before the legend: kept when a narrow caption is cut
            mark = key_label(self, "list.mark", "space")
            clear = key_label(self, "list.clear_marks", "M")
            parts.append(f"{len(events.marked):,} marked ({mark}; {clear} clears)")
        chart = self.chart
        if chart.compact:
            parts.append(LEGEND)
        first, stop = chart.year_range
        years = f"{first}–{stop - 1}"
        parts.append(f"{years} (zoomed)" if chart.zoomed else years)
        return " · ".join(parts)

    def update_caption(self) -> None:
        self.query_one(".caption", Static).update(
            Text(self.caption_text(), no_wrap=True, overflow="ellipsis"), layout=False
        )

    def on_virtual_list_marks_changed(self, message: VirtualList.MarksChanged) -> None:
        message.stop()
        self.update_caption()

    # -- what copy and export act on ----------------------------------------------------------
    def _acted_on(self) -> list[Event]:
        """The marked events (in the order shown), else the one under the cursor."""
        events = self.event_list
        marked = events.marked_in_order()
        if marked:
            return [events.events[i] for i in marked]
        event = events.event
        return [] if event is None else [event]

    def copy_target(self) -> tuple[str, str] | None:
        """A paper's citation, an event's line; for marked events, all of them."""
        chosen = self._acted_on()
        if not chosen:
            return None
        if not self.event_list.marked:
            event = chosen[0]
            if event.kind == "paper":
                return paper_citation(self.library, event.ref), "citation"
            return event_line(event), "event"
        if all(event.kind == "paper" for event in chosen):
            text = papers_citation(self.library, [event.ref for event in chosen])
            return text, f"citations of {len(chosen)} marked papers"
        return "\n".join(map(event_line, chosen)), f"{len(chosen)} marked events"

    def export_target(self) -> ExportTarget | None:
        """For ``x``: the marked papers, else every paper of the people shown."""
        marked = self.event_list.marked_in_order()
        if marked:
            events = [self.event_list.events[i] for i in marked]
            papers = list(dict.fromkeys(e.ref for e in events if e.kind == "paper"))
            return ExportTarget(papers, "cvtui-export.bib", f"{len(papers)} marked papers")
        ids = self._person_ids
        indices = list(dict.fromkeys(i for pid in ids for i in self.library.papers_of(pid)))
        name = f"{safe_file_stem(ids[0])}-papers.bib" if len(ids) == 1 else "cvtui-export.bib"
        return ExportTarget(indices, name, "papers on the timeline")

    def on_timeline_chart_changed(self, message: TimelineChart.Changed) -> None:
        message.stop()
        self.update_caption()

    # -- the chart's own keys -----------------------------------------------------------------
    def action_toggle_compact(self) -> None:
        self.chart.toggle_compact()

    def action_scroll_chart(self, step: int) -> None:
        self.chart.scroll_rows(step)

    def action_zoom(self, step: int) -> None:
        self.chart.zoom(step)

    def action_pan(self, step: int) -> None:
        self.chart.pan(step)

    def action_reset_zoom(self) -> None:
        self.chart.reset_zoom()

    # -- the event list -----------------------------------------------------------------------
    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        if message.virtual_list is not self.event_list:
            return
        message.stop()
        event = self.event_list.event
        if event is not None:
            self.chart.select_entry(event.person, event.kind, event.ref)
        shown = self.display and self.region.width  # only the view on screen tells
        person = self.context_person() if shown else None
        if person is not None and person != self._told_person:
            self._told_person = person
            self.post_message(messages.ContextChanged(person))

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        if message.virtual_list is not self.event_list:
            return
        message.stop()
        event = self.event_list.event
        if event is None:
            return
        person_id = self.library.people[event.person].id
        if event.kind == "paper":
            self.post_message(messages.OpenPaper(event.ref, via=person_id))
        else:
            self.post_message(messages.OpenEntry(person_id, event.kind, event.ref))

    # -- filtering ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_bar.open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":  # else escape goes back in the history
            return bool(self.query_text) or self.filter_bar.is_open
        if action == "toggle_compact":
            return len(self._person_ids) > 1  # one lane each is for comparing people
        return True

    def action_clear_filter(self) -> None:
        self.filter_bar.action_clear()

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        message.stop()
        self.query_text = message.query
        self._run_filter(message.query)

    def on_filter_bar_done(self, message: FilterBar.Done) -> None:
        message.stop()
        self.event_list.focus()

    def on_filter_bar_cleared(self, message: FilterBar.Cleared) -> None:
        message.stop()
        self._drop_filter()
        self.event_list.focus()

    def _drop_filter(self) -> None:
        """Every event again, the cursor kept on its event."""
        self.workers.cancel_group(self, "filter")
        self.query_text = ""
        if self.filter_bar.is_open:
            self.filter_bar.close()
        events = self.event_list
        events.set_highlights({})
        events.set_items(range(len(events.events)), keep=True)
        self.update_caption()

    @work(thread=True, exclusive=True, group="filter")
    def _run_filter(self, query: str) -> None:
        worker = get_current_worker()
        events = self.event_list
        shown = events.events
        result = filter_items(
            query,
            range(len(shown)),
            events.cell_texts,
            should_stop=lambda: worker.is_cancelled,
        )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply_filter, shown, result, query)

    def _apply_filter(self, shown: list[Event], result: FilterResult, query: str) -> None:
        events = self.event_list
        if query != self.query_text or shown is not events.events:
            return  # typed on, or other people shown, since the filter started
        events.set_highlights(result.highlights)
        events.set_items(result.items, keep=True)
        restoring, self._restoring = self._restoring, None
        if restoring is not None and restoring.query == query:
            self._place_cursor(restoring)
        if self.filter_bar.is_open:
            self.filter_bar.set_count(len(result.items), len(shown))
        self.update_caption()
