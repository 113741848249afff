"""A person's dated facts as timeline events: degrees, positions, papers, awards, service."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Event, Paper, Person

__all__ = ["events_of"]


def events_of(
    person: Person, index: int, papers: Sequence[Paper] = (), works: Sequence[int] = ()
) -> list[Event]:
    """Every dated fact of ``person`` as a timeline event (undated facts have none).

    Papers come from the library's works: ``works`` are the numbers of this person's works
    in ``papers`` (one record per work), and each paper event's ``ref`` is that number.
    """
    events: list[Event] = []
    for i, edu in enumerate(person.education):
        if edu.start or edu.end:
            title = (
                " ".join(x for x in (edu.degree, edu.field and f"in {edu.field}") if x) or "Studies"
            )
            start = edu.start or edu.end
            assert start is not None
            events.append(
                Event(
                    index,
                    "education",
                    "education",
                    title,
                    edu.institution,
                    edu.location,
                    start,
                    edu.end,
                    edu.end_expected,
                    i,
                )
            )
    for i, exp in enumerate(person.experience):
        if exp.start or exp.end:
            start = exp.start or exp.end
            assert start is not None
            events.append(
                Event(
                    index,
                    "experience",
                    exp.kind,
                    exp.role or exp.kind.title(),
                    exp.organisation,
                    exp.location,
                    start,
                    exp.end,
                    exp.end_expected,
                    i,
                )
            )
    for work in works:
        paper = papers[work]
        when = paper.when
        if when is not None:
            events.append(
                Event(
                    index,
                    "paper",
                    paper.type,
                    paper.title,
                    paper.venue,
                    "",
                    when,
                    None,
                    False,
                    work,
                )
            )
    for i, award in enumerate(person.awards):
        start = award.date or award.start or award.end
        if start is not None:
            end = award.end if award.date is None else None
            events.append(
                Event(index, "award", "award", award.title, award.awarder, "", start, end, False, i)
            )
    for i, svc in enumerate(person.service):
        start = svc.start or svc.end
        if start is not None:
            events.append(
                Event(
                    index,
                    "service",
                    "service",
                    svc.role,
                    ", ".join(svc.venues),
                    "",
                    start,
                    svc.end,
                    False,
                    i,
                )
            )
    events.sort(key=lambda e: e.start.key())
    return events
