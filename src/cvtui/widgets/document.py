"""A read-only, scrolling document made of blocks, some of which can be acted on.

Profile cards and paper details are long and structured, and a few of their lines lead
somewhere (a link opens, a co-author's name jumps to their profile). The document wraps its
blocks to the width, draws only the visible lines, and keeps a line cursor so that every
action can be reached with j/k and enter, without a mouse.

API::

    doc = DocumentView(id="card")
    doc.set_content(build)        # build(palette) -> list[Block]; re-run when the theme changes
    doc.action                    # the Action of the block under the cursor, or None
    Block(Text("..."), action=Action("link", url, "homepage"), indent=2, hang=2)

Messages: ``DocumentView.ActionSelected(doc, action)`` on enter or a double click on a line
whose block has an action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip

from .line_list import LineList
from .wrapping import break_long_words

__all__ = ["Action", "Block", "DocumentView", "Palette"]


class Action(NamedTuple):
    """Where a line leads: ``kind`` is ``link`` (value: URL), ``person`` (value: person id),
    ``paper`` (value: paper index) or ``event``; ``label`` names it for messages."""

    kind: str
    value: object
    label: str = ""


class Block(NamedTuple):
    """A paragraph: wrapped to the width; continuation lines get ``indent + hang`` spaces."""

    text: Text
    action: Action | None = None
    indent: int = 0
    hang: int = 0


class Palette(NamedTuple):
    """Styles taken from the theme for building documents."""

    heading: Style
    label: Style
    dim: Style
    accent: Style
    emphasis: Style
    match: Style
    success: Style
    warning: Style
    link: Style


Builder = Callable[[Palette], list[Block]]


class DocumentView(LineList):
    """Wrapped blocks with a line cursor; see the module docstring."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document--heading",
        "document--label",
        "document--emphasis",
        "document--link",
        "document--success",
        "document--warning",
    }

    DEFAULT_CSS = """
    DocumentView {
        & > .document--heading { color: $text-primary; text-style: bold; }
        & > .document--label { color: $text-muted; }
        & > .document--emphasis { color: $text-accent; text-style: bold; }
        & > .document--link { color: $text-primary; text-style: underline; }
        & > .document--success { color: $text-success; }
        & > .document--warning { color: $text-warning; }
    }
    """

    class ActionSelected(Message):
        """Enter on a line that leads somewhere."""

        def __init__(self, document: DocumentView, action: Action) -> None:
            super().__init__()
            self.document = document
            self.action = action

        @property
        def control(self) -> DocumentView:
            return self.document

    class Sized(Message):
        """The document got a width after having none (laid out, or shown again)."""

        def __init__(self, document: DocumentView) -> None:
            super().__init__()
            self.document = document

        @property
        def control(self) -> DocumentView:
            return self.document

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._build: Builder | None = None
        self._blocks: list[Block] = []
        self._lines: list[tuple[Text, int]] = []
        self._wrapped_width = -1
        self._generation = 0
        self._had_width = False

    # -- content ----------------------------------------------------------------------------
    def palette(self) -> Palette:
        s = self.style_for
        return Palette(
            heading=s("document--heading"),
            label=s("document--label"),
            dim=s("line-list--dim"),
            accent=s("line-list--accent"),
            emphasis=s("document--emphasis"),
            match=s("line-list--match"),
            success=s("document--success"),
            warning=s("document--warning"),
            link=s("document--link"),
        )

    def set_content(self, build: Builder | None, keep_cursor: bool = False) -> None:
        """Show what ``build`` returns; the cursor goes back to the top unless ``keep_cursor``."""
        self._build = build
        self._rebuild()
        if not keep_cursor:
            self.set_reactive(LineList.cursor, 0 if self._lines else -1)
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh_rows()

    def _rebuild(self) -> None:
        self._blocks = self._build(self.palette()) if self._build is not None else []
        self._wrapped_width = -1
        self._generation += 1
        self._rewrap()

    def _rewrap(self) -> None:
        width = max(10, self.scrollable_content_region.width - 2)
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._generation += 1
        # The cursor stays on its block: the same row number is another line once rewrapped.
        at = self._lines[self.cursor][1] if 0 <= self.cursor < len(self._lines) else None
        height = self.cursor - round(self.scroll_y)  # the cursor's line on screen
        lines: list[tuple[Text, int]] = []
        console = self.app.console
        for number, block in enumerate(self._blocks):
            if not block.text.plain:
                lines.append((Text(), number))
                continue
            first = width - block.indent
            rest = first - block.hang
            text = break_long_words(block.text, max(4, rest))
            wrapped = list(text.wrap(console, max(4, first), overflow="fold"))
            if len(wrapped) > 1 and block.hang:
                head = wrapped[0]
                tail = text[len(head.plain) :]
                offset = len(tail.plain) - len(tail.plain.lstrip())
                wrapped = [head, *tail[offset:].wrap(console, max(4, rest), overflow="fold")]
            for n, line in enumerate(wrapped):
                pad = block.indent + (block.hang if n else 0)
                lines.append((Text(" " * pad) + line if pad else line, number))
        self._lines = lines
        if at is not None:
            row = next((n for n, (_, number) in enumerate(lines) if number == at), None)
            if row is not None and row != self.cursor:
                self.set_reactive(LineList.cursor, row)
                if 0 <= height < self.page_rows:
                    self.scroll_to(y=max(0, row - height), animate=False, immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._build is not None and self.is_mounted:
            self._rebuild()
            self.refresh_rows()

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        super().on_resize(event)
        if event.size.width and not self._had_width:
            self.post_message(self.Sized(self))
        self._had_width = bool(event.size.width)

    # -- LineList ---------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._lines)

    def row_cache_key(self, row: int) -> object:
        return (self._generation, row)

    @property
    def action(self) -> Action | None:
        if 0 <= self.cursor < len(self._lines):
            return self._blocks[self._lines[self.cursor][1]].action
        return None

    def draw_row(self, row: int, width: int, cursor: bool) -> Strip:
        line, block_number = self._lines[row]
        cursor = cursor and self.has_focus
        if cursor and self._blocks[block_number].action is None:
            # A line that leads nowhere is marked more quietly than one that does.
            under = self.base_style + self.style_for("line-list--cursor-blurred")
            first = ("▌", under + self.style_for("line-list--accent"))
        elif cursor:
            under = self.final_style("", True)
            first = ("▌", self.final_style("line-list--accent", True))
        else:
            under = self.base_style
            first = (" ", under)
        segments = [Segment(first[0], first[1]), Segment(" ", under)]
        total = 2
        console = self.app.console
        # The line's own style lies beneath its spans (``render`` leaves it out).
        text_style = under + console.get_style(line.style) if line.style else under
        for segment in line.render(console):
            text, style, control = segment
            if control or not text:
                continue
            segments.append(Segment(text, text_style + style if style else text_style))
            total += cell_len(text)
        strip = Strip(segments, total)
        if total != width:
            strip = strip.adjust_cell_length(width, under)
        return strip

    def action_activate(self) -> None:
        action = self.action
        if action is not None:
            self.post_message(self.ActionSelected(self, action))

    def move_to_action(self, kind: str, value: object) -> bool:
        """Put the cursor on the first line leading to ``(kind, value)``."""
        for row, (_, number) in enumerate(self._lines):
            action = self._blocks[number].action
            if action is not None and action.kind == kind and action.value == value:
                self.move_cursor(row)
                self.scroll_to(y=max(0, row - 2), animate=False, immediate=True)
                return True
        return False

    def move_to_text(self, needle: str) -> bool:
        """Put the cursor on the first line of the first block whose text contains ``needle``."""
        for row, (_, number) in enumerate(self._lines):
            if needle and needle in self._blocks[number].text.plain:
                self.move_cursor(row)
                self.scroll_to(y=max(0, row - 2), animate=False, immediate=True)
                return True
        return False

    @property
    def plain_text(self) -> str:
        """Every line as plain text (for tests and copying)."""
        return "\n".join(line.plain.rstrip() for line, _ in self._lines)
