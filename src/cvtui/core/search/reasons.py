"""Why a hit matched, in a few words: the field it matched in and the matched part of it.

A title or a name that matched shows its own highlights; a hit that matched elsewhere (a
person through a place they worked, a paper through an author or its abstract, an event
through a collaborator) says so beside it, with the matched value or a short window of the
prose around the first match, and the spans within that snippet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from .documents import FIELD_JOIN, kind_named
from .spans import Spans

__all__ = ["FIELD_LABELS", "Reason", "reason_of"]

#: What each indexed field is called on screen.
FIELD_LABELS = {
    "name": "name",
    "aliases": "also",
    "affiliation": "at",
    "headline": "headline",
    "institutions": "at",
    "interests": "interests",
    "summary": "summary",
    "title": "title",
    "authors": "author",
    "venue": "venue",
    "year": "year",
    "categories": "topic",
    "orgs": "org",
    "abstract": "abstract",
    "highlights": "highlight",
    "organisation": "at",
    "place": "in",
    "dates": "dates",
    "person": "person",
    "kind": "kind",
    "collaborators": "with",
}
_TITLES = ("title", "name")
_WINDOW = 48  # characters of prose shown from the first match
_DATES = frozenset({"dates", "year"})


class Reason(NamedTuple):
    """``label: snippet``, with the matched spans of ``snippet``."""

    field: str
    label: str
    snippet: str
    spans: Spans

    def text(self) -> str:
        return f"{self.label}: {self.snippet}"


def reason_of(
    kind: str,
    spans: Mapping[str, Spans],
    text_of: Callable[[str], str],
    skip: tuple[str, ...] = _TITLES,
) -> Reason | None:
    """Why a hit of ``kind`` matched: its first matched field (in the kind's field order)
    other than ``skip`` (the title or name the hit shows highlighted anyway); None when the
    shown title explains it. ``text_of(field)`` gives a field's original text."""
    spec = kind_named(kind)
    # Dates and years last: a year in a query is mostly there to narrow, not to find.
    fields = sorted(spec.fields, key=lambda f: f.name in _DATES)
    for f in fields:
        if f.name in skip or not spans.get(f.name):
            continue
        text = text_of(f.name)
        found = [(s, e) for s, e in spans[f.name] if 0 <= s < e <= len(text)]
        if not found:
            continue
        label = FIELD_LABELS.get(f.name, f.name)
        if f.multi:
            return Reason(f.name, label, *_value_at(text, found))
        if f.long or len(text) > _WINDOW * 2:
            return Reason(f.name, label, *_window(text, found))
        return Reason(f.name, label, text, tuple(found))
    return None


def _value_at(text: str, found: list[tuple[int, int]]) -> tuple[str, Spans]:
    """The value (of values joined with FIELD_JOIN) holding the first span, and its spans."""
    first = found[0][0]
    start = text.rfind(FIELD_JOIN, 0, first)
    start = 0 if start < 0 else start + len(FIELD_JOIN)
    end = text.find(FIELD_JOIN, first)
    end = len(text) if end < 0 else end
    inside = tuple((s - start, e - start) for s, e in found if s >= start and e <= end)
    return text[start:end], inside


def _window(text: str, found: list[tuple[int, int]]) -> tuple[str, Spans]:
    """About :data:`_WINDOW` characters of prose from the word of the first span (a narrow
    column still shows the match), cut at a space."""
    first_start, first_end = found[0]
    start = text.rfind(" ", 0, first_start) + 1
    end = min(len(text), max(first_end, start + _WINDOW))
    if end < len(text):
        space = text.rfind(" ", first_end, end)
        end = space if space > first_end else end
    prefix = ""  # the window starts at the matched word: its start need not be marked
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in found if s >= start and e <= end)
    piece = text[start:end].replace("\n", " ").replace("\t", " ")  # one line, same offsets
    return prefix + piece + suffix, inside
