"""The command palette's own commands (ctrl+p): views, search, theme, help, copy, save, edit.

What ``check_action`` turns off (writing, in a read-only session) is not offered either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .header import VIEW_TITLES, VIEWS

if TYPE_CHECKING:
    from ..app import CvtuiApp

__all__ = ["CvtuiCommands", "library_hits", "palette_commands"]

Command = tuple[str, str, Callable[[], object]]


def palette_commands(app: CvtuiApp) -> list[Command]:
    """(name, help, callback) for the command palette."""
    commands: list[Command] = []
    for name in VIEWS:
        if name == "problems" and (app.library is None or not app.library.problems):
            continue
        commands.append(
            (
                f"Show {VIEW_TITLES[name]}",
                f"switch to the {name} view",
                partial(app.action_show_view, name),
            )
        )
    actions = [
        ("Search everything", "people, papers and events", "search"),
        ("Go back", "to where you were before the last jump", "go_back"),
        ("Go forward", "again to where you went back from", "go_forward"),
        ("Change theme", "pick a colour theme", "change_theme"),
        ("Help: keys of this view", "every binding", "help"),
        ("Copy focused item", "citation, name and homepage, or URL", "copy"),
        ("Copy papers as…", "BibTeX, CSL-JSON or a formatted reference", "copy_as"),
        ("Save BibTeX of the list", "papers on screen to a .bib file", "export"),
        ("Edit profile", "open the focused profile in $VISUAL/$EDITOR", "edit"),
        ("Quit", "leave cvtui", "quit"),
    ]
    for name, help_text, action in actions:
        if app.check_action(action, ()) is not False:
            commands.append((name, help_text, partial(app.run_action, action)))
    return commands


def library_hits() -> type[Provider]:
    """The palette's search hits, imported when the palette first opens (not at start)."""
    from ..views.commands import LibraryHits

    return LibraryHits


class CvtuiCommands(Provider):
    """Switch views, change theme, open help or search, quit."""

    def _commands(self) -> list[Command]:
        from ..app import CvtuiApp

        return palette_commands(self.app) if isinstance(self.app, CvtuiApp) else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
