"""The one face every view shows the shell: what ``c``, ``o``, ``e`` and ``x`` act on, whose
item is under the cursor, and a snapshot of where it is for the history.

The shell asks the shown view and never looks inside it; a view answers None where a key has
nothing to act on. A snapshot is opaque to the shell: only the view that made it restores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..core.model import Library
    from .export import ExportTarget

__all__ = ["EditTarget", "ListPlace", "ViewTargets"]


class EditTarget(NamedTuple):
    """What ``e`` opens: a file as the library names it, at a field of it or at a line."""

    source: str
    field: str = ""
    line: int | None = None


@runtime_checkable
class ViewTargets(Protocol):
    """Implemented by the People, Timeline, Papers, Insights and Problems views."""

    def focus_default(self) -> None:
        """Focus the part of the view the keys act on first."""

    def copy_target(self) -> tuple[str, str] | None:
        """(text, what it is) that ``c`` copies."""

    def open_target(self) -> str | None:
        """The URL that ``o`` opens."""

    def edit_target(self) -> EditTarget | None:
        """The file (and place in it) that ``e`` opens in an editor."""

    def export_target(self) -> ExportTarget | None:
        """The papers ``x`` saves as BibTeX."""

    def context_person(self) -> str | None:
        """The id of the person the item under the cursor belongs to."""

    def place_label(self) -> str:
        """A few words naming where the view is, for the breadcrumb."""

    def snapshot(self) -> object:
        """Where the view is (filter, cursor, scroll), for :meth:`restore`."""

    def restore(self, state: object) -> None:
        """Go back to a place :meth:`snapshot` described."""

    def swap_library(self, library: Library) -> None:
        """Show a reloaded library, keeping the cursor's item."""


@dataclass(frozen=True)
class ListPlace:
    """Where a list view is: its filter, the cursor's item, the scroll, the focused pane."""

    query: str
    item: int | None
    row: int
    scroll: float
    in_detail: bool
    library: Library
    extra: object = None
    """What a kind of view adds (the scope of the Papers list)."""
