"""The Papers view: every paper (or one person's) in a sortable table, and its full detail.

``y``, ``T`` and ``v`` sort by year, title and venue (again: reverse); ``a`` switches between
all papers and those of the person of the paper under the cursor; ``p`` shows the papers of
the work's next co-author who has a profile (again: the one after), the cursor kept on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import work
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from .. import messages
from ..clipboard import paper_citation, papers_citation, person_summary
from ..core.bounds import bounded
from ..core.model import Author
from ..keymap import bound_keys
from ..widgets.document import Block, Palette
from ..widgets.list_cells import Cell
from ..widgets.list_columns import Column
from ..widgets.paper_detail import lead_authors, paper_blocks, paper_year, type_status
from .base import ListDetailView
from .export import ExportTarget, safe_file_stem
from .filtering import FilterResult
from .paper_order import PaperOrders
from .targets import EditTarget

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["PapersView"]


class PapersScope(NamedTuple):
    """Which papers a place of the Papers view showed, for the history."""

    scope: str | None
    explicit: tuple[list[int], str, Library] | None
    via: str | None


_COLUMNS = [
    Column("title", "Title", min_width=20, priority=10, grow=True, share=0.5),
    Column(
        "authors", "Lead authors", min_width=12, max_width=22, priority=5, style="line-list--dim"
    ),
    Column("venue", "Venue", min_width=6, max_width=10, priority=7),
    Column("year", "Year", width=5, align="right", priority=9, style="line-list--dim"),
    Column("type", "Type", min_width=8, max_width=12, priority=4, style="line-list--accent"),
    Column("code", "Code", width=4, priority=3, style="line-list--mark", hide_empty=True),
    Column(
        "held", "In", width=3, align="right", priority=2, style="line-list--dim", hide_empty=True
    ),
]
"""``In``: how many profiles list the work; ``co`` when the person whose papers these are
does not list it in their own profile (a co-author's profile does)."""

SORTS = ("year", "title", "venue")
SORT_IN_BACKGROUND = 5000
"""From this many papers on, the orders are worked out in a worker thread after mounting."""


class PapersView(ListDetailView):
    """Papers table beside the paper detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "sort('year')", "Sort by year", show=False, id="papers.sort_year"),
        Binding("T", "sort('title')", "Sort by title", show=False, id="papers.sort_title"),
        Binding("v", "sort('venue')", "Sort by venue", show=False, id="papers.sort_venue"),
        Binding("a", "toggle_scope", "All/one", id="papers.scope"),
        Binding("p", "coauthor", "Co-author", id="papers.coauthor"),
    ]

    DEFAULT_CSS = """
    PapersView {
        & > .list-pane { width: 60%; }
        & > DocumentView { width: 40%; }
    }
    """

    kind = "papers"
    noun = "papers"
    markable = True

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(library, id=id)
        self.scope: str | None = None
        """A person id (their papers) or None (all papers)."""
        self.via: str | None = None
        """The person a paper was opened from: "this person" while they are an author."""
        self.sort_key = "year"
        self.sort_reverse = True
        self.sorted_by_user = False
        self.orders = PaperOrders(library.papers)
        self._carry_from: tuple[Library, PaperOrders] | None = None
        """While a reload swaps the library: the old one and its orders."""
        self.explicit: tuple[list[int], str, Library] | None = None
        """Works shown instead of a scope (see :meth:`show_works`): works, caption, library."""

    def columns(self) -> list[Column]:
        return _COLUMNS

    def cells(self, item: int) -> Sequence[Cell]:
        paper = self.library.papers[item]
        code = "code" if paper.links.code else ""
        return (
            paper.title,
            lead_authors(paper),
            paper.venue,
            paper_year(paper),
            type_status(paper),
            code,
            self._held(item),
        )

    def _held(self, item: int) -> str:
        library = self.library
        scope = library.find_person(self.scope)
        if scope is not None and not library.holds(scope, item):
            return "co"
        count = len(library.holders(item))
        return str(count) if count > 1 else ""

    def cell_texts(self, item: int) -> Mapping[str, str]:
        paper = self.library.papers[item]
        return {
            "title": paper.title,
            "authors": ", ".join(Author.parse(a).name for a in bounded(paper.authors)),
            "venue": paper.venue,
            "year": paper_year(paper),
            "type": type_status(paper),
        }

    def detail_blocks(self, item: int, palette: Palette) -> list[Block]:
        focus = self.scope
        if focus is None:  # one profile lists it: that profile is whose it is
            holders = self.library.holders(item)
            focus = self.library.people[holders[0]].id if len(holders) == 1 else None
        return paper_blocks(self.library, item, palette, focus=focus)

    def on_mount(self) -> None:
        self.list.set_sort(self.sort_key, self.sort_reverse)
        if self.library.partial:  # the first screen of a large set: papers come next
            self.list.empty = "Loading papers…"
            return
        if len(self.library.papers) < SORT_IN_BACKGROUND:
            self._refill(keep=False)
        else:
            # Not on the way to the first frame: the list fills once its order is ready
            # (or at once, computed here, if something asks for papers before that).
            self.list.empty = "Sorting papers…"
            self._sort_in_background(self.orders)

    def on_show(self) -> None:
        if not self.base_items and self.library.papers:
            # Shown before the background sort is done: sort now rather than wait for it.
            self._orders_ready(self.orders)

    @work(thread=True, exclusive=True, group="orders")
    def _sort_in_background(self, orders: PaperOrders) -> None:
        worker = get_current_worker()
        orders.order(self.sort_key, self.sort_reverse)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._orders_ready, orders)
            orders.warm(lambda: worker.is_cancelled)

    def _orders_ready(self, orders: PaperOrders) -> None:
        self.list.empty = f"No {self.noun}"
        if orders is self.orders and not self.base_items:
            self._refill(keep=False)

    def caption_text(self) -> str:
        shown = len(self.list.items)
        total = len(self.base_items)
        if self.explicit is not None:
            where = self.explicit[1]
        elif self.scope is None:
            where = "All papers"
        else:
            try:
                where = f"Papers of {self.library.person(self.scope).name}"
            except KeyError:
                where = "Papers"
        count = f"{shown:,}" if shown == total else f"{shown:,} of {total:,}"
        matched = self._filtered.matched if self._filtered is not None else None
        if self.query_text and matched is not None:
            count = f"· {matched:,} of {total:,}"
        arrow = "↓" if self.sort_reverse else "↑"
        order = f"by {self.sort_key} {arrow}"
        if self.by_match:
            order = "best match first"
        legend = ""
        if self.scope is not None:
            try:
                shared = len(self.library.papers_of(self.scope)) - len(
                    set(
                        map(
                            self.library.entry_work.__getitem__, self.library.entries_of(self.scope)
                        )
                    )
                )
            except KeyError:
                shared = 0
            if shared:
                legend = f" · {shared:,} via co-authors (co)"
        keys = bound_keys(
            self,
            [("papers.sort_year", "y"), ("papers.sort_title", "T"), ("papers.sort_venue", "v")],
        )
        return f"{where} {count} · {order} ({keys}){legend}{self.marks_text()}"

    def update_caption(self) -> None:
        super().update_caption()
        # Best first under a filter: no column shows an order then.
        sort = None if self.by_match else self.sort_key
        if self.list.sort != (None if sort is None else (sort, self.sort_reverse)):
            self.list.set_sort(sort, self.sort_reverse)

    # -- scope and order ------------------------------------------------------------------
    def _scope_items(self) -> Sequence[int]:
        if self.explicit is not None:
            return self._explicit_works()
        if self.scope is None:
            return range(len(self.library.papers))
        try:
            return self.library.papers_of(self.scope)
        except KeyError:
            return range(len(self.library.papers))

    def _scope_order(self) -> Sequence[int]:
        """The papers in scope, in the chosen order: every paper's is an array made once."""
        items = self._scope_items()
        if len(items) == len(self.library.papers):
            return self.orders.order(self.sort_key, self.sort_reverse)
        return self.orders.sort(items, self.sort_key, self.sort_reverse)

    def _refill(self, keep: bool = True, redraw: bool = True) -> None:
        self.set_base_items(self._scope_order(), keep=keep, redraw=redraw)

    def holds_every_item(self) -> bool:
        return len(self.base_items) == len(self.library.papers)

    @property
    def by_match(self) -> bool:
        """A filter's matches are shown best first (until the user chooses an order)."""
        return bool(self.query_text) and not self.sorted_by_user

    def lists_every_match_at_once(self) -> bool:
        return self.sorted_by_user

    def order_filtered(self, result: FilterResult, query: str) -> FilterResult:
        """Matches best first, unless the user chose an order: then in that order."""
        if not (self.sorted_by_user and query):
            return result
        if self.holds_every_item():
            items = self.orders.arrange(result.items, self.sort_key, self.sort_reverse)
        else:
            position = {item: n for n, item in enumerate(self.base_items)}
            items = sorted(result.items, key=lambda i: position.get(i, 0))
        return result._replace(items=items)

    def swap_library(self, library: Library) -> None:
        self._carry_from = (self.library, self.orders)
        try:
            super().swap_library(library)
        finally:
            self._carry_from = None

    def refill(self) -> None:
        """After a reload: the orders were computed for the old library (those of a library
        regrouped after an edit are carried over to the new one)."""
        self.workers.cancel_group(self, "orders")
        orders = PaperOrders(self.library.papers)
        if self._carry_from is not None:
            old_library, old_orders = self._carry_from
            carried = self.library.works_carried_from(old_library)
            if carried is not None:
                orders.carry(old_orders, carried)
        self.orders = orders
        self.list.empty = "Loading papers…" if self.library.partial else f"No {self.noun}"
        self._refill(keep=True)

    def show_scope(self, person_id: str | None, fresh: bool = False) -> None:
        """All papers (None) or one person's; ``fresh`` (a jump): without the old filter."""
        if fresh:
            self.via = None
            self._drop_filter()
        if person_id == self.scope and self.explicit is None:
            return
        self.scope = person_id
        self.explicit = None
        self._refill(keep=True)

    def arrive_from(self, person_id: str | None) -> None:
        """Shown again, with ``person_id`` the person of the view before: a person's papers
        become theirs, and they are "this person" while they are an author of the paper."""
        self.via = person_id
        if self.scope is not None and person_id is not None:
            self.show_scope(person_id)

    def _drop_filter(self) -> None:
        """Cleared now, not when the bar's message arrives, so the list refilled next is
        the unfiltered one."""
        if self.query_text or self.filter_bar.is_open:
            self.workers.cancel_group(self, "filter")
            self.query_text = ""
            self.filter_bar.action_clear()

    # -- an explicit list of works (what the Insights view opens) ------------------------
    def show_works(self, works: Sequence[int], caption: str) -> None:
        """Show exactly ``works`` (in the chosen order) under ``caption``; ``a`` goes back
        to all papers. An open filter is cleared."""
        self.explicit = (list(works), caption, self.library)
        self.scope = self.via = None
        self._drop_filter()
        self._refill(keep=False)
        if self.list.row_count:
            self.list.move_cursor(0)

    def _explicit_works(self) -> list[int]:
        assert self.explicit is not None
        works, caption, library = self.explicit
        if library is not self.library:  # reloaded since: the same works, numbered anew
            keys = [library.work_key(w) for w in works if w < len(library.papers)]
            found = (self.library.work_by_key(k) for k in keys)
            works = [w for w in found if w is not None]
            self.explicit = (works, caption, self.library)
        return works

    def show_paper(self, index: int, via: str | None = None) -> None:
        """Put the cursor on paper ``index`` (widening the scope or clearing the filter);
        ``via``: the person it was opened from."""
        self.via = via
        if self.list.move_to_item(index):
            self.tell_context()
            return
        if self.explicit is not None and index not in self.explicit[0]:
            self.explicit = None
        if self.scope is not None and not self.library.is_author_of(self.scope, index):
            self.scope = None
        self._drop_filter()
        self._refill(keep=True)
        self.list.move_to_item(index)
        self.tell_context()

    # -- what the shell asks ---------------------------------------------------------------
    def context_person(self) -> str | None:
        """The person this list is of; else the one the paper was opened from; else the
        paper's first profiled holder (or author)."""
        if self.scope is not None:
            return self.scope
        item = self.list.item
        if item is None:
            return None
        library = self.library
        if self.via is not None and library.is_author_of(self.via, item):
            return self.via
        holders = library.holders(item)
        if holders:
            return library.people[holders[0]].id
        people = library.coauthors_with_profiles(item)
        return people[0].id if people else None

    def place_label(self) -> str:
        item = self.list.item
        return self.library.papers[item].title if item is not None else self.caption_text()

    def snapshot_extra(self) -> PapersScope:
        return PapersScope(self.scope, self.explicit, self.via)

    def restore_extra(self, extra: object) -> None:
        assert isinstance(extra, PapersScope)
        self.scope, self.explicit, self.via = extra

    def refill_items(self) -> None:
        self._refill(keep=False)  # the orders stand: the library is the same

    def edit_target(self) -> EditTarget | None:
        """The paper's entry in the profile of "this person" (else its first entry)."""
        library = self.library
        work = self.list.item
        if work is None:
            return None
        person, ref = library.entry_ref(
            library.entry_for(work, library.find_person(self.context_person()))
        )
        return EditTarget(library.source_of(person.id), f"papers[{ref}]")

    # -- actions --------------------------------------------------------------------------
    def action_sort(self, key: str) -> None:
        if self.by_match:  # best first until now: the first press sorts, the next reverses
            self.sort_key = key
            self.sort_reverse = key == "year"
        elif key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key
            self.sort_reverse = key == "year"
        self.sorted_by_user = True
        self.list.set_sort(self.sort_key, self.sort_reverse)
        self._refill(keep=True, redraw=False)

    def action_toggle_scope(self) -> None:
        person = self.context_person()
        if self.scope is None and self.explicit is None and person:
            self.post_message(messages.OpenPapersOf(person, self.list.item))
        else:
            self.post_message(messages.OpenPapersOf(None, self.list.item))

    def action_coauthor(self) -> None:
        """The papers of the next co-author with a profile, the cursor kept on this work."""
        item = self.list.item
        if item is None:
            return
        people = [person.id for person in self.library.coauthors_with_profiles(item)]
        current = self.context_person()
        others = [pid for pid in people if pid != current]
        if not others:
            self.app.notify("No other author of this paper has a profile here.", timeout=3)
            return
        after = people.index(current) + 1 if current in people else 0
        turn = people[after:] + people[:after]
        self.post_message(messages.OpenPapersOf(next(p for p in turn if p != current), item))

    def copy_target(self) -> tuple[str, str] | None:
        action = self.detail.action if self.detail.has_focus else None
        if action is not None:
            if action.kind == "link":
                return str(action.value), f"{action.label or 'link'} URL"
            if action.kind == "person":
                try:
                    return person_summary(
                        self.library.person(str(action.value))
                    ), "name and homepage"
                except KeyError:
                    pass
        marked = self.list.marked_in_order()
        if marked:
            return papers_citation(
                self.library, marked
            ), f"citations of {len(marked)} marked papers"
        item = self.list.item
        if item is None:
            return None
        return paper_citation(self.library, item), "citation"

    def export_target(self) -> ExportTarget | None:
        """The marked papers, else the list as shown (filtered and sorted), for ``x``."""
        marked = self.list.marked_in_order()
        if marked:
            return ExportTarget(marked, "cvtui-export.bib", f"{len(marked)} marked papers")
        items = list(self.list.items)
        if self.scope is not None and not self.query_text:
            try:
                name = self.library.person(self.scope).name
            except KeyError:
                name = self.scope
            file_name = f"{safe_file_stem(self.scope)}-papers.bib"
            return ExportTarget(items, file_name, f"papers of {name}")
        return ExportTarget(items, "cvtui-export.bib", "papers in the list")

    def open_target(self) -> str | None:
        url = super().open_target()
        if url:
            return url
        item = self.list.item
        if item is None:
            return None
        links = self.library.papers[item].links.items()
        return links[0][1] if links else None
