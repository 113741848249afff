"""Semantic Scholar: the Graph API's author (``GET /author/{id}``) and their papers
(``GET /author/{id}/papers``, read page by page until ``next`` runs out).

The author gives the name, other spellings, affiliations, homepage and the counts (h-index,
citations, papers); each paper its Semantic Scholar id, DOI, arXiv id, DBLP key and ACL
Anthology id, venue, year, date, publication types, abstract and every author in order
with their Semantic Scholar id. A response with the papers inside the author (``fields=
papers.…``, as some clients record them) is read the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..author_ids import s2_author
from ..identifiers import normalize_arxiv, normalize_dblp_key, normalize_doi, normalize_s2_paper
from .http import HttpClient, NotFound, service_url
from .record import SourceRecord, dig, iso_date, line, make_paper, metric, unique
from .weblinks import sort_links

__all__ = ["LABEL", "fetch", "parse_id", "read"]

LABEL = "Semantic Scholar"
DEFAULT_URL = "https://api.semanticscholar.org/graph/v1"
INTERVAL = 1.0
"""Without a key every caller shares one pool; Semantic Scholar asks for at most one request
a second and backoff on 429."""
PAGE = 500
MAX_PAGES = 100
AUTHOR_FIELDS = "name,aliases,affiliations,homepage,paperCount,citationCount,hIndex,externalIds,url"
PAPER_FIELDS = (
    "title,externalIds,venue,publicationVenue,year,publicationDate,publicationTypes,"
    "journal,authors,abstract,openAccessPdf,url"
)
_TYPES = {
    "JournalArticle": "journal",
    "Review": "journal",
    "LettersAndComments": "journal",
    "Editorial": "journal",
    "Conference": "conference",
    "Book": "book",
    "BookSection": "book",
    "Dataset": "other",
}


def parse_id(text: str) -> str:
    found = s2_author(text)
    if not found:
        raise ValueError(
            f"`{line(text, 80)}` is not a Semantic Scholar author id (the number in "
            "https://www.semanticscholar.org/author/…/1741101)"
        )
    return found


def fetch(
    client: HttpClient, author: str, progress: Callable[[int, int], None] | None = None
) -> list[Any]:
    base = service_url("semanticscholar", DEFAULT_URL)
    try:
        record = client.json(
            f"{base}/author/{author}",
            service=LABEL,
            params={"fields": AUTHOR_FIELDS},
            interval=INTERVAL,
        )
    except NotFound:
        raise NotFound(f"Semantic Scholar has no author {author}") from None
    total = dig(record, "paperCount")
    docs: list[Any] = [record]
    offset: int | None = 0
    seen = 0
    for _ in range(MAX_PAGES):
        if offset is None:
            break
        page = client.json(
            f"{base}/author/{author}/papers",
            service=LABEL,
            params={"fields": PAPER_FIELDS, "offset": str(offset), "limit": str(PAGE)},
            interval=INTERVAL,
        )
        docs.append(page)
        data = dig(page, "data")
        seen += len(data) if isinstance(data, list) else 0
        if progress:
            progress(seen, total if isinstance(total, int) and total >= seen else seen)
        following = dig(page, "next")
        valid = isinstance(following, int) and not isinstance(following, bool)
        offset = following if valid and following > offset and data else None
    return docs


def read(docs: list[Any], today: dt.date) -> SourceRecord:
    authors = [d for d in docs if isinstance(d, dict) and "authorId" in d]
    papers: list[Any] = []
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        if isinstance(doc.get("data"), list):
            papers += doc["data"]
        if isinstance(doc.get("papers"), list):
            papers += doc["papers"]
    if not authors and not papers:
        raise ValueError("not a Semantic Scholar author or papers response")
    author = authors[0] if authors else {}
    out = SourceRecord("semanticscholar", LABEL, s2_author(line(author.get("authorId"), 40)))
    if author:
        _author(author, out, today)
    seen: set[str] = set()
    for item in papers:
        if not isinstance(item, dict):
            continue
        pid = normalize_s2_paper(line(item.get("paperId"), 80))
        if pid and pid in seen:
            continue
        seen.add(pid)
        paper = _paper(item)
        if paper:
            out.papers.append(paper)
    return out.bound()


def _author(author: dict[str, Any], out: SourceRecord, today: dt.date) -> None:
    profile = out.profile
    profile["name"] = line(author.get("name"), 500)
    external = author.get("externalIds") or {}
    dblp_names = dig(external, "DBLP")
    dblp_names = dblp_names if isinstance(dblp_names, list) else [dblp_names]
    spellings = [line(a, 500) for a in author.get("aliases") or []]
    spellings += [line(n, 500) for n in dblp_names]
    aliases = unique(spellings, besides=[profile["name"]])
    if aliases:
        profile["aliases"] = aliases
    homepage = line(author.get("homepage"), 2000)
    links, _ = sort_links([homepage] if homepage else [])
    if out.source_id:
        links["semantic_scholar"] = f"https://www.semanticscholar.org/author/{out.source_id}"
    orcid = line(dig(external, "ORCID"), 40)
    if orcid:
        links.setdefault("orcid", f"https://orcid.org/{orcid}")
    profile["links"] = links
    affiliations = [line(a, 500) for a in author.get("affiliations") or []]
    if affiliations and affiliations[0]:
        profile["affiliation"] = affiliations[0]
    for name, key in (
        ("h-index", "hIndex"),
        ("citations", "citationCount"),
        ("papers", "paperCount"),
    ):
        found = metric(name, author.get(key), LABEL, today)
        if found:
            out.metrics.append(found)


def _paper(item: dict[str, Any]) -> dict[str, Any] | None:
    external = item.get("externalIds") or {}
    links: dict[str, str] = {}
    pid = normalize_s2_paper(line(item.get("paperId"), 80))
    if pid:
        links["semantic_scholar"] = f"https://www.semanticscholar.org/paper/{pid}"
    doi = normalize_doi(line(dig(external, "DOI"), 500))
    arxiv = normalize_arxiv(line(dig(external, "ArXiv"), 80))
    if doi.lower().startswith("10.48550/arxiv."):
        arxiv, doi = arxiv or normalize_arxiv(doi), ""
    if doi:
        links["doi"] = doi
    if arxiv:
        links["arxiv"] = arxiv
    dblp = normalize_dblp_key(line(dig(external, "DBLP"), 500))
    if dblp:
        links["dblp"] = f"https://dblp.org/rec/{dblp}"
    acl = line(dig(external, "ACL"), 80)
    if acl:
        links["url"] = f"https://aclanthology.org/{acl}"
    pdf = line(dig(item, "openAccessPdf", "url"), 2000)
    if pdf.startswith("http"):
        links["pdf"] = pdf
    authors = []
    for author in item.get("authors") or []:
        short = s2_author(line(dig(author, "authorId"), 40))
        authors.append((line(dig(author, "name"), 500), f"s2:{short}" if short else ""))
    journal = item.get("journal") or {}
    venue = line(dig(item, "publicationVenue", "name"), 500) or line(item.get("venue"), 500)
    types = [t for t in item.get("publicationTypes") or [] if isinstance(t, str)]
    kind = next((_TYPES[t] for t in types if t in _TYPES), "")
    if not kind and arxiv and (not venue or "arxiv" in venue.lower()):
        kind = "preprint"
    date = iso_date(item.get("publicationDate"))
    journal_name = line(dig(journal, "name"), 500)
    return make_paper(
        item.get("title"),
        authors,
        links=links,
        venue=venue or journal_name,
        year=item.get("year"),
        date=date if len(date) > 4 else "",
        type=kind or "other",
        journal=journal_name if kind == "journal" else "",
        volume=line(dig(journal, "volume"), 40),
        pages=line(dig(journal, "pages"), 40).replace(" ", ""),
        abstract=item.get("abstract"),
    )
