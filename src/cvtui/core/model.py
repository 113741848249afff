"""The in-memory model: people, their papers and the timeline events derived from them.

The structs mirror the profile format (docs/profile-format.md) one to one, so the loader can
validate a parsed TOML document by converting it, and the cache can store it compactly.
Everything is immutable once loaded; :class:`Library` adds the indexes the views need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, Union, get_args

import msgspec

from .dates import PartialDate
from .problems import Problem
from .text import fold

if TYPE_CHECKING:
    from .provenance import Origin
    from .search import Hit

__all__ = [
    "EXPERIENCE_KINDS",
    "PAPER_TYPES",
    "Author",
    "Award",
    "Education",
    "Event",
    "Experience",
    "Interest",
    "Language",
    "Library",
    "Links",
    "Metric",
    "Paper",
    "PaperLinks",
    "Person",
    "Service",
    "SkillGroup",
    "Topic",
    "normalize_name",
]

ExperienceKind = Literal[
    "position", "internship", "visiting", "collaboration", "work", "research", "teaching", "other"
]
PaperType = Literal[
    "conference", "journal", "workshop", "preprint", "report", "blog", "thesis", "book", "other"
]
EXPERIENCE_KINDS: tuple[str, ...] = get_args(ExperienceKind)
PAPER_TYPES: tuple[str, ...] = get_args(PaperType)

Strings = tuple[str, ...]


class _Record(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True, gc=False
):
    """Base of every profile record: immutable, strict about unknown keys.

    ``gc=False``: records are immutable trees and cannot form cycles, so the cycle collector
    need not rescan the hundreds of thousands of them a large profile set holds.
    """


class Links(_Record, frozen=True):
    homepage: str = ""
    scholar: str = ""
    github: str = ""
    orcid: str = ""
    email: str = ""
    dblp: str = ""
    semantic_scholar: str = ""
    openreview: str = ""
    twitter: str = ""
    linkedin: str = ""

    def items(self) -> list[tuple[str, str]]:
        """The links that are set, as (label, value) pairs in a fixed order."""
        return [
            (name, getattr(self, name)) for name in self.__struct_fields__ if getattr(self, name)
        ]


class Interest(_Record, frozen=True):
    area: str
    summary: str = ""
    topics: tuple[Union[str, Interest], ...] = ()


class Metric(_Record, frozen=True):
    name: str
    value: Union[int, float, str]
    source: str = ""
    as_of: Union[PartialDate, None] = None
    note: str = ""


class Education(_Record, frozen=True):
    institution: str
    degree: str = ""
    field: str = ""
    unit: str = ""
    location: str = ""
    start: Union[PartialDate, None] = None
    end: Union[PartialDate, None] = None
    end_expected: bool = False
    advisors: Strings = ()
    honours: str = ""
    minor: str = ""
    interests: Strings = ()
    summary: str = ""
    highlights: Strings = ()


class Topic(_Record, frozen=True):
    title: str
    start: Union[PartialDate, None] = None
    end: Union[PartialDate, None] = None
    summary: str = ""
    highlights: Strings = ()
    outputs: Strings = ()


class Experience(_Record, frozen=True):
    organisation: str
    kind: ExperienceKind = "position"
    unit: str = ""
    role: str = ""
    location: str = ""
    start: Union[PartialDate, None] = None
    end: Union[PartialDate, None] = None
    end_expected: bool = False
    hosts: Strings = ()
    supervisors: Strings = ()
    advisors: Strings = ()
    collaborators: Strings = ()
    summary: str = ""
    highlights: Strings = ()
    skills: Strings = ()
    outputs: Strings = ()
    topics: tuple[Topic, ...] = ()


class PaperLinks(_Record, frozen=True):
    url: str = ""
    arxiv: str = ""
    doi: str = ""
    code: str = ""
    pdf: str = ""
    project: str = ""

    def items(self) -> list[tuple[str, str]]:
        """The links that are set, as (label, URL) pairs; arXiv ids and DOIs become URLs."""
        out = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if not value:
                continue
            if name == "arxiv" and not value.startswith("http"):
                value = f"https://arxiv.org/abs/{value}"
            elif name == "doi" and not value.startswith("http"):
                value = f"https://doi.org/{value}"
            out.append((name, value))
        return out


class Author(NamedTuple):
    """One author as written: ``Jiaming Ji*`` is equal contribution, ``†`` corresponding."""

    name: str
    equal: bool = False
    corresponding: bool = False

    @classmethod
    def parse(cls, written: str) -> Author:
        name = written.strip()
        equal = corresponding = False
        while name and name[-1] in "*†":
            if name[-1] == "*":
                equal = True
            else:
                corresponding = True
            name = name[:-1].rstrip()
        return cls(name, equal, corresponding)


class Paper(_Record, frozen=True):
    title: str
    id: str = ""
    authors: Strings = ()
    authors_total: Union[int, None] = None
    authors_note: str = ""
    venue: str = ""
    year: Union[int, None] = None
    date: Union[PartialDate, None] = None
    type: PaperType = "other"
    status: str = ""
    presentation: str = ""
    categories: Strings = ()
    orgs: Strings = ()
    summary: str = ""
    highlights: Strings = ()
    links: PaperLinks = msgspec.field(default_factory=PaperLinks)
    # Identifiers of the authors at other services, parallel to ``authors``: each a
    # space-separated list such as ``orcid:0000-0002-1825-0097 s2:1741101`` ("" if none).
    author_ids: Strings = ()
    # The bibliographic record as BibTeX / CSL-JSON carry it (kept so export loses nothing).
    booktitle: str = ""
    journal: str = ""
    pages: str = ""
    volume: str = ""
    number: str = ""
    publisher: str = ""
    editors: Strings = ()
    series: str = ""
    edition: str = ""
    address: str = ""
    isbn: str = ""
    issn: str = ""
    note: str = ""
    keywords: Strings = ()
    abstract: str = ""
    language: str = ""
    extra: dict[str, str] = msgspec.field(default_factory=dict)
    """Any other field of an imported entry, verbatim (``field name → value``)."""

    @property
    def author_entries(self) -> tuple[Author, ...]:
        """The authors with their equal-contribution and corresponding marks parsed."""
        return tuple(Author.parse(a) for a in self.authors)

    @property
    def author_names(self) -> tuple[str, ...]:
        return tuple(Author.parse(a).name for a in self.authors)

    @property
    def when(self) -> Union[PartialDate, None]:
        """The most precise date known: ``date``, else ``year``."""
        if self.date is not None:
            return self.date
        if self.year is not None:
            return PartialDate(self.year)
        return None


class Award(_Record, frozen=True):
    title: str
    date: Union[PartialDate, None] = None
    start: Union[PartialDate, None] = None
    end: Union[PartialDate, None] = None
    awarder: str = ""
    note: str = ""


class Service(_Record, frozen=True):
    role: str
    venues: Strings = ()
    start: Union[PartialDate, None] = None
    end: Union[PartialDate, None] = None
    note: str = ""


class SkillGroup(_Record, frozen=True):
    category: str
    items: Strings = ()


class Language(_Record, frozen=True):
    language: str
    fluency: str = ""


class Person(_Record, frozen=True):
    name: str
    id: str = ""
    aliases: Strings = ()
    headline: str = ""
    affiliation: str = ""
    summary: str = ""
    links: Links = msgspec.field(default_factory=Links)
    interests: tuple[Union[str, Interest], ...] = ()
    metrics: tuple[Metric, ...] = ()
    education: tuple[Education, ...] = ()
    experience: tuple[Experience, ...] = ()
    papers: tuple[Paper, ...] = ()
    awards: tuple[Award, ...] = ()
    service: tuple[Service, ...] = ()
    skills: tuple[SkillGroup, ...] = ()
    languages: tuple[Language, ...] = ()

    @property
    def current_role(self) -> str:
        """The headline, else the role of the latest open experience."""
        if self.headline:
            return self.headline
        for exp in sorted(self.experience, key=_span_key, reverse=True):
            if exp.role and (exp.end is None or exp.end.is_present):
                return exp.role
        return ""


def _span_key(item: Union[Education, Experience]) -> tuple[int, int, int]:
    return item.start.key() if item.start else (0, 0, 0)


class Event(NamedTuple):
    """One dated fact of one person, for the timeline.

    ``kind`` is ``education``, ``experience``, ``paper``, ``award`` or ``service``;
    ``ref`` is the index of the fact in the person's list of that kind.
    """

    person: int
    kind: str
    subkind: str
    title: str
    organisation: str
    place: str
    start: PartialDate
    end: Union[PartialDate, None]
    end_expected: bool
    ref: int

    @property
    def is_span(self) -> bool:
        return self.end is not None and self.end != self.start

    def dates_text(self) -> str:
        text = str(self.start)
        if self.end is not None and self.end != self.start:
            text += f" – {self.end}"
            if self.end_expected:
                text += " (expected)"
        return text


_NAME_JUNK = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """A key for matching names: accents, case, punctuation and marks removed."""
    return _SPACES.sub(" ", _NAME_JUNK.sub(" ", fold(name))).strip()


def events_of(person: Person, index: int) -> list[Event]:
    """Every dated fact of ``person`` as a timeline event (undated facts have none)."""
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
    for i, paper in enumerate(person.papers):
        when = paper.when
        if when is not None:
            events.append(
                Event(
                    index, "paper", paper.type, paper.title, paper.venue, "", when, None, False, i
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


class Library:
    """All loaded people with indexes; read-only after construction.

    ``papers[i]`` belongs to ``people[paper_owner[i]]``; ``events`` are every person's dated
    facts in date order. Lookups by id, author name and organisation are dictionaries built
    once here.
    """

    def __init__(
        self,
        people: Sequence[Person],
        problems: Sequence[Problem] = (),
        sources: Sequence[str] = (),
    ) -> None:
        self.people: tuple[Person, ...] = tuple(people)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.sources: tuple[str, ...] = tuple(sources) or ("",) * len(self.people)
        self._by_id = {p.id: i for i, p in enumerate(self.people)}

        papers: list[Paper] = []
        owners: list[int] = []
        for i, person in enumerate(self.people):
            papers.extend(person.papers)
            owners.extend([i] * len(person.papers))
        self.papers: tuple[Paper, ...] = tuple(papers)
        self.paper_owner: tuple[int, ...] = tuple(owners)
        self._paper_start: list[int] = []
        total = 0
        for person in self.people:
            self._paper_start.append(total)
            total += len(person.papers)

        self._people_by_name: dict[str, int] = {}
        for i, person in enumerate(self.people):
            for name in (person.name, *person.aliases):
                self._people_by_name.setdefault(normalize_name(name), i)

        self._events: list[Event] | None = None
        self._author_index: dict[str, list[int]] | None = None
        self._org_index: dict[str, list[int]] | None = None
        #: Where the library was loaded from (set by the loader); lets the search index
        #: kept beside the cache tell whether it is current.
        self.origin: Origin | None = None

    # -- people -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.people)

    def person(self, person_id: str) -> Person:
        """The person with this id; ``KeyError`` when there is none."""
        return self.people[self._by_id[person_id]]

    def person_index(self, person_id: str) -> int:
        return self._by_id[person_id]

    def source_of(self, person_id: str) -> str:
        """The file the person was loaded from."""
        return self.sources[self._by_id[person_id]]

    def person_for_author(self, name: str) -> Person | None:
        """The profile of the author called ``name`` (marks and accents ignored), if any."""
        index = self._people_by_name.get(normalize_name(Author.parse(name).name))
        return None if index is None else self.people[index]

    # -- papers -------------------------------------------------------------------------
    def papers_of(self, person_id: str) -> range:
        """Indexes into :attr:`papers` of one person's papers."""
        i = self._by_id[person_id]
        start = self._paper_start[i]
        return range(start, start + len(self.people[i].papers))

    def paper_index(self, person_id: str, paper_id: str) -> int:
        for i in self.papers_of(person_id):
            if self.papers[i].id == paper_id:
                return i
        raise KeyError(f"{person_id}/{paper_id}")

    def paper_uid(self, index: int) -> str:
        """A library-wide id for a paper: ``person-id/paper-id``."""
        return f"{self.people[self.paper_owner[index]].id}/{self.papers[index].id}"

    def paper_by_uid(self, uid: str) -> int:
        person_id, _, paper_id = uid.partition("/")
        return self.paper_index(person_id, paper_id)

    @property
    def author_index(self) -> dict[str, list[int]]:
        """Normalised author name → indexes of the papers that list them."""
        if self._author_index is None:
            index: dict[str, list[int]] = {}
            for i, paper in enumerate(self.papers):
                for written in paper.authors:
                    index.setdefault(normalize_name(Author.parse(written).name), []).append(i)
            self._author_index = index
        return self._author_index

    def papers_by_author(self, name: str) -> list[int]:
        """Indexes of every paper that lists ``name`` as an author, in any profile."""
        return list(self.author_index.get(normalize_name(name), ()))

    def coauthors_with_profiles(self, index: int) -> list[tuple[str, Person]]:
        """The authors of paper ``index`` who have a profile here, other than its owner."""
        owner = self.people[self.paper_owner[index]]
        out = []
        for written in self.papers[index].authors:
            person = self.person_for_author(written)
            if person is not None and person.id != owner.id:
                out.append((Author.parse(written).name, person))
        return out

    def is_owner_name(self, index: int, author: str) -> bool:
        """Whether ``author`` (as written on paper ``index``) is the profile's owner."""
        owner = self.people[self.paper_owner[index]]
        key = normalize_name(Author.parse(author).name)
        return any(key == normalize_name(n) for n in (owner.name, *owner.aliases))

    # -- organisations ------------------------------------------------------------------
    @property
    def org_index(self) -> dict[str, list[int]]:
        """Normalised organisation name → indexes of the people connected to it."""
        if self._org_index is None:
            index: dict[str, list[int]] = {}
            for i, person in enumerate(self.people):
                names: set[str] = set()
                if person.affiliation:
                    names.add(person.affiliation)
                names.update(e.institution for e in person.education)
                for exp in person.experience:
                    names.add(exp.organisation)
                    names.update(exp.collaborators)
                for name in names:
                    bucket = index.setdefault(normalize_name(name), [])
                    if not bucket or bucket[-1] != i:
                        bucket.append(i)
            self._org_index = index
        return self._org_index

    def people_at(self, organisation: str) -> list[Person]:
        """People whose affiliation, education or experience names ``organisation``.

        Matches whole words anywhere in the name: ``Peking University`` also finds
        ``School of Computer Science, Peking University``.
        """
        key = normalize_name(organisation)
        if not key:
            return []
        pattern = re.compile(r"(?:^| )" + re.escape(key) + r"(?: |$)")
        found: set[int] = set()
        for name, people in self.org_index.items():
            if pattern.search(name):
                found.update(people)
        return [self.people[i] for i in sorted(found)]

    # -- timeline -----------------------------------------------------------------------
    @property
    def events(self) -> list[Event]:
        """Every dated fact of every person, oldest first."""
        if self._events is None:
            events: list[Event] = []
            for i, person in enumerate(self.people):
                events.extend(events_of(person, i))
            events.sort(key=lambda e: e.start.key())
            self._events = events
        return self._events

    def events_of(self, person_id: str) -> list[Event]:
        i = self._by_id[person_id]
        return events_of(self.people[i], i)

    # -- search -------------------------------------------------------------------------
    def search(self, query: str, kind: str | None = None, limit: int = 50) -> list[Hit]:
        """Ranked hits for an fzf-style query, for scripts: ``index_for(self).search(...)``
        (see :mod:`cvtui.core.search`, which the model itself does not depend on)."""
        from .search import index_for

        return index_for(self).search(query, kind=kind, limit=limit)

    # -- serialisation ------------------------------------------------------------------
    def to_builtins(self) -> dict[str, object]:
        """The whole model as JSON-ready data (dates as partial ISO strings)."""
        return {
            "people": [to_builtins(p) for p in self.people],
            "problems": [
                {k: v for k, v in msgspec.structs.asdict(pr).items()} for pr in self.problems
            ],
        }


def _enc_hook(obj: object) -> object:
    if isinstance(obj, PartialDate):
        return str(obj)
    raise NotImplementedError(type(obj).__name__)


def to_builtins(record: msgspec.Struct) -> object:
    """A record as plain JSON-ready data (dates as strings, defaults left out)."""
    return msgspec.to_builtins(record, enc_hook=_enc_hook)


def people_to_json(people: Iterable[Person]) -> bytes:
    return msgspec.json.encode(list(people), enc_hook=_enc_hook)
