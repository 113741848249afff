"""The keys that work in every view; each has an id, so the config's ``[keymap]`` remaps it.

``escape``/``backspace`` go back only when nothing nearer takes them (a dialog, a filter, the
detail pane); ``ctrl+i`` is told apart from ``tab`` only by terminals that report it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from .header import VIEW_TITLES, VIEWS

__all__ = ["APP_BINDINGS", "BEFORE_VIEWS"]

#: The app's actions that need no view, so they work while the profiles load.
BEFORE_VIEWS = frozenset({"quit", "help", "change_theme"})

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", id="app.quit"),
    *(
        Binding(str(n), f"show_view('{name}')", VIEW_TITLES[name], show=False,
                id=f"app.view_{name}")
        for n, name in enumerate(VIEWS, start=1)
    ),
    Binding("tab", "cycle_view(1)", "Next view", show=False, priority=True, id="app.next_view"),
    Binding("shift+tab", "cycle_view(-1)", "Previous view", show=False, priority=True,
            id="app.previous_view"),
    Binding("escape,backspace", "go_back", "Back", show=False, id="app.back"),
    Binding("ctrl+o,left_square_bracket", "go_back", "Back", show=False, id="app.back_jump"),
    Binding("ctrl+i,right_square_bracket", "go_forward", "Forward", show=False, id="app.forward"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("slash", "search", "Search", id="app.search"),
    Binding("ctrl+f", "search", "Search everything", show=False, id="app.search_everything"),
    Binding("c", "copy", "Copy", id="app.copy"),
    Binding("C", "copy_as", "Copy papers as…", show=False, id="app.copy_as"),
    Binding("o", "open", "Link", id="app.open"),
    Binding("x", "export", "Save BibTeX of the list", show=False, id="app.export"),
    Binding("e", "edit", "Edit profile in $EDITOR", show=False, id="app.edit"),
    Binding("t", "change_theme", "Theme", show=False, id="app.theme"),
    Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True,
            id="app.command_palette"),
]  # fmt: skip
