"""BibTeX ↔ papers: read real-world ``.bib`` files into profile papers, write papers as BibTeX.

Parsing and writing go through ``bibtexparser`` (2.x); this module adds what real files need
around it: Jekyll front matter, CRLF, a missing comma after the key, month names, biblatex
``date``, NASA ADS journal macros, ``*``/``†`` author marks, arXiv ids hidden in URLs and DOIs.
Every entry that cannot be read is reported with its line; nothing is dropped silently.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..dates import parse_date
from ..loading import slugify
from ..problems import Problem
from ..text import fold, one_line, sanitize
from .latex import latex_to_text, protect_capitals, text_to_latex

if TYPE_CHECKING:
    from bibtexparser.model import Entry

    from ..model import Library, Paper

__all__ = [
    "BibtexImport",
    "ImportedPaper",
    "citation_key",
    "normalize_arxiv",
    "normalize_doi",
    "paper_to_bibtex",
    "papers_to_bibtex",
    "papers_to_bibtex_text",
    "read_bibtex",
]

# --- identifiers ---------------------------------------------------------------------------

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z.-]+/\d{7}"
_ARXIV_ID_RE = re.compile(rf"^(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_URL_RE = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.I
)
_ARXIV_DOI_RE = re.compile(rf"^10\.48550/arxiv\.({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_IN_TEXT_RE = re.compile(rf"arxiv[:\s]*({_ARXIV_NEW})(?:v\d+)?", re.I)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_HTTP_RE = re.compile(r"^https?://\S+$", re.I)


def normalize_arxiv(value: str) -> str:
    """An arXiv id without prefix or version (``arXiv:2307.04657v2`` → ``2307.04657``)."""
    value = value.strip()
    match = _ARXIV_ID_RE.match(value) or _ARXIV_URL_RE.search(value) or _ARXIV_DOI_RE.match(value)
    return match.group(1) if match else ""


def normalize_doi(value: str) -> str:
    """A bare DOI (``https://doi.org/10.1/x`` → ``10.1/x``); empty when it is not one."""
    value = _DOI_PREFIX_RE.sub("", value.strip())
    return value if value.startswith("10.") and " " not in value else ""


def is_arxiv_doi(doi: str) -> bool:
    return bool(_ARXIV_DOI_RE.match(doi))


# --- reading -------------------------------------------------------------------------------

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
_MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?^---[ \t]*$", re.S | re.M)
_MISSING_COMMA_RE = re.compile(
    r"^([ \t]*@[ \t]*[A-Za-z]+[ \t]*\{[ \t]*[^\s,{}()=\"]+)[ \t]*\n(?=[ \t]*[A-Za-z][\w:.+-]*[ \t]*=)",
    re.M,
)
_EQUAL_MARKS = (
    r"$^{*}$",
    r"$^*$",
    r"$^\ast$",
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
    r"\textdagger",
    r"\dagger",
    r"\dag",
    "†",
)
_SPACES_RE = re.compile(r"\s+")
_KEY_OK_RE = re.compile(r"^[^\s,{}()\"#%'=\\/~]{1,80}$")
# The fields a paper keeps; everything else is counted and named in the import summary.
_USED_FIELDS = frozenset(
    {
        "title",
        "author",
        "journal",
        "booktitle",
        "school",
        "institution",
        "publisher",
        "howpublished",
        "organization",
        "year",
        "month",
        "date",
        "day",
        "doi",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "primaryclass",
        "arxiv",
        "url",
        "code",
        "wwwcode",
        "github",
        "codeurl",
        "pdf",
        "wwwpdf",
        "website",
        "project",
        "projectpage",
        "wwwurl",
        "pubstate",
        "note",
        "number",
        "type",
    }
)
_CODE_FIELDS = ("code", "wwwcode", "github", "codeurl")
_PDF_FIELDS = ("pdf", "wwwpdf")
_PROJECT_FIELDS = ("website", "project", "projectpage", "wwwurl")
_PREPRINT_VENUE_RE = re.compile(r"\b(arxiv|corr|e-?prints?|biorxiv|medrxiv|ssrn|preprint)\b", re.I)
_WORKSHOP_RE = re.compile(r"\bworkshops?\b", re.I)
_BLOG_NOTE_RE = re.compile(r"^\s*blog(\s+post)?\s*$", re.I)


@dataclass
class ImportedPaper:
    """One BibTeX entry as a profile paper (a dict in the profile's TOML shape)."""

    fields: dict[str, Any]
    key: str
    line: int
    number: str = ""  # a patent or report number: tells same-titled works apart


@dataclass
class BibtexImport:
    """What a ``.bib`` file gave: papers, entries that could not be used, fields not kept."""

    papers: list[ImportedPaper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, key, why)
    ignored_fields: Counter[str] = field(default_factory=Counter)


def _prepare(text: str, source: str, problems: list[Problem]) -> str:
    """Normalise what the parser trips on, keeping line numbers as they are in the file."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER_RE.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end() :]

    def add_comma(match: re.Match[str]) -> str:
        line = text.count("\n", 0, match.start()) + 1
        head = match.group(1).strip()
        problems.append(
            Problem(
                source,
                f"`{sanitize(head)}` has no comma after its key; read as if it had one",
                line,
                severity="warning",
            )
        )
        return match.group(1) + ",\n"

    return _MISSING_COMMA_RE.sub(add_comma, text)


def _text(value: object) -> str:
    return sanitize(latex_to_text(str(value)))


def _raw(fields: dict[str, str], *names: str) -> str:
    for name in names:
        value = fields.get(name, "")
        if value.strip():
            return value.strip()
    return ""


def _url(value: str) -> str:
    value = latex_to_text(value) if "\\" in value else value.strip()
    value = value.strip().strip("<>")
    return sanitize(value) if _HTTP_RE.match(value) else ""


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


def _author_name(raw: str) -> str:
    """``{Thomson}, A.~J.~M.`` → ``A. J. M. Thomson``; ``Agarwal, Navneet*`` → ``Navneet Agarwal*``."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    clean, equal, corresponding = _split_marks(raw)
    try:
        parts = parse_single_name_into_parts(clean, strict=False)
        words = [*parts.first, *parts.von, *parts.last]
        name = " ".join(_text(w) for w in words if w)
        if parts.jr:
            name += " " + " ".join(_text(w) for w in parts.jr)
    except Exception:
        name = _text(clean)
    name = _SPACES_RE.sub(" ", name).strip()
    if name and equal:
        name += "*"
    if name and corresponding:
        name += "†"
    return name


def _authors(raw: str) -> tuple[list[str], bool]:
    """The authors in order and whether the list ended with ``and others``."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names = []
    truncated = False
    for written in split_multiple_persons_names(_SPACES_RE.sub(" ", raw)):
        if written.strip().lower() in ("others", "{others}", "et al.", "et al"):
            truncated = True
            continue
        name = _author_name(written)
        if name:
            names.append(name)
    return names, truncated


def _month(raw: str) -> int:
    word = raw.strip().strip("{}").strip().lower().rstrip(".")
    if not word:
        return 0
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else 0
    first = re.split(r"[\s~/,-]+", word)[0]
    return _MONTHS.get(first, _MONTHS.get(first[:3], 0))


def _when(fields: dict[str, str]) -> tuple[int | None, str, str]:
    """(year, partial date, a warning) from ``year``/``month``/``day`` or biblatex ``date``."""
    warning = ""
    date = ""
    raw_date = _raw(fields, "date")
    if raw_date:
        start = raw_date.split("/")[0].strip()
        try:
            date = str(parse_date(start))
        except ValueError:
            warning = f"date `{raw_date}` is not a date; ignored"
    year: int | None = None
    raw_year = _raw(fields, "year")
    if raw_year:
        match = re.search(r"\d{4}", raw_year)
        if match and 1000 <= int(match.group(0)) <= 2999:
            year = int(match.group(0))
        else:
            warning = f"year `{raw_year}` is not a year; ignored"
    if year is None and date:
        year = int(date[:4])
    raw_month = _raw(fields, "month")
    month = _month(raw_month) if raw_month else 0
    if raw_month and not month:
        warning = f"month `{raw_month}` is not a month; ignored"
    if year is not None and month and (not date or len(date) < 7 or int(date[:4]) != year):
        date = f"{year:04d}-{month:02d}"
        day = _raw(fields, "day")
        if day.isdigit():
            try:
                date = str(parse_date(f"{date}-{int(day):02d}"))
            except ValueError:
                pass
    if date and year is not None and int(date[:4]) != year:
        date = ""
    return year, date, warning


def _paper_type(entry_type: str, fields: dict[str, str], venue: str, arxiv: str) -> str:
    kind = entry_type.lower()
    if kind in ("inproceedings", "conference", "proceedings"):
        return "workshop" if _WORKSHOP_RE.search(venue) else "conference"
    if kind == "article":
        journal = _raw(fields, "journal")
        if _PREPRINT_VENUE_RE.search(journal) or (not journal and arxiv):
            return "preprint"
        if _WORKSHOP_RE.search(venue):
            return "workshop"
        return "journal"
    if kind in ("techreport", "report"):
        return "report"
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        return "thesis"
    if kind in ("book", "incollection", "inbook", "booklet"):
        return "book"
    if kind == "unpublished":
        return "preprint"
    if kind in ("misc", "online", "electronic", "www"):
        if arxiv or _PREPRINT_VENUE_RE.search(_raw(fields, "howpublished", "journal")):
            return "preprint"
        if _BLOG_NOTE_RE.match(_raw(fields, "note")):
            return "blog"
    return "other"


def _venue(entry_type: str, fields: dict[str, str]) -> str:
    kind = entry_type.lower()
    if kind == "article":
        order: tuple[str, ...] = ("journal", "booktitle")
    elif kind in ("inproceedings", "conference", "incollection", "inbook", "proceedings"):
        order = ("booktitle", "journal", "series")
    elif kind in ("phdthesis", "mastersthesis", "thesis"):
        order = ("school", "institution")
    elif kind in ("techreport", "report"):
        order = ("institution", "publisher")
    elif kind in ("book", "booklet"):
        order = ("publisher", "series")
    elif kind == "patent":
        number = _raw(fields, "number")
        return f"Patent {_text(number)}" if number else "Patent"
    else:
        order = ("howpublished", "journal", "booktitle", "publisher", "organization", "institution")
    for name in order:
        value = _raw(fields, name)
        if value and not _HTTP_RE.match(latex_to_text(value)):
            return _text(value)
    return ""


def entry_to_paper(entry: Entry) -> tuple[dict[str, Any], list[str], set[str]]:
    """A profile paper from one BibTeX entry, the warnings about it, and the fields not kept."""
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    warnings: list[str] = []
    kind = entry.entry_type.lower()
    paper: dict[str, Any] = {}
    key = entry.key.strip()
    if _KEY_OK_RE.match(key):
        paper["id"] = sanitize(key)
    paper["title"] = _text(fields.get("title", ""))
    authors, truncated = _authors(fields.get("author", ""))
    if authors:
        paper["authors"] = authors
    if truncated:
        paper["authors_note"] = "et al."

    links: dict[str, str] = {}
    doi_raw = _raw(fields, "doi")
    doi = normalize_doi(latex_to_text(doi_raw)) if doi_raw else ""
    if doi_raw and not doi:
        warnings.append(f"doi `{doi_raw}` is not a DOI; ignored")
    arxiv = ""
    eprint = _raw(fields, "eprint")
    prefix = _raw(fields, "archiveprefix", "eprinttype").lower()
    if eprint and (prefix in ("", "arxiv")):
        arxiv = normalize_arxiv(eprint)
    arxiv = arxiv or normalize_arxiv(_raw(fields, "arxiv"))
    url = _url(_raw(fields, "url"))
    howpublished = _raw(fields, "howpublished")
    if not url and howpublished and _url(howpublished):
        url = _url(howpublished)
    if not doi and url and _DOI_PREFIX_RE.match(url):
        doi = normalize_doi(url)
    arxiv = arxiv or normalize_arxiv(url) or (normalize_arxiv(doi) if doi else "")
    if not arxiv:
        found = _ARXIV_IN_TEXT_RE.search(_raw(fields, "journal", "howpublished", "note"))
        arxiv = found.group(1) if found else ""

    venue = _venue(kind, fields)
    if venue:
        paper["venue"] = venue
    year, date, warning = _when(fields)
    if warning:
        warnings.append(warning)
    if year is not None:
        paper["year"] = year
    if date and len(date) > 4:
        paper["date"] = date
    paper["type"] = _paper_type(kind, fields, venue, arxiv)
    status = _text(_raw(fields, "pubstate"))
    if status:
        paper["status"] = status

    if url:
        links["url"] = url
    if arxiv:
        links["arxiv"] = arxiv
    if doi:
        links["doi"] = sanitize(doi)
    for name, sources in (
        ("code", _CODE_FIELDS),
        ("pdf", _PDF_FIELDS),
        ("project", _PROJECT_FIELDS),
    ):
        for source in sources:
            value = _raw(fields, source)
            if value:
                link = _url(value)
                if link:
                    links[name] = link
                    break
                warnings.append(f"{source} `{value}` is not a web address; ignored")
    if links:
        paper["links"] = links
    unused = {name for name in fields if name not in _USED_FIELDS}
    note = _text(fields.get("note", ""))
    if kind == "unpublished" and note and "status" not in paper and note.lower() != "preprint":
        paper["status"] = note
    elif note and not (kind == "misc" and _BLOG_NOTE_RE.match(note)) and kind != "unpublished":
        unused.add("note")
    return paper, warnings, unused


def read_bibtex(text: str, source: str) -> BibtexImport:
    """Every usable entry of a ``.bib`` text as a paper; problems carry ``source`` and lines."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    result = BibtexImport()
    text = _prepare(text, source, result.problems)
    library = bibtexparser.parse_string(text)
    entries: list[Entry] = list(library.entries)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        recovered = getattr(block, "ignore_error_block", None)
        if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) and isinstance(
            recovered, Entry
        ):
            what = "key" if isinstance(block, DuplicateBlockKeyBlock) else "field name"
            result.problems.append(
                Problem(
                    source,
                    f"entry `{one_line(recovered.key)}` repeats a {what}; read anyway",
                    line,
                    severity="warning",
                )
            )
            entries.append(recovered)
            continue
        raw = block.raw or ""
        head = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw)
        key = one_line(head.group(2)) if head else ""
        error = getattr(block, "error", None)
        message = getattr(error, "abort_reason", None) or str(error or "")
        lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"{type(error).__name__ if error else 'syntax error'}"
        reason = sanitize(re.sub(r"\s+", " ", reason))
        label = f"entry `{key}`" if key else "a block"
        result.problems.append(Problem(source, f"malformed {label} skipped: {reason}", line))
        result.skipped.append((line, key, f"malformed: {reason}"))
    entries.sort(key=lambda e: e.start_line or 0)
    for entry in entries:
        line = (entry.start_line or 0) + 1
        paper, warnings, unused = entry_to_paper(entry)
        key = one_line(entry.key)  # a name: shown on one line
        for warning in warnings:
            result.problems.append(
                Problem(source, f"entry `{key}`: {sanitize(warning)}", line, severity="warning")
            )
        if not paper.get("title"):
            result.problems.append(Problem(source, f"entry `{key}` has no title; skipped", line))
            result.skipped.append((line, key, "no title"))
            continue
        result.ignored_fields.update(one_line(name) for name in unused)  # shown to the user
        number = ""
        if entry.entry_type.lower() in ("patent", "techreport", "report"):
            number = _text(_raw({f.key.lower(): str(f.value) for f in entry.fields}, "number"))
        result.papers.append(ImportedPaper(paper, key, line, number))
    return result


# --- writing -------------------------------------------------------------------------------

_ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "report": "techreport",
    "thesis": "phdthesis",
    "book": "book",
}
_VENUE_FIELDS = {
    "inproceedings": "booktitle",
    "article": "journal",
    "techreport": "institution",
    "phdthesis": "school",
    "book": "publisher",
    "misc": "howpublished",
    "unpublished": "howpublished",
}
_TITLE_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "from",
        "towards",
        "toward",
        "via",
        "by",
        "at",
        "is",
        "are",
        "do",
        "does",
        "how",
        "what",
        "why",
        "when",
        "can",
    ]
)


def _is_derived_id(paper: Paper) -> bool:
    base = slugify(paper.title)
    return paper.id == base or bool(re.fullmatch(re.escape(base) + r"-\d+", paper.id))


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def citation_key(paper: Paper) -> str:
    """A stable key: the paper's own id when one was written, else ``surnameYEARword``."""
    if paper.id and not _is_derived_id(paper) and _KEY_OK_RE.match(paper.id):
        return paper.id
    surname = ""
    if paper.authors:
        name = paper.author_names[0]
        parts = name.split(",")[0].split() if "," in name else name.split()
        surname = _ascii_word(parts[-1]) if parts else ""
    word = next(
        (w for w in (_ascii_word(t) for t in paper.title.split()) if w and w not in _TITLE_STOP),
        "",
    )
    year = str(paper.year) if paper.year else "nd"
    return f"{surname or 'anon'}{year}{word}"


def _enclose(value: str) -> str:
    return "{" + value + "}"


def _plain_value(value: str) -> str:
    """A verbatim value (URL, DOI) with braces made harmless."""
    return value.replace("{", "%7B").replace("}", "%7D")


def _entry_fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and (name, already-enclosed value) pairs for one paper."""
    links = paper.links
    arxiv = normalize_arxiv(links.arxiv) if links.arxiv else ""
    if paper.type == "preprint":
        entry_type = "misc" if arxiv else "unpublished"
    else:
        entry_type = _ENTRY_TYPES.get(paper.type, "misc")
    out: list[tuple[str, str]] = []
    authors = [text_to_latex(a) for a in paper.authors]
    if authors and (paper.authors_note or (paper.authors_total or 0) > len(authors)):
        authors.append("others")
    if authors:
        out.append(("author", _enclose(" and ".join(authors))))
    out.append(("title", _enclose(protect_capitals(text_to_latex(paper.title)))))
    if paper.venue:
        out.append(
            (_VENUE_FIELDS.get(entry_type, "howpublished"), _enclose(text_to_latex(paper.venue)))
        )
    if entry_type == "unpublished":
        out.append(("note", _enclose(text_to_latex(paper.status or "Preprint"))))
    if paper.type == "blog":
        out.append(("note", "{Blog post}"))
    year = paper.year or (paper.date.year if paper.date and not paper.date.is_present else None)
    if year:
        out.append(("year", str(year)))
    date = paper.date
    if date is not None and not date.is_present and date.month and date.year == year:
        out.append(("month", _MONTH_ABBREVIATIONS[date.month - 1]))
        if date.day:
            out.append(("date", _enclose(str(date))))
    if links.doi:
        out.append(("doi", _enclose(_plain_value(normalize_doi(links.doi) or links.doi))))
    if arxiv:
        out.append(("eprint", _enclose(arxiv)))
        out.append(("archiveprefix", "{arXiv}"))
    if links.url:
        out.append(("url", _enclose(_plain_value(links.url))))
    for name, value in (("code", links.code), ("pdf", links.pdf), ("website", links.project)):
        if value:
            out.append((name, _enclose(_plain_value(value))))
    if paper.status and entry_type != "unpublished":
        out.append(("pubstate", _enclose(text_to_latex(paper.status))))
    return entry_type, out


def papers_to_bibtex_text(papers: Iterable[Paper]) -> str:
    """BibTeX for ``papers`` in order, with unique stable keys (``a``, ``b`` … on clashes)."""
    import bibtexparser
    from bibtexparser import BibtexFormat
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    taken: set[str] = set()
    for paper in papers:
        base = citation_key(paper)
        key = base
        n = 0
        while key.lower() in taken:
            key = f"{base}{_suffix(n)}"
            n += 1
        taken.add(key.lower())
        entry_type, pairs = _entry_fields(paper)
        library.add(Entry(entry_type, key, [Field(name, value) for name, value in pairs]))
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.value_column = "auto"
    text = bibtexparser.write_string(library, unparse_stack=[], bibtex_format=fmt)
    return text.strip() + "\n" if text.strip() else ""


def _suffix(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = letters[rem] + out
    return out


def papers_to_bibtex(library: Library, indices: Sequence[int]) -> str:
    """BibTeX for the papers at ``indices`` of ``library.papers`` (e.g. a filtered list)."""
    return papers_to_bibtex_text(library.papers[i] for i in indices)


def paper_to_bibtex(library: Library, index: int) -> str:
    """BibTeX for one paper of ``library`` (what the app copies to the clipboard)."""
    return papers_to_bibtex(library, [index])
