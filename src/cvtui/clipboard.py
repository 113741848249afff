"""Getting things out of the terminal: what to copy for an item, and whether a browser can open.

Copying goes through the terminal itself (OSC 52, via ``App.copy_to_clipboard``), so it works
over SSH. A browser is used only when one can be opened on this machine; over SSH, or with no
display, the URL is shown and copied instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from .core.model import Library, Paper, Person

__all__ = ["can_open_browser", "cited", "paper_citation", "person_summary"]


def cited(paper: Paper) -> Paper:
    """``paper`` with at most :data:`~cvtui.core.bounds.MAX_CITED_AUTHORS` authors (the
    citation then ends them with ``and others``, as BibTeX has it)."""
    from msgspec.structs import replace

    from .core.bounds import MAX_CITED_AUTHORS

    if len(paper.authors) <= MAX_CITED_AUTHORS:
        return paper
    total = max(len(paper.authors), paper.authors_total or 0)
    return replace(paper, authors=paper.authors[:MAX_CITED_AUTHORS], authors_total=total)


def paper_citation(library: Library, index: int) -> str:
    """Paper ``index`` in the chosen copy format (BibTeX, CSL-JSON or a reference); a paper
    of 200,000 authors is cited with the first few hundred."""
    from .copy_formats import paper_text

    return paper_text(cited(library.papers[index]))


def papers_citation(library: Library, indices: Sequence[int]) -> str:
    """Several papers in the chosen copy format, in the order given (marked papers)."""
    from .copy_formats import papers_text

    return papers_text([cited(library.papers[i]) for i in indices])


def person_summary(person: Person) -> str:
    """Name and homepage (or the first link there is), one per line."""
    links = person.links.items()
    first = person.links.homepage or (links[0][1] if links else "")
    return f"{person.name}\n{first}" if first else person.name


def over_ssh(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def can_open_browser(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a graphical browser can show a page to the person at this terminal.

    Not over SSH (it would open on the remote machine), and on Linux only with a display:
    a text browser taking over the terminal would hide the app.
    """
    env = os.environ if environ is None else environ
    if over_ssh(env):
        return False
    platform = platform or sys.platform
    if platform == "darwin" or platform.startswith("win"):
        return True
    if env.get("BROWSER"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
