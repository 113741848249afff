"""ORCID: a person's public record (API v3.0, and v2.x records read from files).

``GET {base}/{orcid}/record`` gives the person (names, other names, biography, web
addresses, keywords) and summaries of every activity: employments, educations,
qualifications, distinctions, invited positions, memberships, services, peer reviews and
works. Work summaries carry no contributors, so the works are read again in full, 100 per
request (``GET {base}/{orcid}/works/{put-code},…``), for their authors in order with the
ORCID iDs of those who have one. Fundings and research resources have no place in a profile
and are counted as left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from ..author_ids import orcid_id
from .http import HttpClient, NotFound, service_url
from .orcid_works import work_from_group
from .record import SourceRecord, dig, line, partial_date, prose, unique
from .weblinks import sort_links

__all__ = ["LABEL", "fetch", "parse_id", "read"]

LABEL = "ORCID"
DEFAULT_URL = "https://pub.orcid.org/v3.0"
INTERVAL = 1 / 12
"""The public API allows 12 requests a second (ORCID's "What are the API limits?")."""
BULK = 100
"""Put-codes per bulk works request (the API's maximum)."""
_AFFILIATIONS = (
    ("employments", "employment", "experience", "position"),
    ("invited-positions", "invited-position", "experience", "visiting"),
    ("educations", "education", "education", ""),
    ("qualifications", "qualification", "education", ""),
    ("distinctions", "distinction", "awards", ""),
    ("memberships", "membership", "service", "Member"),
    ("services", "service", "service", ""),
)


def parse_id(text: str) -> str:
    """The ORCID iD in ``text`` (bare or a URL); ``ValueError`` says what is wrong."""
    found = orcid_id(text, checked=False)
    if not found:
        raise ValueError(f"`{line(text, 80)}` is not an ORCID iD (0000-0002-1825-0097)")
    if not orcid_id(found):
        raise ValueError(f"{found} is not a valid ORCID iD: its check digit does not match")
    return found


def fetch(
    client: HttpClient, orcid: str, progress: Callable[[int, int], None] | None = None
) -> list[Any]:
    """The record and its works in full, as the API sends them."""
    base = service_url("orcid", DEFAULT_URL)
    try:
        record = client.json(f"{base}/{orcid}/record", service=LABEL, interval=INTERVAL)
    except NotFound:
        raise NotFound(f"ORCID has no public record {orcid}") from None
    codes = [code for code, _ in _preferred_codes(record)]
    docs = [record]
    for start in range(0, len(codes), BULK):
        if progress:
            progress(start, len(codes))
        chunk = ",".join(str(c) for c in codes[start : start + BULK])
        docs.append(client.json(f"{base}/{orcid}/works/{chunk}", service=LABEL, interval=INTERVAL))
    if progress and codes:
        progress(len(codes), len(codes))
    return docs


def _groups(record: Any) -> list[Any]:
    groups = dig(record, "activities-summary", "works", "group")
    return [g for g in groups if isinstance(g, dict)] if isinstance(groups, list) else []


def _preferred_codes(record: Any) -> Iterable[tuple[int, Any]]:
    for group in _groups(record):
        summaries = [s for s in group.get("work-summary") or [] if isinstance(s, dict)]
        if summaries:
            best = max(summaries, key=_display_index)
            code = best.get("put-code")
            if isinstance(code, int) and not isinstance(code, bool):
                yield code, group


def _display_index(summary: dict[str, Any]) -> int:
    value = summary.get("display-index")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    return 0


def read(docs: list[Any], today: dt.date) -> SourceRecord:
    """A record (v3.0 or v2.x) and any bulk or single full works, as one source record."""
    records = [d for d in docs if isinstance(d, dict) and "activities-summary" in d]
    works: list[Any] = []
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("bulk"), list):
            works += [dig(item, "work") for item in doc["bulk"]]
        elif isinstance(doc, dict) and "title" in doc and "activities-summary" not in doc:
            works.append(doc)
    works = [w for w in works if isinstance(w, dict)]
    record = records[0] if records else {}
    orcid = line(dig(record, "orcid-identifier", "path"), 40)
    out = SourceRecord("orcid", LABEL, orcid)
    if record:
        _person(record, out)
        _activities(record, out)
    full = {w.get("put-code"): w for w in works if isinstance(w.get("put-code"), int)}
    used: set[int] = set()
    for code, group in _preferred_codes(record) if record else ():
        work = full.get(code)
        if work is not None:
            used.add(code)
        paper = work_from_group(group, work, out)
        if paper:
            out.papers.append(paper)
    loose = [w for w in works if w.get("put-code") not in used]
    for work in loose:
        paper = work_from_group({"work-summary": [work]}, work, out)
        if paper:
            out.papers.append(paper)
    if record:
        groups = len(_groups(record))
        out.metrics.append(
            {"name": "papers", "value": groups, "source": LABEL, "as_of": today.isoformat()}
        )
    elif not works:
        raise ValueError("not an ORCID record or works response (no `activities-summary`)")
    return out.bound()


def _person(record: dict[str, Any], out: SourceRecord) -> None:
    person = dig(record, "person") or {}
    name = dig(person, "name") or {}
    given = line(dig(name, "given-names"))
    family = line(dig(name, "family-name"))
    credit = line(dig(name, "credit-name"))
    full = " ".join(filter(None, (given, family)))
    profile = out.profile
    profile["name"] = credit or full
    others = [
        line(dig(o, "content"))
        for o in dig(person, "other-names", "other-name") or []
        if isinstance(o, dict)
    ]
    aliases = unique([full, *others], besides=[profile["name"]])
    if aliases:
        profile["aliases"] = aliases
    biography = prose(dig(person, "biography", "content"))
    if biography:
        profile["summary"] = biography
    urls = [
        line(dig(u, "url"))
        for u in dig(person, "researcher-urls", "researcher-url") or []
        if isinstance(u, dict)
    ]
    emails = [
        line(dig(e, "email"))
        for e in dig(person, "emails", "email") or []
        if isinstance(e, dict) and e.get("verified", True) is not False
    ]
    links, left = sort_links(urls, emails)
    orcid = orcid_id(out.source_id, checked=False)
    if orcid:
        host = line(dig(record, "orcid-identifier", "host"), 80) or "orcid.org"
        host = host if host in ("orcid.org", "sandbox.orcid.org") else "orcid.org"
        links["orcid"] = f"https://{host}/{orcid}"
    profile["links"] = links
    out.ignore("web addresses with no place in `links`", left)
    keywords: list[str] = []
    for item in dig(person, "keywords", "keyword") or []:
        for part in line(dig(item, "content")).replace(";", ",").split(","):
            keywords.append(part.strip())
    interests = unique(k for k in keywords if k)
    if interests:
        profile["interests"] = interests
    out.ignore(
        "external identifiers (Scopus, ResearcherID…)",
        len(dig(person, "external-identifiers", "external-identifier") or []),
    )
    out.ignore("countries", len(dig(person, "addresses", "address") or []))


def _summaries(section: Any, kind: str) -> list[dict[str, Any]]:
    """The summaries of one activity section, in v3.0 (affiliation groups) or v2.x shape."""
    found: list[dict[str, Any]] = []
    if not isinstance(section, dict):
        return found
    for group in section.get("affiliation-group") or []:
        for item in dig(group, "summaries") or []:
            summary = dig(item, f"{kind}-summary")
            if isinstance(summary, dict):
                found.append(summary)
    for summary in section.get(f"{kind}-summary") or []:
        if isinstance(summary, dict):
            found.append(summary)
    return found


def _date(value: Any) -> str:
    return partial_date(dig(value, "year"), dig(value, "month"), dig(value, "day"))


def _place(organization: Any) -> str:
    address = dig(organization, "address")
    parts = [line(dig(address, key), 200) for key in ("city", "region", "country")]
    return ", ".join(p for p in parts if p)


def _activities(record: dict[str, Any], out: SourceRecord) -> None:
    activities = dig(record, "activities-summary") or {}
    for section, kind, target, flavour in _AFFILIATIONS:
        for summary in _summaries(activities.get(section), kind):
            entry = _affiliation(summary, target, flavour)
            if entry:
                out.profile.setdefault(target, []).append(entry)
    reviews = _peer_reviews(activities.get("peer-reviews"))
    if reviews:
        out.profile.setdefault("service", []).append(reviews)
    fundings = dig(activities, "fundings", "group")
    out.ignore("fundings", len(fundings) if isinstance(fundings, list) else 0)
    resources = dig(activities, "research-resources", "group")
    out.ignore("research resources", len(resources) if isinstance(resources, list) else 0)


def _affiliation(summary: dict[str, Any], target: str, flavour: str) -> dict[str, Any] | None:
    organization = dig(summary, "organization")
    org = line(dig(organization, "name"), 500)
    if not org:
        return None
    unit = line(summary.get("department-name"), 500)
    role = line(summary.get("role-title"), 500)
    start, end = _date(summary.get("start-date")), _date(summary.get("end-date"))
    place = _place(organization)
    entry: dict[str, Any]
    if target == "experience":
        entry = {"kind": flavour, "organisation": org, "unit": unit, "role": role}
        entry |= {"location": place, "start": start, "end": end}
    elif target == "education":
        entry = {"institution": org, "degree": role, "unit": unit, "location": place}
        entry |= {"start": start, "end": end}
    elif target == "awards":
        entry = {"title": role or f"Distinction, {org}", "awarder": org}
        if start and end and start != end:
            entry |= {"start": start, "end": end}
        else:
            entry["date"] = start or end
        if unit:
            entry["note"] = unit
    else:
        entry = {"role": role or flavour or "Service", "venues": [org], "start": start}
        entry |= {"end": end, "note": unit}
    return {k: v for k, v in entry.items() if v}


def _peer_reviews(section: Any) -> dict[str, Any] | None:
    venues: list[str] = []
    years: list[str] = []
    for group in dig(section, "group") or []:
        for inner in dig(group, "peer-review-group") or []:
            for summary in dig(inner, "peer-review-summary") or []:
                name = line(dig(summary, "convening-organization", "name"), 500)
                if name:
                    venues.append(name)
                year = _date(dig(summary, "completion-date"))[:4]
                if year:
                    years.append(year)
    venues = unique(venues)
    if not venues:
        return None
    entry: dict[str, Any] = {"role": "Reviewer", "venues": venues}
    if years:
        entry["start"], entry["end"] = min(years), max(years)
    return entry
