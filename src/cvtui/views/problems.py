"""The Problems view: what loading reported, one line per problem (file, line, message)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from ..widgets.document import Block, Palette
from ..widgets.virtual_list import Cell, Column
from .base import ListDetailView
from .targets import EditTarget

__all__ = ["ProblemsView"]

_COLUMNS = [
    Column("path", "File", ratio=2, min_width=12, priority=9),
    Column("line", "Line", width=5, align="right", priority=8, style="line-list--dim"),
    Column("severity", "Kind", width=7, priority=5, style="line-list--accent"),
    Column("message", "Message", ratio=4, min_width=16, priority=10),
]


class ProblemsView(ListDetailView):
    """Problems list beside the full text of the highlighted one."""

    DEFAULT_CSS = """
    ProblemsView {
        & > .list-pane { width: 60%; }
        & > DocumentView { width: 40%; }
    }
    """

    noun = "problems"

    def columns(self) -> list[Column]:
        return _COLUMNS

    def cells(self, item: int) -> Sequence[Cell]:
        problem = self.library.problems[item]
        return (problem.path, str(problem.line or ""), problem.severity, problem.message)

    def cell_texts(self, item: int) -> Mapping[str, str]:
        problem = self.library.problems[item]
        return {"path": problem.path, "message": problem.message, "field": problem.field}

    def detail_blocks(self, item: int, palette: Palette) -> list[Block]:
        problem = self.library.problems[item]
        blocks = [
            Block(Text(problem.severity.title(), palette.warning)),
            Block(Text(problem.location(), palette.emphasis)),
        ]
        if problem.field:
            text = Text("Field: ", palette.label)
            text.append(problem.field)
            blocks.append(Block(text))
        blocks += [Block(Text()), Block(Text(problem.message))]
        return blocks

    def on_mount(self) -> None:
        self.set_base_items(range(len(self.library.problems)))

    def refill(self) -> None:
        self.set_base_items(range(len(self.library.problems)))

    def caption_text(self) -> str:
        total = len(self.library.problems)
        errors = sum(1 for p in self.library.problems if p.severity == "error")
        if not total:
            return "No problems while loading"
        return f"Problems {total:,} · {errors:,} errors, {total - errors:,} warnings"

    def copy_target(self) -> tuple[str, str] | None:
        item = self.list.item
        if item is None:
            return None
        return str(self.library.problems[item]), "problem"

    def open_target(self) -> str | None:
        return None

    def edit_target(self) -> EditTarget | None:
        """The file of the problem, at its line."""
        item = self.list.item
        if item is None:
            return None
        problem = self.library.problems[item]
        return EditTarget(problem.path, line=problem.line)

    def place_label(self) -> str:
        return "Problems"
