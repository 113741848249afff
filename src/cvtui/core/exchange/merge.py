"""Recognise the same paper arriving twice, and merge the second into the first.

Two entries are one work when they share a DOI or an arXiv id, or when their normalised titles
match and nothing says otherwise: different DOIs or patent numbers, two different published
venues (a workshop paper and its journal version are two entries of a CV), or a value both
records give differently (year, pages, a note: one talk given at two workshops). An arXiv
preprint may differ from its published version in anything but its identifiers.
Merging fills in what the first lacks and never discards what it has; a preprint is upgraded
to its published version, keeping the arXiv id.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from ..model import normalize_name
from .identifiers import is_arxiv_doi, normalize_arxiv, normalize_doi

__all__ = ["merge_paper", "same_work"]

_PUBLISHED = ("conference", "journal", "workshop", "book", "report", "thesis")
_FILLED = ("authors", "authors_total", "authors_note", "venue", "year", "date", "status")
# The bibliographic record: filled in when missing; two different values mean two entries.
_RECORD = (
    "booktitle",
    "journal",
    "pages",
    "volume",
    "number",
    "publisher",
    "series",
    "edition",
    "address",
    "isbn",
    "issn",
    "note",
    "abstract",
    "language",
    "editors",
    "keywords",
    "citation_key",
    "entry_type",
)
_IDENTIFYING = ("year", "pages", "volume", "number", "edition", "note", "booktitle", "journal")
_UPGRADED = ("venue", "year", "date", "journal", "booktitle", "pages", "volume", "number")
_TABLES = ("extra", "family_names")


def _links(paper: Mapping[str, Any]) -> Mapping[str, Any]:
    links = paper.get("links")
    return links if isinstance(links, Mapping) else {}


def _doi(paper: Mapping[str, Any]) -> str:
    value = _links(paper).get("doi")
    doi = normalize_doi(value) if isinstance(value, str) else ""
    return "" if not doi or is_arxiv_doi(doi) else doi.lower()


def _arxiv(paper: Mapping[str, Any]) -> str:
    links = _links(paper)
    for name in ("arxiv", "doi", "url"):
        value = links.get(name)
        if isinstance(value, str) and value:
            found = normalize_arxiv(value)
            if found:
                return found
    return ""


def title_key(title: object) -> str:
    return normalize_name(title) if isinstance(title, str) else ""


def _is_preprint(paper: Mapping[str, Any]) -> bool:
    """An arXiv-style preprint (of which a published version may follow), not any unpublished
    entry: two ``@unpublished`` talks with different notes are two entries."""
    from .bibtex_import import _PREPRINT_VENUE_RE

    venue = paper.get("venue")
    return (paper.get("type") == "preprint" and bool(_arxiv(paper))) or (
        isinstance(venue, str) and bool(_PREPRINT_VENUE_RE.search(venue))
    )


def _conflicts(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether the records disagree on a value both give (a preprint may differ from its
    published version in anything)."""
    if _is_preprint(a) or _is_preprint(b):
        return False
    for name in _IDENTIFYING:
        va, vb = a.get(name), b.get(name)
        if va not in (None, "") and vb not in (None, "") and va != vb:
            return True
    ea, eb = a.get("extra"), b.get("extra")
    if isinstance(ea, Mapping) and isinstance(eb, Mapping):
        return any(k in eb and eb[k] != v for k, v in ea.items())
    return False


def _venues_agree(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    from rapidfuzz import fuzz

    va, vb = title_key(a.get("venue")), title_key(b.get("venue"))
    if not va or not vb or _is_preprint(a) or _is_preprint(b):
        return True
    return bool(fuzz.token_set_ratio(va, vb) >= 80)


def same_work(
    a: Mapping[str, Any], b: Mapping[str, Any], number_a: str = "", number_b: str = ""
) -> str:
    """Why ``a`` and ``b`` are the same work (``same DOI``…), or ``""`` when they are not."""
    doi_a, doi_b = _doi(a), _doi(b)
    if doi_a and doi_a == doi_b:
        return "same DOI"
    arxiv_a, arxiv_b = _arxiv(a), _arxiv(b)
    if arxiv_a and arxiv_a == arxiv_b:
        return "same arXiv id"
    key = title_key(a.get("title"))
    if not key or key != title_key(b.get("title")):
        return ""
    if (
        (doi_a and doi_b)
        or (arxiv_a and arxiv_b)
        or (number_a and number_b and number_a != number_b)
    ):
        return ""
    if not _venues_agree(a, b) or _conflicts(a, b):
        return ""
    return "same title"


def merge_paper(existing: MutableMapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """Fill ``existing`` from ``incoming`` in place; returns the changes (``links.x`` keys too).

    Values already in ``existing`` are kept, except that a preprint takes the published
    version's type, venue and dates, and an arXiv DOI gives way to the publisher's DOI.
    """
    changes: dict[str, Any] = {}
    upgrade = (
        existing.get("type") in ("preprint", "other", None) and incoming.get("type") in _PUBLISHED
    )
    for name in (*_FILLED, *_RECORD):
        value = incoming.get(name)
        if value in (None, "", [], ()):
            continue
        replace = upgrade and name in _UPGRADED
        if (replace or existing.get(name) in (None, "", [], ())) and existing.get(name) != value:
            changes[name] = value
    kind = incoming.get("type")
    if (
        kind
        and kind not in ("other", existing.get("type"))
        and (upgrade or existing.get("type") in (None, "other"))
    ):
        changes["type"] = kind
    for name in _TABLES:
        table_in, table_old = incoming.get(name), existing.get(name)
        if not isinstance(table_in, Mapping) or not table_in:
            continue
        before = dict(table_old) if isinstance(table_old, Mapping) else {}
        merged = {**before, **{k: v for k, v in table_in.items() if k not in before}}
        if merged != before:
            changes[name] = merged
    links_in = _links(incoming)
    links_old = _links(existing)
    for name, value in links_in.items():
        old = links_old.get(name)
        if not old:
            changes[f"links.{name}"] = value
        elif (
            name == "doi"
            and isinstance(old, str)
            and is_arxiv_doi(normalize_doi(old))
            and not is_arxiv_doi(normalize_doi(value))
        ):
            changes["links.doi"] = value
            if not links_old.get("arxiv") and "links.arxiv" not in changes:
                changes["links.arxiv"] = normalize_arxiv(old)
    apply_changes(existing, changes)
    return changes


def apply_changes(paper: MutableMapping[str, Any], changes: Mapping[str, Any]) -> None:
    """Set ``changes`` (keys like ``venue`` or ``links.doi``) on a paper mapping."""
    for name, value in changes.items():
        if name.startswith("links."):
            links = paper.get("links")
            if not isinstance(links, MutableMapping):
                links = {}
                paper["links"] = links
            links[name[len("links.") :]] = value
        else:
            paper[name] = value
