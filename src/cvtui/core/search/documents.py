"""What is indexed: per kind of item, its fields, how to read them, its years, what a hit shows.

Everything the engine knows about the library's records is here: which fields of which
records are searched (with their weights and the scopes that name them), how to read each
from the model, the year span a ``year:`` filter compares and the recency that breaks ties,
what a hit shows without the library, and each document's stable key. The rest of the
search package works on :class:`Document` values and field positions only.

A document's key is its source file plus a number local to that file (:func:`local_of`):
``0`` for the person, the position in ``person.papers`` for a paper entry, and the event's
kind and ``ref`` for a timeline event. A file's documents are replaced together when it
changes. A paper shared by several profiles has one document per entry (each searched as its
file writes it); hits are of works: the entries of one work are one hit, and each entry's
document keeps its work's key and the profiles holding it, so a script answered from the
index alone prints the same works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..bounds import bounded
from ..events import events_of
from ..model import Author

if TYPE_CHECKING:
    from ..model import Event, Library, Paper, Person

__all__ = [
    "EVENTS",
    "FIELD_JOIN",
    "KINDS",
    "PAPERS",
    "PEOPLE",
    "Document",
    "Field",
    "KindSpec",
    "documents_of",
    "event_years",
    "field_text",
    "items_of",
    "kind_named",
    "local_of",
    "paper_year",
    "record_of",
]

#: Multi-valued fields (authors, institutions, ...) are joined with this to form their text.
FIELD_JOIN = "; "

Value = Any  # a field's value: a string, or a tuple of strings for a multi-valued field


@dataclass(frozen=True, slots=True)
class Field:
    """One searchable field of a kind of item."""

    name: str
    weight: float
    scopes: frozenset[str]
    long: bool = False  # long prose: ranks below short fields, searched as one block
    multi: bool = False  # several values, joined with FIELD_JOIN to form its text


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A kind of item: its code in the index, the fields searched and how a hit names it."""

    name: str  # people, papers, events
    code: int
    hit_kind: str  # person, paper, event
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """One item as the index holds it."""

    kind: KindSpec
    local: int
    values: tuple[Value, ...]  # in the order of ``kind.fields``
    years: tuple[int, int] | None
    recency: int
    show: tuple[Any, ...]  # what a hit shows (see :mod:`.hits`)
    dated: bool = False  # a paper with a timeline event
    order: int = 0  # after recency, what orders equal hits: an event's start (the timeline's)


PEOPLE = KindSpec(
    "people",
    0,
    "person",
    (
        Field("name", 10.0, frozenset({"title", "author"})),
        Field("aliases", 8.0, frozenset({"title", "author"}), multi=True),
        Field("affiliation", 5.0, frozenset({"org"})),
        Field("headline", 3.0, frozenset()),
        Field("institutions", 4.0, frozenset({"org"}), multi=True),
        Field("interests", 3.0, frozenset({"topic"}), multi=True),
        Field("summary", 1.5, frozenset({"topic"}), long=True),
    ),
)
PAPERS = KindSpec(
    "papers",
    1,
    "paper",
    (
        Field("title", 10.0, frozenset({"title", "topic"})),
        Field("authors", 7.0, frozenset({"author"}), multi=True),
        Field("venue", 4.0, frozenset({"venue"})),
        Field("year", 3.0, frozenset()),
        Field("categories", 3.0, frozenset({"topic"}), multi=True),
        Field("orgs", 4.0, frozenset({"org"}), multi=True),
        Field("summary", 1.5, frozenset({"topic"}), long=True),
        Field("abstract", 1.5, frozenset({"topic"}), long=True),
        Field("highlights", 1.5, frozenset({"topic"}), long=True, multi=True),
    ),
)
EVENTS = KindSpec(
    "events",
    2,
    "event",
    (
        Field("title", 8.0, frozenset({"title", "topic"})),
        Field("organisation", 6.0, frozenset({"org", "venue"})),
        Field("place", 3.0, frozenset({"org"})),
        Field("dates", 3.0, frozenset()),
        Field("person", 4.0, frozenset({"author"})),
        Field("kind", 3.0, frozenset()),
        Field("collaborators", 4.0, frozenset({"org"}), multi=True),
    ),
)
KINDS: tuple[KindSpec, ...] = (PEOPLE, PAPERS, EVENTS)
_BY_NAME = {spec.name: spec for spec in KINDS}
#: Long prose of every kind is searched as one block, so it must share one set of scopes.
LONG_SCOPES = frozenset({"topic"})
assert all(f.scopes == LONG_SCOPES for spec in KINDS for f in spec.fields if f.long)

#: Timeline events other than papers, numbered within their person's file.
_EVENT_CODES = {"education": 1, "experience": 2, "award": 3, "service": 4}


def kind_named(name: str) -> KindSpec:
    """``people``, ``papers`` or ``events`` (or the singular a hit carries)."""
    spec = _BY_NAME.get(name)
    if spec is None:
        spec = next((s for s in KINDS if s.hit_kind == name), None)
    if spec is None:
        raise ValueError(f"kind must be people, papers or events, not {name!r}")
    return spec


def local_of(kind: KindSpec, item: Any, position: int = 0) -> int:
    """A document's number within its person's file: 0 for the person, the paper's
    position in ``person.papers``, or the timeline event's kind and ``ref``."""
    if kind is PEOPLE:
        return 0
    if kind is PAPERS:
        return position
    return _EVENT_CODES[item.kind] << 16 | item.ref


# --- reading fields ----------------------------------------------------------------------------


def _flatten_interests(items: Iterable[object]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        else:
            area = getattr(item, "area", "")
            if area:
                out.append(area)
            out.extend(_flatten_interests(getattr(item, "topics", ())))
    return out


def _person_places(p: Person) -> tuple[str, ...]:
    places: list[str] = []
    for edu in p.education:
        places.extend(x for x in (edu.institution, edu.unit) if x)
    for exp in p.experience:
        places.extend(x for x in (exp.organisation, exp.unit) if x)
        places.extend(exp.collaborators)
    return tuple(bounded(tuple(dict.fromkeys(places))))


def _person_interests(p: Person) -> tuple[str, ...]:
    return tuple(bounded(_flatten_interests(p.interests)))


def _bounded(name: str) -> Callable[[Any], tuple[str, ...]]:
    get = attrgetter(name)
    return lambda item: tuple(bounded(get(item)))


@lru_cache(maxsize=65_536)
def _author_name(written: str) -> str:
    """An author's name without equal-contribution marks (names repeat across papers)."""
    return Author.parse(written).name


def paper_year(p: Paper) -> int | None:
    """The year the paper is cited with: ``year``, else the year of its ``date``."""
    if p.year is not None:
        return p.year
    return p.date.year if p.date is not None else None


def _paper_year_text(p: Paper) -> str:
    year = paper_year(p)
    return "" if year is None else str(year)


def _event_kind_text(e: Event) -> str:
    return e.subkind if e.subkind == e.kind else f"{e.kind} {e.subkind}"


_PERSON_GETTERS: tuple[Callable[[Any], Value], ...] = (
    attrgetter("name"),
    _bounded("aliases"),
    attrgetter("affiliation"),
    attrgetter("headline"),
    _person_places,
    _person_interests,
    attrgetter("summary"),
)
_PAPER_GETTERS: tuple[Callable[[Any], Value], ...] = (
    attrgetter("title"),
    _bounded("authors"),
    attrgetter("venue"),
    _paper_year_text,
    _bounded("categories"),
    _bounded("orgs"),
    attrgetter("summary"),
    attrgetter("abstract"),
    _bounded("highlights"),
)


def _event_getters(people: Sequence[Person]) -> tuple[Callable[[Any], Value], ...]:
    def collaborators(e: Event) -> tuple[str, ...]:
        # A position held in collaboration with others (Ant Group with Peking University...).
        if e.kind != "experience":
            return ()
        return tuple(bounded(people[e.person].experience[e.ref].collaborators))

    return (
        attrgetter("title"),
        attrgetter("organisation"),
        attrgetter("place"),
        lambda e: e.dates_text(),
        lambda e: people[e.person].name,
        _event_kind_text,
        collaborators,
    )


def getters(kind: KindSpec, library: Library) -> tuple[Callable[[Any], Value], ...]:
    """How to read each field of ``kind`` from the library's records."""
    if kind is PEOPLE:
        return _PERSON_GETTERS
    if kind is PAPERS:
        return _PAPER_GETTERS
    return _event_getters(library.people)


def items_of(kind: KindSpec, library: Library) -> Sequence[Any]:
    """The library's items of ``kind``. Only those: the timeline's events are worked out on
    first use (a quarter of a second at 100,000 papers), which a paper's spans must not
    wait for."""
    if kind is PEOPLE:
        return library.people
    if kind is PAPERS:
        return library.papers
    return library.events


def record_of(kind: KindSpec, library: Library, index: int) -> tuple[Value, ...]:
    """The field values of item ``index`` of ``kind``, in field order."""
    item = items_of(kind, library)[index]
    return tuple(get(item) for get in getters(kind, library))


def value_text(field: Field, value: Value) -> str:
    """A field's text as spans refer to it: multi values joined with :data:`FIELD_JOIN`."""
    return FIELD_JOIN.join(value) if field.multi else value


def field_text(library: Library, kind: str, index: int, name: str) -> str:
    """The original text of field ``name`` of item ``index`` (what spans refer to)."""
    spec = kind_named(kind)
    items = items_of(spec, library)
    for f, get in zip(spec.fields, getters(spec, library), strict=True):
        if f.name == name:
            return value_text(f, get(items[index]))
    return ""


# --- years -------------------------------------------------------------------------------------


def _date_number(key: tuple[int, int, int]) -> int:
    year, month, day = key
    return year * 10_000 + month * 100 + day


def event_years(event: Event) -> tuple[int, int]:
    """The first and last year of a timeline event (an open end runs to 9999)."""
    first = event.start.year
    if event.end is None:
        last = first
    elif event.end.is_present:
        last = 9999
    else:
        last = event.end.year
    return (min(first, last), max(first, last))


# --- documents ---------------------------------------------------------------------------------


def documents_of(library: Library, index: int) -> list[Document]:
    """The documents of person ``index`` (loaded from one file): the person, their papers and
    their timeline events other than papers (paper events are found through the papers)."""
    person = library.people[index]
    events = events_of(person, index)
    out: list[Document] = []
    first, last = 10**9, -(10**9)
    for event in events:
        low, high = (event.start.year,) * 2 if event.end is None else event_years(event)
        first, last = min(first, low), max(last, high)
    span = (first, last) if first <= last else None
    out.append(
        Document(
            PEOPLE,
            0,
            tuple(get(person) for get in _PERSON_GETTERS),
            span,
            span[1] if span is not None else 0,
            (person.id, person.name, person.affiliation, person.headline),
        )
    )
    entries = library.entries_of(person.id) if person.papers else range(0)
    for j, (paper, entry) in enumerate(zip(person.papers, entries, strict=True)):
        work = library.entry_work[entry]
        record = library.papers[work]  # what the work shows: its merged record
        year = paper_year(record)
        holders = library.holders(work)
        out.append(
            Document(
                PAPERS,
                j,
                tuple(get(paper) for get in _PAPER_GETTERS),
                None if year is None else (year, year),
                year or 0,
                (
                    library.paper_uid(work),
                    record.title,
                    person.id,
                    person.name,
                    year,
                    record.venue,
                    [_author_name(a) for a in bounded(record.authors)],
                    record.type,
                    str(record.when) if record.when is not None else "",
                    library.work_key(work),
                    [library.people[h].id for h in holders],
                    [library.people[h].name for h in holders],
                ),
                dated=record.when is not None,
            )
        )
    event_get = _event_getters(library.people)
    for event in events:
        if event.kind == "paper":
            continue
        span = event_years(event)
        out.append(
            Document(
                EVENTS,
                local_of(EVENTS, event),
                tuple(get(event) for get in event_get),
                span,
                span[1],
                (
                    f"{person.id}/{event.kind}/{event.ref}",
                    event.title,
                    person.id,
                    person.name,
                    event.kind,
                    event.subkind,
                    event.organisation,
                    event.dates_text(),
                ),
                order=_date_number(event.start.key()),
            )
        )
    return out
