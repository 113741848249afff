"""ORCID works → papers: one paper per work group, with its ids, venue, date and authors.

ORCID groups the copies of one work that several sources added (Crossref, a publisher, the
person) and marks one preferred. The paper takes the preferred copy and fills what it lacks
from the others; its authors come from the full work (``contributors``), with each one's
ORCID iD kept in ``author_ids``. Only identifiers that name the work itself (relationship
``self``) become its DOI or arXiv id: a ``part-of`` ISSN is the journal's, a ``version-of``
DOI another version's.
"""

from __future__ import annotations

from typing import Any

from ..author_ids import orcid_id
from ..identifiers import normalize_arxiv, normalize_doi
from .record import SourceRecord, dig, line, make_paper, partial_date, prose

__all__ = ["ORCID_TYPES", "work_from_group"]

ORCID_TYPES = {
    "journal-article": "journal",
    "journal-issue": "journal",
    "magazine-article": "journal",
    "newspaper-article": "journal",
    "review": "journal",
    "book-review": "journal",
    "conference-paper": "conference",
    "conference-abstract": "conference",
    "conference-poster": "conference",
    "conference-presentation": "conference",
    "conference-output": "conference",
    "preprint": "preprint",
    "book": "book",
    "book-chapter": "book",
    "edited-book": "book",
    "encyclopedia-entry": "book",
    "dictionary-entry": "book",
    "dissertation": "thesis",
    "dissertation-thesis": "thesis",
    "report": "report",
    "working-paper": "report",
    "technical-standard": "report",
}
_EDITOR_ROLES = {"editor"}
_AUTHOR_ROLES = {
    "author",
    "co-investigator",
    "principal-investigator",
    "graduate-student",
    "postdoctoral-researcher",
    "co-inventor",
    "other-inventor",
}
"""Contributors who wrote the work; support staff, translators and assignees did not."""


def _kind(value: Any) -> str:
    return line(value, 80).lower().replace("_", "-")


def _ids(summary: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = []
    for item in dig(summary, "external-ids", "external-id") or []:
        if not isinstance(item, dict):
            continue
        kind = _kind(item.get("external-id-type"))
        value = line(item.get("external-id-value"), 500)
        relation = _kind(item.get("external-id-relationship")) or "self"
        if kind and value:
            found.append((kind, value, relation))
    return found


def _title(work: dict[str, Any]) -> str:
    title = line(dig(work, "title", "title"))
    subtitle = line(dig(work, "title", "subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        return f"{title}: {subtitle}" if title else subtitle
    return title


def _contributors(work: dict[str, Any] | None) -> tuple[list[tuple[str, str]], list[str]]:
    """(authors as (name, ids), editors) in the order ORCID lists them; a role given as a
    CRediT URL (API v3.0) is an author's."""
    authors: list[tuple[str, str]] = []
    editors: list[str] = []
    for item in dig(work, "contributors", "contributor") or []:
        if not isinstance(item, dict):
            continue
        name = line(dig(item, "credit-name"), 500)
        if not name:
            continue
        role = _kind(dig(item, "contributor-attributes", "contributor-role"))
        orcid = orcid_id(line(dig(item, "contributor-orcid", "path"), 40), checked=False)
        ids = f"orcid:{orcid}" if orcid else ""
        if role in _EDITOR_ROLES:
            editors.append(name)
        elif not role or role in _AUTHOR_ROLES or role.startswith("http"):
            authors.append((name, ids))
    return authors, editors


def work_from_group(
    group: dict[str, Any], full: dict[str, Any] | None, out: SourceRecord
) -> dict[str, Any] | None:
    """The paper of one work group (``full``: the preferred work read in full, if any)."""
    summaries = [s for s in group.get("work-summary") or [] if isinstance(s, dict)]
    copies = ([full] if full else []) + summaries
    if not copies:
        return None
    title = next((t for t in map(_title, copies) if t), "")
    links: dict[str, str] = {}
    fields: dict[str, Any] = {}
    skipped = 0
    for copy in copies:
        for kind, value, relation in _ids(copy):
            if kind == "doi" and relation == "self":
                doi = normalize_doi(value)
                if not doi:
                    out.warnings.append(f"{title[:60]}: `{value[:60]}` is not a DOI; left out")
                elif "doi" not in links:
                    links["doi"] = doi
            elif kind == "arxiv" and relation == "self":
                arxiv = normalize_arxiv(value)
                if arxiv:
                    links.setdefault("arxiv", arxiv)
            elif kind == "isbn":
                fields.setdefault("isbn", value)
            elif kind == "issn" and relation == "part-of":
                fields.setdefault("issn", value)
            elif relation == "self":
                skipped += 1
        url = line(dig(copy, "url"))
        is_id = bool(normalize_doi(url) or normalize_arxiv(url))
        if url.startswith(("http://", "https://")) and "url" not in links and not is_id:
            links["url"] = url
        venue = line(dig(copy, "journal-title"), 500)
        if venue and not fields.get("venue"):
            fields["venue"] = venue
        date = dig(copy, "publication-date")
        when = partial_date(dig(date, "year"), dig(date, "month"), dig(date, "day"))
        if len(when) > len(fields.get("date", "")):
            fields["date"] = when
        mapped = ORCID_TYPES.get(_kind(copy.get("type")), "")
        if mapped and not fields.get("type"):
            fields["type"] = mapped
    out.ignore("work ids with no place in a paper (PubMed, bibcode, handle…)", skipped)
    authors, editors = _contributors(full)
    date = fields.pop("date", "")
    extra: dict[str, Any] = {"year": date[:4], "editors": editors}
    if len(date) > 4:
        extra["date"] = date
    if full:
        extra["abstract"] = prose(full.get("short-description"))
        extra["language"] = line(full.get("language-code"), 20)
    return make_paper(title, authors, links=links, **fields, **extra)
