"""Search hits from the library in the command palette (ctrl+p); its commands are the shell's
(:mod:`cvtui.shell.palette`).

Hits come from the same engine as the search screen, run off the event loop, and are shown
as ``Text``/``Content`` built from spans — profile text never passes through markup.
"""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider
from textual.content import Content

from .. import messages
from ..core.model import Library
from ..core.search import Hit as SearchHit
from .search import KIND_LABEL, KIND_ORDER, hit_reason, search_library, title_spans

__all__ = ["LibraryHits"]


def _help(library: Library, hit: SearchHit, label: str) -> str:
    """``open this paper · author: Mickel Liu``: what the choice does, and why it matched."""
    reason = hit_reason(library, hit)
    return f"open this {label}" + (f" · {reason.text()}" if reason is not None else "")


class LibraryHits(Provider):
    """People, papers and events matching the palette's query; choosing one jumps to it."""

    async def search(self, query: str) -> Hits:
        library = getattr(self.app, "library", None)
        if not isinstance(library, Library) or len(query.strip()) < 2:
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
                partial(self.app.post_message, messages.OpenHit(hit)),
                text=str(hit.title),
                help=Content(_help(library, hit, label)),  # type: ignore[arg-type]
            )
