"""A list pane beside the detail pane of its highlighted item: what every list view is made of.

The list is a :class:`VirtualList` over an array of item numbers; the detail pane is a
:class:`DocumentView` of the highlighted item, built a frame after the cursor moves (once
for a burst of moves), so the list repaints first however long the detail takes. ``h``/``l``
move between the panes; on a narrow terminal only the focused pane is shown. What the list
holds (its items, the filter over them, its place in the history) is
:class:`~cvtui.views.base.ListDetailView`'s, built on this.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from .. import messages
from ..keymap import key_label
from ..widgets.document import Action, Block, DocumentView, Palette
from ..widgets.filter_bar import FilterBar
from ..widgets.list_cells import Cell
from ..widgets.list_columns import Column
from ..widgets.virtual_list import VirtualList
from .targets import EditTarget

if TYPE_CHECKING:
    from ..core.model import Library
    from .export import ExportTarget

__all__ = ["ListDetailPanes"]


class ListDetailPanes(Horizontal):
    """A virtual list, its caption and filter line, beside the detail of its highlighted
    item; the base of :class:`~cvtui.views.base.ListDetailView`, not used alone."""

    markable: ClassVar[bool] = False
    """``space`` marks items; copy and export then act on the marked ones."""
    noun: ClassVar[str] = "items"

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self._detail_shows: tuple[int | None, Library | None] = (None, None)
        """The item (and library) the detail pane was built for."""
        self._detail_pending = False
        """The cursor moved and the detail pane does not show its item yet."""
        self._keep_detail_item: int | None = None
        """After a reload: the item whose detail keeps its place when shown again."""
        self._told_person: str | None = None
        """The person of the item under the cursor, as last told to the shell."""
        self.detail_from_jump = False  # a jump focused the detail pane: escape goes back

    # -- to provide -------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        raise NotImplementedError

    def cells(self, item: int) -> Sequence[Cell]:
        raise NotImplementedError

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

    def open_target(self) -> str | None:
        """The URL of the focused link (or the item's main link)."""
        action = self.detail.action if self.detail.has_focus else None
        if action is not None and action.kind == "link":
            return str(action.value)
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

    @property
    def shown_items(self) -> Sequence[int]:
        return self.list.items

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

    # -- the detail of the highlighted item -------------------------------------------------
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
