"""What a service's record becomes: profile fields, metrics and papers, cleaned and bounded.

A fetched record is as untrusted as any profile: every string is sanitised (terminal
controls become visible placeholders), whitespace in one-line fields is collapsed, strings
and lists are cut to the loader's limits, and a record with more papers than any person
writes is cut with a warning. The dicts have the shapes the other importers produce, so one
merge engine takes them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..loading import MAX_STRING_CHARS
from ..text import sanitize

__all__ = [
    "MAX_AUTHORS",
    "MAX_PAPERS",
    "SourceRecord",
    "dig",
    "line",
    "make_paper",
    "metric",
    "number",
    "partial_date",
    "prose",
]

MAX_PAPERS = 20_000
"""More papers than this in one record is not one person's list; the rest are dropped."""
MAX_AUTHORS = 3_000
"""Authors kept per paper (``authors_total`` keeps the real count)."""
MAX_ENTRIES = 1_000
"""Entries kept per profile section (education, experience, awards, service)."""
_SPACES = re.compile(r"\s+")


@dataclass
class SourceRecord:
    """One person's record at one service, ready to merge into a profile."""

    service: str
    """``orcid``, ``dblp``, ``openalex`` or ``semanticscholar``."""
    label: str
    """The service's name as people write it (``Semantic Scholar``)."""
    source_id: str
    profile: dict[str, Any] = field(default_factory=dict)
    """``name``, ``aliases``, ``affiliation``, ``summary``, ``links``, ``interests``,
    ``education``, ``experience``, ``awards``, ``service`` (each only when the source has it)."""
    metrics: list[dict[str, Any]] = field(default_factory=list)
    papers: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    """What the source holds that a profile has no place for, with how many."""

    def ignore(self, what: str, count: int = 1) -> None:
        if count:
            self.ignored[what] = self.ignored.get(what, 0) + count

    def bound(self) -> SourceRecord:
        """Cut the record to the limits, saying so."""
        if len(self.papers) > MAX_PAPERS:
            self.warnings.append(
                f"{self.label} lists {len(self.papers):,} works; only the first "
                f"{MAX_PAPERS:,} were read"
            )
            del self.papers[MAX_PAPERS:]
        for key in ("education", "experience", "awards", "service"):
            entries = self.profile.get(key)
            if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
                self.warnings.append(f"{self.label}: only the first {MAX_ENTRIES} {key} read")
                del entries[MAX_ENTRIES:]
        return self


def dig(doc: Any, *path: str | int) -> Any:
    """``doc[path[0]][path[1]]…``, or ``None`` where a step is missing or of the wrong kind."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(doc, list) or not -len(doc) <= step < len(doc):
                return None
        elif not isinstance(doc, Mapping):
            return None
        doc = doc[step] if isinstance(step, int) else doc.get(step)
    return doc


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, Mapping) and "value" in value:  # ORCID's {"value": …}
        return _text(value.get("value"))
    return value if isinstance(value, str) else ""


def line(value: Any, limit: int = 2_000) -> str:
    """A one-line field: sanitised, whitespace collapsed, cut to ``limit`` characters."""
    text = _SPACES.sub(" ", _text(value)).strip()
    return sanitize(text[:limit])


def prose(value: Any) -> str:
    """A long field (an abstract, a biography): sanitised, line breaks kept, cut to the
    loader's string limit."""
    text = _text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return sanitize(text[:MAX_STRING_CHARS])


def number(value: Any) -> int | float | None:
    """A count or score as the source gives it; ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and -(2**53) < value < 2**53:
        return value
    if isinstance(value, float) and value == value and abs(value) < 1e15:
        return int(value) if value.is_integer() else round(value, 3)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 16:
        return int(value.strip())
    return None


def partial_date(year: Any, month: Any = None, day: Any = None) -> str:
    """``2018``, ``2018-12`` or ``2018-12-01`` from parts that may be missing or wrong."""
    y = _int(year)
    if y is None or not 1000 <= y <= 2999:
        return ""
    m = _int(month)
    if m is None or not 1 <= m <= 12:
        return f"{y:04d}"
    d = _int(day)
    if d is not None:
        try:
            dt.date(y, m, d)
        except ValueError:
            d = None
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")


def iso_date(value: Any) -> str:
    """A partial date from ``2018-02-13`` or ``2018``-like text."""
    text = line(value, 40)
    parts = text.split("T")[0].split("-")
    return partial_date(*[*parts, None, None][:3]) if parts and parts[0] else ""


def _int(value: Any) -> int | None:
    text = _text(value).strip()
    return int(text) if text.isdigit() and len(text) <= 4 else None


def metric(name: str, value: Any, source: str, as_of: dt.date) -> dict[str, Any] | None:
    """One ``[[metrics]]`` entry, or ``None`` when the value is missing."""
    found = number(value)
    if found is None:
        return None
    return {"name": name, "value": found, "source": source, "as_of": as_of.isoformat()}


def make_paper(
    title: Any,
    authors: Sequence[tuple[str, str]] = (),
    *,
    links: Mapping[str, str] | None = None,
    authors_total: int | None = None,
    **fields: Any,
) -> dict[str, Any] | None:
    """A paper dict in the profile format, or ``None`` without a title.

    ``authors`` are (name, ids) pairs in order; ``author_ids`` is written only when some
    author has one. Empty values are left out.
    """
    clean_title = line(title)
    if not clean_title:
        return None
    paper: dict[str, Any] = {"title": clean_title}
    names = [(line(name, 500), ids) for name, ids in authors]
    names = [(name, ids) for name, ids in names if name]
    if len(names) > MAX_AUTHORS:
        authors_total = max(authors_total or 0, len(names))
        names = names[:MAX_AUTHORS]
    if names:
        paper["authors"] = [name for name, _ in names]
        if any(ids for _, ids in names):
            paper["author_ids"] = [line(ids, 500) for _, ids in names]
    if authors_total and authors_total > len(names):
        paper["authors_total"] = authors_total
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            items = [line(v, 500) for v in value][:MAX_AUTHORS]
            items = [v for v in items if v]
            if items:
                paper[key] = items
        elif key == "year":
            year = _int(value)
            if year is not None and 1000 <= year <= 2999:
                paper["year"] = year
        elif key == "abstract":
            text = prose(value)
            if text:
                paper[key] = text
        else:
            text = line(value)
            if text:
                paper[key] = text
    clean_links = {k: line(v) for k, v in (links or {}).items()}
    clean_links = {k: v for k, v in clean_links.items() if v}
    if clean_links:
        paper["links"] = clean_links
    return paper


def unique(values: Iterable[str], *, besides: Iterable[str] = ()) -> list[str]:
    """Distinct non-empty names, in order, without those in ``besides`` (compared folded)."""
    from ..authors import normalize_name

    seen = {normalize_name(v) for v in besides}
    out = []
    for value in values:
        key = normalize_name(value)
        if value and key and key not in seen:
            seen.add(key)
            out.append(value)
    return out
