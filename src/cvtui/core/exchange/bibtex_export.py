"""Papers → BibTeX entries people can paste: UTF-8 (or ``ascii``), names without marks,
brace-protected titles, full venue names, arXiv as ``eprint``, and every field the paper
was imported with.

Export functions take :class:`~cvtui.core.model.Paper` records and a
:class:`~cvtui.core.exchange.keys.CitationKeys`, so that a caller exporting several sets into
one file (or one representative record per work) gets keys unique over all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from ..model import Paper
from .identifiers import normalize_arxiv, normalize_doi
from .keys import CitationKeys
from .latex_encode import encode_title, encode_verbatim, text_to_bibtex
from .names import bibtex_name
from .record import TEXT_FIELDS, VENUE_FIELDS, default_entry_type, is_url
from .record import VERBATIM_FIELDS as _VERBATIM
from .venues import full_venue

__all__ = ["Style", "paper_entry", "papers_to_bibtex_text"]

Style = Literal["bibtex", "biblatex"]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_INCOMPLETE_RE = re.compile(
    r"\bet\.? al\b|\bothers\b|incomplete|truncated|partial|\bnot (?:all )?listed\b|"
    r"\bmissing\b|\bomitted\b|\band \d+ more\b|…",
    re.I,
)
_FIELD_NAME_RE = re.compile(r"^[A-Za-z][\w:.+-]{0,60}$")
_ARXIV_CLASS_RE = re.compile(r"^[a-z-]+(?:\.[A-Z]{2})?$")
_CSL_TO_BIBTEX = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "patent": "patent",
    "webpage": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
}
_BIBLATEX_FIELDS = {"journal": "journaltitle", "address": "location"}


def _entry_type(paper: Paper, arxiv: str) -> str:
    kind = paper.entry_type
    if kind.startswith("csl:"):
        return _CSL_TO_BIBTEX.get(kind[4:], "misc")
    return kind or default_entry_type(paper.type, bool(arxiv))


def _is_incomplete(paper: Paper) -> bool:
    if paper.authors_total is not None and paper.authors_total > len(paper.authors):
        return True
    return bool(paper.authors_note and _INCOMPLETE_RE.search(paper.authors_note))


def _names(paper: Paper, names: tuple[str, ...], ascii: bool) -> str:
    return " and ".join(bibtex_name(n, paper.family_names, ascii) for n in names)


def _marks(paper: Paper, style: Style) -> tuple[str, str]:
    """(a sentence for ``note``, a biblatex ``author+an`` value) for the marked authors."""
    entries = paper.author_entries
    equal = [a.name for a in entries if a.equal]
    corresponding = [a.name for a in entries if a.corresponding]
    if not equal and not corresponding:
        return "", ""
    if style == "biblatex":
        items = []
        for i, a in enumerate(entries, start=1):
            words = [w for w, on in (("equal", a.equal), ("corresponding", a.corresponding)) if on]
            if words:
                items.append(f"{i}={','.join(words)}")
        return "", "; ".join(items)
    parts = []
    if equal:
        parts.append("Equal contribution: " + ", ".join(equal))
    if corresponding:
        label = "Corresponding author" if len(corresponding) == 1 else "Corresponding authors"
        parts.append(f"{label}: " + ", ".join(corresponding))
    return "; ".join(parts), ""


def paper_entry(
    paper: Paper, key: str, style: Style = "bibtex", ascii: bool = False
) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and (field, value with its braces) pairs for one paper."""
    extra = {k.lower(): v for k, v in paper.extra.items()}
    links = paper.links
    arxiv = normalize_arxiv(links.arxiv) if links.arxiv else ""
    entry_type = _entry_type(paper, arxiv)
    out: dict[str, str] = {}

    def text(value: str) -> str:
        return "{" + text_to_bibtex(value, ascii) + "}"

    def verbatim(value: str) -> str:
        return "{" + encode_verbatim(value) + "}"

    def name(field: str) -> str:
        return _BIBLATEX_FIELDS.get(field, field) if style == "biblatex" else field

    if paper.authors:
        authors = _names(paper, paper.authors, ascii)
        if _is_incomplete(paper):
            authors += " and others"
        out["author"] = "{" + authors + "}"
    if paper.editors:
        out["editor"] = "{" + _names(paper, paper.editors, ascii) + "}"
    out["title"] = "{" + encode_title(paper.title, ascii) + "}"
    values = {attr: getattr(paper, attr) for attr in TEXT_FIELDS}
    venue = paper.venue
    venue_field = VENUE_FIELDS.get(entry_type, ("howpublished",))[0]
    if venue_field in ("booktitle", "journal") and not values[venue_field] and venue:
        values[venue_field] = full_venue(venue) or venue
    note, annotations = _marks(paper, style)
    if "author+an" in extra:
        note = annotations = ""
    if note:
        values["note"] = f"{values['note']}; {note}" if values["note"] else note
    if entry_type == "unpublished" and not values["note"]:
        values["note"] = paper.status or "Preprint"
    elif paper.type == "blog" and not values["note"]:
        values["note"] = "Blog post"
    for attr in ("booktitle", "journal", "series", "volume", "number", "pages", "edition"):
        if values[attr]:
            out[name(TEXT_FIELDS[attr])] = text(values[attr])
    for attr in ("publisher", "address"):
        if values[attr]:
            out[name(TEXT_FIELDS[attr])] = text(values[attr])
    written = {v.strip("{}") for v in out.values()}
    if (
        venue
        and venue_field not in ("booktitle", "journal")
        and venue_field not in extra
        and venue_field not in out
        and not venue.startswith("Patent")
        and text_to_bibtex(venue, ascii) not in written
        and venue not in extra.values()
    ):
        out[venue_field] = text(venue)
    _dates(paper, extra, style, out)
    if values["note"]:
        out["note"] = text(values["note"])
    if annotations:
        out["author+an"] = "{" + annotations + "}"
    doi = extra.pop("doi", "") or (normalize_doi(links.doi) or links.doi)
    if doi:
        out["doi"] = verbatim(doi)
    if arxiv or "eprint" in extra:
        out["eprint"] = verbatim(extra.pop("eprint", "") or arxiv)
        if arxiv:
            prefix = "eprinttype" if style == "biblatex" else "archiveprefix"
            out[prefix] = "{" + (extra.pop("archiveprefix", "") or "arXiv") + "}"
            primary = extra.pop("primaryclass", "") or next(
                (c for c in paper.categories if "." in c and _ARXIV_CLASS_RE.match(c)), ""
            )
            if primary:
                out["eprintclass" if style == "biblatex" else "primaryclass"] = text(primary)
    if links.url:
        out["url"] = verbatim(links.url)
    for link, field in (("code", "code"), ("pdf", "pdf"), ("project", "website")):
        value = getattr(links, link)
        if value and value not in extra.values():
            out[field] = verbatim(value)
    if paper.status and not (entry_type == "unpublished" and values["note"] == paper.status):
        out["pubstate"] = text(paper.status)
    for attr in ("isbn", "issn", "language", "abstract"):
        if values[attr]:
            out[TEXT_FIELDS[attr]] = text(values[attr])
    if paper.keywords:
        out["keywords"] = text(", ".join(paper.keywords))
    for field, value in extra.items():
        if field in out or not _FIELD_NAME_RE.match(field) or not value:
            continue
        out[field] = verbatim(value) if field in _VERBATIM or is_url(value) else text(value)
    return entry_type, list(out.items())


def _dates(paper: Paper, extra: dict[str, str], style: Style, out: dict[str, str]) -> None:
    date = paper.date if paper.date is not None and not paper.date.is_present else None
    year = paper.year or (date.year if date else None)
    raw_year = extra.pop("year", "")
    raw_month = extra.pop("month", "")
    raw_date = extra.pop("date", "")
    raw_day = extra.pop("day", "")
    if style == "biblatex" and (date is not None or raw_date):
        out["date"] = "{" + (raw_date or str(date)) + "}"
        if raw_year:
            out["year"] = "{" + text_to_bibtex(raw_year) + "}"
        if raw_month:
            out["month"] = "{" + text_to_bibtex(raw_month) + "}"
        return
    if raw_year or year:
        out["year"] = "{" + text_to_bibtex(raw_year) + "}" if raw_year else str(year)
    if raw_month:
        out["month"] = "{" + text_to_bibtex(raw_month) + "}"
    elif date is not None and date.month and (year is None or date.year == year):
        out["month"] = _MONTHS[date.month - 1]
    if raw_day:
        out["day"] = "{" + text_to_bibtex(raw_day) + "}"
    if raw_date:
        out["date"] = "{" + raw_date + "}"
    elif date is not None and date.day and (year is None or date.year == year):
        out["date"] = "{" + str(date) + "}"


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One entry as text, ``=`` aligned, one field a line."""
    width = max((len(name) for name, _ in fields), default=0)
    body = "".join(f"  {name.ljust(width)} = {value},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def papers_to_bibtex_text(
    papers: Iterable[Paper],
    keys: CitationKeys | None = None,
    style: Style = "bibtex",
    ascii: bool = False,
) -> str:
    """BibTeX for ``papers`` in order, one blank line between entries."""
    keys = keys or CitationKeys()
    entries = []
    for paper in papers:
        key = keys.key(paper)
        entry_type, fields = paper_entry(paper, key, style, ascii)
        entries.append(format_entry(entry_type, key, fields))
    return "\n".join(entries)


def marks_note(paper: Paper) -> str:
    """The note sentence an export adds for the paper's marked authors (``""`` if none)."""
    return _marks(paper, "bibtex")[0]
