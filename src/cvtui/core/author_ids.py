"""A person's identifiers at the services that hold researchers' records.

A paper's ``author_ids`` keep, for each author, the ids the source knew them by, written as
space-separated ``scheme:value`` (``orcid:0000-0002-1825-0097 s2:1741101 openalex:A5023888391
dblp:95/7448-1``); a profile names the same services in its ``links`` as URLs. Both are read
here into one canonical spelling, so an author string can be linked to a profile by an id
they share whatever the names say.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Links

__all__ = [
    "SCHEMES",
    "SCHEME_NAMES",
    "dblp_pid",
    "join_ids",
    "merge_ids",
    "openalex_author",
    "orcid_id",
    "parse_ids",
    "profile_ids",
    "s2_author",
]

SCHEMES = ("orcid", "s2", "openalex", "dblp")
"""The schemes an author id may have, in the order they are written."""
SCHEME_NAMES = {
    "orcid": "ORCID",
    "s2": "Semantic Scholar author",
    "openalex": "OpenAlex author",
    "dblp": "DBLP person",
}

_ORCID_RE = re.compile(r"(?<![\d-])(\d{4}-\d{4}-\d{4}-\d{3}[\dX])(?![\d-])", re.I)
_S2_RE = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?semanticscholar\.org/author/(?:[^/?#\s]+/)?|s2:)?(\d{1,12})/?$",
    re.I,
)
_OPENALEX_RE = re.compile(
    r"^(?:(?:https?://)?(?:api\.)?openalex\.org/(?:authors/)?|openalex:)?(A\d{2,})/?$", re.I
)
_DBLP_PID = r"(?:\d{1,4}/\d{1,8}(?:-\d{1,4})?|[a-z]/[A-Za-z][\w.'=-]{0,80}(?:-\d{1,4})?)"
_DBLP_RE = re.compile(
    r"^(?:(?:https?://)?dblp(?:\.uni-trier|\.dagstuhl)?\.(?:org|de)/pid/|dblp:|homepages/)?"
    rf"({_DBLP_PID})(?:\.(?:html|xml|bib))?/?$"
)


def orcid_id(text: str, checked: bool = True) -> str:
    """The ORCID iD in a URL, ``orcid:…`` or bare, upper-cased; with ``checked``, only if its
    check digit holds (what a person types is checked; what a profile says is taken as is)."""
    found = _ORCID_RE.search(text or "")
    if not found:
        return ""
    value = found.group(1).upper()
    return value if not checked or _orcid_checksum_ok(value) else ""


def _orcid_as_written(text: str) -> str:
    return orcid_id(text, checked=False)


def _orcid_checksum_ok(value: str) -> bool:
    """ISO 7064 11-2, as ORCID specifies for the last character."""
    digits = value.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def s2_author(text: str) -> str:
    """A Semantic Scholar author id (``https://www.semanticscholar.org/author/A-Turing/2262347``
    → ``2262347``)."""
    found = _S2_RE.match((text or "").strip())
    return found.group(1) if found else ""


def openalex_author(text: str) -> str:
    """An OpenAlex author id (``https://openalex.org/a5023888391`` → ``A5023888391``)."""
    found = _OPENALEX_RE.match((text or "").strip())
    return found.group(1).upper() if found else ""


def dblp_pid(text: str) -> str:
    """A DBLP person id (``https://dblp.org/pid/95/7448-1.html`` → ``95/7448-1``)."""
    found = _DBLP_RE.match((text or "").strip())
    return found.group(1) if found else ""


_NORMALIZE = {
    "orcid": _orcid_as_written,
    "s2": s2_author,
    "openalex": openalex_author,
    "dblp": dblp_pid,
}
_LINK_FIELDS = {
    "orcid": "orcid",
    "s2": "semantic_scholar",
    "openalex": "openalex",
    "dblp": "dblp",
}


def parse_ids(text: str) -> list[tuple[str, str]]:
    """The known ``scheme:value`` pairs in one author's ids, normalised; others are skipped."""
    found: list[tuple[str, str]] = []
    for word in (text or "").split():
        scheme, sep, value = word.partition(":")
        normalize = _NORMALIZE.get(scheme.lower()) if sep else None
        key = normalize(value) if normalize else ""
        if key:
            found.append((scheme.lower(), key))
    return found


def join_ids(pairs: list[tuple[str, str]]) -> str:
    """``[("orcid", "0000-…"), ("s2", "1741101")]`` → ``orcid:0000-… s2:1741101``."""
    return " ".join(f"{scheme}:{value}" for scheme, value in pairs)


def merge_ids(old: str, new: str) -> str:
    """``old`` with the schemes only ``new`` has added (``old``'s values win on a clash)."""
    have = {scheme for scheme, _ in parse_ids(old)}
    extra = [(s, v) for s, v in parse_ids(new) if s not in have]
    if not extra:
        return old
    return " ".join(filter(None, (old.strip(), join_ids(extra))))


def profile_ids(links: Links) -> list[tuple[str, str]]:
    """The ids a profile's links name (ORCID, Semantic Scholar, OpenAlex, DBLP)."""
    found = []
    for scheme in SCHEMES:
        value = getattr(links, _LINK_FIELDS[scheme])
        key = _NORMALIZE[scheme](value) if value else ""  # most profiles leave most blank
        if key:
            found.append((scheme, key))
    return found
