"""``C``: choose what ``c`` copies for a paper (BibTeX, CSL-JSON, a formatted reference)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..copy_formats import FORMATS, current
from .export import _DIALOG_CSS

__all__ = ["CopyFormatScreen"]


class CopyFormatScreen(ModalScreen[str | None]):
    """The copy formats, the current one highlighted; a letter or enter picks one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="copy_format.cancel"),
        *(
            Binding(f.key, f"pick('{f.name}')", f.label, show=False, id=f"copy_format.{f.name}")
            for f in FORMATS
        ),
    ]

    DEFAULT_CSS = "CopyFormatScreen {" + _DIALOG_CSS + "& OptionList { height: auto; } }"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Copy papers as"
            yield OptionList(
                *(Option(Text(f"{f.key}  {f.label}"), id=f.name) for f in FORMATS),
                id="copy-formats",
            )
            yield Static(
                Text("enter or a letter copies and remembers · escape cancels"), classes="hint"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = [f.name for f in FORMATS]
        options.highlighted = names.index(current())
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, name: str) -> None:
        self.dismiss(name)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
