"""Untrusted text: make it safe to show, and fold it for matching.

Profiles come from other people. Terminal control characters in them could set the user's
clipboard, title or hyperlinks, so every string is cleaned once at load; nothing downstream
has to remember to do it. Names (of files, directories, config keys, theme files) are
cleaned harder: they are shown on one line, so newlines and tabs become placeholders too, and
the bytes of a file name that is not UTF-8 are shown as ``\\xNN``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TextIO

__all__ = [
    "UNSAFE_RE",
    "NameForms",
    "SanitisingWriter",
    "display_name",
    "fold",
    "has_unsafe",
    "one_line",
    "sanitize",
]

_REPLACEMENTS: dict[int, str] = {}
for _code in range(0x20):
    if _code not in (0x09, 0x0A):
        _REPLACEMENTS[_code] = chr(0x2400 + _code)  # control pictures: ␀ ␁ … ␛ …
_REPLACEMENTS[0x7F] = "\u2421"  # ␡
for _code in range(0x80, 0xA0):
    _REPLACEMENTS[_code] = "\ufffd"
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _REPLACEMENTS[_code] = "\ufffd"
for _code in range(0xD800, 0xE000):  # lone surrogates: not text, and no terminal can take them
    _REPLACEMENTS[_code] = "\ufffd"

UNSAFE_RE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_REPLACEMENTS) if c < 0xD800) + "\ud800-\udfff]"
)

_LINE_REPLACEMENTS = {**_REPLACEMENTS, 0x09: "\u2409", 0x0A: "\u240a"}  # ␉ ␊
_LINE_UNSAFE_RE = re.compile(UNSAFE_RE.pattern[:-1] + "\t\n]")

_NAME_REPLACEMENTS = dict(_LINE_REPLACEMENTS)
for _code in range(0xDC80, 0xDD00):  # the bytes of a non-UTF-8 file name (surrogateescape)
    _NAME_REPLACEMENTS[_code] = f"\\x{_code - 0xDC00:02x}"


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character that :func:`sanitize` would replace."""
    return UNSAFE_RE.search(text) is not None


def sanitize(text: str) -> str:
    """Replace terminal controls, bidi overrides and lone surrogates with visible placeholders.

    Newline and tab are kept; a carriage return becomes ␍ (CRLF is handled by the parser
    before this point, so a CR left in a value is deliberate).
    """
    if UNSAFE_RE.search(text) is None:
        return text
    return text.translate(_REPLACEMENTS)


def one_line(text: str) -> str:
    """:func:`sanitize`, and newlines and tabs as ␊ and ␉: text that must stay on its line
    (a line of ``cvtui validate``, a key named in a message)."""
    if _LINE_UNSAFE_RE.search(text) is None:
        return text
    return text.translate(_LINE_REPLACEMENTS)


def display_name(name: str) -> str:
    """A file or directory name as it may be shown: on one line, controls as placeholders,
    and the bytes of a name that is not UTF-8 as ``\\xNN`` (``caf\\xe9.toml``).

    Python reads such names with ``surrogateescape``; those characters cannot be encoded,
    so they must never reach a terminal, a cache or a JSON document as they are.
    """
    if _LINE_UNSAFE_RE.search(name) is None:
        return name
    return name.translate(_NAME_REPLACEMENTS)


class NameForms:
    """File names as shown (:func:`display_name`) and :func:`sanitize`\\ d, each worked out
    once per name: a loader's check after an edit needs both for every file (two passes of a
    regular expression over 10,000 names)."""

    __slots__ = ("_table",)

    def __init__(self) -> None:
        self._table: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, live: int) -> tuple[str, str]:
        """``name`` shown and sanitised; ``live``: how many names are in use (the table
        starts afresh when it holds far more: names of files long gone)."""
        found = self._table.get(name)
        if found is None:
            if len(self._table) > 2 * live + 1024:
                self._table.clear()
            found = self._table[name] = (display_name(name), sanitize(name))
        return found


class SanitisingWriter:
    """A text stream that passes on only :func:`sanitize`\\ d text.

    The command line writes through one: whatever reached a line to print (a cache record
    edited by hand, a message quoting a file), no control character gets to the terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        self.unsanitised = stream
        """The stream itself, for a writer whose escape sequences are its own (a progress bar)."""

    def write(self, text: str) -> int:
        self.unsanitised.write(sanitize(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self.unsanitised, name)


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
