"""The Problems view: what loading reported, one line per problem (file, line, message)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from ..widgets.document import Block, Palette
from ..widgets.list_cells import Cell
from ..widgets.list_columns import Column
from .base import ListDetailView
from .targets import EditTarget

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["ProblemsView", "short_names"]


def short_names(paths: Iterable[str]) -> dict[str, str]:
    """Each path → its file name, with as many folders before it as make it unique."""
    parts = {path: re.split(r"[/\\]", path) for path in paths}
    depth = dict.fromkeys(parts, 1)
    while True:
        shown: dict[str, list[str]] = {}
        for path, pieces in parts.items():
            shown.setdefault("/".join(pieces[-depth[path] :]), []).append(path)
        clashes = [p for same in shown.values() if len(same) > 1 for p in same]
        grown = [p for p in clashes if depth[p] < len(parts[p])]
        if not grown:
            break
        for path in grown:
            depth[path] += 1
    out = {}
    for path, pieces in parts.items():
        tail = pieces[-depth[path] :]
        # The path's own spelling of the part shown (its separators, not "/").
        out[path] = path[len(path) - len("/".join(tail)) :] if tail else path
    return out


_COLUMNS = [
    Column("path", "File", min_width=16, max_width=28, priority=9),
    Column("line", "Line", width=5, align="right", priority=8, style="line-list--dim"),
    Column("severity", "Kind", width=7, priority=5, style="line-list--accent"),
    Column("message", "Message", min_width=16, priority=10, grow=True, share=0.4),
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

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(library, id=id)
        self._short: tuple[Library, dict[str, str]] | None = None

    def short_path(self, path: str) -> str:
        """The file name, or as much of its path as tells it from another of that name."""
        if self._short is None or self._short[0] is not self.library:
            self._short = (self.library, short_names({p.path for p in self.library.problems}))
        return self._short[1].get(path, path)

    def cells(self, item: int) -> Sequence[Cell]:
        problem = self.library.problems[item]
        return (
            self.short_path(problem.path),
            str(problem.line or ""),
            problem.severity,
            problem.message,
        )

    def cell_texts(self, item: int) -> Mapping[str, str]:
        problem = self.library.problems[item]
        return {"path": problem.path, "message": problem.message, "field": problem.field}

    def detail_blocks(self, item: int, palette: Palette) -> list[Block]:
        problem = self.library.problems[item]
        # The name and its line:column on a line of their own, the folder below: a long
        # path wraps without cutting ``name.toml:386:9`` in two.
        where = self.short_path(problem.path)
        if problem.line:
            where += f":{problem.line}" + (f":{problem.col}" if problem.col else "")
        folder = problem.path[: len(problem.path) - len(self.short_path(problem.path))]
        blocks = [
            Block(Text(problem.severity.title(), palette.warning)),
            Block(Text(where, palette.emphasis)),
        ]
        if folder:
            text = Text("in ", palette.label)
            text.append(folder.rstrip("/\\") or folder, palette.dim)
            blocks.append(Block(text))
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
        warnings = total - errors
        return (
            f"Problems {total:,} · {errors:,} error{'s' if errors != 1 else ''}, "
            f"{warnings:,} warning{'s' if warnings != 1 else ''}"
        )

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
