"""Where a hit matched: character spans in the original text of each field.

Folding keeps the length of the text (:mod:`.folding`), so the words of the folded text sit
where they are in the original; each word a query word matches is highlighted (the typed
part of it when it holds the query word, else the whole word). Multi-valued fields are
spanned in their values joined with :data:`~.documents.FIELD_JOIN`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .documents import KindSpec, value_text
from .folding import normalize
from .ranking import WordMatch

__all__ = ["Spans", "spans_of"]

Spans = tuple[tuple[int, int], ...]


def _merge(spans: list[tuple[int, int]]) -> Spans:
    spans.sort()
    out = [spans[0]]
    for start, end in spans[1:]:
        if start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def spans_of(
    spec: KindSpec, values: Sequence[Any], matches: Sequence[WordMatch], prose: bool = True
) -> dict[str, Spans]:
    """Field name → the spans of its text that ``matches`` match. ``prose=False`` looks
    through long prose (summaries, abstracts) only when no short field matched: what a list
    needs, which shows short fields and says where else an item matched (an abstract is
    most of the work)."""
    out: dict[str, Spans] = {}
    for long in (False, True):  # every kind lists its long fields last
        if long and out and not prose:
            break
        for pos, f in enumerate(spec.fields):
            if f.long is not long or not values[pos]:
                continue
            relevant = [m for m in matches if pos in m.fields]
            if not relevant:
                continue
            found = _field_spans(normalize(value_text(f, values[pos])), relevant)
            if found:
                out[f.name] = _merge(found)
    return out


def _field_spans(folded: str, relevant: Sequence[WordMatch]) -> list[tuple[int, int]]:
    """Spans of the words of ``folded`` (split at spaces) that one of ``relevant`` matches.

    Each distinct word is matched once, and a field none of whose words match (most of a
    hit's fields: the authors of a title hit) costs one pass over its words.
    """
    words = folded.split(" ")
    matching: dict[str, WordMatch] = {}
    for token in set(words):
        if token:
            for m in relevant:
                if m.quality(token) > 0:
                    matching[token] = m
                    break
    if not matching:
        return []
    found: list[tuple[int, int]] = []
    at = 0
    for token in words:
        match = matching.get(token)
        if match is not None:
            start, end = match.span(token)
            found.append((at + start, at + end))
        at += len(token) + 1
    return found
