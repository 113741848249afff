"""arXiv ids and DOIs in the many spellings real files use, reduced to one bare form."""

from __future__ import annotations

import re

__all__ = ["arxiv_in_text", "is_arxiv_doi", "normalize_arxiv", "normalize_doi"]

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z.-]+/\d{7}"
_ARXIV_ID_RE = re.compile(rf"^(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_URL_RE = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.I
)
_ARXIV_DOI_RE = re.compile(rf"^10\.48550/arxiv\.({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_IN_TEXT_RE = re.compile(rf"arxiv[:\s]*({_ARXIV_NEW})(?:v\d+)?", re.I)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def normalize_arxiv(value: str) -> str:
    """An arXiv id without prefix or version (``arXiv:2307.04657v2`` → ``2307.04657``)."""
    value = value.strip()
    match = _ARXIV_ID_RE.match(value) or _ARXIV_URL_RE.search(value) or _ARXIV_DOI_RE.match(value)
    return match.group(1) if match else ""


def arxiv_in_text(text: str) -> str:
    """An arXiv id mentioned in free text (``arXiv preprint arXiv:2401.00001``), or ``""``."""
    found = _ARXIV_IN_TEXT_RE.search(text)
    return found.group(1) if found else ""


def normalize_doi(value: str) -> str:
    """A bare DOI (``https://doi.org/10.1/x`` → ``10.1/x``); empty when it is not one."""
    value = _DOI_PREFIX_RE.sub("", value.strip())
    return value if value.startswith("10.") and " " not in value else ""


def is_doi_url(value: str) -> bool:
    return bool(_DOI_PREFIX_RE.match(value.strip())) and bool(normalize_doi(value))


def is_arxiv_doi(doi: str) -> bool:
    return bool(_ARXIV_DOI_RE.match(doi))
