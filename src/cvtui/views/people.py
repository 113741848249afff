"""The People view: everyone loaded, and the full profile card of the highlighted person.

Space marks people to compare their careers in the Timeline view; enter opens the
highlighted person's timeline, ``p`` their papers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from .. import messages
from ..clipboard import paper_citation, person_summary
from ..core.bounds import bounded
from ..core.org_names import shorter_with_spans
from ..core.search.documents import field_text
from ..core.search.reasons import reason_of
from ..keymap import bound_keys
from ..widgets.document import Block, Palette
from ..widgets.list_cells import Cell
from ..widgets.list_columns import Column
from ..widgets.profile_card import profile_blocks
from ..widgets.virtual_list import VirtualList
from .base import ListDetailView
from .export import ExportTarget, safe_file_stem
from .filtering import FilterResult
from .targets import EditTarget

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["PeopleView"]

_COLUMNS = [
    Column("name", "Name", min_width=12, max_width=28, priority=10),
    Column(
        "affiliation",
        "Affiliation",
        min_width=10,
        priority=4,
        grow=True,
        share=0.35,
        hide_empty=True,  # no one's known: the names take the room
        shorten=shorter_with_spans,  # "U. Washington", not "University…" for every one
    ),
    Column(
        "role",
        "Role",
        min_width=10,
        max_width=40,
        priority=3,
        style="line-list--dim",
        hide_empty=True,
    ),
    Column("papers", "Papers", width=6, align="right", priority=8, style="line-list--dim"),
]
_FILTERING_COLUMNS = [
    c._replace(hide_empty=False) if c.key == "affiliation" else c for c in _COLUMNS
]
"""While a filter is open the Affiliation column stays: it says why a person matched when
nothing shown does (``at: Peking University``), even in a set without affiliations."""


class PeopleView(ListDetailView):
    """People list beside the profile card."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "papers", "Papers", id="people.papers"),
        Binding("N", "sort('name')", "Sort by name", show=False, id="people.sort_name"),
        Binding("P", "sort('papers')", "Sort by papers", show=False, id="people.sort_papers"),
        Binding(
            "A",
            "sort('affiliation')",
            "Sort by affiliation",
            show=False,
            id="people.sort_affiliation",
        ),
    ]

    DEFAULT_CSS = """
    PeopleView {
        & > .list-pane { width: 45%; }
        & > DocumentView { width: 55%; }
    }
    """

    kind = "people"
    noun = "people"
    markable = True

    def columns(self) -> list[Column]:
        return _COLUMNS

    def _apply_filter(self, result: FilterResult, query: str) -> None:
        if query == self.query_text:
            wanted = _FILTERING_COLUMNS if query else _COLUMNS
            if self.list.columns != wanted:
                self.list.set_columns(wanted)
        super()._apply_filter(result, query)

    def cells(self, item: int) -> Sequence[Cell]:
        person = self.library.people[item]
        library = self.library
        count = "…" if library.paper_count is None else str(library.work_count(item))
        where = self.match_reason(item) or person.affiliation
        return (person.name, where, person.current_role, count)

    def match_reason(self, item: int) -> str:
        """While filtering: why a person matched when neither the name, the role nor the
        affiliation shows it (``at: Peking University``), for the affiliation's column."""
        if self._filtered is None:
            return ""
        spans = self._filtered.highlights.get(item) or {}
        if not spans or any(spans.get(c) for c in ("name", "role", "affiliation")):
            return ""
        library = self.library
        reason = reason_of(
            "people",
            {field: tuple(found) for field, found in spans.items()},
            lambda field: field_text(library, "people", item, field),
            skip=("name", "headline", "affiliation"),
        )
        return reason.text() if reason is not None else ""

    def cell_texts(self, item: int) -> Mapping[str, str]:
        person = self.library.people[item]
        return {
            "name": person.name,
            "role": person.current_role,
            "affiliation": person.affiliation,
            "aliases": " ".join(bounded(person.aliases)),
        }

    def detail_blocks(self, item: int, palette: Palette) -> list[Block]:
        return profile_blocks(self.library, item, palette)

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(library, id=id)
        self.sort_key: str | None = None
        """None: the order profiles were loaded in; else name, papers or affiliation."""
        self.sort_reverse = False

    def _order(self) -> Sequence[int]:
        people = self.library.people
        items: Sequence[int] = range(len(people))
        key = self.sort_key
        if key == "name":
            items = sorted(items, key=lambda i: people[i].name.casefold())
        elif key == "papers":
            items = sorted(items, key=self.library.work_count)
        elif key == "affiliation":
            # Those without one last, whichever the direction.
            def by_affiliation(i: int) -> tuple[bool, str]:
                text = people[i].affiliation.casefold()
                return (not text) != self.sort_reverse, text

            items = sorted(items, key=by_affiliation)
        return list(reversed(items)) if key and self.sort_reverse else items

    def action_sort(self, key: str) -> None:
        """Sort by ``key``; again reverses. Papers go most first."""
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, key == "papers"
        self.list.set_sort(key, self.sort_reverse)
        self.set_base_items(self._order(), keep=True, redraw=False)

    def lists_every_match_at_once(self) -> bool:
        return self.sort_key is not None

    def order_filtered(self, result: FilterResult, query: str) -> FilterResult:
        """Matches best first, unless an order was chosen: then in that order."""
        if self.sort_key is None or not query:
            return result
        position = {item: n for n, item in enumerate(self.base_items)}
        return result._replace(items=sorted(result.items, key=lambda i: position.get(i, 0)))

    def on_mount(self) -> None:
        self.set_base_items(self._order())

    def holds_every_item(self) -> bool:
        return len(self.base_items) == len(self.library.people)

    def refill(self) -> None:
        self.set_base_items(self._order())

    def caption_text(self) -> str:
        total = len(self.library.people)
        shown = len(self.list.items)
        text = f"People {shown:,}" if shown == total else f"People {shown:,} of {total:,}"
        if self.sort_key is not None:
            text += f" · by {self.sort_key} {'↓' if self.sort_reverse else '↑'}"
        elif self.query_text:
            text += " · best match first"
        keys = bound_keys(
            self,
            [
                ("people.sort_name", "N"),
                ("people.sort_papers", "P"),
                ("people.sort_affiliation", "A"),
            ],
        )
        return f"{text} (sort {keys}){self.marks_text()}"

    # -- what the shell asks ------------------------------------------------------------
    @property
    def person_index(self) -> int | None:
        return self.list.item

    def context_person(self) -> str | None:
        item = self.list.item
        return self.library.people[item].id if item is not None else None

    def place_label(self) -> str:
        item = self.list.item
        return self.library.people[item].name if item is not None else "People"

    def show_person(self, person_id: str) -> bool:
        """Put the cursor on this person (clearing a filter that hides them)."""
        try:
            index = self.library.person_index(person_id)
        except KeyError:
            return False
        if not self.list.move_to_item(index):
            self.filter_bar.action_clear()
            self.list.set_items(self.base_items, keep=False)
            self.list.move_to_item(index)
        return True

    def open_entry(self, person_id: str, kind: str, ref: int) -> None:
        """The card of this person (cursor on them), its cursor on one of their entries."""
        anchor = (person_id, kind, ref)
        self.detail.focus()  # on a narrow screen the card is shown only when it has focus
        self.detail_from_jump = True

        def move(tries: int) -> None:
            # Once the view is laid out: a card wrapped while hidden has other lines.
            self.catch_up_detail()
            if not self.detail.move_to_action("event", anchor) and tries:
                self.call_after_refresh(move, tries - 1)  # the card has no width yet

        self.call_after_refresh(move, 3)

    def on_virtual_list_marks_changed(self, message: VirtualList.MarksChanged) -> None:
        message.stop()
        marked = frozenset(self.library.people[i].id for i in self.list.marked)
        self.post_message(messages.MarksChanged(marked))
        self.update_caption()

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        message.stop()
        self.post_message(messages.OpenTimeline(self.library.people[message.item].id))

    # -- actions ------------------------------------------------------------------------
    def action_papers(self) -> None:
        person = self.context_person()
        if person is not None:
            self.post_message(messages.OpenPapersOf(person))

    def edit_target(self) -> EditTarget | None:
        """The person's file, at the paper the card's cursor is on."""
        library = self.library
        item = self.list.item
        if item is None:
            return None
        field = ""
        action = self.detail.action if self.detail.has_focus else None
        if action is not None and action.kind == "paper" and isinstance(action.value, int):
            work = action.value
            if library.holds(item, work):
                _, ref = library.entry_ref(library.entry_for(work, item))
                field = f"papers[{ref}]"
        return EditTarget(library.sources[item], field)

    def copy_target(self) -> tuple[str, str] | None:
        action = self.detail.action if self.detail.has_focus else None
        if action is not None:
            if action.kind == "link":
                return str(action.value), f"{action.label or 'link'} URL"
            if action.kind == "paper" and isinstance(action.value, int):
                return paper_citation(self.library, action.value), "citation"
        marked = self.list.marked_in_order()
        if marked:
            people = [self.library.people[i] for i in marked]
            text = "\n\n".join(person_summary(person) for person in people)
            return text, f"names and homepages of {len(people)} marked people"
        item = self.list.item
        if item is None:
            return None
        person = self.library.people[item]
        return person_summary(person), "name and homepage"

    def export_target(self) -> ExportTarget | None:
        """For ``x``: the marked people's papers, else the highlighted person's."""
        library = self.library
        if self.list.marked:
            ids = [library.people[i].id for i in self.list.marked_in_order()]
            indices = list(
                dict.fromkeys(i for person_id in ids for i in library.papers_of(person_id))
            )
            return ExportTarget(indices, "cvtui-export.bib", f"papers of {len(ids)} marked people")
        item = self.list.item
        if item is None:
            return None
        person = library.people[item]
        return ExportTarget(
            library.papers_of(person.id),
            f"{safe_file_stem(person.id)}-papers.bib",
            f"papers of {person.name}",
        )

    def open_target(self) -> str | None:
        url = super().open_target()
        if url:
            return url
        item = self.list.item
        if item is None:
            return None
        person = self.library.people[item]
        links = person.links.items()
        return person.links.homepage or next((v for k, v in links if k != "email"), None)
