"""One record per work from its entries, and where the entries disagree.

A work shows one title, one author list, one venue: each field comes from the most complete
entry that has it (the entry with the most fields filled in, the first in library order on a
tie), and the identifiers and links from all of them. The author list and its ``author_ids``
come together from one entry, so they stay parallel. What only one profile can say — its own
summary, highlights, presentation, status — stays with that profile
(:func:`profile_notes`), and where entries give different venues, years, types or author
lists, :func:`disagreements` lists each value with the profiles that give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import msgspec

from .model import Paper, PaperLinks

__all__ = ["NOTE_FIELDS", "Disagreement", "disagreements", "merged_record", "profile_notes"]

_FIELDS = tuple(f.name for f in msgspec.structs.fields(Paper))
_REQUIRED = object()  # a field without a default (the title) is always filled in
_DEFAULTS = tuple(
    f.default
    if f.default is not msgspec.NODEFAULT
    else (f.default_factory() if f.default_factory is not msgspec.NODEFAULT else _REQUIRED)
    for f in msgspec.structs.fields(Paper)
)
_LINK_FIELDS = PaperLinks.__struct_fields__
NOTE_FIELDS = ("summary", "highlights", "presentation", "status")
"""Fields that are a profile's own say about a work, shown with the profile they come from."""
_COMPARED = ("venue", "year", "type", "authors")
_TOGETHER = {"authors": ("authors", "author_ids", "authors_total", "authors_note")}


def _filled(paper: Paper) -> int:
    values = msgspec.structs.astuple(paper)
    return sum(
        1 for value, default in zip(values, _DEFAULTS, strict=True) if value != default
    ) + sum(1 for name in _LINK_FIELDS if getattr(paper.links, name))


def by_completeness(papers: Sequence[Paper]) -> list[int]:
    """Positions of ``papers``, the most complete first: most fields filled in, then a
    published version before a preprint, then the longer author list; stable on ties."""
    scores = [(_filled(p), p.type != "preprint", len(p.authors)) for p in papers]
    return sorted(range(len(papers)), key=lambda i: scores[i], reverse=True)


def merged_record(papers: Sequence[Paper]) -> Paper:
    """The work's record from its entries' (see the module docstring)."""
    first = papers[0]
    if len(papers) == 1 or all(p == first for p in papers[1:]):
        return first
    ordered = [papers[i] for i in by_completeness(papers)]
    best = ordered[0]
    changes: dict[str, object] = {}
    done: set[str] = set()
    for name, default in zip(_FIELDS, _DEFAULTS, strict=True):
        if name in done or name == "links":
            continue
        together = _TOGETHER.get(name, (name,))
        done.update(together)
        if getattr(best, name) != default:
            continue
        for paper in ordered[1:]:
            if getattr(paper, name) != default:
                for field in together:
                    changes[field] = getattr(paper, field)
                break
    links = {}
    for name in _LINK_FIELDS:
        if not getattr(best.links, name):
            value = next((getattr(p.links, name) for p in ordered if getattr(p.links, name)), "")
            if value:
                links[name] = value
    if links:
        changes["links"] = msgspec.structs.replace(best.links, **links)
    return msgspec.structs.replace(best, **changes) if changes else best


class Disagreement(NamedTuple):
    """One value of a field that the entries of a work do not agree on, and who gives it."""

    field: str
    value: str
    holders: tuple[int, ...]
    """Positions (in the entries given) of the entries that give this value."""


def _shown(paper: Paper, name: str) -> str:
    value = getattr(paper, name)
    if name == "authors":
        return ", ".join(paper.author_names)
    if name == "year" and value is None and paper.date is not None:
        return str(paper.date.year)
    return "" if value is None else str(value)


def disagreements(papers: Sequence[Paper]) -> list[Disagreement]:
    """Every value of venue, year, type and author list where the entries differ (blank
    values are not a disagreement: an entry that does not say is not contradicting)."""
    out: list[Disagreement] = []
    for name in _COMPARED:
        values: dict[str, list[int]] = {}
        for i, paper in enumerate(papers):
            shown = _shown(paper, name)
            if shown and not (name == "type" and shown == "other"):
                values.setdefault(shown, []).append(i)
        if len(values) > 1:
            out.extend(Disagreement(name, v, tuple(held)) for v, held in values.items())
    return out


def profile_notes(paper: Paper) -> dict[str, object]:
    """The profile's own notes on a work (summary, highlights…), those that are set."""
    return {name: getattr(paper, name) for name in NOTE_FIELDS if getattr(paper, name)}
