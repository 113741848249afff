"""BibTeX entries → profile papers that keep the whole record.

Every field of an entry ends up in exactly one place: a field of the paper (decoded from
LaTeX to Unicode), or, verbatim, the paper's ``extra`` table. Where the model holds a value
in a normalised form (``year`` as a number, the date, a bare DOI) and the source said more
(``year = {1865（清同治四年）}``, a date range), the source's value is kept in ``extra`` too,
so export writes it back unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..dates import parse_date
from ..problems import Problem
from ..text import one_line, sanitize
from .bibtex_parse import RawEntry, parse_bibtex
from .identifiers import arxiv_in_text, is_doi_url, normalize_arxiv, normalize_doi
from .latex import latex_to_text
from .mojibake import mojibake_hint
from .names import NameParts, parse_bibtex_name, split_bibtex_names
from .record import (
    BIBLATEX_NAMES,
    OTHER_VENUE_FIELDS,
    TEXT_FIELDS,
    VENUE_FIELDS,
    default_entry_type,
    is_url,
)
from .record import (
    VERBATIM_FIELDS as _VERBATIM,
)
from .venues import full_venue, short_venue

__all__ = ["BibtexImport", "ImportedPaper", "entry_to_paper", "read_bibtex"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janv", "jän", "januar"),
            ("feb", "february", "febr"),
            ("mar", "march", "mär", "märz"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december", "dez", "dezember"),
        ],
        start=1,
    )
    for name in names
}
_KEY_OK_RE = re.compile(r"^[^\s,{}()\"#%'=\\/~]{1,80}$")
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_NOTE_MARKS_RE = re.compile(
    r"(?:^|;\s+)(Equal contribution|Corresponding authors?):\s+([^;]+?)\s*$"
)
_AN_ITEM_RE = re.compile(r"^\s*(\d+)\s*=\s*\"?([\w\s,]+?)\"?\s*$")
_PREPRINT_VENUE_RE = re.compile(r"\b(arxiv|corr|e-?prints?|biorxiv|medrxiv|ssrn|preprint)\b", re.I)
_WORKSHOP_RE = re.compile(r"\bworkshops?\b", re.I)
_BLOG_NOTE_RE = re.compile(r"^\s*blog(\s+post)?\s*$", re.I)
# Link fields: the canonical one is written back; the others keep their own name in extra.
_LINK_FIELDS = {
    "code": ("code", ("wwwcode", "github", "codeurl")),
    "pdf": ("pdf", ("wwwpdf",)),
    "project": ("website", ("project", "projectpage", "wwwurl")),
}
_HANDLED = frozenset(
    (
        "title",
        "author",
        "editor",
        "keywords",
        "year",
        "month",
        "day",
        "date",
        "doi",
        "url",
        "eprint",
        "arxiv",
        "pubstate",
        "crossref",
        "xdata",
        *TEXT_FIELDS.values(),
        *BIBLATEX_NAMES,
    )
)


@dataclass
class ImportedPaper:
    """One BibTeX entry as a profile paper (a dict in the profile's TOML shape)."""

    fields: dict[str, Any]
    key: str
    line: int
    number: str = ""  # a patent or report number: tells same-titled works apart


@dataclass
class BibtexImport:
    """What a ``.bib`` file gave: papers, and entries that could not be used (with why)."""

    papers: list[ImportedPaper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, key, why)
    extra_fields: Counter[str] = field(default_factory=Counter)


def _text(value: str) -> str:
    return sanitize(latex_to_text(value))


def _verbatim(value: str) -> str:
    return sanitize(" ".join(value.split()))


def _month(raw: str) -> int:
    word = raw.strip().strip("{}").strip().lower().rstrip(".")
    if not word:
        return 0
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else 0
    first = re.split(r"[\s~/,-]+", word)[0]
    return _MONTHS.get(first, 0)


def _dates(fields: dict[str, str], paper: dict[str, Any], extra: dict[str, str]) -> list[str]:
    """``year`` and ``date`` from year/month/day or biblatex ``date``; lossy values → extra."""
    warnings: list[str] = []
    year: int | None = None
    date = None
    raw_date = fields.get("date", "").strip()
    if raw_date:
        start = raw_date.split("/")[0].strip()
        try:
            date = parse_date(start)
        except ValueError:
            warnings.append(f"date `{raw_date}` is not a date; kept as written")
        if date is None or str(date) != raw_date:
            extra["date"] = _verbatim(raw_date)
        if date is not None:
            year = date.year
    raw_year = _text(fields.get("year", ""))
    if raw_year:
        match = _YEAR_RE.search(raw_year)
        found = int(match.group(1)) if match and 1000 <= int(match.group(1)) <= 2999 else None
        if found is None:
            warnings.append(f"year `{raw_year}` is not a year; kept as written")
        if found is None or raw_year != str(found) or (year is not None and found != year):
            extra["year"] = raw_year
        if year is None:
            year = found
    raw_month = fields.get("month", "").strip()
    month = _month(raw_month) if raw_month else 0
    if raw_month and not month:
        extra["month"] = _text(raw_month)
    raw_day = fields.get("day", "").strip()
    if year is not None and month and (date is None or date.year != year or not date.month):
        try:
            date = parse_date(f"{year:04d}-{month:02d}")
            if raw_day:
                date = parse_date(f"{year:04d}-{month:02d}-{int(raw_day):02d}")
        except ValueError:
            if raw_day:
                extra["day"] = _text(raw_day)
    elif raw_day and (date is None or not date.day or str(date.day) != raw_day.lstrip("0")):
        extra["day"] = _text(raw_day)
    if date is not None and date.month and month and date.month != month:
        extra["month"] = _text(raw_month)
    if year is not None:
        paper["year"] = year
    if date is not None and date.month and (year is None or date.year == year):
        paper["date"] = str(date)
    return warnings


def _names(raw: str) -> tuple[list[NameParts], bool]:
    names, truncated = split_bibtex_names(sanitize(raw))  # a name is shown like any text
    return [p for p in (parse_bibtex_name(n) for n in names) if p.display], truncated


def _restore_marks(note: str, authors: list[NameParts]) -> tuple[str, list[NameParts]]:
    """Marks written by an export into ``note`` (``Equal contribution: A, B``), read back."""
    while True:
        match = _NOTE_MARKS_RE.search(note)
        if not match:
            return note, authors
        names = [n.strip() for n in re.split(r",\s*|\s+and\s+", match.group(2)) if n.strip()]
        displays = [a.display for a in authors]
        if not names or any(n not in displays for n in names):
            return note, authors
        equal = match.group(1).startswith("Equal")
        authors = [
            a._replace(equal=True)
            if equal and a.display in names
            else a._replace(corresponding=True)
            if not equal and a.display in names
            else a
            for a in authors
        ]
        note = note[: match.start()].rstrip()


def _annotations(raw: str, authors: list[NameParts]) -> list[NameParts] | None:
    """biblatex ``author+an = {1=equal; 2=corresponding}`` as marks (``None``: not only that)."""
    marked = list(authors)
    for item in (i for i in raw.split(";") if i.strip()):
        match = _AN_ITEM_RE.match(item)
        if not match or not 1 <= int(match.group(1)) <= len(authors):
            return None
        words = {w.strip().lower() for w in match.group(2).split(",")}
        if not words <= {"equal", "corresponding"}:
            return None
        index = int(match.group(1)) - 1
        marked[index] = marked[index]._replace(
            equal=marked[index].equal or "equal" in words,
            corresponding=marked[index].corresponding or "corresponding" in words,
        )
    return marked


def _paper_type(kind: str, fields: dict[str, str], venue: str, arxiv: str) -> str:
    if kind in ("inproceedings", "conference", "proceedings"):
        return "workshop" if _WORKSHOP_RE.search(venue) else "conference"
    if kind == "article":
        journal = fields.get("journal", "")
        if _PREPRINT_VENUE_RE.search(journal) or (not journal and arxiv):
            return "preprint"
        return "workshop" if _WORKSHOP_RE.search(venue) else "journal"
    if kind in ("techreport", "report"):
        return "report"
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        return "thesis"
    if kind in ("book", "incollection", "inbook", "booklet", "collection", "mvbook"):
        return "book"
    if kind == "unpublished":
        return "preprint"
    if kind in ("misc", "online", "electronic", "www"):
        if arxiv or _PREPRINT_VENUE_RE.search(fields.get("howpublished", "")):
            return "preprint"
        if _BLOG_NOTE_RE.match(fields.get("note", "")):
            return "blog"
    return "other"


def _venue(kind: str, decoded: dict[str, str]) -> str:
    if kind == "patent":
        number = decoded.get("number", "")
        return f"Patent {number}" if number else "Patent"
    for name in VENUE_FIELDS.get(kind, OTHER_VENUE_FIELDS):
        value = decoded.get(name, "")
        if value and not is_url(value):
            return short_venue(value) or value
    return ""


def entry_to_paper(raw: RawEntry) -> tuple[dict[str, Any], list[str]]:
    """A profile paper (TOML-shaped dict) from one entry, and warnings about it."""
    warnings: list[str] = []
    kind = raw.entry_type
    fields = {BIBLATEX_NAMES.get(k, k): v for k, v in raw.fields.items()}
    for alias, name in BIBLATEX_NAMES.items():
        if alias in raw.fields and name in raw.fields:  # both spellings given: keep both
            fields[alias] = raw.fields[alias]
            fields[name] = raw.fields[name]
    decoded = {
        k: _verbatim(v) if k in _VERBATIM or is_url(v) else _text(v)
        for k, v in fields.items()
        if k not in ("author", "editor")
    }
    for name, value in decoded.items():
        hint = mojibake_hint(value)
        if hint:
            warnings.append(f"`{name}` {hint}")
            break
    paper: dict[str, Any] = {}
    extra: dict[str, str] = {}
    families: dict[str, str] = {}
    key = raw.key.strip()
    if _KEY_OK_RE.match(key):
        paper["id"] = sanitize(key)
    paper["citation_key"] = sanitize(key)
    title = decoded.get("title", "") or decoded.get("booktitle", "")
    paper["title"] = title

    authors, truncated = _names(fields.get("author", ""))
    note = decoded.get("note", "")
    if note and authors:
        note, authors = _restore_marks(note, authors)
    if "author+an" in fields:
        marked = _annotations(fields["author+an"], authors)
        if marked is None:
            extra["author+an"] = _text(fields["author+an"])
        else:
            authors = marked
        del decoded["author+an"]
    if authors:
        paper["authors"] = [a.written for a in authors]
        families.update({a.display: a.family for a in authors if a.family})
    if truncated:
        paper["authors_note"] = "et al."
    editors, editors_truncated = _names(fields.get("editor", ""))
    if editors:
        paper["editors"] = [e.written for e in editors]
        families.update({e.display: e.family for e in editors if e.family})
    if editors_truncated:
        extra["editor"] = _text(fields["editor"])

    links: dict[str, str] = {}
    doi_raw = decoded.get("doi", "")
    doi = normalize_doi(doi_raw) if doi_raw else ""
    if doi_raw and not doi:
        warnings.append(f"doi `{doi_raw}` is not a DOI; kept as written")
        extra["doi"] = doi_raw
    arxiv = ""
    eprint = decoded.get("eprint", "")
    prefix = decoded.get("archiveprefix", "").lower()
    if eprint and prefix in ("", "arxiv"):
        arxiv = normalize_arxiv(eprint)
    if eprint and not arxiv:
        extra["eprint"] = eprint
    if "arxiv" in decoded:
        arxiv = arxiv or normalize_arxiv(decoded["arxiv"])
        extra["arxiv"] = decoded["arxiv"]
    url_raw = decoded.get("url", "")
    url = url_raw if is_url(url_raw) else ""
    if url_raw and not url:
        extra["url"] = url_raw
    if not doi and url and is_doi_url(url):
        doi = normalize_doi(url)
    arxiv = arxiv or normalize_arxiv(url) or (normalize_arxiv(doi) if doi else "")
    if not arxiv:
        arxiv = arxiv_in_text(" ".join(decoded.get(k, "") for k in ("journal", "howpublished")))
    if url:
        links["url"] = url
    if arxiv:
        links["arxiv"] = arxiv
    if doi:
        links["doi"] = sanitize(doi)
    for link, (canonical, aliases) in _LINK_FIELDS.items():
        for name in (canonical, *aliases):
            value = decoded.get(name, "")
            if not value:
                continue
            if name != canonical or not is_url(value):
                extra[name] = value
            if is_url(value) and link not in links:
                links[link] = value

    venue = _venue(kind, decoded)
    if venue:
        paper["venue"] = venue
    warnings.extend(_dates(fields, paper, extra))
    paper["type"] = _paper_type(kind, decoded, venue, arxiv)
    if kind != default_entry_type(paper["type"], bool(arxiv)):
        paper["entry_type"] = kind
    status = decoded.get("pubstate", "")
    if status:
        paper["status"] = status
    # The venue field of the entry type is written back from ``venue`` when it holds no more.
    regenerated = VENUE_FIELDS.get(kind, ("howpublished",))[0]
    expanded = full_venue(venue) or venue
    for attr, name in TEXT_FIELDS.items():
        value = note if name == "note" else decoded.get(name, "")
        if not value or (name == regenerated and value == expanded and title != value):
            continue
        paper[attr] = value
    keywords = [k for k in _KEYWORD_SPLIT_RE.split(decoded.get("keywords", "")) if k]
    if keywords:
        paper["keywords"] = keywords
    for name, value in decoded.items():
        if name in _HANDLED or name in extra or (name in raw.inherited and name == "crossref"):
            continue
        if any(name in (c, *a) for c, a in _LINK_FIELDS.values()):
            continue
        if name in raw.resolved:
            continue
        extra[one_line(name)] = value  # a field name from outside: no control may pass
    for name in ("crossref", "xdata"):
        if name in decoded and name not in raw.resolved:
            extra[name] = decoded[name]
    if links:
        paper["links"] = links
    if families:
        paper["family_names"] = families
    if extra:
        paper["extra"] = extra
    return paper, warnings


def read_bibtex(text: str, source: str) -> BibtexImport:
    """Every usable entry of a ``.bib`` text as a paper; problems carry ``source`` and lines."""
    parsed = parse_bibtex(text, source)
    result = BibtexImport(problems=parsed.problems, skipped=parsed.skipped)
    for entry in parsed.entries:
        if entry.entry_type == "xdata":
            continue
        paper, warnings = entry_to_paper(entry)
        key = one_line(entry.key)  # a name: shown on one line
        for warning in warnings:
            result.problems.append(
                Problem(
                    source, f"entry `{key}`: {sanitize(warning)}", entry.line, severity="warning"
                )
            )
        if not paper.get("title"):
            result.problems.append(
                Problem(source, f"entry `{key}` has no title (nor booktitle); skipped", entry.line)
            )
            result.skipped.append((entry.line, key, "no title"))
            continue
        result.extra_fields.update(paper.get("extra", {}).keys())
        number = ""
        if entry.entry_type in ("patent", "techreport", "report"):
            number = str(paper.get("number", ""))
        result.papers.append(ImportedPaper(paper, key, entry.line, number))
    result.problems.sort(key=lambda p: p.line)
    result.skipped.sort()
    return result
