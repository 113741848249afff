"""The full profile of one person as document blocks: every fact of the profile, in order.

Sections: headline and affiliation, links, summary, interests (nested as an indented tree),
metrics with source and date, education, experience (hosts, advisors, topics), papers, skills
by category, languages, service, awards, and the file it came from. All profile text goes in
as ``Text(value)``: it is shown literally, whatever brackets it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Union

from rich.text import Text

from ..core.bounds import more_text, shown
from ..core.dates import PartialDate
from ..core.model import Interest, Library, Person
from .document import Action, Block, Palette

__all__ = ["profile_blocks", "span_text"]

BULLET = "• "


def span_text(start: PartialDate | None, end: PartialDate | None, expected: bool = False) -> str:
    """``2020-09 – 2024-01``, ``2024-09 – 2029 (expected)``, ``since 2021``, ``2019``."""
    if start is None and end is None:
        return ""
    if start is None:
        return f"until {end}" + (" (expected)" if expected else "")
    if end is None:
        return str(start)
    if end == start:
        return str(start)
    text = f"{start} – {end}"
    return text + " (expected)" if expected else text


def _line(*parts: tuple[str, object]) -> Text:
    """Join (text, style) pieces, skipping empty texts."""
    text = Text()
    for value, style in parts:
        if value:
            text.append(value, style)  # type: ignore[arg-type]
    return text


def _field(label: str, value: str, p: Palette, indent: int = 4) -> list[Block]:
    if not value:
        return []
    return [
        Block(_line((f"{label}: ", p.label), (value, None)), indent=indent, hang=len(label) + 2)
    ]


def _list_field(label: str, values: Sequence[str], p: Palette, indent: int = 4) -> list[Block]:
    """``Label: a, b, c`` — a long list up to a bound, then how many more."""
    values, more = shown(values)
    text = ", ".join(v for v in values if v)
    return _field(label, f"{text}, {more_text(more)}" if more else text, p, indent)


def _heading(title: str, p: Palette, count: int | None = None) -> list[Block]:
    text = Text(title, p.heading)
    if count is not None:
        text.append(f"  {count}", p.dim)
    return [Block(Text()), Block(text)]


def _bullets(values: Iterable[str], indent: int = 4) -> list[Block]:
    return [Block(Text(BULLET + v), indent=indent, hang=2) for v in values if v]


def _interest_blocks(items: Sequence[Union[str, Interest]], p: Palette, depth: int) -> list[Block]:
    blocks: list[Block] = []
    indent = 2 + 2 * depth
    for item in items:
        if isinstance(item, str):
            blocks.append(Block(Text(BULLET + item), indent=indent, hang=2))
            continue
        text = _line((BULLET, None), (item.area, p.emphasis if depth == 0 else None))
        if item.summary:
            text.append(" — ", p.dim)
            text.append(item.summary)
        blocks.append(Block(text, indent=indent, hang=2))
        blocks.extend(_interest_blocks(item.topics, p, depth + 1))
    return blocks


def _entry(person: Person, kind: str, ref: int, label: str) -> Action:
    """Where a dated card entry leads (its place in the Timeline); opening the card at an
    entry finds it by this, however many entries read alike."""
    return Action("event", (person.id, kind, ref), label)


def _education_blocks(person: Person, ref: int, p: Palette) -> list[Block]:
    edu = person.education[ref]
    title = " ".join(x for x in (edu.degree, edu.field and f"in {edu.field}") if x) or "Studies"
    when = span_text(edu.start, edu.end, edu.end_expected)
    head = _line((title, p.emphasis), ("  " + when if when else "", p.dim))
    action = _entry(person, "education", ref, title) if edu.start or edu.end else None
    blocks = [Block(head, action=action, indent=2, hang=2)]
    where = ", ".join(x for x in (edu.unit, edu.institution, edu.location) if x)
    blocks.append(Block(Text(where), indent=4, hang=2))
    blocks += _list_field("Advisors", edu.advisors, p)
    blocks += _field("Minor", edu.minor, p)
    blocks += _field("Honours", edu.honours, p)
    blocks += _list_field("Interests", edu.interests, p)
    blocks += _field("Summary", edu.summary, p)
    blocks += _bullets(edu.highlights)
    return blocks


def _experience_blocks(person: Person, ref: int, p: Palette) -> list[Block]:
    exp = person.experience[ref]
    title = exp.role or exp.kind.title()
    when = span_text(exp.start, exp.end, exp.end_expected)
    head = _line(
        (title, p.emphasis), (f"  [{exp.kind}]", p.dim), ("  " + when if when else "", p.dim)
    )
    action = _entry(person, "experience", ref, title) if exp.start or exp.end else None
    blocks = [Block(head, action=action, indent=2, hang=2)]
    where = ", ".join(x for x in (exp.unit, exp.organisation, exp.location) if x)
    blocks.append(Block(Text(where), indent=4, hang=2))
    blocks += _list_field("Hosts", exp.hosts, p)
    blocks += _list_field("Supervisors", exp.supervisors, p)
    blocks += _list_field("Advisors", exp.advisors, p)
    blocks += _list_field("Collaborators", exp.collaborators, p)
    blocks += _field("Summary", exp.summary, p)
    blocks += _bullets(exp.highlights)
    blocks += _list_field("Skills", exp.skills, p)
    blocks += _list_field("Outputs", exp.outputs, p)
    for topic in exp.topics:
        when = span_text(topic.start, topic.end)
        blocks.append(
            Block(
                _line(("◦ ", p.dim), (topic.title, None), ("  " + when if when else "", p.dim)),
                indent=4,
                hang=2,
            )
        )
        blocks += _field("Summary", topic.summary, p, indent=6)
        blocks += _bullets(topic.highlights, indent=6)
        blocks += _list_field("Outputs", topic.outputs, p, indent=6)
    return blocks


def profile_blocks(library: Library, index: int, p: Palette) -> list[Block]:
    """Everything ``library.people[index]`` says, as blocks for a :class:`DocumentView`."""
    person: Person = library.people[index]
    blocks: list[Block] = [Block(Text(person.name, p.heading))]
    if person.headline:
        blocks.append(Block(Text(person.headline), indent=0))
    elif person.current_role:
        blocks.append(Block(Text(person.current_role)))
    if person.affiliation:
        blocks.append(Block(Text(person.affiliation, p.dim)))
    if person.aliases:
        blocks += _list_field("Also written", person.aliases, p, indent=0)
    blocks.append(Block(Text(f"id: {person.id}", p.dim)))

    links = person.links.items()
    if links:
        blocks += _heading("Links", p)
        for label, value in links:
            url = (
                f"mailto:{value}"
                if label == "email" and "@" in value and ":" not in value
                else value
            )
            blocks.append(
                Block(
                    _line((f"{label}: ", p.label), (value, p.link)),
                    action=Action("link", url, label),
                    indent=2,
                    hang=4,
                )
            )

    if person.summary:
        blocks += _heading("Summary", p)
        blocks.append(Block(Text(person.summary), indent=2))

    if person.interests:
        blocks += _heading("Interests", p)
        blocks += _interest_blocks(person.interests, p, 0)

    if person.metrics:
        blocks += _heading("Metrics", p)
        for metric in person.metrics:
            text = _line((f"{metric.name}: ", p.label), (str(metric.value), p.emphasis))
            origin = ", ".join(
                x for x in (metric.source, f"as of {metric.as_of}" if metric.as_of else "") if x
            )
            if origin:
                text.append(f"  ({origin})", p.dim)
            blocks.append(Block(text, indent=2, hang=4))
            if metric.note:
                blocks.append(Block(Text(metric.note, p.dim), indent=4, hang=0))

    if person.education:
        blocks += _heading("Education", p, len(person.education))
        for ref in range(len(person.education)):
            blocks += _education_blocks(person, ref, p)

    if person.experience:
        blocks += _heading("Experience", p, len(person.experience))
        for ref in range(len(person.experience)):
            blocks += _experience_blocks(person, ref, p)

    works = library.papers_of(person.id) if library.find_person(person.id) == index else []
    if works:
        blocks += _heading("Papers", p, len(works))
        blocks += _paper_lines(library, index, works, p)

    if person.skills:
        blocks += _heading("Skills", p)
        for group in person.skills:
            blocks += _list_field(group.category, group.items, p, indent=2)

    if person.languages:
        blocks += _heading("Languages", p)
        for lang in person.languages:
            text = _line(
                (lang.language, None), (f" ({lang.fluency})" if lang.fluency else "", p.dim)
            )
            blocks.append(Block(text, indent=2, hang=2))

    if person.service:
        blocks += _heading("Service", p)
        for ref, svc in enumerate(person.service):
            when = span_text(svc.start, svc.end)
            text = _line((svc.role, p.emphasis), ("  " + when if when else "", p.dim))
            action = _entry(person, "service", ref, svc.role) if when else None
            blocks.append(Block(text, action=action, indent=2, hang=2))
            blocks += _list_field("Venues", svc.venues, p)
            blocks += _field("Note", svc.note, p)

    if person.awards:
        blocks += _heading("Awards", p)
        for ref, award in enumerate(person.awards):
            when = str(award.date) if award.date else span_text(award.start, award.end)
            text = _line((award.title, None), ("  " + when if when else "", p.dim))
            action = _entry(person, "award", ref, award.title) if when else None
            blocks.append(Block(text, action=action, indent=2, hang=2))
            blocks += _field("Awarded by", award.awarder, p)
            blocks += _field("Note", award.note, p)

    source = library.sources[index] if index < len(library.sources) else ""
    if source:
        blocks += [Block(Text()), Block(_line(("Source: ", p.label), (source, p.dim)), hang=2)]
    return blocks


def _paper_lines(library: Library, index: int, works: list[int], p: Palette) -> list[Block]:
    """The person's works, newest first (by date, as the Papers view sorts them); those only
    a co-author's profile lists say whose."""
    blocks: list[Block] = []
    for work in sorted(works, key=lambda w: library.papers[w].date_key, reverse=True):
        paper = library.papers[work]
        when = paper.when
        year = str(when.year) if when else "    "
        text = _line((f"{year}  ", p.dim), (paper.title, None))
        if paper.venue:
            text.append(f"  {paper.venue}", p.dim)
        if not library.holds(index, work):
            holders = [library.people[h].name for h in library.holders(work)]
            text.append(f"  (in {', '.join(holders[:2])}'s profile", p.dim)
            text.append(f" and {len(holders) - 2} more)" if len(holders) > 2 else ")", p.dim)
        blocks.append(Block(text, action=Action("paper", work, paper.title), indent=2, hang=6))
    return blocks
