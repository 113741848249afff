"""Citation keys: the paper's own when it has one, else ``surnameYEARword`` (``ji2023beavertails``),
unique over everything one export writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Author, Paper
from .names import split_family

__all__ = ["CitationKeys", "conventional_key"]

_KEY_OK_RE = re.compile(r"^[^\s,{}()\"#%'=\\~]{1,100}$")
_TITLE_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "from",
        "towards",
        "toward",
        "via",
        "by",
        "at",
        "is",
        "are",
        "do",
        "does",
        "how",
        "what",
        "why",
        "when",
        "can",
        "we",
        "our",
        "into",
        "using",
        "through",
        "under",
        "over",
        "about",
        "beyond",
        "between",
    ]
)
_ASCII_RE = re.compile(r"[^a-z0-9]")


def _ascii(text: str) -> str:
    from anyascii import anyascii

    return _ASCII_RE.sub("", anyascii(text).lower())


def conventional_key(paper: Paper) -> str:
    """``surnameYEARword``: the first author's (or editor's) family name, the year, and the
    first word of the title that is not a stop word, transliterated to ASCII."""
    names = paper.authors or paper.editors
    surname = ""
    if names:
        display = Author.parse(names[0]).name
        family = split_family(display, paper.family_names)
        surname = _ascii(family)
    year = paper.year or (paper.date.year if paper.date and not paper.date.is_present else None)
    word = next(
        (
            w
            for w in (_ascii(t) for t in re.split(r"[\s\-–—:/]+", paper.title))
            if w and w not in _TITLE_STOP
        ),
        "",
    )
    return f"{surname or 'anon'}{year or 'nd'}{word}"


def _suffix(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, rem = divmod(n, 26)
        out = letters[rem] + out
        if n == 0:
            return out
        n -= 1


class CitationKeys:
    """Hands out keys that are unique (case-insensitively) over one exported set.

    A paper keeps the key it was imported with (``citation_key``) when that key is free; a
    key that is taken gets ``a``, ``b``, … appended, in the order papers are given.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def reserve(self, keys: Iterable[str]) -> None:
        """Keys that are already used (by entries written elsewhere in the same file)."""
        self._taken.update(k.lower() for k in keys)

    def key(self, paper: Paper) -> str:
        own = paper.citation_key.strip()
        base = own if own and _KEY_OK_RE.match(own) else conventional_key(paper)
        key = base
        n = 0
        while key.lower() in self._taken:
            key = base + _suffix(n)
            n += 1
        self._taken.add(key.lower())
        return key
