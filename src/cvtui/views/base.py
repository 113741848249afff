"""What the People, Papers and Problems views share: a filterable list beside a detail pane.

The panes are :class:`~cvtui.views.list_panes.ListDetailPanes`; this adds what the list
holds. ``base_items`` are the items in order; ``/`` opens the filter line and each keystroke
starts a thread worker (a newer one cancels the older), and the list gets the new array when
the result is ready, so typing never waits for matching. A view's place (filter, cursor,
scroll, focused pane) is kept for the history and across a reload of changed files.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.worker import get_current_worker

from ..core.renumber import ItemMapping, map_items, paper_mapping, person_mapping, unchanged
from ..widgets.filter_bar import FilterBar
from ..widgets.list_cells import Spans
from ..widgets.virtual_list import VirtualList
from .filtering import FIRST_REST, FilterResult, filter_items, search_index
from .list_panes import ListDetailPanes
from .targets import ListPlace

WHOLE_LIST_AFTER = 0.15
"""Seconds without a keystroke before a long filtered list is listed whole."""

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["ListDetailView", "Renumbered"]


class Renumbered(Mapping[int, Spans]):
    """Highlights of a list after a reload, looked up by the items' new numbers."""

    def __init__(
        self, highlights: Mapping[int, Spans], old: Sequence[int], new: Sequence[int | None]
    ) -> None:
        """``old[n]`` is now ``new[n]`` (None: gone)."""
        self._highlights = highlights
        self._old = {n: o for o, n in zip(old, new, strict=True) if n is not None}

    def __getitem__(self, item: int) -> Spans:
        return self._highlights[self._old[item]]

    def __iter__(self) -> Iterator[int]:
        return iter(self._old)

    def __len__(self) -> int:
        return len(self._old)


class ListDetailView(ListDetailPanes):
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

    kind: ClassVar[str | None] = None
    """The search kind of the items (``papers``, ``people``), or None for plain filtering."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(library, id=id)
        self.base_items: Sequence[int] = ()
        self.query_text = ""
        self._typed_at = 0.0
        """When the filter's query last changed (``time.monotonic``)."""
        self._filtered: FilterResult | None = None
        self._shown_problems: list[str] = []
        self._keep_height: int | None = None
        """After a reload: the cursor's row on screen, to keep once the list is refilled."""
        self._restoring: ListPlace | None = None
        """A place being restored: its cursor is set once its filter's result is shown."""
        self._kept_filter: str | None = None
        """After a reload: the filter whose list stays on screen, renumbered for the new
        library, until the search index has taken in the edit (not a blank list meanwhile)."""

    def cell_texts(self, item: int) -> Mapping[str, str]:
        """Plain text per column key, for matching and highlights."""
        return {
            c.key: (v if isinstance(v, str) else v.plain)
            for c, v in zip(self.columns(), self.cells(item), strict=False)
        }

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
            moved = map_items(move, lst.items)
            kept = [i for i in moved if i is not None] if None in moved else cast(list[int], moved)
            if self.query_text:  # the highlights follow their items to their new numbers
                lst.set_highlights(Renumbered(lst.highlights, lst.items, moved))
        self._kept_filter = self.query_text or None
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

    # -- actions ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_bar.open()

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
        self._typed_at = time.monotonic()
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
        # A long list: the first screens at once, then the whole list from the same thread
        # once typing pauses (the next key would throw it away, having slowed its screen).
        while result is not None and not worker.is_cancelled:
            ordered = self.order_filtered(result, query)
            if worker.is_cancelled:
                break
            self.app.call_from_thread(self._apply_filter_of, library, ordered, query)
            if result.more is None:
                break
            while time.monotonic() - self._typed_at < WHOLE_LIST_AFTER:
                if worker.is_cancelled:
                    return
                time.sleep(0.02)
            result = result.more() if not worker.is_cancelled else None

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
        if self._kept_filter == query and not result.complete and not result.items:
            # A reload: the index is taking in the edit. The list as it was stays meanwhile.
            self._filter_again_when_indexed(query)
            return
        self._kept_filter = None
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
