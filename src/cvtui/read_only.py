"""Read-only sessions: the one place that says which actions would write a file.

``cvtui serve`` runs every browser tab as ``CvtuiApp(read_only=True)``. The app's
``check_action`` asks :func:`allows` about each of its actions, and so does any screen or view
that binds one of them (the search screen's ``x``). An action refused here is neither run nor
offered: Textual leaves it out of the footer, and the help screen and the command palette ask
``check_action`` too. Whatever binds a new action that writes a file adds its name to
:data:`WRITING_ACTIONS`.

Saving BibTeX (``export``) writes a file on the machine cvtui runs on; in a browser it
becomes a download instead, so there it stays. The remembered theme is not written either
(``t`` still changes the theme of the session).
"""

from __future__ import annotations

__all__ = ["BROWSER_DOWNLOADS", "WRITING_ACTIONS", "allows"]

WRITING_ACTIONS: frozenset[str] = frozenset(
    {
        "edit",  # e: a profile in $EDITOR
        "export",  # x: BibTeX to a path on this machine
        "import",  # papers or a profile written into the profiles directory
        "save_picture",  # S in Insights: an SVG of the screen to a path on this machine
    }
)
"""Actions (method names without ``action_``) that write files."""

BROWSER_DOWNLOADS: frozenset[str] = frozenset({"export", "save_picture"})
"""Writing actions that a browser session turns into a download (nothing written here)."""


def allows(action: str, *, read_only: bool, in_browser: bool) -> bool:
    """Whether ``action`` may run (and be offered) in this session."""
    if not read_only or action not in WRITING_ACTIONS:
        return True
    return in_browser and action in BROWSER_DOWNLOADS
