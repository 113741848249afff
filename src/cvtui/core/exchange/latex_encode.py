"""Plain text → BibTeX values that :func:`latex.latex_to_text` reads back unchanged.

UTF-8 output (the default) escapes only what BibTeX and LaTeX treat specially; ``ascii=True``
also spells accents and symbols as LaTeX commands for 8-bit BibTeX. Scripts LaTeX has no
ASCII spelling for (Cyrillic, CJK…) stay UTF-8 either way: ``{\\CYRV}`` needs font setup
nobody has. Titles get braces around the words whose capitals matter, so that styles which
lower-case titles keep ``{BeaverTails}``, ``{3D}`` and ``{Human} {Pose}`` as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .latex_tables import ACCENTS, MATH_SYMBOLS, SYMBOLS

__all__ = ["encode_title", "encode_verbatim", "has_untranslatable", "text_to_bibtex"]

_ESCAPES = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
    "–": "--",
    "—": "---",
}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^–—]|--|``|''|\n\n+|\s+")
_EDGE_PUNCT = "([“‘\"'«„¿¡"
_TAIL_PUNCT = ")]”’\"',.:;!?»…"
_LETTER_COMMANDS = frozenset(c for c in ACCENTS if c.isalpha())
_PLAIN_SYMBOLS = {"“": "``", "”": "''", "\u00a0": "~"}


@lru_cache(maxsize=1)
def _reverse_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    marks = {mark: command for command, mark in ACCENTS.items()}
    symbols = {
        char: command
        for command, char in SYMBOLS.items()
        if len(char) == 1 and not char.isascii() and command.isalpha()
    }
    maths = {char: command for command, char in MATH_SYMBOLS.items() if not char.isascii()}
    return marks, symbols, maths


def _ascii_char(ch: str) -> str | None:
    """A LaTeX spelling of one non-ASCII character, or ``None`` when there is none."""
    if ch in _PLAIN_SYMBOLS:
        return _PLAIN_SYMBOLS[ch]
    marks, symbols, maths = _reverse_tables()
    if ch in symbols:
        return "{\\" + symbols[ch] + "}"
    decomposed = unicodedata.normalize("NFD", ch)
    base, accents = decomposed[0], decomposed[1:]
    if accents and base.isascii() and all(a in marks for a in accents):
        out = "\\i" if base == "i" else "\\j" if base == "j" else base
        for accent in accents:
            command = marks[accent]
            out = f"\\{command}{{{out}}}" if command in _LETTER_COMMANDS else f"\\{command}{out}"
        return "{" + out + "}"
    if ch in maths:
        return f"$\\{maths[ch]}$"
    return None


def has_untranslatable(value: str) -> bool:
    """Whether ``--ascii`` output of ``value`` still holds non-ASCII characters."""
    return any(not ch.isascii() and _ascii_char(ch) is None for ch in value)


def text_to_bibtex(value: str, ascii: bool = False) -> str:
    """``value`` as a BibTeX field value (without the enclosing braces)."""
    value = value.strip()
    pieces: list[str] = []
    position = 0
    for match in _SPECIAL_RE.finditer(value):
        if match.start() > position:
            pieces.append(value[position : match.start()])
        token = match.group(0)
        if token in _ESCAPES:
            pieces.append(_ESCAPES[token])
        elif token == "--":
            pieces.append("-{}-")
        elif token in ("``", "''"):
            pieces.append(token[0] + "{}" + token[1])
        elif token.startswith("\n\n"):
            pieces.append("\n\n")
        else:
            pieces.append(" ")
        position = match.end()
    if position < len(value):
        pieces.append(value[position:])
    if ascii:
        pieces = [
            part
            for p in pieces
            for part in ([p] if p.isascii() else re.split(r"([^\x00-\x7f])", p))
            if part
        ]
        pieces = [p if p.isascii() else (_ascii_char(p) or p) for p in pieces]
    out: list[str] = []
    for piece in pieces:
        # A ligature must not form across pieces (``-`` then ``–`` is not ``---``).
        if out and piece and out[-1][-1:] == piece[0] and piece[0] in "-`'":
            out.append("{}")
        out.append(piece)
    return "".join(out)


def _protected(core: str, first: bool) -> bool:
    cased = [c for c in core if c.isalpha() and (c.isupper() or c.islower())]
    if not any(c.isupper() for c in cased):
        return False
    return not first or any(c.isupper() for c in cased[1:])


def encode_title(value: str, ascii: bool = False) -> str:
    """A title with the words whose capitals matter in braces (``{LLM}``, ``{Human}``).

    The first word keeps its capital without braces (styles never lower-case it) unless it
    has capitals inside (``{BeaverTails}``).
    """
    out: list[str] = []
    first = True
    for part in re.split(r"(\s+)", value.strip()):
        if not part or part.isspace():
            if part:
                out.append(" " if "\n\n" not in part else "\n\n")
            continue
        head = len(part) - len(part.lstrip(_EDGE_PUNCT))
        tail = len(part) - len(part.rstrip(_TAIL_PUNCT))
        core = part[head : len(part) - tail] if tail else part[head:]
        if core and _protected(core, first):
            out.append(
                text_to_bibtex(part[:head], ascii)
                + "{"
                + text_to_bibtex(core, ascii)
                + "}"
                + text_to_bibtex(part[len(part) - tail :] if tail else "", ascii)
            )
        else:
            out.append(text_to_bibtex(part, ascii))
        first = False
    return "".join(out)


def encode_verbatim(value: str) -> str:
    """A value read literally (URL, DOI, file name): braces made harmless, nothing escaped."""
    return value.strip().replace("{", "%7B").replace("}", "%7D")
