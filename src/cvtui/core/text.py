"""Untrusted text: make it safe to show, and fold it for matching.

Profiles come from other people. Terminal control characters in them could set the user's
clipboard, title or hyperlinks, so every string is cleaned once at load; nothing downstream
has to remember to do it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNSAFE_RE", "fold", "has_unsafe", "sanitize"]

_REPLACEMENTS: dict[int, str] = {}
for _code in range(0x20):
    if _code not in (0x09, 0x0A):
        _REPLACEMENTS[_code] = chr(0x2400 + _code)  # control pictures: ␀ ␁ … ␛ …
_REPLACEMENTS[0x7F] = "\u2421"  # ␡
for _code in range(0x80, 0xA0):
    _REPLACEMENTS[_code] = "\ufffd"
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _REPLACEMENTS[_code] = "\ufffd"

UNSAFE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_REPLACEMENTS)) + "]")


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character that :func:`sanitize` would replace."""
    return UNSAFE_RE.search(text) is not None


def sanitize(text: str) -> str:
    """Replace terminal controls and bidi overrides with visible placeholders.

    Newline and tab are kept; a carriage return becomes ␍ (CRLF is handled by the parser
    before this point, so a CR left in a value is deliberate).
    """
    if UNSAFE_RE.search(text) is None:
        return text
    return text.translate(_REPLACEMENTS)


_FOLD_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (``Jürgen`` → ``jurgen``), keeping its length.

    Keeping the length means a match found in the folded text has the same character
    spans in the original, so highlights line up.
    """
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        folded = _FOLD_CACHE.get(ch)
        if folded is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
            folded = base if len(base) == 1 else ch.lower()
            if len(folded) != 1:
                folded = ch
            _FOLD_CACHE[ch] = folded
        out.append(folded)
    return "".join(out)
