"""The help screen: every key of the current view, read from the bindings themselves.

Nothing here lists keys by hand: the bindings of the app, of the view and of each kind of
widget inside it are collected, the user's keymap is applied, and keys that share a binding
id are shown together. Remapping a key in the config changes this screen too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.document import Block, DocumentView, Palette

__all__ = ["HelpScreen", "binding_rows", "help_groups"]

GROUP_NAMES = {
    "VirtualList": "Lists",
    "EventList": "Event list",
    "DocumentView": "Detail pane",
    "FilterBar": "Filter line",
    "TimelineChart": "Chart",
}

SEARCH_NOTE = (
    "Search: `/` filters the list you are in as you type (words must all match; !word "
    "excludes; escape clears). ctrl+f opens the search over everything. "
    "ctrl+p opens the command palette: commands (views, theme, quit…) and search hits."
)


def _offered(app: App[Any], node: DOMNode, action: str) -> bool:
    """Whether ``node.check_action`` offers ``action`` (False hides it, as in the footer)."""
    name = action.split("(", 1)[0]
    target: DOMNode = node
    if name.startswith("app."):
        target, name = app, name[4:]
    elif name.startswith("screen."):
        target, name = app.screen, name[7:]
    return target.check_action(name, ()) is not False


def binding_rows(app: App[Any], node: DOMNode) -> list[tuple[str, str, str]]:
    """(keys, description, id) for each binding of ``node``, after the user's keymap.

    A binding whose action the node turns off (``check_action`` False, e.g. editing in a
    read-only session) is left out.
    """
    bindings: BindingsMap = node._bindings.copy()
    keymap = getattr(app, "_keymap", {})
    if keymap:
        bindings.apply_keymap(keymap)
    grouped: dict[tuple[str, str], list[str]] = {}
    for key, entries in bindings.key_to_bindings.items():
        for binding in entries:
            if not binding.id and binding.action != "command_palette":
                continue
            if not _offered(app, node, binding.action):
                continue
            label = binding.description or binding.action
            ident = binding.id or ""
            display = (
                app.get_key_display(binding.with_key(key))
                if binding.key_display is None
                else binding.key_display
            )
            keys = grouped.setdefault((ident or label, label), [])
            if display not in keys:
                keys.append(display)
    rows = []
    for (ident, label), keys in grouped.items():
        rows.append((", ".join(keys), label, ident if ident != label else ""))
    return rows


def help_groups(
    app: App[Any], view: DOMNode | None, view_title: str
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Groups of binding rows: the view, the widgets in it, then the keys that work everywhere."""
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    if view is not None:
        rows = binding_rows(app, view)
        if rows:
            groups.append((view_title, rows))
        seen: set[type] = {type(view)}
        for node in view.walk_children():
            kind = type(node)
            if kind in seen:
                continue
            seen.add(kind)
            rows = binding_rows(app, node)
            if rows:
                name = GROUP_NAMES.get(kind.__name__, kind.__name__)
                groups.append((name, rows))
    app_rows = binding_rows(app, app)
    screen_rows = binding_rows(app, app.screen) if not isinstance(app.screen, ModalScreen) else []
    groups.append(("Everywhere", app_rows + screen_rows))
    return groups


def _blocks(
    groups: Iterable[tuple[str, list[tuple[str, str, str]]]], palette: Palette
) -> list[Block]:
    blocks: list[Block] = []
    for title, rows in groups:
        if blocks:
            blocks.append(Block(Text()))
        blocks.append(Block(Text(title, palette.heading)))
        for keys, label, ident in rows:
            text = Text(f"{keys:<14}", palette.emphasis)
            text.append(" " + label)
            if ident:
                text.append(f"  ({ident})", palette.dim)
            blocks.append(Block(text, indent=2, hang=15))
    blocks.append(Block(Text()))
    blocks.append(Block(Text(SEARCH_NOTE, palette.dim)))
    blocks.append(
        Block(
            Text(
                'Remap any key in the config file: [keymap] "binding.id" = "key" '
                "(cvtui --config-path shows where it is).",
                palette.dim,
            )
        )
    )
    return blocks


class HelpScreen(ModalScreen[None]):
    """Keys of the view that was showing, over it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 100;
            height: 90%;
            border: round $primary;
            border-title-color: $text-primary;
            background: $surface;
        }
        & DocumentView { height: 1fr; }
        & #help-hint { height: 1; color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(self, groups: list[tuple[str, list[tuple[str, str, str]]]], title: str) -> None:
        super().__init__()
        self.groups = groups
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield DocumentView(id="help-doc")
            yield Static(Text("j/k scroll · escape, q or ? closes"), id="help-hint")

    def on_mount(self) -> None:
        doc = self.query_one(DocumentView)
        doc.set_content(lambda palette: _blocks(self.groups, palette))
        doc.focus()

    @property
    def plain_text(self) -> str:
        return self.query_one(DocumentView).plain_text

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
