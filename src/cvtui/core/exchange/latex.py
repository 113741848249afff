"""LaTeX in BibTeX values → plain Unicode text.

Real files spell accents as ``{\\"u}``, protect words with braces, tie initials with ``~``,
write ``$\\mu$`` and ``\\emph{…}``, paste HTML from publishers and name journals with NASA ADS
macros such as ``{\\aap}``. Profiles hold plain text, so every imported value is decoded
once, here. The decoder is written for speed (an import of 10,000 entries decodes about
100,000 values); a value with a command it does not know goes to pylatexenc instead.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any

from .journal_macros import JOURNAL_MACROS
from .latex_tables import ACCENTS, MATH_SYMBOLS, QUOTING, SYMBOLS, TRANSPARENT

__all__ = [
    "ACCENTS",
    "JOURNAL_MACROS",
    "MATH_SYMBOLS",
    "SYMBOLS",
    "latex_to_text",
    "normalize_space",
    "strip_html",
]

_SIMPLE_RE = re.compile(r"[\\{}$~]|--|``|''")
_SPECIAL_RE = re.compile(r"[\\{}$~\-`'^_]")
_PARAGRAPH_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_SPACES_RE = re.compile(r"\s+")
_HTML_TAG_RE = re.compile(
    r"</?(?:i|b|em|strong|u|sub|sup|sc|span|br|p|div|a|tt|code|small|big|scp|"
    r"(?:mml|jats):[a-z-]+)(?:\s[^<>]*)?/?>",
    re.I,
)
_HTML_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
_MACRO_RE = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_DOTLESS = {"ı": "i", "ȷ": "j"}
_BARE_PERCENT_RE = re.compile(r"(?<!\\\\)%")


class _Unknown(Exception):
    """A command the fast decoder does not know; the caller falls back to pylatexenc."""


def strip_html(value: str) -> str:
    """``Frithuswith (<i>d.</i> 727)`` → ``Frithuswith (d. 727)``; entities decoded."""
    if "<" in value:
        value = _HTML_TAG_RE.sub("", value)
    if "&" in value and _HTML_ENTITY_RE.search(value):
        value = html.unescape(value)
    return value


def latex_to_text(value: str) -> str:
    """Plain text of a BibTeX value: accents to Unicode, braces and ties gone, spaces collapsed.

    ``Ga{\\"e}l`` → ``Gaël``, ``{\\aap}`` → ``Astronomy and Astrophysics``,
    ``A.~J.~M.`` → ``A. J. M.``, ``1--7`` → ``1–7``. Paragraph breaks (a blank line) are kept;
    a bare ``%`` is a per cent sign, as the author meant it.
    """
    if not value:
        return ""
    text = strip_html(value)
    if _SIMPLE_RE.search(text) is not None:
        try:
            text = _Decoder(text).run()
        except _Unknown:
            text = _fallback(text)
    return normalize_space(text)


def normalize_space(text: str) -> str:
    """Runs of white space as one space; a blank line (a paragraph break) as ``\\n\\n``."""
    if "\n" in text and _PARAGRAPH_RE.search(text):
        return "\n\n".join(
            _SPACES_RE.sub(" ", part).strip() for part in _PARAGRAPH_RE.split(text) if part.strip()
        )
    return _SPACES_RE.sub(" ", text).strip()


class _Decoder:
    """One pass over a value: braces, commands, math and ligatures."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def run(self) -> str:
        return self._until(None, math=False)

    def _until(self, closer: str | None, math: bool) -> str:
        text = self.text
        out: list[str] = []
        n = len(text)
        while self.pos < n:
            found = _SPECIAL_RE.search(text, self.pos)
            if found is None:
                out.append(text[self.pos :])
                self.pos = n
                break
            if found.start() > self.pos:
                out.append(text[self.pos : found.start()])
                self.pos = found.start()
            ch = text[self.pos]
            if closer is not None and ch == closer:
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                out.append(self._command(math))
            elif ch == "{":
                self.pos += 1
                out.append(self._until("}", math))
            elif ch == "}":
                self.pos += 1  # an unbalanced closing brace: dropped
            elif ch == "$" and not math:
                self.pos += 1
                closing = "$"
                if text.startswith("$", self.pos):
                    self.pos += 1
                    closing = "$$"
                out.append(self._until_math(closing))
            elif ch == "~":
                self.pos += 1
                out.append(" ")
            elif math and ch in "^_":
                self.pos += 1
                out.append(self._script(ch))
            elif ch == "-" and not math and text.startswith("--", self.pos):
                dashes = 3 if text.startswith("---", self.pos) else 2
                self.pos += dashes
                out.append("—" if dashes == 3 else "–")
            elif ch == "`" and text.startswith("``", self.pos):
                self.pos += 2
                out.append("“")
            elif ch == "'" and text.startswith("''", self.pos):
                self.pos += 2
                out.append("”")
            else:
                out.append(ch)
                self.pos += 1
        return "".join(out)

    def _until_math(self, closer: str) -> str:
        start = self.pos
        end = self.text.find(closer, start)
        if end < 0:
            end = len(self.text)
        result = _Decoder(self.text[start:end])._until(None, math=True)
        self.pos = end + len(closer)
        return result

    def _script(self, kind: str) -> str:
        arg = self._argument(math=True)
        table = _SUPERSCRIPTS if kind == "^" else _SUBSCRIPTS
        if arg and all(ord(c) in table for c in arg):
            return arg.translate(table)
        return kind + arg

    def _argument(self, math: bool) -> str:
        """The next argument: a braced group, one command, or one character."""
        text = self.text
        while self.pos < len(text) and text[self.pos] in " \t\n":
            self.pos += 1
        if self.pos >= len(text):
            return ""
        ch = text[self.pos]
        if ch == "{":
            self.pos += 1
            return self._until("}", math)
        if ch == "\\":
            return self._command(math)
        self.pos += 1
        return ch

    def _command(self, math: bool) -> str:
        text = self.text
        self.pos += 1
        if self.pos >= len(text):
            return ""
        ch = text[self.pos]
        if not ch.isascii() or not ch.isalpha():
            self.pos += 1
            if ch in ACCENTS and not (math and ch in "^~"):
                return self._accent(ACCENTS[ch])
            if ch in SYMBOLS:
                return SYMBOLS[ch]
            raise _Unknown(ch)
        match = _MACRO_RE.match(text, self.pos - 1)
        if match is None:
            raise _Unknown(ch)
        name = match.group(1)
        self.pos = match.end()
        if len(name) == 1 and name in ACCENTS and name not in SYMBOLS:
            return self._accent(ACCENTS[name])
        if name in SYMBOLS and not (math and name in MATH_SYMBOLS):
            self._skip_empty_group()
            return SYMBOLS[name]
        if name in MATH_SYMBOLS:
            self._skip_empty_group()
            return MATH_SYMBOLS[name]
        if name in JOURNAL_MACROS:
            return JOURNAL_MACROS[name]
        if name in TRANSPARENT:
            return self._argument(math)
        if name in QUOTING:
            return "“" + self._argument(math) + "”"
        if name == "href":
            target = self._argument(math)
            label = self._argument(math)
            return label or target
        if name in ("cite", "citep", "citet", "parencite", "textcite", "autocite"):
            return "[" + self._argument(math) + "]"
        if name in ("frac", "dfrac", "tfrac"):
            top = self._argument(math)
            return f"{top}/{self._argument(math)}"
        raise _Unknown(name)

    def _accent(self, mark: str) -> str:
        base = self._argument(math=False)
        if not base:
            return mark.strip()
        first = _DOTLESS.get(base[0], base[0])
        return unicodedata.normalize("NFC", first + mark) + base[1:]

    def _skip_empty_group(self) -> None:
        if self.text.startswith("{}", self.pos):
            self.pos += 2
        elif self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1  # the space that ends a command name is not text


@lru_cache(maxsize=1)
def _pylatexenc() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    return LatexNodes2Text(math_mode="text", keep_comments=True, strict_latex_spaces=False)


def _fallback(text: str) -> str:
    """pylatexenc for what the fast decoder does not know (``\\CYRV``, ``\\cite``…)."""
    try:
        return str(_pylatexenc().latex_to_text(_BARE_PERCENT_RE.sub(r"\\%", text)))
    except Exception:  # pylatexenc is lenient; a surprise must not stop an import
        return text.replace("{", "").replace("}", "")
