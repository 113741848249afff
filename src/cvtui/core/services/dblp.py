"""DBLP: a person's page as XML (``GET https://dblp.org/pid/{pid}.xml``).

One document holds the person (their name, other spellings, affiliations, web addresses)
and every record they are on, each with its authors in order and every author's DBLP pid
(and ORCID where DBLP has it). DBLP writes homonyms with a number (``Di Xu 0001``) and ends
titles with a full stop; both are dropped. The number of records is the one metric.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from ..author_ids import dblp_pid, orcid_id
from ..identifiers import normalize_arxiv, normalize_doi
from .http import FetchError, HttpClient, NotFound, service_url
from .record import SourceRecord, line, make_paper, number, unique
from .weblinks import sort_links

__all__ = ["LABEL", "fetch", "parse_id", "read"]

LABEL = "DBLP"
DEFAULT_URL = "https://dblp.org"
INTERVAL = 2.0
"""dblp's FAQ: "You should always be fine when waiting for at least one or two seconds
between two consecutive requests"."""
_HOMONYM_RE = re.compile(r"\s+\d{4}$")
_TYPES = {
    "article": "journal",
    "inproceedings": "conference",
    "proceedings": "book",
    "book": "book",
    "incollection": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "data": "other",
}
_WORKSHOP_RE = re.compile(r"\bworkshops?\b|@", re.I)


def parse_id(text: str) -> str:
    """The DBLP pid in ``text`` (``95/7448-1`` or a dblp.org/pid URL)."""
    found = dblp_pid(text)
    if not found:
        raise ValueError(
            f"`{line(text, 80)}` is not a DBLP person id (like 95/7448-1, "
            "from https://dblp.org/pid/95/7448-1)"
        )
    return found


def fetch(
    client: HttpClient, pid: str, progress: Callable[[int, int], None] | None = None
) -> list[Any]:
    base = service_url("dblp", DEFAULT_URL)
    try:
        body = client.get(
            f"{base}/pid/{pid}.xml", service=LABEL, accept="application/xml", interval=INTERVAL
        )
    except NotFound:
        raise NotFound(f"DBLP has no person {pid}") from None
    return [body]


def _text(element: ET.Element | None) -> str:
    """All the text in ``element``, markup such as ``<i>`` or ``<sub>`` dropped."""
    return line("".join(element.itertext())) if element is not None else ""


def _person_name(written: str) -> str:
    return _HOMONYM_RE.sub("", written).strip()


def parse_xml(body: bytes | str) -> ET.Element:
    """The root of a DBLP document; a DTD, entities or a malformed document are refused."""
    head = body[:4096] if isinstance(body, str) else body[:4096].decode("latin-1")
    if "<!DOCTYPE" in head or "<!ENTITY" in head:
        raise FetchError("DBLP sent XML with a document type declaration; refused")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise FetchError(f"DBLP sent malformed XML ({exc})") from None


def read(docs: list[Any], today: dt.date) -> SourceRecord:
    roots = [d if isinstance(d, ET.Element) else parse_xml(d) for d in docs]
    person = next((r for r in roots if r.tag == "dblpperson"), None)
    if person is None:
        raise ValueError("not a DBLP person page (no <dblpperson> element)")
    pid = line(person.get("pid"), 200)
    out = SourceRecord("dblp", LABEL, pid)
    written = line(person.get("name"), 500)
    profile = out.profile
    profile["name"] = _person_name(written)
    info = person.find("person")
    names = [_person_name(_text(a)) for a in info.findall("author")] if info is not None else []
    aliases = unique(names, besides=[profile["name"]])
    if aliases:
        profile["aliases"] = aliases
    urls = [_text(u) for u in info.findall("url")] if info is not None else []
    links, left = sort_links(urls)
    if pid:
        links["dblp"] = f"https://dblp.org/pid/{pid}"
    profile["links"] = links
    out.ignore("web addresses with no place in `links`", left)
    if info is not None:
        _notes(info, out)
    for record in person.findall("r"):
        for child in record:
            paper = _paper(child, out)
            if paper:
                out.papers.append(paper)
    count = number(person.get("n"))
    if count is None:
        count = len(out.papers)
    out.metrics.append(
        {"name": "papers", "value": count, "source": LABEL, "as_of": today.isoformat()}
    )
    return out.bound()


def _notes(info: ET.Element, out: SourceRecord) -> None:
    """``<note type="affiliation">``: the current affiliation when unlabelled, else a past
    one; ``<note type="award">`` becomes an award."""
    current: list[str] = []
    for note in info.findall("note"):
        kind = note.get("type", "")
        text = _text(note)
        label = line(note.get("label"), 200)
        if not text:
            continue
        if kind == "affiliation" and not label:
            current.append(text)
        elif kind == "affiliation":
            out.profile.setdefault("experience", []).append(
                {"kind": "position", "organisation": text, "role": label}
            )
        elif kind == "award":
            award = {"title": text}
            year = re.search(r"\b(1[89]\d\d|2\d{3})\b", label)
            if year:
                award["date"] = year.group(1)
            out.profile.setdefault("awards", []).append(award)
        else:
            out.ignore("person notes")
    if current:
        out.profile["affiliation"] = current[0]


def _paper(record: ET.Element, out: SourceRecord) -> dict[str, Any] | None:
    kind = _TYPES.get(record.tag)
    if kind is None:
        out.ignore(f"<{record.tag}> records")
        return None
    key = line(record.get("key"), 500)
    publtype = record.get("publtype", "")
    authors = []
    for author in record.findall("author"):
        ids = []
        orcid = orcid_id(author.get("orcid", ""), checked=False)
        if orcid:
            ids.append(f"orcid:{orcid}")
        pid = dblp_pid(author.get("pid", ""))
        if pid:
            ids.append(f"dblp:{pid}")
        authors.append((_person_name(_text(author)), " ".join(ids)))
    editors = [_person_name(_text(e)) for e in record.findall("editor")]
    title = _text(record.find("title"))
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    journal = _text(record.find("journal"))
    booktitle = _text(record.find("booktitle"))
    venue = journal or booktitle or _text(record.find("school")) or _text(record.find("publisher"))
    if publtype == "informal" or journal == "CoRR":
        kind = "preprint"
    elif kind == "conference" and _WORKSHOP_RE.search(booktitle):
        kind = "workshop"
    links: dict[str, str] = {}
    if key:
        links["dblp"] = f"https://dblp.org/rec/{key}"
    for ee in record.findall("ee"):
        url = _text(ee)
        doi = normalize_doi(url) if "doi" in url else ""
        arxiv = normalize_arxiv(url) if "arxiv" in url else ""
        if doi and "doi" not in links:
            links["doi"] = doi
        elif arxiv and "arxiv" not in links:
            links["arxiv"] = arxiv
        elif url.startswith("http") and "url" not in links and "wikidata.org" not in url:
            links["url"] = url
    if links.get("doi", "").lower().startswith("10.48550/arxiv."):
        links.setdefault("arxiv", normalize_arxiv(links.pop("doi")))
    fields: dict[str, Any] = {
        "venue": venue,
        "year": _text(record.find("year")),
        "type": kind,
        "journal": journal,
        "booktitle": booktitle,
        "pages": _text(record.find("pages")),
        "volume": _text(record.find("volume")),
        "number": _text(record.find("number")),
        "publisher": _text(record.find("publisher")),
        "series": _text(record.find("series")),
        "isbn": _text(record.find("isbn")),
        "editors": editors,
    }
    if publtype == "withdrawn":
        fields["status"] = "withdrawn"
    return make_paper(title, authors, links=links, **fields)
