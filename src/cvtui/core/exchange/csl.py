"""CSL-JSON (Zotero, pandoc, citeproc) ↔ papers, keeping the whole record.

Import maps CSL variables onto the paper record and keeps every other one in ``extra`` (names
as ``Family, Given and …``, dates as ``2014-12-31/2015-01-01``, anything richer as JSON).
Export writes what the CSL-JSON schema accepts and puts the rest — arXiv ids, BibTeX-only
fields — into ``custom``, so the output validates and reads back to the same record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..dates import parse_date
from ..model import Paper
from ..problems import Problem
from ..text import sanitize
from .bibtex_export import marks_note
from .bibtex_import import BibtexImport, ImportedPaper, _restore_marks
from .csl_fields import (
    BIBTEX_TO_CSL_TYPE,
    CSL_DATE_VARIABLES,
    CSL_NAME_VARIABLES,
    CSL_SCHEMA_VARIABLES,
    CSL_TO_PAPER_TYPE,
    EXTRA_ALIASES,
    PAPER_TO_CSL_TYPE,
)
from .identifiers import normalize_arxiv, normalize_doi
from .keys import CitationKeys
from .latex import normalize_space, strip_html
from .names import NameParts, csl_name, name_from_csl, parse_bibtex_name, split_bibtex_names
from .venues import full_venue, short_venue

__all__ = ["paper_to_csl", "papers_to_csl_json", "read_csl_json"]

_SIMPLE = {
    "collection-title": "series",
    "publisher": "publisher",
    "publisher-place": "address",
    "page": "pages",
    "volume": "volume",
    "edition": "edition",
    "ISBN": "isbn",
    "ISSN": "issn",
    "abstract": "abstract",
    "language": "language",
    "status": "status",
}
_CONTAINER_IS_JOURNAL = frozenset(
    ("article-journal", "article-magazine", "article-newspaper", "review", "review-book")
)
_HAS_ISSUE = _CONTAINER_IS_JOURNAL | {"paper-conference", "chapter", "periodical"}
_SIMPLE_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")
_EXTRA_TO_CSL = {v: k for k, v in EXTRA_ALIASES.items()}
_LINKS = ("code", "pdf", "project")


def _string(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return sanitize(normalize_space(strip_html(value)))
    return ""


def _date_text(value: object) -> str:
    """A CSL date as ``2014-12-31`` or ``2014-12-31/2015`` when that says all; else JSON."""
    if isinstance(value, str):
        return sanitize(value.strip())
    if not isinstance(value, Mapping):
        return ""
    parts = value.get("date-parts")
    if set(value) == {"date-parts"} and isinstance(parts, list) and 1 <= len(parts) <= 2:
        texts = []
        for part in parts:
            if not (isinstance(part, list) and part and all(type(p) is int for p in part)):
                break
            if not 1000 <= part[0] <= 9999:
                break
            texts.append("-".join([f"{part[0]:04d}", *(f"{p:02d}" for p in part[1:3])]))
        else:
            return "/".join(texts)
    return sanitize(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _date_value(text: str) -> Any:
    """The CSL date object for a stored date text (the inverse of :func:`_date_text`)."""
    if text.startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            return {"literal": text}
    if _SIMPLE_DATE_RE.match(text):
        return {"date-parts": [[int(p) for p in side.split("-")] for side in text.split("/")]}
    return {"literal": text}


def _names_text(value: object) -> str:
    names = [n for n in (name_from_csl(v) for v in value) if n] if isinstance(value, list) else []
    from .names import bibtex_name

    return " and ".join(
        bibtex_name(n.display, {n.display: n.family} if n.family else {}) for n in names
    )


def _names_value(text: str) -> list[dict[str, str]]:
    names, _ = split_bibtex_names(text)
    out = []
    for raw in names:
        parts = parse_bibtex_name(raw)
        out.append(csl_name(parts.display, {parts.display: parts.family} if parts.family else {}))
    return out


def _extra_value(name: str, value: object) -> str:
    if name in CSL_NAME_VARIABLES and isinstance(value, list):
        return _names_text(value)
    if name in CSL_DATE_VARIABLES:
        return _date_text(value)
    if isinstance(value, (list, dict)):
        return sanitize(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return _string(value)


def item_to_paper(item: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A profile paper (TOML-shaped dict) from one CSL item, and warnings about it."""
    warnings: list[str] = []
    paper: dict[str, Any] = {}
    extra: dict[str, str] = {}
    families: dict[str, str] = {}
    csl_type = _string(item.get("type")) or "document"
    key = _string(item.get("citation-key")) or _string(item.get("id"))
    if key and re.match(r"^[^\s,{}()\"#%'=\\/~]{1,80}$", key):
        paper["id"] = key
    if key:
        paper["citation_key"] = key
    if _string(item.get("id")) and _string(item.get("id")) != key:
        extra["id"] = _string(item.get("id"))
    paper["title"] = _string(item.get("title"))

    def names(variable: str) -> list[NameParts]:
        found = [n for n in (name_from_csl(v) for v in item.get(variable) or ()) if n]
        families.update({n.display: n.family for n in found if n.family})
        return found

    authors = names("author") if isinstance(item.get("author"), list) else []
    note = _string(item.get("note"))
    if note and authors:
        note, authors = _restore_marks(note, authors)
    if authors:
        paper["authors"] = [a.written for a in authors]
    editors = names("editor") if isinstance(item.get("editor"), list) else []
    if editors:
        paper["editors"] = [e.written for e in editors]

    container = _string(item.get("container-title"))
    short = _string(item.get("container-title-short"))
    venue = short or short_venue(container) or container
    publisher = _string(item.get("publisher"))
    paper_type = CSL_TO_PAPER_TYPE.get(csl_type, "other")
    if paper_type == "conference" and re.search(r"\bworkshops?\b", container, re.I):
        paper_type = "workshop"
    if venue:
        paper["venue"] = venue
    elif paper_type in ("thesis", "report", "book") and publisher:
        paper["venue"] = publisher
    issued = item.get("issued")
    if issued is not None:
        text = _date_text(issued)
        start = text.split("/")[0] if not text.startswith("{") else ""
        try:
            date = parse_date(start) if start else None
        except ValueError:
            date = None
        if date is not None:
            paper["year"] = date.year
            if date.month:
                paper["date"] = str(date)
        if date is None or text != str(date):
            extra["issued"] = text
    paper["type"] = paper_type
    if PAPER_TO_CSL_TYPE.get(paper_type) != csl_type:
        paper["entry_type"] = f"csl:{csl_type}"
    if container and container != (full_venue(venue) or venue):
        paper["journal" if csl_type in _CONTAINER_IS_JOURNAL else "booktitle"] = container
    for variable, attr in _SIMPLE.items():
        value = _string(item.get(variable))
        if value:
            paper[attr] = value
    issue, number = _string(item.get("issue")), _string(item.get("number"))
    if issue or number:
        paper["number"] = issue or number
        if issue and number:
            extra["number"] = number
    if note:
        paper["note"] = note
    keywords = [k.strip() for k in _string(item.get("keyword")).split(",") if k.strip()]
    if keywords:
        paper["keywords"] = keywords
    links: dict[str, str] = {}
    url = _string(item.get("URL"))
    if url:
        links["url"] = url
    doi = _string(item.get("DOI"))
    if doi:
        if normalize_doi(doi):
            links["doi"] = normalize_doi(doi)
        else:
            extra["DOI"] = doi
            warnings.append(f"DOI `{doi}` is not a DOI; kept as written")
    raw_custom = item.get("custom")
    custom: Mapping[str, Any] = raw_custom if isinstance(raw_custom, Mapping) else {}
    arxiv = normalize_arxiv(_string(custom.get("arxiv"))) or normalize_arxiv(url)
    if arxiv:
        links["arxiv"] = arxiv
    for link in _LINKS:
        value = _string(custom.get(link))
        if value:
            links[link] = value
    handled = {
        "type",
        "id",
        "citation-key",
        "title",
        "author",
        "editor",
        "container-title",
        "container-title-short",
        "issued",
        "issue",
        "number",
        "note",
        "keyword",
        "URL",
        "DOI",
        "custom",
        *_SIMPLE,
    }
    for name, value in item.items():
        if name in handled or not isinstance(name, str):
            continue
        text = _extra_value(name, value)
        if text:
            extra[_EXTRA_TO_CSL.get(name, name)] = text
    for name, value in custom.items():
        if isinstance(name, str) and name not in ("arxiv", *_LINKS):
            text = _extra_value(name, value)
            if text:
                extra[name] = text
    if links:
        paper["links"] = links
    if families:
        paper["family_names"] = families
    if extra:
        paper["extra"] = extra
    return paper, warnings


def read_csl_json(text: str, source: str) -> BibtexImport:
    """Every item of a CSL-JSON array (or one item, or pandoc's ``{"references": […]}``)."""
    result = BibtexImport()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(source, f"not JSON: {exc.msg}", exc.lineno, exc.colno))
        return result
    if isinstance(data, Mapping) and isinstance(data.get("references"), list):
        data = data["references"]
    items = data if isinstance(data, list) else [data]
    lines = _item_lines(text, len(items))
    for number, item in enumerate(items):
        line = lines[number]
        label = f"item {number + 1}"
        if not isinstance(item, Mapping):
            result.problems.append(Problem(source, f"{label} is not an object; skipped", line))
            result.skipped.append((line, "", "not an object"))
            continue
        paper, warnings = item_to_paper(item)
        key = str(paper.get("citation_key", ""))
        for warning in warnings:
            result.problems.append(
                Problem(source, f"{label} `{key}`: {sanitize(warning)}", line, severity="warning")
            )
        if not paper.get("title"):
            result.problems.append(Problem(source, f"{label} `{key}` has no title; skipped", line))
            result.skipped.append((line, key, "no title"))
            continue
        result.extra_fields.update(paper.get("extra", {}).keys())
        result.papers.append(ImportedPaper(paper, key, line, str(paper.get("number", ""))))
    return result


def _item_lines(text: str, count: int) -> list[int]:
    """The line each top-level item starts on (the text's own order of ``{`` at depth 1)."""
    lines: list[int] = []
    depth = 0
    line = 1
    in_string = escaped = False
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            if ch == "{" and depth == 1:
                lines.append(line)
            depth += 1
        elif ch in "]}":
            depth -= 1
    return (lines + [1] * count)[:count] if lines else [1] * count


# --- export ---------------------------------------------------------------------------------


def _csl_type(paper: Paper) -> str:
    kind = paper.entry_type
    if kind.startswith("csl:"):
        return kind[4:]
    if kind:
        return BIBTEX_TO_CSL_TYPE.get(kind, "document")
    return PAPER_TO_CSL_TYPE.get(paper.type, "document")


def paper_to_csl(paper: Paper, key: str) -> dict[str, Any]:
    """One paper as a CSL-JSON item that validates against the CSL-JSON schema."""
    csl_type = _csl_type(paper)
    extra = dict(paper.extra)
    item: dict[str, Any] = {"id": key, "type": csl_type, "title": paper.title}
    if paper.authors:
        item["author"] = [csl_name(a, paper.family_names) for a in paper.authors]
    if paper.editors:
        item["editor"] = [csl_name(e, paper.family_names) for e in paper.editors]
    container = paper.journal or paper.booktitle or full_venue(paper.venue)
    if (
        not container
        and paper.venue
        and not (paper.venue == paper.publisher or paper.venue.startswith("Patent"))
    ):
        container = paper.venue
    if container:
        item["container-title"] = container
    if paper.venue and paper.venue != container and paper.venue != paper.publisher:
        item["container-title-short"] = paper.venue
    issued = extra.pop("issued", "")
    if issued:
        item["issued"] = _date_value(issued)
    elif paper.date is not None and not paper.date.is_present:
        d = paper.date
        item["issued"] = {
            "date-parts": [[d.year, *([d.month] if d.month else []), *([d.day] if d.day else [])]]
        }
    elif paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    for variable, attr in _SIMPLE.items():
        value = getattr(paper, attr)
        if value:
            item[variable] = value
    if paper.number:
        item["issue" if csl_type in _HAS_ISSUE else "number"] = paper.number
    if "number" in extra:
        item["number"] = extra.pop("number")
    note = paper.note
    marks = marks_note(paper)
    if marks:
        note = f"{note}; {marks}" if note else marks
    if note:
        item["note"] = note
    if paper.keywords:
        item["keyword"] = ", ".join(paper.keywords)
    links = paper.links
    if links.doi:
        item["DOI"] = normalize_doi(links.doi) or links.doi
    if links.url:
        item["URL"] = links.url
    custom: dict[str, Any] = {}
    if links.arxiv:
        custom["arxiv"] = normalize_arxiv(links.arxiv) or links.arxiv
        item.setdefault("URL", f"https://arxiv.org/abs/{custom['arxiv']}")
    for link in _LINKS:
        if getattr(links, link):
            custom[link] = getattr(links, link)
    extra.pop("id", None)
    for name, value in extra.items():
        variable = EXTRA_ALIASES.get(name, name)
        if variable in item or not value:
            continue
        if variable in CSL_NAME_VARIABLES:
            converted: Any = _names_value(value)
        elif variable in CSL_DATE_VARIABLES:
            converted = _date_value(value)
        elif value.startswith(("[", "{")):
            try:
                converted = json.loads(value)
            except ValueError:
                converted = value
        else:
            converted = value
        if (
            variable in CSL_SCHEMA_VARIABLES
            and variable != "custom"
            and (isinstance(converted, str) or variable in CSL_NAME_VARIABLES | CSL_DATE_VARIABLES)
        ):
            item[variable] = converted
        else:
            custom[name] = converted
    if custom:
        item["custom"] = custom
    return item


def papers_to_csl_json(papers: Iterable[Paper], keys: CitationKeys | None = None) -> str:
    """A CSL-JSON array of ``papers`` (ids unique over the set), pretty-printed UTF-8."""
    keys = keys or CitationKeys()
    items = [paper_to_csl(p, keys.key(p)) for p in papers]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
