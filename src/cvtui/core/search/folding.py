"""Text as the index sees it: case and accents folded, everything else a space, same length.

Keeping the length means a word found in the folded text has the same character span in
the original, so highlights line up. Indexing, query words, scoring and spans all use these
functions, so what matches and what is highlighted never disagree.
"""

from __future__ import annotations

import unicodedata

from ..text import fold

__all__ = ["cased", "normalize", "tokens"]


class _NormTable(dict[int, str]):
    """``str.translate`` table: fold case and accents, everything not a letter/digit → space."""

    def __init__(self, keep_case: bool) -> None:
        super().__init__()
        self.keep_case = keep_case
        for code in range(128):
            self[code] = self.__missing__(code)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if self.keep_case:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out = base if len(base) == 1 else ch
        else:
            out = fold(ch)
        if not out.isalnum():
            out = " "
        self[code] = out
        return out


_NORM = _NormTable(keep_case=False)
_CASED = _NormTable(keep_case=True)
# The same tables for ASCII text as bytes: ``bytes.translate`` takes a byte per character
# from a 256-byte table, several times quicker than a dict looked up per character (most
# text is ASCII; scoring folds every pooled document's fields on each keystroke).
_ASCII_NORM = bytes(ord(_NORM[c]) for c in range(128)) + bytes(128)
_ASCII_CASED = bytes(ord(_CASED[c]) for c in range(128)) + bytes(128)


def normalize(text: str) -> str:
    """``text`` folded for matching, same length: ``Self-Play, Jürgen`` → ``self play  jurgen``."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NORM).decode("ascii")
    return text.translate(_NORM)


def cased(text: str) -> str:
    """Like :func:`normalize` but keeping case, for smart-case terms."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_CASED).decode("ascii")
    return text.translate(_CASED)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return normalize(text).split()
