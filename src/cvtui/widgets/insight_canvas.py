"""The drawing area of the Insights view: a :class:`~.insight_paint.Painting` drawn one line
at a time (Textual's Line API), with a cursor over its targets.

The arrow keys (and ``h j k l``) move the cursor to the nearest target in that direction, so
the same keys walk a list of bars, people side by side, a matrix and a graph; ``enter``
posts :class:`InsightCanvas.Chosen`. The first ``painting.fixed`` lines (a legend, an axis)
stay on screen when the rest scrolls.

Roles are styled by component classes, so every theme, 16 colours and ``NO_COLOR`` apply:

| role | component class |
|---|---|
| ``type:<paper type>`` | ``insight-canvas--type-1`` … ``--type-9`` (in ``PAPER_TYPES`` order) |
| ``person:<n>`` | ``insight-canvas--person-1`` … ``--person-6`` |
| ``label``, ``value``, ``axis``, ``muted``, ``header``, ``led``, ``heat``, ``diag``, ``spark`` | ``insight-canvas--<role>`` |
| ``edge``, ``edge-hot``, ``node``, ``node-hot``, ``label-hot``, ``count`` | the graph's parts |
| the target under the cursor | ``insight-canvas--cursor`` (on its labels and numbers) |
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.model import PAPER_TYPES
from .insight_paint import Painting, Target

__all__ = ["InsightCanvas"]

PERSON_STYLES = 6
_ROLES = (
    "label",
    "value",
    "axis",
    "muted",
    "header",
    "led",
    "heat",
    "diag",
    "spark",
    "edge",
    "edge-hot",
    "node",
    "node-hot",
    "label-hot",
    "count",
    "cursor",
    "bar",
)


_UNMARKED = frozenset({"", "bar", "heat", "spark", "edge", "edge-hot"})
"""Roles the cursor leaves as they are inside its span: the bars and blanks (a bar drawn in
the cursor's colours would lose its type's), so it marks the labels and numbers."""


def _marked(role: str) -> bool:
    return role not in _UNMARKED and not role.startswith("type:")


def _component(role: str) -> str:
    if role.startswith("type:"):
        kind = role[5:]
        number = PAPER_TYPES.index(kind) + 1 if kind in PAPER_TYPES else len(PAPER_TYPES)
        return f"insight-canvas--type-{number}"
    if role.startswith("person:"):
        return f"insight-canvas--person-{int(role[7:]) % PERSON_STYLES + 1}"
    return f"insight-canvas--{role}"


class InsightCanvas(ScrollView, can_focus=True):
    """One figure, drawn from a painting, with a cursor over its targets."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(0, 1)", "Down", show=False, id="insights.down"),
        Binding("k,up", "move(0, -1)", "Up", show=False, id="insights.up"),
        Binding("l,right", "move(1, 0)", "Right", show=False, id="insights.right"),
        Binding("h,left", "move(-1, 0)", "Left", show=False, id="insights.left"),
        Binding("g,home", "first", "First", show=False, id="insights.first"),
        Binding("G,end", "last", "Last", show=False, id="insights.last"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False, id="insights.page_down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, id="insights.page_up"),
        Binding("enter", "choose", "Open works", id="insights.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"insight-canvas--{role}" for role in _ROLES),
        *(f"insight-canvas--type-{n}" for n in range(1, len(PAPER_TYPES) + 1)),
        *(f"insight-canvas--person-{n}" for n in range(1, PERSON_STYLES + 1)),
    }

    DEFAULT_CSS = """
    InsightCanvas {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .insight-canvas--label { color: $foreground; }
        & > .insight-canvas--value { color: $foreground; text-style: bold; }
        & > .insight-canvas--axis { color: $text-muted; text-style: bold; }
        & > .insight-canvas--muted { color: $text-muted; }
        & > .insight-canvas--header { color: $text-accent; text-style: bold; }
        & > .insight-canvas--led { color: $text-warning; text-style: bold; }
        & > .insight-canvas--heat { color: $accent; }
        & > .insight-canvas--diag { color: $text-muted; text-style: italic; }
        & > .insight-canvas--spark { color: $primary; }
        & > .insight-canvas--bar { color: $primary; }
        & > .insight-canvas--edge { color: $text-muted; }
        & > .insight-canvas--edge-hot { color: $warning; text-style: bold; }
        & > .insight-canvas--node { color: $primary; text-style: bold; }
        & > .insight-canvas--node-hot { color: $warning; text-style: bold; }
        & > .insight-canvas--label-hot { color: $text-warning; text-style: bold underline; }
        & > .insight-canvas--count { color: $text-accent; }
        & > .insight-canvas--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .insight-canvas--type-1 { color: $primary; }
        & > .insight-canvas--type-2 { color: $success; }
        & > .insight-canvas--type-3 { color: $warning; }
        & > .insight-canvas--type-4 { color: $secondary; }
        & > .insight-canvas--type-5 { color: $accent; }
        & > .insight-canvas--type-6 { color: $error; }
        & > .insight-canvas--type-7 { color: $success; }
        & > .insight-canvas--type-8 { color: $warning; }
        & > .insight-canvas--type-9 { color: $text-muted; }
        & > .insight-canvas--person-1 { color: $primary; }
        & > .insight-canvas--person-2 { color: $accent; }
        & > .insight-canvas--person-3 { color: $success; }
        & > .insight-canvas--person-4 { color: $warning; }
        & > .insight-canvas--person-5 { color: $secondary; }
        & > .insight-canvas--person-6 { color: $error; }
    }
    """

    class Moved(Message):
        """The cursor is on a new target (or on none: ``target`` is None)."""

        def __init__(self, canvas: InsightCanvas, target: Target | None) -> None:
            super().__init__()
            self.canvas = canvas
            self.target = target

        @property
        def control(self) -> InsightCanvas:
            return self.canvas

    class Resized(Message):
        """The drawing area changed size: paint again for it."""

        def __init__(self, canvas: InsightCanvas) -> None:
            super().__init__()
            self.canvas = canvas

        @property
        def control(self) -> InsightCanvas:
            return self.canvas

    class Chosen(Message):
        """Enter on a target."""

        def __init__(self, canvas: InsightCanvas, target: Target) -> None:
            super().__init__()
            self.canvas = canvas
            self.target = target

        @property
        def control(self) -> InsightCanvas:
            return self.canvas

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.painting = Painting()
        self.cursor = -1
        self._styles: dict[str, Style] = {}

    # -- content --------------------------------------------------------------------------
    def show(self, painting: Painting, cursor: int | None = None) -> None:
        """Draw ``painting``; the cursor goes to target ``cursor`` (kept in range)."""
        self.painting = painting
        count = len(painting.targets)
        wanted = self.cursor if cursor is None else cursor
        self.cursor = max(0, min(wanted, count - 1)) if count else -1
        self.virtual_size = Size(self.scrollable_content_region.width, len(painting.lines))
        self._scroll_into_view()
        self.call_after_refresh(self._scroll_into_view)  # once the new height is laid out
        self.refresh()
        self.post_message(self.Moved(self, self.target))

    @property
    def target(self) -> Target | None:
        if 0 <= self.cursor < len(self.painting.targets):
            return self.painting.targets[self.cursor]
        return None

    @property
    def area(self) -> tuple[int, int]:
        """The cells a painting can fill without scrolling (width, height)."""
        region = self.scrollable_content_region
        return max(1, region.width or self.size.width), max(1, region.height or self.size.height)

    # -- moving ---------------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        count = len(self.painting.targets)
        if not count:
            return
        index = max(0, min(index, count - 1))
        if index != self.cursor:
            self.cursor = index
            self._scroll_into_view()
            self.refresh()
            self.post_message(self.Moved(self, self.target))

    def nearest(self, dx: int, dy: int) -> int | None:
        """The target nearest the cursor's in direction (``dx``, ``dy``), or None."""
        here = self.target
        if here is None:
            return None
        cx, cy = (here.start + here.end) / 2, here.line
        best: tuple[float, int] | None = None
        for n, target in enumerate(self.painting.targets):
            if n == self.cursor:
                continue
            tx, ty = (target.start + target.end) / 2, target.line
            along = (tx - cx) * dx + (ty - cy) * dy * 2
            if along <= 0:
                continue
            across = abs(ty - cy) * 2 if dx else abs(tx - cx)
            score = along + 3 * across
            if best is None or score < best[0]:
                best = (score, n)
        return None if best is None else best[1]

    def action_move(self, dx: int, dy: int) -> None:
        found = self.nearest(dx, dy)
        if found is not None:
            self.move_to(found)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.painting.targets) - 1)

    def action_page(self, direction: int) -> None:
        here = self.target
        if here is None:
            return
        goal = here.line + direction * max(1, self.area[1] - self.painting.fixed - 1)
        targets = self.painting.targets
        ranked = sorted(range(len(targets)), key=lambda n: abs(targets[n].line - goal))
        self.move_to(ranked[0])

    def action_choose(self) -> None:
        target = self.target
        if target is not None:
            self.post_message(self.Chosen(self, target))

    def _scroll_into_view(self) -> None:
        target = self.target
        if target is None:
            return
        fixed = self.painting.fixed
        page = max(1, self.area[1] - fixed)
        top = round(self.scroll_y)
        row = target.line - fixed
        if row < 0:
            return
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + page:
            self.scroll_to(y=row - page + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.painting.lines))
        self.post_message(self.Resized(self))

    async def on_click(self, event: events.Click) -> None:
        line = self._line_at(event.y)
        self.focus()
        if line is None:
            return
        for n, target in enumerate(self.painting.targets):
            if target.line == line and target.start <= event.x < max(target.end, target.start + 1):
                if n == self.cursor and event.chain >= 2:
                    self.action_choose()
                else:
                    self.move_to(n)
                return

    def _line_at(self, y: int) -> int | None:
        fixed = self.painting.fixed
        if y < fixed:
            return y
        line = round(self.scroll_y) + y
        return line if line < len(self.painting.lines) else None

    # -- drawing --------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def style_of(self, role: str) -> Style:
        style = self._styles.get(role)
        if style is None:
            component = _component(role) if role else ""
            if component in self.COMPONENT_CLASSES:
                style = self.get_component_rich_style(component, partial=True)
            else:
                style = Style.null()
            self._styles[role] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        fixed = self.painting.fixed
        line = y if y < fixed else round(self.scroll_y) + y
        if line >= len(self.painting.lines):
            return Strip.blank(width, base)
        target = self.target
        span = (target.start, target.end) if target is not None and target.line == line else None
        cursor = self.style_of("cursor") if self.has_focus else Style(reverse=True)
        segments: list[Segment] = []
        x = 0
        for piece in self.painting.lines[line]:
            style = self.style_of(piece.role)
            if (
                span is None
                or x + len(piece.text) <= span[0]
                or x >= span[1]
                or not _marked(piece.role)
            ):
                segments.append(Segment(piece.text, style))
            else:
                a = max(0, span[0] - x)
                b = min(len(piece.text), span[1] - x)
                if a:
                    segments.append(Segment(piece.text[:a], style))
                segments.append(Segment(piece.text[a:b], style + cursor))
                if b < len(piece.text):
                    segments.append(Segment(piece.text[b:], style))
            x += len(piece.text)
        return Strip(segments).adjust_cell_length(width).apply_style(base)
