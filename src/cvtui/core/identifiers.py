"""Stable identifiers of a paper (DOI, arXiv, ACL Anthology, OpenReview, DBLP, OpenAlex,
Semantic Scholar, page URL) and title keys.

Two entries that carry the same identifier are the same work wherever they come from, so
every identifier is reduced to one canonical spelling here: ``https://doi.org/10.1/X`` and
``doi:10.1/x`` are both ``doi:10.1/x``; ``arXiv:2307.04657v2`` and an ``arxiv.org/pdf`` link
are both ``arxiv:2307.04657``; a DBLP record, an OpenAlex work and a Semantic Scholar paper
become ``dblp:conf/acl/Ji23``, ``openalex:W2741809807`` and ``s2:<40 hex digits>`` whether
written as a URL or a bare key. Titles are keyed with case, accents, punctuation, LaTeX
commands and protective braces ignored.
"""

from __future__ import annotations

import re

from .text import fold

__all__ = [
    "CONFLICTING_SCHEMES",
    "is_arxiv_doi",
    "normalize_arxiv",
    "normalize_dblp_key",
    "normalize_doi",
    "normalize_openalex_work",
    "normalize_s2_paper",
    "paper_identifiers",
    "title_key",
]

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z.-]+/\d{7}"
_ARXIV_ID_RE = re.compile(rf"^(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_URL_RE = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.I
)
_ARXIV_DOI_RE = re.compile(rf"^10\.48550/arxiv\.({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ACL_ID_RE = re.compile(
    r"(?:aclanthology\.org/|aclweb\.org/anthology/(?:[A-Z]/[A-Z]\d{2}/)?)"
    r"([A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+)",
    re.I,
)
_LATEX_COMMAND_RE = re.compile(r"\\[a-zA-Z]+\*?")
_TITLE_JUNK_RE = re.compile(r"[^\w]+")

CONFLICTING_SCHEMES = frozenset({"doi", "arxiv", "acl", "openreview"})
"""Schemes of which one work has one value: two entries with different values of one of
these are different works, however alike their titles (a page URL proves nothing of the kind:
a project page and a paper page are both URLs of one work; nor does a service's record id:
DBLP keeps a preprint and its proceedings version as two records, OpenAlex and Semantic
Scholar sometimes hold one paper twice)."""

_DBLP_KEY_RE = re.compile(
    r"^(?:(?:https?://)?dblp(?:\.uni-trier|\.dagstuhl)?\.(?:org|de)/rec/(?:[a-z]+/)?|dblp:)?"
    r"((?:journals|conf|books|series|phd|persons|reference|tr|ms|www|homepages|informal)"
    r"/[\w.+-]+(?:/[\w.+-]+)+)$",
    re.I,
)
_DBLP_SUFFIX_RE = re.compile(r"\.(?:html|xml|bib)$", re.I)
_OPENALEX_WORK_RE = re.compile(
    r"^(?:(?:https?://)?(?:api\.)?openalex\.org/(?:works/)?|openalex:)?(W\d{2,})$", re.I
)
_S2_PAPER_RE = re.compile(
    r"^(?:(?:https?://)?(?:www\.|api\.)?semanticscholar\.org/(?:paper|graph/v1/paper)/"
    r"(?:[^/?#\s]+/)?|s2:)?([0-9a-f]{40})(?:[?#].*)?$",
    re.I,
)


def normalize_dblp_key(value: str) -> str:
    """A DBLP record key (``https://dblp.org/rec/conf/acl/Ji23`` → ``conf/acl/Ji23``)."""
    match = _DBLP_KEY_RE.match(_DBLP_SUFFIX_RE.sub("", value.strip()))
    return match.group(1) if match else ""


def normalize_openalex_work(value: str) -> str:
    """An OpenAlex work id (``https://openalex.org/w2741809807`` → ``W2741809807``)."""
    match = _OPENALEX_WORK_RE.match(value.strip())
    return match.group(1).upper() if match else ""


def normalize_s2_paper(value: str) -> str:
    """A Semantic Scholar paper id: its 40 hex digits, from a paper URL or bare."""
    match = _S2_PAPER_RE.match(value.strip())
    return match.group(1).lower() if match else ""


def normalize_arxiv(value: str) -> str:
    """An arXiv id without prefix or version (``arXiv:2307.04657v2`` → ``2307.04657``)."""
    value = value.strip()
    match = _ARXIV_ID_RE.match(value) or _ARXIV_URL_RE.search(value) or _ARXIV_DOI_RE.match(value)
    return match.group(1) if match else ""


def normalize_doi(value: str) -> str:
    """A bare DOI (``https://doi.org/10.1/x`` → ``10.1/x``); empty when it is not one."""
    value = _DOI_PREFIX_RE.sub("", value.strip())
    return value if value.startswith("10.") and " " not in value else ""


def is_arxiv_doi(doi: str) -> bool:
    return bool(_ARXIV_DOI_RE.match(doi))


_URL_RE = re.compile(r"^https?://(?:www\.)?([^/?#\s]+)([^?#\s]*)(?:\?([^#\s]*))?", re.I)
_OPENREVIEW_RE = re.compile(r"^https?://(?:www\.)?openreview\.net/\S*[?&]id=([^&#\s]+)", re.I)


def _page_url(url: str) -> str:
    """A URL as an identifier: scheme, ``www.``, case of the host, query order, fragment
    and a trailing slash do not matter."""
    match = _URL_RE.match(url.strip())
    if match is None:
        return ""
    host, path, query = match.groups()
    path = path.rstrip("/")
    if query:
        query = "&".join(sorted(q for q in query.split("&") if q))
    return f"{host.lower()}{path}" + (f"?{query}" if query else "")


def _openreview(url: str) -> str:
    match = _OPENREVIEW_RE.match(url.strip()) if "openreview" in url else None
    return match.group(1) if match else ""


def paper_identifiers(
    doi: str,
    arxiv: str,
    url: str,
    pdf: str = "",
    dblp: str = "",
    openalex: str = "",
    s2: str = "",
) -> list[str]:
    """The canonical ``scheme:value`` identifiers of one paper's links, strongest first."""
    found: list[str] = []
    bare_doi = normalize_doi(doi) if doi else ""
    arxiv_id = normalize_arxiv(arxiv) if arxiv else ""
    if bare_doi:
        if is_arxiv_doi(bare_doi):
            arxiv_id = arxiv_id or normalize_arxiv(bare_doi)
        else:
            found.append(f"doi:{bare_doi.lower()}")
    for link in (url, pdf):
        if not link:
            continue
        if not bare_doi and _DOI_PREFIX_RE.match(link):
            linked = normalize_doi(link)
            if linked and not is_arxiv_doi(linked):
                found.append(f"doi:{linked.lower()}")
        if not arxiv_id and "arxiv" in link.lower():
            arxiv_id = normalize_arxiv(link)
        acl = _ACL_ID_RE.search(link) if "acl" in link else None
        if acl:
            found.append(f"acl:{acl.group(1).upper()}")
        review = _openreview(link)
        if review:
            found.append(f"openreview:{review}")
    if arxiv_id:
        found.append(f"arxiv:{arxiv_id.lower()}")
    page = _page_url(url) if url else ""
    if page and not page.startswith(("arxiv.org/", "doi.org/", "dx.doi.org/")):
        found.append(f"url:{page}")
    for scheme, value, normalize in (
        ("dblp", dblp, normalize_dblp_key),
        ("openalex", openalex, normalize_openalex_work),
        ("s2", s2, normalize_s2_paper),
    ):
        for candidate in (value, url):
            key = normalize(candidate) if candidate else ""
            if key:
                found.append(f"{scheme}:{key}")
                break
    return list(dict.fromkeys(found))


def title_key(title: str) -> str:
    """``{BERT}: Pre-training of Deep…`` → ``bert pre training of deep…``."""
    if "\\" in title:
        title = _LATEX_COMMAND_RE.sub(" ", title)
    return " ".join(_TITLE_JUNK_RE.sub(" ", fold(title.replace("{", "").replace("}", ""))).split())
