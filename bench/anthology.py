"""A community-sized profile set from the ACL Anthology's own metadata: one profile per author.

The Anthology's XML (``shared/realworld/acl-anthology/xml``, one file per event) lists each
paper with its ordered authors. Writing one TOML profile per author, each holding every paper
that author is on, gives what a real community directory looks like: most papers appear in
several profiles, the same person may appear under several spellings (the Anthology's own
``name_variants.yaml`` lists known ones), and titles and abstracts carry real, long-tailed
text, old Windows-1252 control characters included.

Authors are told apart the way the Anthology writes them: by their ``id`` attribute where it
has one, else by the name as written. Variants are *not* merged: that is cvtui's job (it warns
that two profiles "may be the same person").

    python bench/anthology.py --out /tmp/acl                 # every author
    python bench/anthology.py --out /tmp/acl --top 2000      # the 2,000 most prolific
    python bench/anthology.py --out /tmp/acl17 --years 2017  # one year (a slice for tests)

Abstracts become the papers' ``abstract`` (the profile format keeps them apart from our own
``summary``); the Anthology id becomes the paper's URL.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["AnthologyPaper", "build", "default_xml_dir", "read_papers", "write_profiles"]

REALWORLD = Path(
    os.environ.get("CVTUI_REALWORLD_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "realworld"
)

_JOURNALS = {"J", "Q", "cl", "tacl"}
_WORKSHOP_RE = re.compile(r"\bworkshops?\b", re.I)


def default_xml_dir() -> Path:
    return REALWORLD / "acl-anthology" / "xml"


@dataclass
class AnthologyPaper:
    """One paper as the Anthology lists it (the fields a profile can hold)."""

    anthology_id: str
    title: str
    authors: list[tuple[str, str, str, str]]  # (key, name, orcid, anthology person id)
    year: int | None
    venue: str
    booktitle: str
    type: str
    pages: str = ""
    doi: str = ""
    abstract: str = ""
    publisher: str = ""
    address: str = ""
    month: str = ""
    editors: list[str] = field(default_factory=list)


def _text(element: ET.Element | None) -> str:
    """The text of an element with its markup (``<fixed-case>``, ``<tex-math>``…) dropped."""
    if element is None:
        return ""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _name(element: ET.Element) -> str:
    first = _text(element.find("first"))
    last = _text(element.find("last"))
    return " ".join(x for x in (first, last) if x)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "author"


def _collection_kind(collection: str, booktitle: str, volume_type: str) -> str:
    letters = collection.split(".")[-1]
    if collection[:1] in _JOURNALS or letters in _JOURNALS or volume_type == "journal":
        return "journal"
    if collection.startswith("W") or _WORKSHOP_RE.search(booktitle):
        return "workshop"
    return "conference"


def read_papers(xml_dir: Path, years: set[int] | None = None) -> Iterator[AnthologyPaper]:
    """Every paper of every volume file under ``xml_dir`` (only ``years`` when given)."""
    for path in sorted(xml_dir.glob("*.xml")):
        root = ET.parse(path).getroot()
        collection = root.get("id", path.stem)
        for volume in root.iter("volume"):
            meta = volume.find("meta")
            year_text = _text(meta.find("year")) if meta is not None else ""
            year = int(year_text) if year_text.isdigit() else None
            if years is not None and year not in years:
                continue
            booktitle = _text(meta.find("booktitle")) if meta is not None else ""
            venue = _text(meta.find("venue")) if meta is not None else ""
            venue = venue.upper() if venue else collection
            kind = _collection_kind(collection, booktitle, volume.get("type", ""))
            extra = {}
            if meta is not None:
                extra = {
                    "publisher": _text(meta.find("publisher")),
                    "address": _text(meta.find("address")),
                    "month": _text(meta.find("month")),
                }
                extra_editors = [_name(e) for e in meta.findall("editor")]
            else:
                extra_editors = []
            for paper in volume.findall("paper"):
                title = _text(paper.find("title"))
                if not title:
                    continue
                authors = []
                for author in paper.findall("author"):
                    name = _name(author)
                    if not name:
                        continue
                    person_id = author.get("id", "")
                    key = person_id or name
                    authors.append((key, name, author.get("orcid", ""), person_id))
                url = _text(paper.find("url"))
                yield AnthologyPaper(
                    anthology_id=url,
                    title=title,
                    authors=authors,
                    year=year,
                    venue=venue,
                    booktitle=booktitle,
                    type=kind,
                    pages=_text(paper.find("pages")),
                    doi=_text(paper.find("doi")),
                    abstract=_text(paper.find("abstract")),
                    editors=extra_editors,
                    **extra,
                )


_MONTHS = {
    name: n
    for n, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _month_number(text: str) -> int | None:
    """The first month named in ``July``, ``June-July``, ``7``… (None when there is none)."""
    word = re.match(r"\s*([A-Za-z]{3}|\d{1,2})", text)
    if word is None:
        return None
    found = word.group(1).lower()
    if found.isdigit():
        return int(found) if 1 <= int(found) <= 12 else None
    return _MONTHS.get(found)


def _toml_string(value: str) -> str:
    # JSON's escapes are valid TOML basic-string escapes; TOML also wants DEL escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def _paper_toml(paper: AnthologyPaper, rich: bool) -> str:
    lines = ["", "[[papers]]", f"title = {_toml_string(paper.title)}"]
    lines.append(f"authors = {_toml_list(name for _, name, _, _ in paper.authors)}")
    orcids = [orcid for _, _, orcid, _ in paper.authors]
    if rich and any(orcids):
        lines.append(f"author_ids = {_toml_list(f'orcid:{o}' if o else '' for o in orcids)}")
    if paper.venue:
        lines.append(f"venue = {_toml_string(paper.venue)}")
    if paper.year is not None:
        lines.append(f"year = {paper.year}")
    lines.append(f'type = "{paper.type}"')
    if rich:
        month = _month_number(paper.month)
        if month and paper.year is not None:
            lines.append(f'date = "{paper.year}-{month:02d}"')
        for name in ("booktitle", "pages", "publisher", "address", "abstract"):
            value = getattr(paper, name)
            if value:
                key = "journal" if name == "booktitle" and paper.type == "journal" else name
                lines.append(f"{key} = {_toml_string(value)}")
    elif paper.abstract:
        lines.append(f"summary = {_toml_string(paper.abstract)}")
    links = []
    if paper.anthology_id:
        links.append(f"url = {_toml_string('https://aclanthology.org/' + paper.anthology_id)}")
    if paper.doi:
        links.append(f"doi = {_toml_string(paper.doi)}")
    if links:
        lines.append("[papers.links]")
        lines.extend(links)
    return "\n".join(lines)


def write_profiles(
    papers: list[AnthologyPaper],
    out: Path,
    top: int | None = None,
    min_papers: int = 1,
    rich: bool = True,
) -> dict[str, int]:
    """One TOML profile per author under ``out``; returns counts for a report.

    ``top`` keeps the authors with the most papers; ``rich`` writes the bibliographic fields
    (pages, booktitle, abstract…) of the lossless paper record, else only title, authors,
    venue, year and links, with the abstract as a summary.
    """
    by_author: dict[str, list[int]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    orcids: dict[str, str] = {}
    for i, paper in enumerate(papers):
        seen = set()
        for key, name, orcid, _ in paper.authors:
            if key in seen:
                continue
            seen.add(key)
            by_author[key].append(i)
            names[key][name] += 1
            if orcid:
                orcids.setdefault(key, orcid)
    keys = [k for k, held in by_author.items() if len(held) >= min_papers]
    keys.sort(key=lambda k: (-len(by_author[k]), k))
    if top is not None:
        keys = keys[:top]
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    entries = 0
    distinct: set[int] = set()
    for key in keys:
        name = names[key].most_common(1)[0][0]
        base = _slug(key)
        pid, n = base, 1
        while pid in used:
            n += 1
            pid = f"{base}-{n}"
        used.add(pid)
        body = [f"name = {_toml_string(name)}", f'id = "{pid}"']
        if rich and key in orcids:
            body += ["", "[links]", f"orcid = {_toml_string(orcids[key])}"]
        held = sorted(by_author[key], key=lambda i: (-(papers[i].year or 0), i))
        for i in held:
            body.append(_paper_toml(papers[i], rich))
        (out / f"{pid}.toml").write_text("\n".join(body) + "\n", encoding="utf-8")
        entries += len(held)
        distinct.update(held)
    return {"profiles": len(keys), "entries": entries, "papers": len(distinct)}


def build(
    out: Path,
    xml_dir: Path | None = None,
    years: set[int] | None = None,
    top: int | None = None,
    min_papers: int = 1,
    rich: bool = True,
) -> dict[str, int]:
    """Read the Anthology and write its profile set; the counts of what was written."""
    papers = list(read_papers(xml_dir or default_xml_dir(), years))
    counts = write_profiles(papers, out, top=top, min_papers=min_papers, rich=rich)
    counts["anthology_papers"] = len(papers)
    return counts


def _years(text: str) -> set[int]:
    found: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("..")
        found.update(range(int(low), int(high or low) + 1))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write profiles into")
    parser.add_argument("--xml", type=Path, default=None, help="the Anthology's xml/ folder")
    parser.add_argument("--years", type=_years, default=None, help="e.g. 2017 or 2010..2017")
    parser.add_argument("--top", type=int, default=None, help="only the N most prolific authors")
    parser.add_argument("--min-papers", type=int, default=1)
    parser.add_argument(
        "--plain", action="store_true", help="only title, authors, venue, year, links, summary"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = build(args.out, args.xml, args.years, args.top, args.min_papers, not args.plain)
    seconds = time.perf_counter() - started
    print(
        f"{counts['profiles']:,} profiles, {counts['entries']:,} paper entries of "
        f"{counts['papers']:,} distinct papers (of {counts['anthology_papers']:,} read) "
        f"in {args.out} ({seconds:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
