"""One paper as document blocks: title, authors, venue, dates, tags, links and summary.

Authors are listed up to :data:`~cvtui.core.bounds.MAX_SHOWN_VALUES`, then "… and N more".

A paper here is a *work*: one record for every profile that lists it. The person the list is
about is emphasised among the authors; ``*`` (equal contribution) and ``†`` (corresponding)
stay visible with a legend; authors who have a profile here are marked, and every profile
that lists the work or is among its authors is a line that jumps to it on enter. Where the
profiles disagree (venue, year, type, authors), each value is shown with who gives it; each
profile's own summary and highlights are shown as that profile's.
"""

from __future__ import annotations

from rich.text import Text

from ..core.bounds import more_text, shown
from ..core.model import Author, Library, Paper
from .document import Action, Block, Palette

__all__ = ["lead_authors", "paper_blocks", "paper_year", "type_status"]


def paper_year(paper: Paper) -> str:
    if paper.year:
        return str(paper.year)
    if paper.date is not None:
        return str(paper.date.year)
    return ""


def lead_authors(paper: Paper, count: int = 2) -> str:
    """The first authors' names, ``et al.`` when there are more."""
    names = [Author.parse(a).name for a in paper.authors[:count]]  # not all 200,000 of them
    total = max(len(paper.authors), paper.authors_total or 0)
    return ", ".join(names) + (" et al." if total > count else "")


def type_status(paper: Paper) -> str:
    """``conference``, or the status when it says more (``under review``)."""
    if paper.status and paper.status not in ("published",):
        return paper.status
    return paper.type


def _field(label: str, value: str, p: Palette) -> list[Block]:
    if not value:
        return []
    text = Text(f"{label}: ", p.label)
    text.append(value)
    return [Block(text, indent=2, hang=len(label) + 2)]


def paper_blocks(library: Library, index: int, p: Palette, focus: str | None = None) -> list[Block]:
    """Everything about work ``library.papers[index]``, as blocks for a :class:`DocumentView`.

    ``focus`` is the person the list is about (their name is emphasised among the authors).
    """
    paper = library.papers[index]
    blocks: list[Block] = [Block(Text(paper.title, p.heading))]

    kind = Text(paper.type, p.accent)
    if paper.status:
        kind.append(f" · {paper.status}", p.dim)
    if paper.presentation:
        kind.append(f" · {paper.presentation}", p.dim)
    if paper.links.code:
        kind.append("  [code]", p.success)
    blocks.append(Block(kind))

    blocks += _author_blocks(library, index, p, focus)

    blocks.append(Block(Text()))
    blocks += _field("Venue", paper.venue, p)
    blocks += _field("In", paper.booktitle or paper.journal, p)
    blocks += _field("Volume", paper.volume, p)
    blocks += _field("Number", paper.number, p)
    blocks += _field("Pages", paper.pages, p)
    blocks += _field("Publisher", paper.publisher, p)
    blocks += _field("Editors", ", ".join(paper.editors), p)
    blocks += _field("Presentation", paper.presentation, p)
    blocks += _field("Status", paper.status, p)
    blocks += _field("Date", str(paper.date) if paper.date else "", p)
    if paper.year and (paper.date is None or paper.date.year != paper.year):
        blocks += _field("Year", str(paper.year), p)
    blocks += _field("Categories", ", ".join(paper.categories), p)
    blocks += _field("Organisations", ", ".join(paper.orgs), p)
    blocks += _field("Keywords", ", ".join(paper.keywords), p)

    blocks += _disagreement_blocks(library, index, p)
    blocks += _profile_blocks(library, index, p)

    links = paper.links.items()
    if links:
        blocks.append(Block(Text()))
        blocks.append(Block(Text("Links", p.heading)))
        for label, url in links:
            text = Text(f"{label}: ", p.label)
            text.append(url, p.link)
            blocks.append(Block(text, action=Action("link", url, label), indent=2, hang=4))

    blocks += _note_blocks(library, index, p)
    if paper.abstract:
        blocks.append(Block(Text()))
        blocks.append(Block(Text("Abstract", p.heading)))
        blocks.append(Block(Text(paper.abstract), indent=2))
    blocks.append(Block(Text()))
    work = library.works[index]
    if work.reasons:
        why = Text("Grouped: ", p.label)
        why.append("; ".join(work.reasons), p.dim)
        blocks.append(Block(why, hang=2))
    uid = library.paper_uid(index)
    ids = f"id {uid} · work {work.key}" if not uid.endswith("/") else f"work {work.key}"
    blocks.append(Block(Text(ids, p.dim)))
    return blocks


def _author_blocks(library: Library, index: int, p: Palette, focus: str | None) -> list[Block]:
    paper = library.papers[index]
    links = library.author_links(index)
    focus_index = library.find_person(focus)
    authors = Text()
    marks_used = {"*": False, "†": False, "+": False}
    focus_listed = False
    listed, more = shown(paper.authors)
    for n, entry in enumerate(map(Author.parse, listed)):
        if n:
            authors.append(", ")
        linked = links[n] if n < len(links) else None
        if focus_index is not None and linked == focus_index:
            style = p.emphasis
            focus_listed = True
        elif linked is not None:
            style = p.link
        else:
            style = None
        authors.append(entry.name, style)
        if entry.equal:
            authors.append("*", p.warning)
            marks_used["*"] = True
        if entry.corresponding:
            authors.append("†", p.warning)
            marks_used["†"] = True
        if linked is not None and linked != focus_index:
            authors.append("+", p.success)
            marks_used["+"] = True
    if more:
        authors.append(f", {more_text(more)}", p.dim)
    total = paper.authors_total
    if total and total > len(paper.authors):
        authors.append(f"  ({total} authors in all)", p.dim)
    blocks = [Block(Text()), Block(authors, hang=0)]
    legend = []
    if marks_used["*"]:
        legend.append("* equal contribution")
    if marks_used["†"]:
        legend.append("† corresponding")
    if marks_used["+"]:
        legend.append("+ has a profile here")
    if focus_index is not None:
        name = library.people[focus_index].name
        if focus_listed:
            legend.append(f"{name} in bold")
        elif library.holds(focus_index, index):
            among = f"the first {len(listed):,}" if more else "the authors listed"
            legend.append(f"{name} (whose list this is) is not among {among}")
    if legend:
        blocks.append(Block(Text("   ".join(legend), p.dim)))
    if paper.authors_note:
        blocks.append(Block(Text(paper.authors_note, p.dim)))
    return blocks


def _disagreement_blocks(library: Library, index: int, p: Palette) -> list[Block]:
    """Where the profiles holding this work say different things: per field, each value and
    who gives it (``Venue: ICLR (Ana Núñez) · arXiv (Bo Li)``)."""
    found = library.disagreements(index)
    if not found:
        return []
    blocks = [Block(Text()), Block(Text("Profiles disagree", p.heading))]
    by_field: dict[str, list[tuple[str, str]]] = {}
    for field, value, people in found:
        by_field.setdefault(field, []).append((value, ", ".join(x.name for x in people)))
    for field, values in by_field.items():
        label = field.capitalize()
        text = Text(f"{label}: ", p.label)
        for n, (value, who) in enumerate(values):
            if n:
                text.append(" · ", p.dim)
            text.append(value)
            text.append(f" ({who})", p.dim)
        blocks.append(Block(text, indent=2, hang=4))
    return blocks


def _profile_blocks(library: Library, index: int, p: Palette) -> list[Block]:
    """Every profile that lists the work, then every other author who has a profile."""
    holders = set(library.holders(index))
    blocks = [Block(Text()), Block(Text("Profiles", p.heading))]
    for person_index in library.work_people[index]:
        person = library.people[person_index]
        line = Text("→ ", p.dim)
        line.append(person.name, p.link)
        if person_index in holders:
            line.append("  lists it", p.dim)
        else:
            line.append("  co-author (only in others' profiles)", p.dim)
        blocks.append(
            Block(line, action=Action("person", person.id, person.name), indent=2, hang=2)
        )
    return blocks


def _note_blocks(library: Library, index: int, p: Palette) -> list[Block]:
    """Summaries, highlights… each with the profile it comes from when several profiles hold
    the work (a profile's notes are its own)."""
    notes = library.notes(index)
    several = len(library.works[index].entries) > 1
    blocks: list[Block] = []
    for person, fields in notes:
        whose = f" — {person.name}" if several else ""
        summary = fields.get("summary")
        if summary:
            blocks.append(Block(Text()))
            blocks.append(Block(Text(f"Summary{whose}", p.heading)))
            blocks.append(Block(Text(str(summary)), indent=2))
        highlights = fields.get("highlights")
        if highlights:
            blocks.append(Block(Text()))
            blocks.append(Block(Text(f"Highlights{whose}", p.heading)))
            for item in highlights:
                blocks.append(Block(Text("• " + item), indent=2, hang=2))
        if several:
            for key in ("presentation", "status"):
                if fields.get(key):
                    text = Text(f"{key.capitalize()} ({person.name}): ", p.label)
                    text.append(str(fields[key]))
                    blocks.append(Block(text, indent=2, hang=4))
    return blocks
