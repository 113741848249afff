"""The command palette (ctrl+p): cvtui's commands, and search hits from the library.

Commands come from the app (``app.palette_commands()``: switch view, theme, help, quit…).
Search hits come from the same engine as the search screen, run off the event loop, and are
shown as ``Text``/``Content`` built from spans — profile text never passes through markup.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from .search import KIND_LABEL, KIND_ORDER, hit_reason, search_library, title_spans

__all__ = ["CvtuiCommands", "LibraryHits"]


class CvtuiCommands(Provider):
    """Switch views, change theme, open help or search, quit."""

    async def discover(self) -> Hits:
        app: Any = self.app
        for name, help_text, callback in app.palette_commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app: Any = self.app
        for name, help_text, callback in app.palette_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)


def _help(library: Any, hit: Any, label: str) -> str:
    """``open this paper · author: Mickel Liu``: what the choice does, and why it matched."""
    reason = hit_reason(library, hit)
    return f"open this {label}" + (f" · {reason.text()}" if reason is not None else "")


class LibraryHits(Provider):
    """People, papers and events matching the palette's query; choosing one jumps to it."""

    async def search(self, query: str) -> Hits:
        app: Any = self.app
        library = getattr(app, "library", None)
        if library is None or len(query.strip()) < 2:
            return
        outcome = await asyncio.to_thread(search_library, library, query, 30)
        match_style = "bold underline"
        for rank, hit in enumerate(outcome.hits):
            label = KIND_LABEL.get(KIND_ORDER.get(str(hit.kind), 3), str(hit.kind))
            prompt = Text(f"{label:<7}", style="dim")
            title = Text(str(hit.title))
            for start, end in title_spans(hit):
                title.stylize(match_style, start, end)
            prompt.append_text(title)
            score = max(0.05, 0.9 - rank * 0.01)
            yield Hit(
                score,
                prompt,
                partial(app.jump_to_hit, hit),
                text=str(hit.title),
                help=Content(_help(library, hit, label)),  # type: ignore[arg-type]
            )
