"""A service's record merged into a profile: what is new is added, nothing written is lost.

Papers go through the BibTeX import's engine (:mod:`.adapter`): an incoming paper that is a
work the profile already lists — the same id at any service, DOI or arXiv id, or the same
title where nothing says otherwise — fills that entry's empty fields and is not added again;
it also adds its authors' ids at the source to ``author_ids`` when both list the same authors.
Elsewhere only what the profile lacks is added: a missing affiliation or summary, other
spellings of the name, empty links, new interests and new entries. Metrics are readings: the
source's new reading of a metric it gave before replaces that value and date; metrics from
other sources stay. A link that names another record at the same service is a conflict for
the caller to refuse.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..author_ids import merge_ids
from ..authors import normalize_name, surname_key
from ..identifiers import paper_identifiers
from . import SERVICES
from .adapter import add_papers, merge_paper, render_profile, same_work, title_key
from .record import SourceRecord
from .sections import SectionEdit, apply_sections

__all__ = ["Merge", "merge_record", "new_profile"]

_FILLED_TOP = ("affiliation", "summary")
_BIBLIO = (
    "journal",
    "booktitle",
    "pages",
    "volume",
    "number",
    "publisher",
    "series",
    "isbn",
    "issn",
    "language",
    "abstract",
    "editors",
)
_ID_NAMES = {
    "doi": "same DOI",
    "arxiv": "same arXiv id",
    "acl": "same ACL Anthology id",
    "openreview": "same OpenReview id",
    "url": "same page",
    "dblp": "same DBLP key",
    "openalex": "same OpenAlex id",
    "s2": "same Semantic Scholar id",
}
_ENTRY_KEYS = {
    "education": ("institution", "degree"),
    "experience": ("organisation", "role"),
    "awards": ("title", "awarder"),
    "service": ("role", "venues"),
}


@dataclass
class Merge:
    """The merged text and what changed, for the report."""

    text: str
    added: int = 0
    merged: int = 0
    lines: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _short(title: object) -> str:
    text = str(title or "")
    return text if len(text) <= 70 else text[:67] + "..."


def _ids(paper: Mapping[str, Any]) -> list[str]:
    links = paper.get("links")
    links = links if isinstance(links, Mapping) else {}

    def get(name: str) -> str:
        value = links.get(name)
        return value if isinstance(value, str) else ""

    return paper_identifiers(
        get("doi"),
        get("arxiv"),
        get("url"),
        get("pdf"),
        get("dblp"),
        get("openalex"),
        get("semantic_scholar"),
    )


class _Index:
    """The papers so far, found by identifier and by title (so matching is not quadratic)."""

    def __init__(self) -> None:
        self.papers: list[dict[str, Any]] = []
        self.by_id: dict[str, list[int]] = defaultdict(list)
        self.by_title: dict[str, list[int]] = defaultdict(list)

    def add(self, paper: dict[str, Any]) -> int:
        index = len(self.papers)
        self.papers.append(paper)
        self.note(index)
        return index

    def note(self, index: int) -> None:
        paper = self.papers[index]
        for ident in _ids(paper):
            if index not in self.by_id[ident]:
                self.by_id[ident].append(index)
        key = title_key(paper.get("title"))
        if key and index not in self.by_title[key]:
            self.by_title[key].append(index)

    def find(self, paper: Mapping[str, Any]) -> tuple[int, str] | None:
        for ident in _ids(paper):
            for index in self.by_id.get(ident, ()):
                scheme = ident.split(":", 1)[0]
                return index, _ID_NAMES.get(scheme, f"same {scheme} id")
        for index in self.by_title.get(title_key(paper.get("title")), ()):
            reason = same_work(self.papers[index], paper)
            if reason:
                return index, reason
        return None


def _aligned(old: Sequence[Any], new: Sequence[Any]) -> bool:
    """Whether two author lists name the same people in the same order (by last name)."""
    if len(old) != len(new) or not old:
        return False
    return all(
        isinstance(a, str) and isinstance(b, str) and surname_key(a) == surname_key(b)
        for a, b in zip(old, new, strict=True)
    )


def _supplement(existing: dict[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """Fields the engine does not fill: author ids at the source, the bibliographic record."""
    changes: dict[str, Any] = {}
    new_ids = incoming.get("author_ids")
    if isinstance(new_ids, list) and _aligned(existing.get("authors") or [], incoming["authors"]):
        old_ids = existing.get("author_ids")
        old_ids = old_ids if isinstance(old_ids, list) and len(old_ids) == len(new_ids) else None
        merged = [
            merge_ids(str(old_ids[i]) if old_ids else "", str(new)) for i, new in enumerate(new_ids)
        ]
        if merged != (old_ids or [""] * len(new_ids)):
            changes["author_ids"] = merged
    for name in _BIBLIO:
        value = incoming.get(name)
        if value not in (None, "", []) and existing.get(name) in (None, "", []):
            changes[name] = value
    existing.update(changes)
    return changes


def _same_entry(section: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    first, second = _ENTRY_KEYS[section]

    def key(entry: Mapping[str, Any], name: str) -> Any:
        value = entry.get(name)
        if isinstance(value, list):
            return frozenset(normalize_name(str(v)) for v in value)
        return normalize_name(value) if isinstance(value, str) else ""

    if key(a, first) != key(b, first) or key(a, "kind") != key(b, "kind"):
        return False
    sa, sb = key(a, second), key(b, second)
    if sa and sb and sa != sb and not (isinstance(sa, frozenset) and sa & sb):
        return False
    years = [str(e.get("start") or e.get("date") or "")[:4] for e in (a, b)]
    return not (years[0] and years[1] and years[0] != years[1])


def _sections(data: Mapping[str, Any], record: SourceRecord, out: Merge) -> SectionEdit:
    edit = SectionEdit()
    profile = record.profile
    for key in _FILLED_TOP:
        value = profile.get(key)
        if value and not data.get(key):
            edit.top[key] = value
    written = [data.get("name", ""), *(data.get("aliases") or [])]
    known = {normalize_name(n) for n in written if isinstance(n, str)}
    for name in [profile.get("name", ""), *(profile.get("aliases") or [])]:
        if name and normalize_name(name) not in known:
            known.add(normalize_name(name))
            edit.aliases.append(name)
    written_links = data.get("links")
    links: Mapping[str, Any] = written_links if isinstance(written_links, Mapping) else {}
    own = SERVICES[record.service]
    for key, value in (profile.get("links") or {}).items():
        current = links.get(key)
        if not current:
            edit.links[key] = value
        elif key == own.link and own.from_link(str(current)) != own.from_link(value):
            out.conflicts.append(
                f"the profile's links.{key} is {current}, not {value}: another record"
            )
    have = {normalize_name(i) for i in data.get("interests") or [] if isinstance(i, str)}
    have |= {
        normalize_name(i.get("area", ""))
        for i in data.get("interests") or []
        if isinstance(i, dict)
    }
    for interest in profile.get("interests") or []:
        if normalize_name(interest) not in have:
            have.add(normalize_name(interest))
            edit.interests.append(interest)
    for section in _ENTRY_KEYS:
        present = [e for e in data.get(section) or [] if isinstance(e, Mapping)]
        for entry in profile.get(section) or []:
            if not any(_same_entry(section, old, entry) for old in present):
                present.append(entry)
                edit.entries.setdefault(section, []).append(entry)
    old_metrics = [m if isinstance(m, Mapping) else {} for m in data.get("metrics") or []]
    for reading in record.metrics:
        for index, old in enumerate(old_metrics):
            same_name = normalize_name(str(old.get("name", ""))) == normalize_name(reading["name"])
            if same_name and str(old.get("source", "")).lower() == reading["source"].lower():
                update = {
                    k: reading[k] for k in ("value", "as_of") if str(old.get(k)) != str(reading[k])
                }
                if update:
                    edit.metric_updates[index] = update
                break
        else:
            edit.metrics.append(reading)
    parts = []
    if edit.links:
        parts.append("links " + ", ".join(sorted(edit.links)))
    if edit.aliases:
        parts.append(f"{len(edit.aliases)} other spelling{'s' if len(edit.aliases) != 1 else ''}")
    for section, entries in edit.entries.items():
        parts.append(f"{len(entries)} {section}")
    if edit.interests:
        parts.append(f"{len(edit.interests)} interests")
    parts += [f"{k}" for k in edit.top]
    if edit.metrics or edit.metric_updates:
        parts.append(f"metrics: {len(edit.metrics)} new, {len(edit.metric_updates)} updated")
    out.summary += parts
    return edit


def _papers(existing: list[Any], record: SourceRecord, out: Merge) -> tuple[list[Any], dict]:
    index = _Index()
    for paper in existing:
        index.add(copy.deepcopy(paper) if isinstance(paper, dict) else {})
    first_new = len(index.papers)
    changes: dict[int, dict[str, Any]] = {}
    for incoming in record.papers:
        found = index.find(incoming)
        if found is None:
            index.add(copy.deepcopy(incoming))
            out.added += 1
            out.lines.append(f"  added   {_short(incoming['title'])}")
            continue
        target, reason = found
        base = index.papers[target]
        year = base.get("year")
        fields = merge_paper(base, incoming)
        date = fields.get("date")
        if year and "year" not in fields and isinstance(date, str) and date[:4] != str(year):
            del fields["date"]  # a reprint's date is not the written year's paper's
            base.pop("date", None)
        fields |= _supplement(base, incoming)
        index.note(target)
        out.merged += 1
        if target < first_new and fields:
            changes.setdefault(target, {}).update(fields)
        what = "added " + ", ".join(sorted(fields)) if fields else "nothing new"
        out.lines.append(f"  merged  {_short(incoming['title'])} ({reason}; {what})")
    return index.papers[first_new:], changes


def merge_record(text: str, data: Mapping[str, Any], record: SourceRecord) -> Merge:
    """``text`` (a profile whose parsed data is ``data``) with ``record`` merged in."""
    out = Merge(text)
    edit = _sections(data, record, out)
    existing = data.get("papers") or []
    if not isinstance(existing, list):
        existing = []
    added, changes = _papers(existing, record, out)
    result = apply_sections(text, edit)
    if added or changes:
        result = add_papers(result, added, changes)
    out.text = result
    return out


def new_profile(record: SourceRecord, name: str, comment: str) -> Merge:
    """A new profile holding ``record`` (works that are one work merged into one)."""
    out = Merge("")
    data: dict[str, Any] = {"name": name}
    edit = _sections(data, record, out)
    added, _ = _papers([], record, out)
    profile: dict[str, Any] = {"name": name, **edit.top}
    if edit.aliases:
        profile["aliases"] = edit.aliases
    profile["links"] = edit.links
    profile["interests"] = edit.interests
    profile["metrics"] = edit.metrics
    profile |= {key: entries for key, entries in edit.entries.items() if entries}
    profile["papers"] = added
    out.text = render_profile(profile, comment)
    return out
