"""What "the same entry back" means for the BibTeX and CSL-JSON round-trip proofs.

Source files are read with pybtex (an independent parser), exports with pybtex and
bibtexparser. Values are compared as text after LaTeX is decoded and white space is
normalised; the normalisations an export makes on purpose are the only other ones allowed
(each named below): DOIs bare, arXiv ids without prefix, month names as numbers, biblatex field
names as their BibTeX equivalents, keyword lists by their items, crossref/xdata inherited.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person, parse_string

from cvtui.core.exchange.identifiers import normalize_arxiv, normalize_doi
from cvtui.core.exchange.latex import latex_to_text

pybtex.errors.set_strict_mode(False)

MARK_RE = re.compile(
    r"\$\^\{?(?:\*|\\ast|\\dagger)\}?\$|\\textsuperscript\{(?:\*|\\dag|\\textdagger|†)\}"
    r"|\\dagger|\\dag\b|\\textdagger|[*†]"
)
_OUR_MARKS_RE = re.compile(r"(?:^|;\s+)(?:Equal contribution|Corresponding authors?):\s+[^;]+$")
_ALIASES = {
    "journaltitle": "journal",
    "location": "address",
    "eprinttype": "archiveprefix",
    "eprintclass": "primaryclass",
}
_CONTAINED = {"inproceedings", "incollection", "inbook", "bookinbook", "suppbook"}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# Fields whose value is consumed by the import (inheritance) rather than kept.
_CONSUMED = {"crossref", "xdata"}
_DATE_FIELDS = {"year", "month", "day", "date"}


def quiet_parse(text: str) -> BibliographyData:
    with contextlib.redirect_stderr(io.StringIO()):
        return parse_string(text, "bibtex")


def text(value: str) -> str:
    return " ".join(latex_to_text(value).split())


def _person(person: Person) -> tuple[str, str, str] | None:
    def part(names: list[str]) -> str:
        return " ".join(t for t in (text(MARK_RE.sub("", n)) for n in names) if t)

    first = part([*person.first_names, *person.middle_names])
    last = part([*person.prelast_names, *person.last_names])
    jr = part(person.lineage_names)
    if not (first or last or jr):
        return None
    return first, last, jr


def persons(entry: Entry, role: str) -> list[tuple[str, str, str]]:
    return [p for p in (_person(x) for x in entry.persons.get(role, [])) if p]


def _month(value: str) -> int:
    word = text(value).lower()[:3]
    return int(word) if word.isdigit() else _MONTHS.get(word, 0)


def when(fields: dict[str, str]) -> tuple[int, int, int]:
    """(year, month, day) from year/month/day or a biblatex date."""
    year = month = day = 0
    date = text(fields.get("date", "")).split("/")[0]
    match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$", date)
    if match:
        year, month, day = (int(g or 0) for g in match.groups())
    raw_year = text(fields.get("year", ""))
    if raw_year.isdigit():
        year = int(raw_year)
    if fields.get("month") and _month(fields["month"]):
        month = _month(fields["month"])
    if fields.get("day", "").strip().isdigit():
        day = int(fields["day"])
    return year, month, day


def expected_fields(bib: BibliographyData, key: str) -> tuple[str, dict[str, str]]:
    """An entry's fields (lower-case names, biblatex names mapped) with its crossref/xdata."""
    entry = bib.entries[key]
    fields = {_ALIASES.get(k.lower(), k.lower()): str(v) for k, v in entry.fields.items()}
    for kind in ("xdata", "crossref"):
        for ref in (r.strip() for r in fields.get(kind, "").split(",") if r.strip()):
            parent = next((e for k, e in bib.entries.items() if k.lower() == ref.lower()), None)
            if parent is None:
                continue
            for name, value in parent.fields.items():
                name = _ALIASES.get(name.lower(), name.lower())
                if kind == "crossref" and entry.type.lower() in _CONTAINED and name == "title":
                    name = "booktitle"
                if name not in ("crossref", "xdata", "ids", "key") and name not in fields:
                    fields[name] = str(value)
            for role in ("author", "editor"):
                if role not in entry.persons and role in parent.persons:
                    entry.persons[role] = parent.persons[role]
    if not fields.get("title") and fields.get("booktitle"):
        fields["title"] = fields["booktitle"]
    return entry.type.lower(), fields


def _same(name: str, source: str, exported: str) -> bool:
    if name == "doi":
        return (normalize_doi(text(source)) or text(source)).lower() == (
            normalize_doi(text(exported)) or text(exported)
        ).lower()
    if name in ("eprint", "arxiv"):
        a, b = text(source), text(exported)
        return (normalize_arxiv(a) or a) == (normalize_arxiv(b) or b)
    if name == "keywords":
        split = re.compile(r"\s*[,;]\s*")
        return [k for k in split.split(text(source)) if k] == [
            k for k in split.split(text(exported)) if k
        ]
    if name == "note":
        exported = _OUR_MARKS_RE.sub("", text(exported)).strip()
    if name in ("url", "file") or re.match(r"^\s*https?://", source):
        return " ".join(source.split()) == " ".join(exported.split())
    return text(source) == text(exported)


def differences(
    source: BibliographyData, key: str, export: BibliographyData, export_key: str
) -> Iterator[str]:
    """Every way the exported entry differs from the source entry (nothing: the same entry)."""
    _, want = expected_fields(source, key)
    got_entry = export.entries[export_key]
    got = {_ALIASES.get(k.lower(), k.lower()): str(v) for k, v in got_entry.fields.items()}
    for role in ("author", "editor"):
        expected = persons(source.entries[key], role)
        if expected and persons(got_entry, role) != expected:
            yield f"{role}: {expected} != {persons(got_entry, role)}"
    if any(want.get(n) for n in _DATE_FIELDS):
        if when(want) != when(got):
            yield f"date: {when(want)} != {when(got)}"
        raw_year = text(want.get("year", ""))
        if raw_year and not raw_year.isdigit() and text(got.get("year", "")) != raw_year:
            yield f"year: {raw_year!r} != {got.get('year')!r}"
    for name, value in want.items():
        if name in _DATE_FIELDS or name in _CONSUMED or not text(value):
            continue
        if name not in got:
            yield f"{name}: missing (source {value[:60]!r})"
        elif not _same(name, value, got[name]):
            yield f"{name}: {text(value)[:80]!r} != {text(got[name])[:80]!r}"


def marks_in_names(export: BibliographyData) -> list[str]:
    """Exported ``author``/``editor`` names that still carry an equal-contribution mark."""
    found = []
    for key, entry in export.entries.items():
        for people in entry.persons.values():
            for person in people:
                if MARK_RE.search(str(person)):
                    found.append(f"{key}: {person}")
    return found


def plain_style_formats(bib: BibliographyData, key: str) -> bool:
    """Whether pybtex's ``plain`` style formats the entry (it raises on what it cannot)."""
    from pybtex.plugin import find_plugin

    style: Any = find_plugin("pybtex.style.formatting", "plain")()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            entry = bib.entries[key]
            style.format_entry(key, entry).text.render_as("text")
    except Exception:
        return False
    return True


# --- CSL-JSON ---------------------------------------------------------------------------------


def _csl_norm(name: str, value: Any) -> Any:
    from cvtui.core.exchange.csl_fields import CSL_DATE_VARIABLES, CSL_NAME_VARIABLES
    from cvtui.core.exchange.latex import normalize_space, strip_html

    if name in CSL_NAME_VARIABLES and isinstance(value, list):
        out = []
        for person in value:
            if not isinstance(person, dict):
                continue
            family = " ".join(
                str(person.get(k, ""))
                for k in ("dropping-particle", "non-dropping-particle", "family")
            ).split()
            literal = str(person.get("literal", ""))
            out.append(
                (
                    " ".join(family) or literal,
                    str(person.get("given", "")),
                    str(person.get("suffix", "")),
                )
            )
        return out
    if name in CSL_DATE_VARIABLES:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return normalize_space(strip_html(value))
    return value


def csl_differences(source: dict[str, Any], exported: dict[str, Any]) -> Iterator[str]:
    """Every CSL variable of ``source`` that ``exported`` lacks or changed (``custom`` counts)."""
    custom = exported.get("custom", {})
    for name, value in source.items():
        if name in ("id", "citation-key", "custom") or value in ("", None, [], {}):
            continue
        want = _csl_norm(name, value)
        if name in exported:
            got = _csl_norm(name, exported[name])
        elif name in custom:
            got = _csl_norm(name, custom[name])
        else:
            yield f"{name}: missing"
            continue
        if name == "note" and isinstance(got, str):
            got = _OUR_MARKS_RE.sub("", got).strip()
        if want != got:
            yield f"{name}: {want!r} != {got!r}"
