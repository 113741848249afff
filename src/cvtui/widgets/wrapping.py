"""Where a word too long for its line is broken: after a ``/``, ``-``, ``?`` … not anywhere.

Rich wraps at spaces and folds a longer word at the last cell that fits, cutting a URL in
the middle of a name (``…/mickel-li`` / ``u``). Here such a word gets line breaks after the
last separator that fits, so every line of a URL ends at one of its own parts.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text

__all__ = ["break_long_words"]

SEPARATORS = frozenset("/-?&=_.,;:#+~@")
_WORD = re.compile(r"\S+")


def _pieces(word: str, width: int) -> list[int]:
    """Offsets in ``word`` where a line should start: after the last separator that keeps
    a piece within ``width``. A run with no separator is left whole (Rich folds it, as
    before): a long label or name is never cut here."""
    starts: list[int] = []
    start, last_break = 0, -1
    for n, char in enumerate(word):
        if cell_len(word[start : n + 1]) > width and last_break >= start:
            starts.append(last_break + 1)
            start = last_break + 1
            last_break = -1
        if char in SEPARATORS and n + 1 < len(word):
            last_break = n
    return starts


def break_long_words(text: Text, width: int) -> Text:
    """``text`` with a line break inside each word wider than ``width``, after a separator
    where there is one (styles kept); the text itself when no word is that wide."""
    plain = text.plain
    cuts: list[int] = []
    for match in _WORD.finditer(plain):
        if cell_len(match.group()) > width:
            cuts.extend(match.start() + at for at in _pieces(match.group(), width))
    if not cuts:
        return text
    out = Text(style=text.style, justify=text.justify, no_wrap=text.no_wrap, end=text.end)
    at = 0
    for cut in cuts:
        out.append_text(text[at:cut])
        out.append("\n")
        at = cut
    out.append_text(text[at:])
    return out
