"""What the People, Papers and Problems views share: a list pane, a detail pane, a filter.

The list is a :class:`VirtualList` over an array of item numbers; the detail pane is a
:class:`DocumentView` of the highlighted item. ``/`` opens the filter line; each keystroke
starts a thread worker (a newer one cancels the older), and the list gets the new array when
the result is ready, so typing never waits for matching. ``h``/``l`` move between the panes;
on a narrow terminal only the focused pane is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from .. import messages
from ..core.renumber import ItemMapping, paper_mapping, person_mapping, unchanged
from ..keymap import key_label
from ..widgets.document import Action, Block, DocumentView, Palette
from ..widgets.filter_bar import FilterBar
from ..widgets.virtual_list import Cell, Column, VirtualList
from .filtering import FIRST_REST, FilterResult, filter_items, search_index
from .targets import EditTarget, ListPlace

if TYPE_CHECKING:
    from ..core.model import Library
    from .export import ExportTarget

__all__ = ["ListDetailView"]


class ListDetailView(Horizontal):
    """A filterable virtual list beside the detail of its highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="view.filter"),
        Binding("h,left", "focus_list", "List pane", show=False, id="view.focus_list"),
        Binding("l,right", "focus_detail", "Detail pane", show=False, id="view.focus_detail"),
        Binding("escape", "back", "Back / clear filter", show=False, id="view.back"),
        Binding("w", "toggle_detail", "Hide/show the detail pane", show=False, id="view.detail"),
    ]

    DEFAULT_CSS = """
    ListDetailView {
        height: 1fr;
        & > .list-pane { width: 1fr; height: 1fr; }
        & > DocumentView { width: 1fr; height: 1fr; border-left: vkey $panel-lighten-2; }
        & .caption { height: 1; color: $text-muted; background: $panel; padding: 0 1; }
        & VirtualList { height: 1fr; }
    }
    """

    markable: ClassVar[bool] = False
    """``space`` marks items; copy and export then act on the marked ones."""
    kind: ClassVar[str | None] = None
    """The search kind of the items (``papers``, ``people``), or None for plain filtering."""
    noun: ClassVar[str] = "items"

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.base_items: Sequence[int] = ()
        self.query_text = ""
        self._filtered: FilterResult | None = None
        self._detail_shows: tuple[int | None, Library | None] = (None, None)
        self._shown_problems: list[str] = []
        self._detail_pending = False
        """The cursor moved and the detail pane does not show its item yet."""
        """The item (and library) the detail pane was built for."""
        self._keep_detail_item: int | None = None
        """After a reload: the item whose detail keeps its place when shown again."""
        self._keep_height: int | None = None
        """After a reload: the cursor's row on screen, to keep once the list is refilled."""
        self._told_person: str | None = None
        """The person of the item under the cursor, as last told to the shell."""
        self.detail_from_jump = False  # a jump focused the detail pane: escape goes back
        self._restoring: ListPlace | None = None
        """A place being restored: its cursor is set once its filter's result is shown."""

    # -- to provide -------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        raise NotImplementedError

    def cells(self, item: int) -> Sequence[Cell]:
        raise NotImplementedError

    def cell_texts(self, item: int) -> Mapping[str, str]:
        """Plain text per column key, for matching and highlights."""
        return {
            c.key: (v if isinstance(v, str) else v.plain)
            for c, v in zip(self.columns(), self.cells(item), strict=False)
        }

    def detail_blocks(self, item: int, palette: Palette) -> list[Block]:
        raise NotImplementedError

    def caption_text(self) -> str:
        return ""

    def on_item_highlighted(self, item: int | None) -> None:
        """The cursor moved to ``item``; the detail pane is already updated."""

    def copy_target(self) -> tuple[str, str] | None:
        """(text, what it is) to copy for the focused thing."""
        return None

    def edit_target(self) -> EditTarget | None:
        return None

    def export_target(self) -> ExportTarget | None:
        return None

    def context_person(self) -> str | None:
        """The id of the person the item under the cursor belongs to (None: no one)."""
        return None

    def place_label(self) -> str:
        return self.caption_text()

    # -- history ----------------------------------------------------------------------------
    def snapshot_extra(self) -> object:
        """What a kind of view adds to its places (see :meth:`restore_extra`)."""
        return None

    def restore_extra(self, extra: object) -> None:
        """Go back to what :meth:`snapshot_extra` gave (before the items are refilled)."""

    def snapshot(self) -> ListPlace:
        lst = self.list
        return ListPlace(
            self.query_text,
            lst.item,
            lst.cursor,
            lst.scroll_y,
            self.detail.has_focus,
            self.library,
            self.snapshot_extra(),
        )

    def restore(self, state: object) -> None:
        """The filter, cursor, scroll and focused pane of a place :meth:`snapshot` gave."""
        assert isinstance(state, ListPlace)
        self.workers.cancel_group(self, "filter")
        self.restore_extra(state.extra)
        bar = self.filter_bar
        self.query_text = state.query
        if state.query:
            bar.open()
            with bar.input.prevent(Input.Changed):
                bar.input.value = state.query
            self._restoring = state
            self.refill_items()  # runs the filter: the cursor is placed when it is done
        else:
            if bar.is_open:
                bar.close()
            self._shown_problems = []
            self._restoring = None
            self.refill_items()
            self._place_cursor(state)
        if state.in_detail:
            self.detail.focus()
        else:
            self.list.focus()

    def _place_cursor(self, state: ListPlace) -> None:
        lst = self.list
        item = state.item if state.library is self.library else None
        if (item is None or not lst.move_to_item(item)) and lst.row_count:
            lst.cursor = min(max(state.row, 0), lst.row_count - 1)
        lst.scroll_to(y=state.scroll, animate=False, immediate=True)

    def open_target(self) -> str | None:
        """The URL of the focused link (or the item's main link)."""
        action = self.detail.action if self.detail.has_focus else None
        if action is not None and action.kind == "link":
            return str(action.value)
        return None

    def refill(self) -> None:
        """Recompute the base items from ``self.library`` (after :meth:`swap_library`)."""

    def refill_items(self) -> None:
        """Fill the list again for a place restored from the history."""
        self.refill()

    def item_mapping(self, old: Library, new: Library) -> ItemMapping | None:
        """Where an item of ``old`` is in ``new`` (None: items have no identity to follow)."""
        if self.kind == "people":
            return person_mapping(old, new)
        if self.kind == "papers":
            return paper_mapping(old, new)
        return None

    # -- layout -----------------------------------------------------------------------------
    def make_list(self) -> VirtualList:
        return VirtualList(
            self.columns(),
            self.cells,
            markable=self.markable,
            empty=f"No {self.noun}",
            id=f"{self.id}-list",
        )

    def marks_text(self) -> str:
        """`` · 3 marked`` for the caption, naming the keys that mark and clear."""
        count = len(self.list.marked)
        if not count:
            return ""
        mark = key_label(self, "list.mark", "space")
        clear = key_label(self, "list.clear_marks", "M")
        return f" · {count:,} marked ({mark}; {clear} clears)"

    def on_virtual_list_marks_changed(self, message: VirtualList.MarksChanged) -> None:
        message.stop()
        self.update_caption()

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-pane"):
            yield Static("", classes="caption", markup=False)
            yield FilterBar(f"filter {self.noun} (words, !exclude)")
            yield self.make_list()
        yield DocumentView(id=f"{self.id}-detail")

    @property
    def list(self) -> VirtualList:
        return self.query_one(VirtualList)

    @property
    def detail(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def focus_default(self) -> None:
        self.list.focus()

    def update_caption(self) -> None:
        # One line of fixed size: no layout of the screen (a few ms per keystroke).
        self.query_one(".caption", Static).update(
            Text(self.caption_text(), no_wrap=True, overflow="ellipsis"), layout=False
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        in_detail = self.detail.has_focus
        if not in_detail:
            self.detail_from_jump = False
        self.set_class(in_detail, "-detail")

    # -- items ------------------------------------------------------------------------------
    def set_base_items(self, items: Sequence[int], keep: bool = True, redraw: bool = True) -> None:
        """Show these items (already in order); an open filter is applied to them again.

        ``redraw=False``: the same items in a new order, so lines already drawn are kept.
        """
        self.base_items = items
        if self.query_text:
            self._run_filter(self.query_text)
        else:
            self.list.set_highlights({})
            self.list.set_items(items, keep=keep, redraw=redraw)
        self.update_caption()

    def order_filtered(self, result: FilterResult, query: str) -> FilterResult:
        """Put a filter's result in the order to show (called in the filter's thread)."""
        return result

    def holds_every_item(self) -> bool:
        """Whether ``base_items`` are all the items of ``kind`` (the filter searches them all,
        without restricting the search to a list of 100,000 items)."""
        return False

    @property
    def shown_items(self) -> Sequence[int]:
        return self.list.items

    def swap_library(self, library: Library) -> None:
        """Show ``library`` instead of the current one (a reload of changed files).

        The cursor stays on its item, at the same height on screen, when the item still
        exists; marks and an open filter are kept; the detail pane keeps its place.
        """
        lst = self.list
        item = lst.item
        row, top = lst.cursor, round(lst.scroll_y)
        self.workers.cancel_group(self, "filter")
        move = self.item_mapping(self.library, library)
        self.library = library
        self._filtered = None
        if move is None:  # items without identity: keep the row
            self.refill()
            if lst.row_count:
                lst.cursor = min(max(row, 0), lst.row_count - 1)
            lst.scroll_to(y=top, animate=False, immediate=True)
            return
        kept: Sequence[int] = lst.items  # the same numbers: no copy of a long list
        if move is not unchanged:
            kept = [i for i in map(move, lst.items) if i is not None]
        target = move(item) if item is not None else None
        self._keep_detail_item = target
        lst.set_items(kept, keep=False)
        if lst.marked:
            lst.set_marked(i for i in map(move, list(lst.marked)) if i is not None)
        new_row = lst.position_of(target) if target is not None else None
        self._keep_height = None if new_row is None else row - top
        if new_row is None:
            new_row = min(max(row, 0), len(kept) - 1)  # the item is gone: stay on its row
        if new_row >= 0:
            lst.cursor = new_row
        lst.scroll_to(y=top, animate=False, immediate=True)
        self.refill()  # with a filter open, the list is replaced when the filter is done
        if not self.query_text:
            self._restore_height()

    def _restore_height(self) -> None:
        """Scroll so the cursor is as high on screen as before the reload."""
        height, self._keep_height = self._keep_height, None
        lst = self.list
        if height is not None and lst.cursor >= 0:
            lst.scroll_to(y=max(0, lst.cursor - height), animate=False, immediate=True)

    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        if message.virtual_list is not self.list:
            return
        message.stop()
        # The list goes on screen first and the detail follows in the next frame: a page
        # down at 100,000 rows repaints in one frame, however long the detail takes. Held
        # keys queue many moves at once: the detail is built once, for wherever the cursor
        # is by then.
        if not self._detail_pending:
            self._detail_pending = True
            self.call_after_refresh(self._show_pending_detail)
        self.on_item_highlighted(self.list.item)
        self.tell_context()

    def tell_context(self) -> None:
        """Tell the shell when the person of the item under the cursor changed."""
        if not (self.display and self.region.width):  # only the view on screen tells
            return
        person = self.context_person()
        if person is not None and person != self._told_person:
            self._told_person = person
            self.post_message(messages.ContextChanged(person))

    @property
    def detail_behind(self) -> bool:
        """The detail pane is on screen and still shows another item than the cursor's."""
        return self._detail_pending and self.detail.region.width > 0

    def catch_up_detail(self) -> None:
        """Show the cursor's item in the detail now, not a frame later (before acting on the
        detail's lines, as when opening a card at one of its entries)."""
        self._detail_pending = True
        self._show_pending_detail()

    def _show_pending_detail(self) -> None:
        # not message.item: a reload may have renumbered the items since
        item = self.list.item
        if self._detail_pending and (item is None or self.detail.size.width):
            # A detail wrapped to no width (not laid out yet, or hidden) is thrown away:
            # it waits for the pane to get a width.
            self._show_detail(item)

    def on_show(self) -> None:
        self._show_pending_detail()

    def on_resize(self) -> None:
        self._show_pending_detail()

    def on_document_view_sized(self, message: DocumentView.Sized) -> None:
        message.stop()
        self._show_pending_detail()

    def _show_detail(self, item: int | None) -> None:
        """Show ``item`` in the detail pane (unless it is already there)."""
        self._detail_pending = False
        shown = self._detail_shows
        if item is not None and shown[0] == item and shown[1] is self.library:
            pass  # a sort or a filter kept the cursor on its item: the detail stands
        elif item is None:
            self.detail.set_content(None)
        else:
            keep = item == self._keep_detail_item
            if not keep:
                self._keep_detail_item = None
            self.detail.set_content(lambda palette: self.detail_blocks(item, palette), keep)
            if keep and self.detail.cursor >= self.detail.row_count:
                self.detail.move_cursor(self.detail.row_count - 1)
        self._detail_shows = (item, self.library)

    def on_document_view_action_selected(self, message: DocumentView.ActionSelected) -> None:
        message.stop()
        self.run_action_of(message.action)

    def run_action_of(self, action: Action) -> None:
        """Enter on a line of the detail pane: a link, a person, a paper or an entry."""
        if action.kind == "link":
            self.post_message(messages.OpenLink(str(action.value)))
        elif action.kind == "person":
            self.post_message(messages.OpenPerson(str(action.value)))
        elif action.kind == "paper" and isinstance(action.value, int):
            self.post_message(messages.OpenPaper(action.value, via=self.context_person()))
        elif action.kind == "event" and isinstance(action.value, tuple):
            person_id, kind, ref = action.value
            self.post_message(messages.OpenEvent(str(person_id), str(kind), int(ref)))

    # -- actions ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_bar.open()

    def action_focus_list(self) -> None:
        self.list.focus()

    def action_focus_detail(self) -> None:
        self.set_class(False, "-no-detail")
        self.detail.focus()

    def action_toggle_detail(self) -> None:
        """The list alone, across the whole width (again: the detail comes back)."""
        hide = not self.has_class("-no-detail")
        if hide and self.detail.has_focus:
            self.list.focus()
        self.set_class(hide, "-no-detail")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # with nothing to undo here, escape goes back in the history
            in_detail = self.detail.has_focus and not self.detail_from_jump
            return in_detail or bool(self.query_text) or self.filter_bar.is_open
        return True

    def action_back(self) -> None:
        if self.detail.has_focus:
            self.list.focus()
        elif self.query_text or self.filter_bar.is_open:
            self.filter_bar.action_clear()

    # -- filtering --------------------------------------------------------------------------
    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        message.stop()
        self.query_text = message.query
        self._run_filter(message.query)

    def on_filter_bar_done(self, message: FilterBar.Done) -> None:
        message.stop()
        self.list.focus()

    def on_filter_bar_cleared(self, message: FilterBar.Cleared) -> None:
        message.stop()
        self.query_text = ""
        self._shown_problems = []  # the bar cleared them
        self.workers.cancel_group(self, "filter")
        self._apply_filter(FilterResult(self.base_items, {}, []), "")
        self.list.focus()

    def lists_every_match_at_once(self) -> bool:
        """Whether a filter must list every match before showing any (to sort them all)."""
        return False

    @work(thread=True, exclusive=True, group="filter")
    def _run_filter(self, query: str) -> None:
        worker = get_current_worker()
        library = self.library
        result: FilterResult | None = filter_items(
            query,
            self.base_items,
            self.cell_texts,
            library=library,
            kind=self.kind,
            everything=self.holds_every_item(),
            should_stop=lambda: worker.is_cancelled,
            first=None if self.lists_every_match_at_once() else FIRST_REST,
        )
        # A long list: the first screens at once, then the whole list from the same thread.
        while result is not None and not worker.is_cancelled:
            ordered = self.order_filtered(result, query)
            if worker.is_cancelled:
                break
            self.app.call_from_thread(self._apply_filter_of, library, ordered, query)
            result = result.more() if result.more is not None else None

    @work(thread=True, exclusive=True, group="filter-again")
    def _filter_again_when_indexed(self, query: str) -> None:
        """A filter answered before long prose was indexed runs again once it is."""
        worker = get_current_worker()

        def gone() -> bool:
            return worker.is_cancelled or query != self.query_text

        if search_index(self.library).wait_for_prose(self.kind, gone) and not gone():
            self.app.call_from_thread(self._run_filter, query)

    def _apply_filter_of(self, library: Library, result: FilterResult, query: str) -> None:
        """Apply a filter result unless the library was reloaded while it ran, or the view
        is being taken down (the whole list of a long filter can arrive as the app quits)."""
        if library is self.library and self.is_mounted and self.query(VirtualList):
            self._apply_filter(result, query)
            self._restore_height()

    def _apply_filter(self, result: FilterResult, query: str) -> None:
        if query != self.query_text:
            return
        self._filtered = result
        # One swap: highlights first, then the array (which redraws the visible rows once).
        self.list.set_highlights(result.highlights)
        self.list.set_items(result.items, keep=True)
        restoring, self._restoring = self._restoring, None
        if restoring is not None and restoring.query == query:
            self._place_cursor(restoring)
        if not result.complete:
            self._filter_again_when_indexed(query)
        if self.filter_bar.is_open:
            # The first screens of a long list: the count of every match, when known.
            first_only = result.more is not None
            count = result.matched if first_only and result.matched is not None else None
            known = result.complete and (not first_only or count is not None)
            shown = len(result.items) if count is None else count
            self.filter_bar.set_count(shown, len(self.base_items), known)
            if result.problems != self._shown_problems:
                self.filter_bar.set_problems(result.problems)  # lays the screen out again
                self._shown_problems = result.problems
        self.update_caption()
