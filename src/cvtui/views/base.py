"""What the People, Papers and Problems views share: a list pane, a detail pane, a filter.

The list is a :class:`VirtualList` over an array of item numbers; the detail pane is a
:class:`DocumentView` of the highlighted item. ``/`` opens the filter line; each keystroke
starts a thread worker (a newer one cancels the older), and the list gets the new array when
the result is ready, so typing never waits for matching. ``h``/``l`` move between the panes;
on a narrow terminal only the focused pane is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from ..widgets.document import Action, Block, DocumentView, Palette
from ..widgets.filter_bar import FilterBar
from ..widgets.virtual_list import Cell, Column, VirtualList
from .filtering import FilterResult, filter_items

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["ListDetailView"]


class ListDetailView(Horizontal):
    """A filterable virtual list beside the detail of its highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="view.filter"),
        Binding("h,left", "focus_list", "List pane", show=False, id="view.focus_list"),
        Binding("l,right", "focus_detail", "Detail pane", show=False, id="view.focus_detail"),
        Binding("escape", "back", "Back / clear filter", show=False, id="view.back"),
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
    noun: ClassVar[str] = "items"

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.base_items: Sequence[int] = ()
        self.query_text = ""
        self._filtered: FilterResult | None = None

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

    def open_target(self) -> str | None:
        """The URL of the focused link (or the item's main link)."""
        action = self.detail.action if self.detail.has_focus else None
        if action is not None and action.kind == "link":
            return str(action.value)
        return None

    # -- layout -----------------------------------------------------------------------------
    def make_list(self) -> VirtualList:
        return VirtualList(
            self.columns(), self.cells, empty=f"No {self.noun}", id=f"{self.id}-list"
        )

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
        self.query_one(".caption", Static).update(
            Text(self.caption_text(), no_wrap=True, overflow="ellipsis")
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        in_detail = self.detail.has_focus
        self.set_class(in_detail, "-detail")

    # -- items ------------------------------------------------------------------------------
    def set_base_items(self, items: Sequence[int], keep: bool = True) -> None:
        """Show these items (already in order); an open filter is applied to them again."""
        self.base_items = items
        if self.query_text:
            self._run_filter(self.query_text)
        else:
            self.list.set_items(items, keep=keep)
            self.list.set_highlights({})
        self.update_caption()

    @property
    def shown_items(self) -> Sequence[int]:
        return self.list.items

    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        if message.virtual_list is not self.list:
            return
        message.stop()
        item = message.item
        if item is None:
            self.detail.set_content(None)
        else:
            self.detail.set_content(lambda palette: self.detail_blocks(item, palette))
        self.on_item_highlighted(item)

    def on_document_view_action_selected(self, message: DocumentView.ActionSelected) -> None:
        message.stop()
        self.run_action_of(message.action)

    def run_action_of(self, action: Action) -> None:
        app: Any = self.app
        app.follow(action)

    # -- actions ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_bar.open()

    def action_focus_list(self) -> None:
        self.list.focus()

    def action_focus_detail(self) -> None:
        self.detail.focus()

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
        self.workers.cancel_group(self, "filter")
        self._apply_filter(FilterResult(list(self.base_items), {}, []), "")
        self.list.focus()

    @work(thread=True, exclusive=True, group="filter")
    def _run_filter(self, query: str) -> None:
        worker = get_current_worker()
        result = filter_items(
            query,
            self.base_items,
            self.cell_texts,
            library=self.library,
            kind=self.kind,
            should_stop=lambda: worker.is_cancelled,
        )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply_filter, result, query)

    def _apply_filter(self, result: FilterResult, query: str) -> None:
        if query != self.query_text:
            return
        self._filtered = result
        self.list.set_items(result.items, keep=True)
        self.list.set_highlights(result.highlights)
        if self.filter_bar.is_open:
            self.filter_bar.set_count(len(result.items), len(self.base_items))
            self.filter_bar.set_problems(result.problems)
        self.update_caption()
