"""Getting things out of the terminal: what to copy for an item, and whether a browser can open.

Copying goes through the terminal itself (OSC 52, via ``App.copy_to_clipboard``), so it works
over SSH. A browser is used only when one can be opened on this machine; over SSH, or with no
display, the URL is shown and copied instead.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

from .core.model import Library, Paper, Person

__all__ = ["can_open_browser", "paper_citation", "person_summary", "simple_bibtex"]

_KEY_JUNK = re.compile(r"[^a-z0-9]+")
_BIBTEX_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "thesis": "phdthesis",
    "book": "book",
    "report": "techreport",
}


def cited(paper: Paper) -> Paper:
    """``paper`` with at most :data:`~cvtui.core.bounds.MAX_CITED_AUTHORS` authors (the
    citation then ends them with ``and others``, as BibTeX has it)."""
    from msgspec.structs import replace

    from .core.bounds import MAX_CITED_AUTHORS

    if len(paper.authors) <= MAX_CITED_AUTHORS:
        return paper
    total = max(len(paper.authors), paper.authors_total or 0)
    return replace(paper, authors=paper.authors[:MAX_CITED_AUTHORS], authors_total=total)


def paper_citation(library: Library, index: int) -> str:
    """A BibTeX entry for paper ``index`` (the exporter's when available), for copying: a
    paper of 200,000 authors is cited with the first few hundred."""
    paper = library.papers[index]
    if len(paper.authors) > len(cited(paper).authors):
        owner = library.people[library.paper_owner[index]]
        from msgspec.structs import replace

        library = Library([replace(owner, papers=(cited(paper),))])
        index = 0
    try:
        from .core.exchange.bibtex import paper_to_bibtex
    except ImportError:
        return simple_bibtex(library, index)
    return str(paper_to_bibtex(library, index))


def _bibtex_value(value: str) -> str:
    """Braces balanced so the entry stays parseable, whatever the title holds."""
    depth = 0
    out = []
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                out.append("\\}")
                continue
            depth -= 1
        out.append(ch)
    out.append("}" * depth)
    return "".join(out)


def _cite_key(paper: Paper) -> str:
    names = paper.author_names
    surname = names[0].split()[-1] if names and names[0].split() else "anon"
    year = str(paper.year or (paper.date.year if paper.date else ""))
    word = next((w for w in _KEY_JUNK.split(paper.title.lower()) if len(w) > 3), "paper")
    return _KEY_JUNK.sub("", surname.lower()) + year + word


def simple_bibtex(library: Library, index: int) -> str:
    """A plain @inproceedings/@article/@misc entry built from the paper's fields."""
    paper = library.papers[index]
    entry_type = _BIBTEX_TYPES.get(paper.type, "misc")
    fields: dict[str, str] = {"title": paper.title}
    if paper.authors:
        authors = " and ".join(paper.author_names)
        if paper.authors_total and paper.authors_total > len(paper.authors):
            authors += " and others"
        fields["author"] = authors
    if paper.venue:
        key = {"inproceedings": "booktitle", "article": "journal"}.get(entry_type, "howpublished")
        fields[key] = paper.venue
    year = paper.year or (paper.date.year if paper.date else None)
    if year:
        fields["year"] = str(year)
    if paper.date is not None and paper.date.month:
        fields["month"] = str(paper.date.month)
    if paper.links.doi:
        fields["doi"] = paper.links.doi
    if paper.links.arxiv:
        fields["eprint"] = paper.links.arxiv
        fields["archiveprefix"] = "arXiv"
    links: Mapping[str, str] = dict(paper.links.items())
    url = links.get("url") or links.get("arxiv") or links.get("project") or links.get("pdf")
    if url:
        fields["url"] = url
    if paper.status and paper.status != "published":
        fields["note"] = paper.status
    body = ",\n".join(f"  {name} = {{{_bibtex_value(value)}}}" for name, value in fields.items())
    return f"@{entry_type}{{{_cite_key(paper)},\n{body}\n}}\n"


def person_summary(person: Person) -> str:
    """Name and homepage (or the first link there is), one per line."""
    links = person.links.items()
    first = person.links.homepage or (links[0][1] if links else "")
    return f"{person.name}\n{first}" if first else person.name


def over_ssh(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def can_open_browser(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a graphical browser can show a page to the person at this terminal.

    Not over SSH (it would open on the remote machine), and on Linux only with a display:
    a text browser taking over the terminal would hide the app.
    """
    env = os.environ if environ is None else environ
    if over_ssh(env):
        return False
    platform = platform or sys.platform
    if platform == "darwin" or platform.startswith("win"):
        return True
    if env.get("BROWSER"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
