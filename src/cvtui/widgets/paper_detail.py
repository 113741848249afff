"""One paper as document blocks: title, authors, venue, dates, tags, links and summary.

Authors are listed up to :data:`~cvtui.core.bounds.MAX_SHOWN_VALUES`, then "… and N more".

The profile's owner is emphasised among the authors; ``*`` (equal contribution) and ``†``
(corresponding) stay visible with a legend; co-authors who have a profile here are marked and
listed again as lines that jump to their profile on enter.
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


def paper_blocks(library: Library, index: int, p: Palette) -> list[Block]:
    """Everything about ``library.papers[index]``, as blocks for a :class:`DocumentView`."""
    paper = library.papers[index]
    owner_index = library.paper_owner[index]
    owner = library.people[owner_index]
    blocks: list[Block] = [Block(Text(paper.title, p.heading))]

    kind = Text(paper.type, p.accent)
    if paper.status:
        kind.append(f" · {paper.status}", p.dim)
    if paper.presentation:
        kind.append(f" · {paper.presentation}", p.dim)
    if paper.links.code:
        kind.append("  [code]", p.success)
    blocks.append(Block(kind))

    # authors
    people = library.coauthors_with_profiles(index)  # once: it looks at every author
    coauthors = {name for name, _ in people}
    authors = Text()
    marks_used = {"*": False, "†": False, "+": False}
    owner_listed = False
    listed, more = shown(paper.authors)
    for n, entry in enumerate(map(Author.parse, listed)):
        if n:
            authors.append(", ")
        if library.is_owner_name(index, entry.name):
            style = p.emphasis
            owner_listed = True
        elif entry.name in coauthors:
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
        if entry.name in coauthors and not library.is_owner_name(index, entry.name):
            authors.append("+", p.success)
            marks_used["+"] = True
    if more:
        authors.append(f", {more_text(more)}", p.dim)
    total = paper.authors_total
    if total and total > len(paper.authors):
        authors.append(f"  ({total} authors in all)", p.dim)
    blocks.append(Block(Text()))
    blocks.append(Block(authors, hang=0))
    legend = []
    if marks_used["*"]:
        legend.append("* equal contribution")
    if marks_used["†"]:
        legend.append("† corresponding")
    if marks_used["+"]:
        legend.append("+ has a profile here")
    if owner_listed:
        legend.append(f"{owner.name} in bold: this profile")
    elif more:
        legend.append(f"{owner.name} (this profile) is not among the first {len(listed):,}")
    else:
        legend.append(f"{owner.name} (this profile) is not among the authors listed")
    blocks.append(Block(Text("   ".join(legend), p.dim)))
    if paper.authors_note:
        blocks.append(Block(Text(paper.authors_note, p.dim)))

    blocks.append(Block(Text()))
    blocks += _field("Venue", paper.venue, p)
    blocks += _field("Presentation", paper.presentation, p)
    blocks += _field("Status", paper.status, p)
    blocks += _field("Date", str(paper.date) if paper.date else "", p)
    if paper.year and (paper.date is None or paper.date.year != paper.year):
        blocks += _field("Year", str(paper.year), p)
    blocks += _field("Categories", ", ".join(paper.categories), p)
    blocks += _field("Organisations", ", ".join(paper.orgs), p)

    owner_action = Action("person", owner.id, owner.name)
    blocks.append(Block(Text()))
    blocks.append(Block(Text("Profiles", p.heading)))
    line = Text("→ ", p.dim)
    line.append(owner.name, p.emphasis)
    line.append("  (this profile)", p.dim)
    blocks.append(Block(line, action=owner_action, indent=2, hang=2))
    seen = {owner.id}
    for name, person in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        line = Text("→ ", p.dim)
        line.append(person.name, p.link)
        if name != person.name:
            line.append(f"  (as {name})", p.dim)
        line.append("  co-author", p.dim)
        blocks.append(
            Block(line, action=Action("person", person.id, person.name), indent=2, hang=2)
        )

    links = paper.links.items()
    if links:
        blocks.append(Block(Text()))
        blocks.append(Block(Text("Links", p.heading)))
        for label, url in links:
            text = Text(f"{label}: ", p.label)
            text.append(url, p.link)
            blocks.append(Block(text, action=Action("link", url, label), indent=2, hang=4))

    if paper.summary:
        blocks.append(Block(Text()))
        blocks.append(Block(Text("Summary", p.heading)))
        blocks.append(Block(Text(paper.summary), indent=2))
    if paper.highlights:
        blocks.append(Block(Text()))
        blocks.append(Block(Text("Highlights", p.heading)))
        for item in paper.highlights:
            blocks.append(Block(Text("• " + item), indent=2, hang=2))
    blocks.append(Block(Text()))
    blocks.append(Block(Text(f"id {library.paper_uid(index)}", p.dim)))
    return blocks
