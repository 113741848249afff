"""Short venue names (``NeurIPS``) ↔ the full names a reference list needs.

The table is ``data/venues.toml``. Only a venue that *is* a known short name (a year and a
parenthesised remark may follow: ``ICLR 2024 (Spotlight)``) is expanded; ``NeurIPS Workshop on
X`` is another venue and is written as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..text import fold

__all__ = ["full_venue", "short_venue"]

_DATA = Path(__file__).with_name("data") / "venues.toml"
_TAIL_RE = re.compile(r"(?:\s*\([^()]*\))+\s*$|\s*'?\d{2,4}\s*$")
_ORDINAL_RE = re.compile(r"\b(?:\d+(?:st|nd|rd|th)|19\d\d|20\d\d)\b")
_PROCEEDINGS_RE = re.compile(r"^(?:in\s+)?(?:proceedings|proc\.?)\s+(?:of\s+)?(?:the\s+)?")
_JUNK_RE = re.compile(r"[^\w]+")


def _key(name: str) -> str:
    return _JUNK_RE.sub(" ", fold(name)).strip()


def _full_key(name: str) -> str:
    text = _ORDINAL_RE.sub(" ", fold(name).strip())
    text = _PROCEEDINGS_RE.sub("", text.strip())
    return _JUNK_RE.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    import tomli

    data = tomli.loads(_DATA.read_text(encoding="utf-8"))
    expand: dict[str, str] = {}
    shorten: dict[str, str] = {}
    for short, entry in data.items():
        name = entry["name"]
        for alias in (short, *entry.get("aliases", ())):
            expand[_key(alias)] = name
        shorten[_full_key(name)] = short
    return expand, shorten


def _bare(venue: str) -> str:
    previous = None
    text = venue.strip()
    while previous != text:
        previous = text
        text = _TAIL_RE.sub("", text).strip()
    return text


@lru_cache(maxsize=16384)
def full_venue(venue: str) -> str:
    """``NeurIPS 2023`` → ``Advances in Neural Information Processing Systems``; else ``""``."""
    if not venue:
        return ""
    return _tables()[0].get(_key(_bare(venue)), "")


@lru_cache(maxsize=16384)
def short_venue(full: str) -> str:
    """The short name of a full venue name in the table (``""`` when it is not there)."""
    if not full:
        return ""
    return _tables()[1].get(_full_key(full), "")
