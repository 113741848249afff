"""The in-memory model: people, their papers and the timeline events derived from them.

The structs mirror the profile format (docs/profile-format.md) one to one, so the loader can
validate a parsed TOML document by converting it, and the cache can store it compactly.
Everything is immutable once loaded; :class:`Library` adds the indexes the views need.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, NamedTuple, Union, get_args

import msgspec

from .authors import normalize_name
from .dates import PartialDate

if TYPE_CHECKING:
    from .library import Library as Library

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
    openalex: str = ""
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
    # The paper's record at a service: a URL, or the bare key / id (``conf/acl/Ji23``,
    # ``W2741809807``, a 40-digit Semantic Scholar paper id).
    dblp: str = ""
    openalex: str = ""
    semantic_scholar: str = ""

    def items(self) -> list[tuple[str, str]]:
        """The links that are set, as (label, URL) pairs; bare ids become URLs."""
        out = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if not value:
                continue
            if not value.startswith("http") and name in _ID_URLS:
                value = _ID_URLS[name] + value
            out.append((name, value))
        return out


_ID_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "doi": "https://doi.org/",
    "dblp": "https://dblp.org/rec/",
    "openalex": "https://openalex.org/",
    "semantic_scholar": "https://www.semanticscholar.org/paper/",
}


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
    family_names: dict[str, str] = msgspec.field(default_factory=dict)
    """Family name of an author or editor whose name does not simply end in it
    (``"Gabriel García Márquez" → "García Márquez"``; an organisation → its whole name)."""
    citation_key: str = ""
    """The key the work is cited by (an imported entry's key); exports use it."""
    entry_type: str = ""
    """The entry type it was imported as: a BibTeX type (``inbook``) or ``csl:`` + a CSL type."""

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

    @property
    def date_key(self) -> int:
        """The date as one number that sorts (``20240900`` for 2024-09; 0 when undated),
        without making a PartialDate for a bare year."""
        date = self.date
        if date is not None:
            return date.year * 10000 + date.month * 100 + date.day
        return self.year * 10000 if self.year is not None else 0


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
    ``ref`` is the index of the fact in the person's list of that kind, except for papers:
    there it is the work's index in ``Library.papers`` (a person's papers are the works they
    are an author of, some of which live only in a co-author's profile).
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


def __getattr__(name: str) -> object:
    # The library lives in its own module; ``from cvtui.core.model import Library`` still works.
    if name == "Library":
        from .library import Library

        return Library
    raise AttributeError(name)


def _enc_hook(obj: object) -> object:
    if isinstance(obj, PartialDate):
        return str(obj)
    raise NotImplementedError(type(obj).__name__)


def to_builtins(record: msgspec.Struct) -> object:
    """A record as plain JSON-ready data (dates as strings, defaults left out)."""
    return msgspec.to_builtins(record, enc_hook=_enc_hook)


def people_to_json(people: Iterable[Person]) -> bytes:
    return msgspec.json.encode(list(people), enc_hook=_enc_hook)
