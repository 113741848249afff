"""Which imported entries complete a paper already in the profile, and which are new.

Every entry of the file is kept: two entries of one file are never merged with each other
(a file that lists a preprint and its published version, or the same talk twice under two
keys, means both). An entry completes at most one paper already in the profile, and each
paper takes at most one entry per import. Candidates are found through indexes on DOI, arXiv
id and normalised title, so a file of 10,000 entries is matched against a profile of 10,000
papers in linear time.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .merge import _arxiv, _doi, merge_paper, same_work, title_key

__all__ = ["ImportPlan", "Incoming", "plan_import"]


class Incoming(Protocol):
    """One imported paper: its profile fields, where it was in the file, its number."""

    fields: dict[str, Any]
    key: str
    line: int
    number: str


@dataclass
class ImportPlan:
    added: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)  # profile index → fields
    lines: list[str] = field(default_factory=list)  # one report line per entry
    merged: int = 0


class _Index:
    """The profile's papers by DOI, arXiv id and normalised title."""

    def __init__(self, papers: Sequence[Mapping[str, Any]]) -> None:
        self.by: dict[tuple[str, str], list[int]] = {}
        for i, paper in enumerate(papers):
            for key in self._keys(paper):
                self.by.setdefault(key, []).append(i)

    @staticmethod
    def _keys(paper: Mapping[str, Any]) -> list[tuple[str, str]]:
        keys = [
            ("doi", _doi(paper)),
            ("arxiv", _arxiv(paper)),
            ("title", title_key(paper.get("title"))),
        ]
        return [k for k in keys if k[1]]

    def candidates(self, paper: Mapping[str, Any]) -> list[int]:
        found = {i for key in self._keys(paper) for i in self.by.get(key, ())}
        return sorted(found)


def _short(title: object) -> str:
    text = str(title or "")
    return text if len(text) <= 70 else text[:67] + "..."


def _describe(changes: Mapping[str, Any]) -> str:
    return "added " + ", ".join(sorted(changes)) if changes else "nothing new"


def plan_import(
    existing: Sequence[dict[str, Any]], incoming: Iterable[Incoming], taken_ids: set[str]
) -> ImportPlan:
    """Merge ``incoming`` into (copies of) ``existing`` or add it; ``taken_ids`` is updated."""
    from ..loading import paper_ids

    plan = ImportPlan()
    profile = [copy.deepcopy(p) for p in existing]
    index = _Index(profile)
    completed: set[int] = set()
    for item in incoming:
        paper = item.fields
        target = None
        for i in index.candidates(paper):
            if i in completed:
                continue
            reason = same_work(profile[i], paper, "", item.number)
            if reason:
                target = (i, reason)
                break
        if target is not None:
            i, reason = target
            base = profile[i]
            completed.add(i)
            plan.merged += 1
            fields = merge_paper(base, {k: v for k, v in paper.items() if k != "id"})
            if fields:
                plan.changes.setdefault(i, {}).update(fields)
            plan.lines.append(
                f"  merged  line {item.line}: {_short(paper.get('title'))} → "
                f"{_short(base.get('title'))} ({reason}; {_describe(fields)})"
            )
            continue
        if "id" in paper and paper["id"] in taken_ids:
            del paper["id"]
        written = str(paper["id"]) if isinstance(paper.get("id"), str) else ""
        taken_ids.update(paper_ids([(written, str(paper.get("title", "")))]))
        plan.added.append(paper)
        plan.lines.append(f"  added   line {item.line}: {_short(paper.get('title'))}")
    return plan
