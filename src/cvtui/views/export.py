"""Saving the BibTeX of the list on screen: what to save, and the dialogs that ask where.

Each view that can export answers ``export_target()`` with an :class:`ExportTarget` (the
papers, a file name to suggest, and a few words saying what they are). The app asks for a
file name in :class:`FileNameScreen`, confirms an overwrite in :class:`ConfirmScreen`, and
writes the file atomically. Paths and profile text are shown literally, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

__all__ = ["ConfirmScreen", "ExportTarget", "FileNameScreen", "safe_file_stem", "save_problem"]


class ExportTarget(NamedTuple):
    indices: Sequence[int]
    """Indexes into ``library.papers``, in the order shown."""
    file_name: str
    """The file name to suggest (``mickel-liu-papers.bib``)."""
    what: str
    """What the papers are, for the dialog's title (``papers of Mickel Liu``)."""


def save_problem(path: Path) -> str:
    """Why a file cannot be written at ``path`` (``""``: nothing stops it)."""
    if path.is_dir():
        return "it is a directory"
    if not path.parent.is_dir():
        return f"there is no directory {path.parent}"
    return ""


def safe_file_stem(text: str) -> str:
    """``text`` reduced to characters that are safe in a file name on any system."""
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in text).strip("-.")
    return stem[:60] or "cvtui-export"


_DIALOG_CSS = """
    align: center middle;
    & > Vertical {
        width: 90%;
        max-width: 80;
        height: auto;
        border: round $primary;
        border-title-color: $text-primary;
        background: $surface;
        padding: 0 1;
    }
    & Static { width: 1fr; height: auto; }
    & .hint { color: $text-muted; }
"""


class FileNameScreen(ModalScreen[str | None]):
    """Asks for a file name: enter gives it, escape gives None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    DEFAULT_CSS = "FileNameScreen {" + _DIALOG_CSS + "& Input { margin: 1 0 0 0; } }"

    def __init__(self, title: str, default: str, heading: str = "Save BibTeX") -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.heading
            yield Static(Text(self.title_text), id="export-title")
            yield Input(self.default, compact=True, id="export-path")
            yield Static(Text("enter saves · escape cancels"), classes="hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: ``y`` answers yes; ``n`` or escape answers no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    DEFAULT_CSS = "ConfirmScreen {" + _DIALOG_CSS + "}"

    def __init__(self, question: str, title: str = "Confirm") -> None:
        super().__init__()
        self.question = question
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(Text(self.question), id="confirm-question")
            yield Static(Text("y: yes · n or escape: no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
