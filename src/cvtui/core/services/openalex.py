"""OpenAlex: an author (``GET /authors/{id}``) and their works (``GET /works?filter=author.id:…``,
read page by page with a cursor, 100 works a page).

The author gives the name and its other spellings, the ORCID, the last known institution
and the counts (h-index, i10-index, citations, works); each work its DOI, OpenAlex id,
venue, year, type, bibliographic details, abstract (rebuilt from OpenAlex's inverted
index) and every author in order with their OpenAlex id and ORCID. The ``mailto`` OpenAlex
asks for goes with every request when the config names a contact e-mail. The affiliations
OpenAlex infers from papers are not positions and are not imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..author_ids import openalex_author, orcid_id
from ..identifiers import normalize_arxiv, normalize_doi, normalize_openalex_work
from .http import HttpClient, NotFound, service_url
from .record import SourceRecord, dig, iso_date, line, make_paper, metric, prose, unique

__all__ = ["LABEL", "fetch", "parse_id", "read"]

LABEL = "OpenAlex"
DEFAULT_URL = "https://api.openalex.org"
INTERVAL = 0.1
"""OpenAlex allows 100 requests a second; ten is plenty for one person's works."""
PER_PAGE = 100
MAX_PAGES = 200
_TYPES = {
    "preprint": "preprint",
    "posted-content": "preprint",
    "book": "book",
    "book-chapter": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-entry": "book",
    "dissertation": "thesis",
    "report": "report",
    "standard": "report",
    "review": "journal",
    "letter": "journal",
    "editorial": "journal",
    "erratum": "journal",
    "proceedings-article": "conference",
}


def parse_id(text: str) -> str:
    """An OpenAlex author id (``A5023888391`` or its URL), or ``orcid:…`` for an ORCID iD."""
    found = openalex_author(text)
    if found:
        return found
    orcid = orcid_id(text)
    if orcid:
        return f"orcid:{orcid}"
    raise ValueError(
        f"`{line(text, 80)}` is not an OpenAlex author id (like A5023888391) or an ORCID iD"
    )


def fetch(
    client: HttpClient, author: str, progress: Callable[[int, int], None] | None = None
) -> list[Any]:
    base = service_url("openalex", DEFAULT_URL)
    params = {"mailto": client.contact_email} if client.contact_email else {}
    try:
        record = client.json(
            f"{base}/authors/{author}", service=LABEL, params=params, interval=INTERVAL
        )
    except NotFound:
        raise NotFound(f"OpenAlex has no author {author}") from None
    short = openalex_author(line(dig(record, "id"), 200)) or author
    docs: list[Any] = [record]
    cursor = "*"
    seen = 0
    for _ in range(MAX_PAGES):
        page = client.json(
            f"{base}/works",
            service=LABEL,
            params={
                **params,
                "filter": f"author.id:{short}",
                "per_page": str(PER_PAGE),
                "cursor": cursor,
            },
            interval=INTERVAL,
        )
        docs.append(page)
        results = dig(page, "results")
        seen += len(results) if isinstance(results, list) else 0
        total = dig(page, "meta", "count")
        if progress:
            progress(seen, total if isinstance(total, int) else seen)
        cursor = line(dig(page, "meta", "next_cursor"), 2000)
        if not cursor or not results:
            break
    return docs


def read(docs: list[Any], today: dt.date) -> SourceRecord:
    authors = [d for d in docs if isinstance(d, dict) and openalex_author(line(d.get("id"), 200))]
    works: list[Any] = []
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("results"), list):
            works += doc["results"]
        elif isinstance(doc, dict) and normalize_openalex_work(line(doc.get("id"), 200)):
            works.append(doc)
    if not authors and not works:
        raise ValueError("not an OpenAlex author or works response")
    author = authors[0] if authors else {}
    short = openalex_author(line(author.get("id"), 200))
    out = SourceRecord("openalex", LABEL, short)
    if author:
        _author(author, out, today)
    for work in works:
        paper = _work(work) if isinstance(work, dict) else None
        if paper:
            out.papers.append(paper)
    return out.bound()


def _author(author: dict[str, Any], out: SourceRecord, today: dt.date) -> None:
    profile = out.profile
    profile["name"] = line(author.get("display_name"), 500)
    alternatives = [line(a, 500) for a in author.get("display_name_alternatives") or []]
    reordered = {" ".join(sorted(profile["name"].lower().split()))}
    aliases = [a for a in alternatives if " ".join(sorted(a.lower().split())) not in reordered]
    aliases = unique(aliases, besides=[profile["name"]])
    if aliases:
        profile["aliases"] = aliases
    links = {"openalex": f"https://openalex.org/{out.source_id}"} if out.source_id else {}
    orcid = orcid_id(line(author.get("orcid") or dig(author, "ids", "orcid"), 200))
    if orcid:
        links["orcid"] = f"https://orcid.org/{orcid}"
    twitter = line(dig(author, "ids", "twitter"), 200)
    if twitter.startswith("https://"):
        links["twitter"] = twitter
    profile["links"] = links
    institutions = author.get("last_known_institutions") or [author.get("last_known_institution")]
    current = [line(dig(i, "display_name"), 500) for i in institutions if isinstance(i, dict)]
    if current and current[0]:
        profile["affiliation"] = current[0]
    affiliations = author.get("affiliations")
    out.ignore(
        "affiliations inferred from papers",
        len(affiliations) if isinstance(affiliations, list) else 0,
    )
    stats = author.get("summary_stats") or {}
    for name, value in (
        ("h-index", dig(stats, "h_index")),
        ("i10-index", dig(stats, "i10_index")),
        ("citations", author.get("cited_by_count")),
        ("papers", author.get("works_count")),
    ):
        found = metric(name, value, LABEL, today)
        if found:
            out.metrics.append(found)


def abstract(index: Any) -> str:
    """The text of OpenAlex's ``abstract_inverted_index`` (word → positions)."""
    if not isinstance(index, dict):
        return ""
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(word, str) or not isinstance(positions, list):
            continue
        for position in positions:
            if isinstance(position, int) and 0 <= position < 100_000:
                slots[position] = word
    return prose(" ".join(slots[i] for i in sorted(slots)))


def _work(work: dict[str, Any]) -> dict[str, Any] | None:
    title = work.get("title") or work.get("display_name")
    links: dict[str, str] = {}
    oa_id = normalize_openalex_work(line(work.get("id"), 200))
    if oa_id:
        links["openalex"] = f"https://openalex.org/{oa_id}"
    doi = normalize_doi(line(work.get("doi") or dig(work, "ids", "doi"), 500))
    arxiv = ""
    if doi.lower().startswith("10.48550/arxiv."):
        arxiv, doi = normalize_arxiv(doi), ""
    if doi:
        links["doi"] = doi
    location = work.get("primary_location") or {}
    source = dig(location, "source") or work.get("host_venue") or {}
    for place in [location, *(work.get("locations") or [])]:
        landing = line(dig(place, "landing_page_url"), 2000)
        arxiv = arxiv or (normalize_arxiv(landing) if "arxiv" in landing else "")
    if arxiv:
        links["arxiv"] = arxiv
    landing = line(dig(location, "landing_page_url"), 2000)
    if landing.startswith("http") and not normalize_doi(landing) and not normalize_arxiv(landing):
        links["url"] = landing
    pdf = line(dig(location, "pdf_url"), 2000)
    if pdf.startswith("http"):
        links["pdf"] = pdf
    authors = []
    for authorship in work.get("authorships") or []:
        person = dig(authorship, "author") or {}
        ids = []
        orcid = orcid_id(line(person.get("orcid"), 200), checked=False)
        if orcid:
            ids.append(f"orcid:{orcid}")
        short = openalex_author(line(person.get("id"), 200))
        if short:
            ids.append(f"openalex:{short}")
        name = line(person.get("display_name"), 500) or line(authorship.get("raw_author_name"))
        authors.append((name, " ".join(ids)))
    biblio = work.get("biblio") or {}
    first, last = line(dig(biblio, "first_page"), 40), line(dig(biblio, "last_page"), 40)
    pages = f"{first}--{last}" if first and last and first != last else first
    source_type = line(dig(source, "type"), 40)
    kind = _TYPES.get(line(work.get("type_crossref"), 40)) or _TYPES.get(line(work.get("type"), 40))
    if kind is None and line(work.get("type"), 40) == "article":
        kind = {"conference": "conference", "repository": "preprint"}.get(source_type, "journal")
    venue = line(dig(source, "display_name"), 500)
    date = iso_date(work.get("publication_date"))
    count = work.get("authors_count")
    truncated = bool(work.get("is_authors_truncated"))
    return make_paper(
        title,
        authors,
        links=links,
        authors_total=count if isinstance(count, int) and not isinstance(count, bool) else None,
        authors_note="first 100 authors, as OpenAlex lists them" if truncated else "",
        venue=venue,
        year=work.get("publication_year"),
        date=date if len(date) > 4 else "",
        type=kind or "other",
        journal=venue if source_type == "journal" else "",
        volume=line(dig(biblio, "volume"), 40),
        number=line(dig(biblio, "issue"), 40),
        pages=pages,
        publisher=line(dig(source, "host_organization_name") or dig(source, "publisher"), 500),
        language=line(work.get("language"), 20),
        abstract=abstract(work.get("abstract_inverted_index")),
    )
