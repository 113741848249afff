"""What the header says on the right: how many people and papers, and how many problems.

The header is one line beside the view tabs; in a narrow terminal the longest wording would
be cut, losing the paper count. The wording shortens instead, the counts last of all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Library

__all__ = ["header_counts"]

PADDING = 2
"""Each part of the header has a space on either side."""


def header_counts(library: Library | None, room: int, key: str = "5") -> tuple[str, str]:
    """(counts, problems badge) that fit in ``room`` cells together, the fullest that does;
    ``key`` shows the Problems view."""
    if library is None:
        return "", ""
    papers = "…" if library.paper_count is None else f"{library.paper_count:,}"
    people = f"{len(library.people):,} people"
    both = f"{people} · {papers} papers"
    if library.partial:
        both += " (loading papers…)"
    count = len(library.problems)
    if not count:
        return both, ""
    noun = f"problem{'s' if count != 1 else ''}"
    counts = [both, f"{papers} papers"]
    badges = [f"{count:,} {noun} ({key})", f"{count:,} {noun}", f"⚠ {count:,}"]
    for text in counts:
        for badge in badges:
            if len(text) + len(badge) + 2 * PADDING <= room:
                return text, badge
    return counts[-1], badges[-1]
