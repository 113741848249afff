"""Profiles → JSON Resume (https://jsonresume.org/schema).

Follows the schema's shapes: dates as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, an ongoing
end date left out, empty fields dropped; a paper's status, which the schema has no field for,
is written before its venue so that import can read it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..dates import PartialDate
from ..model import Interest, Paper, Person
from .jsonresume_tables import NETWORK_NAMES, STATUS_RE

__all__ = ["person_to_jsonresume"]


def _date(value: PartialDate | None) -> str:
    return "" if value is None or value.is_present else str(value)


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in ("", None, [], {})}


def _topics(topics: tuple[str | Interest, ...]) -> list[str]:
    out: list[str] = []
    for topic in topics:
        if isinstance(topic, str):
            out.append(topic)
        else:
            out.append(topic.area)
            out.extend(_topics(topic.topics))
    return out


def _publisher(venue: str, status: str) -> str:
    """The venue, with a status JSON Resume has no field for written in front of it
    (``Submitted: ACL'25``, as real documents do); import reads it back."""
    if status and STATUS_RE.match(f"{status}: x"):
        label = status[:1].upper() + status[1:]
        return f"{label}: {venue}" if venue else label
    return venue


def person_to_jsonresume(person: Person, papers: Sequence[Paper] | None = None) -> dict[str, Any]:
    """A JSON Resume document for ``person``; ``papers`` (their works, one record each, from
    the library) are the publications, else the profile's own entries."""
    links = person.links
    profiles = []
    for name in (
        "github",
        "linkedin",
        "twitter",
        "scholar",
        "orcid",
        "dblp",
        "semantic_scholar",
        "openreview",
        "openalex",
    ):
        url = getattr(links, name)
        if url:
            profiles.append({"network": NETWORK_NAMES[name], "url": url})
    basics = _clean(
        {
            "name": person.name,
            "label": person.current_role,
            "email": links.email,
            "url": links.homepage,
            "summary": person.summary,
            "profiles": profiles,
        }
    )
    work = [
        _clean(
            {
                "name": exp.organisation,
                "position": exp.role,
                "description": exp.unit,
                "location": exp.location,
                "startDate": _date(exp.start),
                "endDate": _date(exp.end),
                "summary": exp.summary,
                "highlights": list(exp.highlights),
            }
        )
        for exp in person.experience
    ]
    education = [
        _clean(
            {
                "institution": edu.institution,
                "area": edu.field,
                "studyType": edu.degree,
                "startDate": _date(edu.start),
                "endDate": _date(edu.end),
                "score": edu.honours,
            }
        )
        for edu in person.education
    ]
    awards = [
        _clean(
            {
                "title": award.title,
                "date": _date(award.date or award.start),
                "awarder": award.awarder,
                "summary": award.note,
            }
        )
        for award in person.awards
    ]
    publications = []
    for paper in person.papers if papers is None else papers:
        url = paper.links.url
        if not url:
            url = dict(paper.links.items()).get("doi") or dict(paper.links.items()).get("arxiv", "")
        when = (
            paper.date
            if paper.date is not None
            else (PartialDate(paper.year) if paper.year else None)
        )
        publications.append(
            _clean(
                {
                    "name": paper.title,
                    "publisher": _publisher(paper.venue, paper.status),
                    "releaseDate": _date(when),
                    "url": url,
                    "summary": paper.summary,
                }
            )
        )
    volunteer = [
        _clean(
            {
                "organization": ", ".join(svc.venues),
                "position": svc.role,
                "startDate": _date(svc.start),
                "endDate": _date(svc.end),
                "summary": svc.note,
            }
        )
        for svc in person.service
    ]
    skills = [_clean({"name": s.category, "keywords": list(s.items)}) for s in person.skills]
    languages = [
        _clean({"language": lang.language, "fluency": lang.fluency}) for lang in person.languages
    ]
    interests = [
        {"name": i}
        if isinstance(i, str)
        else _clean({"name": i.area, "keywords": _topics(i.topics)})
        for i in person.interests
    ]
    doc: dict[str, Any] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": work,
        "volunteer": volunteer,
        "education": education,
        "awards": awards,
        "publications": publications,
        "skills": skills,
        "languages": languages,
        "interests": interests,
    }
    return {k: v for k, v in doc.items() if v or k == "basics"}
