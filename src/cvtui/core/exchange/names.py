"""Personal names between BibTeX's ``von Last, Jr, First``, CSL's parts and a profile's
``First von Last`` display form.

A profile writes names as people read them (``Gabriel García Márquez``). Where BibTeX would
split that form differently from the source (a two-word surname, ``Jr.``, an organisation),
the family name is kept beside it in the paper's ``family_names``, so that export gives the
same parts back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from ..model import Author
from .latex import latex_to_text
from .latex_encode import text_to_bibtex

__all__ = [
    "NameParts",
    "bibtex_name",
    "csl_name",
    "name_from_csl",
    "parse_bibtex_name",
    "split_bibtex_names",
    "split_family",
]

_SPACES_RE = re.compile(r"\s+")
_OTHERS = frozenset(("others", "{others}", "et al.", "et al", "{et al.}"))
_EQUAL_MARKS = (
    r"$^{*}$",
    r"$^*$",
    r"$^\ast$",
    r"$^{\ast}$",
    r"\textsuperscript{*}",
    r"^{*}",
    r"^*",
    r"\ast",
    "*",
)
_CORRESPONDING_MARKS = (
    r"$^\dagger$",
    r"$^{\dagger}$",
    r"\textsuperscript{\dag}",
    r"\textsuperscript{\textdagger}",
    r"\textsuperscript{†}",
    r"\textdagger",
    r"\dagger",
    r"\dag",
    "†",
)
_SLOW_NAME_RE = re.compile(r"[{}\\~]|(?:^|[\s,])[^\s,A-Z\u00c0-\u00de\u0400-\u042f]")
_PARTICLE_RE = re.compile(r"^((?:[a-z\u00df-\u00ff'’][\w'’.-]*\s+)+)(.+)$")


class NameParts(NamedTuple):
    """One name as displayed, its family part (``""`` when that is the last word) and marks."""

    display: str
    family: str
    equal: bool = False
    corresponding: bool = False

    @property
    def written(self) -> str:
        """The display name with the profile's marks (``Jiaming Ji*``)."""
        return self.display + ("*" if self.equal else "") + ("†" if self.corresponding else "")


def split_bibtex_names(raw: str) -> tuple[list[str], bool]:
    """The names of an ``author``/``editor`` value and whether it ended in ``and others``."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names: list[str] = []
    truncated = False
    for written in split_multiple_persons_names(_SPACES_RE.sub(" ", raw.strip())):
        if written.strip().lower() in _OTHERS:
            truncated = True
        elif written.strip():
            names.append(written)
    return names, truncated


def _split_marks(raw: str) -> tuple[str, bool, bool]:
    equal = corresponding = False
    for mark in _CORRESPONDING_MARKS:
        if mark in raw:
            corresponding = True
            raw = raw.replace(mark, "")
    for mark in _EQUAL_MARKS:
        if mark in raw:
            equal = True
            raw = raw.replace(mark, "")
    return raw.strip(), equal, corresponding


def _parts(raw: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """BibTeX's (first, von, last, jr) of one name."""
    stripped = raw.strip()
    if not _SLOW_NAME_RE.search(stripped):
        # No braces, commands or lower-case words: the split BibTeX makes is plain to see.
        if "," not in stripped:
            words = stripped.split()
            return words[:-1], [], words[-1:], []
        if stripped.count(",") == 1 and not stripped.endswith(","):
            last, first = stripped.split(",")
            return first.split(), [], last.split(), []
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    if stripped.endswith(",") and stripped.count(",") == 1:
        # ``Langley,``: BibTeX reads the whole as ``von Last`` with an empty first part.
        words = stripped[:-1].split()
        von = []
        while len(words) > 1 and words[0][:1].islower():
            von.append(words.pop(0))
        return [], von, words, []
    try:
        p = parse_single_name_into_parts(raw, strict=False)
    except Exception:  # an unparseable name is one word
        return [], [], [raw], []
    return p.first, p.von, p.last, p.jr


def _text(words: list[str]) -> str:
    return _SPACES_RE.sub(" ", " ".join(latex_to_text(w) for w in words if w)).strip()


def _default_family(display: str) -> tuple[str, str]:
    """(family, suffix) as BibTeX reads ``display`` written as it is."""
    _, von, last, jr = _parts(display.replace("{", "").replace("}", ""))
    return " ".join([*von, *last]), " ".join(jr)


@lru_cache(maxsize=65536)
def parse_bibtex_name(raw: str) -> NameParts:
    """``{Thomson}, A.~J.~M.`` → ``A. J. M. Thomson``; ``Costa, Jr., P. T.`` → ``P. T. Costa
    Jr.`` with family ``Costa``; ``Agarwal, Navneet*`` → ``Navneet Agarwal`` marked equal."""
    clean, equal, corresponding = _split_marks(raw)
    first, von, last, jr = _parts(clean)
    family = _text([*von, *last])
    given = _text(first)
    suffix = _text(jr)
    display = " ".join(x for x in (given, family, suffix) if x)
    if not display:
        return NameParts("", "", equal, corresponding)
    needs = (family, suffix) != _default_family(display) or "," in display
    return NameParts(display, family if needs else "", equal, corresponding)


def split_family(display: str, family_names: Mapping[str, str]) -> str:
    """The family part of a displayed name (``García Márquez``, ``de Ruiter``, ``Ji``)."""
    return family_names.get(display) or _default_family(display)[0] or display


def _locate(display: str, family: str) -> tuple[str, str, str]:
    """(given, family, suffix) of ``display`` given its family part (or BibTeX's guess)."""
    if family:
        index = display.rfind(family)
        if index >= 0:
            return display[:index].strip(), family, display[index + len(family) :].strip()
    family, suffix = _default_family(display)
    if not family:
        return "", display, ""
    body = display[: len(display) - len(suffix)].strip() if suffix else display
    index = body.rfind(family)
    given = body[:index].strip() if index >= 0 else ""
    return given, family, suffix


_AND_RE = re.compile(r"(?<!\S)and(?!\S)", re.I)


def _guard(part: str) -> str:
    """Braces around a name part BibTeX would otherwise split (``and``, a comma)."""
    return "{" + part + "}" if _AND_RE.search(part) or "," in part else part


def bibtex_name(written: str, family_names: Mapping[str, str], ascii: bool = False) -> str:
    """One profile name as BibTeX writes it, without marks: ``García Márquez, Gabriel``."""
    display = Author.parse(written).name
    family = family_names.get(display, "")
    if not family:
        return _guard(text_to_bibtex(display, ascii))
    given, family, suffix = _locate(display, family)
    fam = text_to_bibtex(family, ascii)
    if not given and not suffix:
        return fam if " " not in family and "," not in family else "{" + fam + "}"
    if _default_family(f"{family}, X")[0] != family:
        fam = "{" + fam + "}"
    pieces = [_guard(fam)]
    if suffix:
        pieces.append(_guard(text_to_bibtex(suffix, ascii)))
    pieces.append(_guard(text_to_bibtex(given, ascii)))
    return ", ".join(pieces)


def csl_name(written: str, family_names: Mapping[str, str]) -> dict[str, str]:
    """One profile name as a CSL name object (``family``/``given``/particle/``suffix``)."""
    display = Author.parse(written).name
    family = family_names.get(display, "")
    given, family, suffix = _locate(display, family)
    if not given and (family == display or family in family_names.values()):
        return {"literal": display} if " " in display else {"family": display}
    out: dict[str, str] = {}
    match = _PARTICLE_RE.match(family)
    if match:
        out["non-dropping-particle"] = match.group(1).strip()
        family = match.group(2)
    out["family"] = family
    if given:
        out["given"] = given
    if suffix:
        out["suffix"] = suffix
    return out


def name_from_csl(value: object) -> NameParts | None:
    """A CSL name object as a profile name (``None`` when it names nobody)."""
    if not isinstance(value, Mapping):
        return None

    def part(key: str) -> str:
        item = value.get(key)
        return _SPACES_RE.sub(" ", latex_to_text(item)).strip() if isinstance(item, str) else ""

    literal = part("literal")
    if literal:
        clean, equal, corresponding = _split_marks(literal)
        family = clean if _default_family(clean) != (clean, "") else ""
        return NameParts(clean, family, equal, corresponding)
    family = " ".join(x for x in (part("dropping-particle"), part("non-dropping-particle")) if x)
    family = f"{family} {part('family')}".strip()
    given, suffix = part("given"), part("suffix")
    display = " ".join(x for x in (given, family, suffix) if x)
    if not display:
        return None
    clean, equal, corresponding = _split_marks(display)
    if clean != display:
        display = clean
        family = _split_marks(family)[0]
    needs = (family, suffix) != _default_family(display)
    return NameParts(display, family if needs else "", equal, corresponding)
