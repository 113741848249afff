"""A person's web addresses sorted into the profile's ``links`` by where they point."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .record import line

__all__ = ["sort_links"]

_HOSTS = (
    ("orcid.org", "orcid"),
    ("scholar.google.", "scholar"),
    ("github.com", "github"),
    ("dblp.org", "dblp"),
    ("dblp.uni-trier.de", "dblp"),
    ("semanticscholar.org", "semantic_scholar"),
    ("openreview.net", "openreview"),
    ("openalex.org", "openalex"),
    ("twitter.com", "twitter"),
    ("x.com", "twitter"),
    ("linkedin.com", "linkedin"),
)
_SKIPPED = (
    "wikidata.org",
    "viaf.org",
    "d-nb.info",
    "researcherid.com",
    "isni.org",
    "mathgenealogy",
)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _field(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    for suffix, name in _HOSTS:
        if host == suffix or host.endswith("." + suffix) or host.startswith(suffix):
            return name
    if any(skip in host for skip in _SKIPPED):
        return ""
    return "homepage"


def sort_links(urls: Iterable[str], emails: Iterable[str] = ()) -> tuple[dict[str, str], int]:
    """The ``links`` the addresses fill (the first of each kind wins) and how many were left
    over (a second homepage, an address of a kind the profile has no place for)."""
    links: dict[str, str] = {}
    left = 0
    for raw in urls:
        url = line(raw, 2_000)
        if not url.lower().startswith(("http://", "https://")):
            left += bool(url)
            continue
        name = _field(url)
        if not name or name in links:
            left += 1
            continue
        links[name] = url
    for raw in emails:
        address = line(raw, 254)
        if _EMAIL_RE.match(address) and "email" not in links:
            links["email"] = address
    return links, left
