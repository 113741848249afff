"""JSON Resume (https://jsonresume.org/schema) → profile data, forgivingly.

Real documents bend the schema: ``"Present"`` end dates, ``2025-3-15``, a string where a
list belongs, extra keys such as ``gpa``. Each of those is taken in with a warning; nothing
makes the import fail.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..dates import parse_date
from ..text import sanitize
from .jsonresume_tables import NETWORKS, STATUS_RE

__all__ = ["jsonresume_to_profile"]

_MONTH_WORDS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}


class _Reader:
    """Reads one document leniently, collecting a warning for every liberty taken."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(sanitize(f"{where}: {message}"))

    def text(self, record: Mapping[str, Any], key: str, where: str) -> str:
        value = record.get(key)
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            self.warn(f"{where}.{key}", "a list where text belongs; joined")
            return sanitize("; ".join(v.strip() for v in value if v.strip()))
        if not isinstance(value, str):
            self.warn(f"{where}.{key}", f"expected text, got {type(value).__name__}; ignored")
            return ""
        return sanitize(value.strip())

    def texts(
        self, record: Mapping[str, Any], key: str, where: str, split: bool = False
    ) -> list[str]:
        value = record.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            self.warn(f"{where}.{key}", "a string where a list belongs; read as a list")
            parts = value.split(",") if split else [value]
            return [sanitize(p.strip()) for p in parts if p.strip()]
        if not isinstance(value, list):
            self.warn(f"{where}.{key}", f"expected a list, got {type(value).__name__}; ignored")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                if item.strip():
                    out.append(sanitize(item.strip()))
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                out.append(str(item))
            else:
                self.warn(
                    f"{where}.{key}[{i}]", f"expected text, got {type(item).__name__}; ignored"
                )
        return out

    def date(self, record: Mapping[str, Any], key: str, where: str, end: bool = False) -> str:
        raw = record.get(key)
        if raw is None or raw == "":
            return ""
        text = str(raw).strip()
        lowered = text.lower()
        if lowered in ("present", "current", "now", "ongoing", "today"):
            if end:
                if text != "present":
                    self.warn(f"{where}.{key}", f"`{text}` read as present")
                return "present"
            self.warn(f"{where}.{key}", f"`{text}` is not a start date; ignored")
            return ""
        try:
            value = str(parse_date(text))
            if value != text:
                self.warn(f"{where}.{key}", f"`{text}` read as {value}")
            return value
        except ValueError:
            pass
        match = re.match(r"^([A-Za-z]+)\.?\s+(\d{4})$", text) or re.match(
            r"^(\d{1,2})[/.](\d{4})$", text
        )
        if match:
            word, year = match.group(1).lower(), int(match.group(2))
            month = (
                int(word)
                if word.isdigit()
                else _MONTH_WORDS.get(word[:3] if word[:4] != "sept" else "sep", 0)
            )
            if 1 <= month <= 12 and 1000 <= year <= 2999:
                value = f"{year:04d}-{month:02d}"
                self.warn(f"{where}.{key}", f"`{text}` read as {value}")
                return value
        found = re.search(r"\b(1\d{3}|2\d{3})\b", text)
        if found:
            self.warn(
                f"{where}.{key}", f"`{text}` is not an ISO date; kept the year {found.group(1)}"
            )
            return found.group(1)
        self.warn(f"{where}.{key}", f"`{text}` is not a date; ignored")
        return ""

    def records(self, doc: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = doc.get(key)
        if value is None:
            return []
        if isinstance(value, Mapping):
            self.warn(key, "a single entry where a list belongs; read as a list")
            value = [value]
        if not isinstance(value, list):
            self.warn(key, f"expected a list, got {type(value).__name__}; ignored")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((f"{key}[{i}]", item))
            else:
                self.warn(f"{key}[{i}]", f"expected an object, got {type(item).__name__}; ignored")
        return out

    def extra(self, record: Mapping[str, Any], where: str, known: set[str]) -> None:
        for key in record:
            if key not in known:
                value = record[key]
                if value in ("", None, [], {}):
                    continue
                self.warn(f"{where}.{key}", "not part of a profile; not imported")


def _span(reader: _Reader, record: Mapping[str, Any], where: str, out: dict[str, Any]) -> None:
    start = reader.date(record, "startDate", where)
    end = reader.date(record, "endDate", where, end=True)
    if start:
        out["start"] = start
    if end:
        out["end"] = end


def _prune(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in ("", None, [], {})}


def jsonresume_to_profile(doc: Any) -> tuple[dict[str, Any], list[str]]:
    """A profile (as TOML-ready data) from a JSON Resume document, and the warnings."""
    reader = _Reader()
    if not isinstance(doc, Mapping):
        raise ValueError("a JSON Resume document is a JSON object")
    raw_basics = doc.get("basics")
    basics: Mapping[str, Any] = raw_basics if isinstance(raw_basics, Mapping) else {}
    profile: dict[str, Any] = {"name": reader.text(basics, "name", "basics")}
    profile["headline"] = reader.text(basics, "label", "basics")
    profile["summary"] = reader.text(basics, "summary", "basics")
    links: dict[str, str] = {}
    email = reader.text(basics, "email", "basics")
    if email:
        links["email"] = email
    url = reader.text(basics, "url", "basics") or reader.text(basics, "website", "basics")
    for where, profile_entry in reader.records(basics, "profiles") if basics else []:
        network = reader.text(profile_entry, "network", f"basics.{where}").lower()
        link = reader.text(profile_entry, "url", f"basics.{where}")
        name = NETWORKS.get(network)
        if name and link and name not in links:
            links[name] = link
        elif link:
            reader.warn(f"basics.{where}", f"no profile link for network `{network}`; not imported")
    if url:
        if "scholar.google" in url and "scholar" not in links:
            links["scholar"] = url
        elif "scholar.google" not in url:
            links["homepage"] = url
    profile["links"] = links
    if basics.get("phone"):
        reader.warn("basics.phone", "phone numbers are never kept in profiles; not imported")
    if basics.get("location"):
        reader.warn("basics.location", "a profile has no place for a home location; not imported")
    reader.extra(
        basics,
        "basics",
        {
            "name",
            "label",
            "summary",
            "email",
            "url",
            "website",
            "profiles",
            "phone",
            "location",
            "image",
            "picture",
        },
    )

    experience = []
    for where, work in reader.records(doc, "work"):
        entry: dict[str, Any] = {
            "organisation": reader.text(work, "name", where) or reader.text(work, "company", where),
            "role": reader.text(work, "position", where),
        }
        role = entry["role"].lower()
        entry["kind"] = (
            "internship" if "intern" in role else "visiting" if "visiting" in role else "position"
        )
        entry["unit"] = reader.text(work, "description", where)
        entry["location"] = reader.text(work, "location", where)
        _span(reader, work, where, entry)
        entry["summary"] = reader.text(work, "summary", where)
        entry["highlights"] = reader.texts(work, "highlights", where)
        reader.extra(
            work,
            where,
            {
                "name",
                "company",
                "position",
                "description",
                "location",
                "startDate",
                "endDate",
                "summary",
                "highlights",
                "url",
            },
        )
        if not entry["organisation"]:
            reader.warn(where, "no organisation name; not imported")
            continue
        experience.append(_prune(entry))
    profile["experience"] = experience

    service = []
    for where, vol in reader.records(doc, "volunteer"):
        entry = {
            "role": reader.text(vol, "position", where) or "Volunteer",
            "venues": [v for v in [reader.text(vol, "organization", where)] if v],
        }
        _span(reader, vol, where, entry)
        note = [reader.text(vol, "summary", where), *reader.texts(vol, "highlights", where)]
        entry["note"] = " ".join(n for n in note if n)
        reader.extra(
            vol,
            where,
            {"organization", "position", "url", "startDate", "endDate", "summary", "highlights"},
        )
        service.append(_prune(entry))
    profile["service"] = service

    education = []
    for where, edu in reader.records(doc, "education"):
        entry = {
            "institution": reader.text(edu, "institution", where),
            "degree": reader.text(edu, "studyType", where),
            "field": reader.text(edu, "area", where),
            "location": reader.text(edu, "location", where),
        }
        _span(reader, edu, where, entry)
        honours = reader.text(edu, "score", where)
        gpa = reader.text(edu, "gpa", where)
        if gpa:
            reader.warn(f"{where}.gpa", "not part of JSON Resume; kept as honours")
            honours = "; ".join(x for x in (honours, f"GPA {gpa}") if x)
        entry["honours"] = honours
        courses = reader.texts(edu, "courses", where, split=True)
        if courses:
            reader.warn(f"{where}.courses", "a profile has no place for courses; not imported")
        reader.extra(
            edu,
            where,
            {
                "institution",
                "studyType",
                "area",
                "location",
                "startDate",
                "endDate",
                "score",
                "gpa",
                "courses",
                "url",
            },
        )
        if not entry["institution"]:
            reader.warn(where, "no institution; not imported")
            continue
        education.append(_prune(entry))
    profile["education"] = education

    papers = []
    for where, pub in reader.records(doc, "publications"):
        title = reader.text(pub, "name", where) or reader.text(pub, "title", where)
        if not title:
            reader.warn(where, "no title; not imported")
            continue
        entry = {"title": title}
        publisher = reader.text(pub, "publisher", where)
        status_match = STATUS_RE.match(publisher)
        if status_match:
            entry["status"] = status_match.group(1).lower()
            publisher = status_match.group(2).strip()
        entry["venue"] = publisher
        entry["type"] = _guess_type(publisher)
        date = reader.date(pub, "releaseDate", where)
        if date:
            entry["year"] = int(date[:4])
            if len(date) > 4:
                entry["date"] = date
        pub_url = reader.text(pub, "url", where)
        if pub_url:
            entry["links"] = _paper_link(pub_url)
        entry["summary"] = reader.text(pub, "summary", where)
        reader.extra(pub, where, {"name", "title", "publisher", "releaseDate", "url", "summary"})
        papers.append(_prune(entry))
    profile["papers"] = papers

    awards = []
    for where, award in reader.records(doc, "awards"):
        entry = {
            "title": reader.text(award, "title", where),
            "date": reader.date(award, "date", where),
            "awarder": reader.text(award, "awarder", where),
            "note": reader.text(award, "summary", where),
        }
        reader.extra(award, where, {"title", "date", "awarder", "summary"})
        if not entry["title"]:
            reader.warn(where, "no title; not imported")
            continue
        awards.append(_prune(entry))
    profile["awards"] = awards

    skills = []
    for where, skill in reader.records(doc, "skills"):
        entry = {
            "category": reader.text(skill, "name", where),
            "items": reader.texts(skill, "keywords", where, split=True),
        }
        if skill.get("level"):
            reader.warn(f"{where}.level", "a profile has no place for a skill level; not imported")
        reader.extra(skill, where, {"name", "keywords", "level"})
        if not entry["category"]:
            if not entry["items"]:
                continue
            entry["category"] = "Skills"
        skills.append(_prune(entry))
    profile["skills"] = skills

    languages = []
    for where, lang in reader.records(doc, "languages"):
        entry = {
            "language": reader.text(lang, "language", where),
            "fluency": reader.text(lang, "fluency", where),
        }
        reader.extra(lang, where, {"language", "fluency", "icon"})
        if entry["language"]:
            languages.append(_prune(entry))
    profile["languages"] = languages

    interests: list[Any] = []
    for where, interest in reader.records(doc, "interests"):
        name = reader.text(interest, "name", where)
        topics = reader.texts(interest, "keywords", where, split=True)
        reader.extra(interest, where, {"name", "keywords"})
        if name and topics:
            interests.append({"area": name, "topics": topics})
        elif name:
            interests.append(name)
    profile["interests"] = interests

    for key in doc:
        if key not in (
            "basics",
            "work",
            "volunteer",
            "education",
            "publications",
            "awards",
            "skills",
            "languages",
            "interests",
            "$schema",
            "meta",
        ):
            value = doc[key]
            if value not in (None, "", [], {}):
                count = f"{len(value)} entries" if isinstance(value, list) else "it"
                reader.warn(key, f"a profile has no `{key}` section; {count} not imported")
    if not profile["name"]:
        reader.warn("basics.name", "missing; the profile needs a name (pass one with --name)")
    return _prune(profile), reader.warnings


def _guess_type(venue: str) -> str:
    lowered = venue.lower()
    if re.search(r"\bworkshops?\b", lowered):
        return "workshop"
    if re.search(r"\b(arxiv|preprint|biorxiv|medrxiv)\b", lowered):
        return "preprint"
    if re.search(r"\b(journal|transactions|letters)\b", lowered):
        return "journal"
    if re.search(r"\b(conference|proceedings|symposium|congress)\b", lowered):
        return "conference"
    return "other"


def _paper_link(url: str) -> dict[str, str]:
    from .identifiers import normalize_arxiv, normalize_doi

    arxiv = normalize_arxiv(url)
    if arxiv and "arxiv.org" in url:
        return {"arxiv": arxiv}
    if "doi.org/" in url and normalize_doi(url):
        return {"doi": normalize_doi(url)}
    return {"url": url}
