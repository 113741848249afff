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
    """Offsets in ``word`` where a line should start, so that each piece fits ``width``."""
    starts: list[int] = []
    start, used, last_break = 0, 0, -1
    for n, char in enumerate(word):
        size = cell_len(char)
        if used + size > width and n > start:
            cut = last_break + 1 if last_break >= start else n
            starts.append(cut)
            start, used, last_break = cut, cell_len(word[cut : n + 1]), -1
            if char in SEPARATORS:
                last_break = n
            continue
        used += size
        if char in SEPARATORS:
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
