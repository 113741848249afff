"""A loaded profile file as compact bytes (typed msgpack), for the cache and the parse workers.

A *record* is what loading one file gave: its :class:`~cvtui.core.model.Person` (or ``None``)
and its problems. Storing both means a profile read back from bytes reports exactly the
problems a fresh parse would. Dates travel as one integer (``2024-09`` → ``20240900``) and are
shared on decode, which keeps decoding 100,000 papers at a few tenths of a second.

The papers' repeated values (author names, paper ids, venues, years, categories, organisations,
status and presentation, and a proceedings' title, journal, publisher and address) are stored
once per record, in tables, and each paper refers to them by number. Decoding then creates each
distinct value once per record, not once per paper, and a
:class:`~cvtui.core.memory.SharedValues` table makes equal values of all records one object. For
100,000 papers the loaded model is a third smaller and decoding takes about as long as it did
for plain records; encoding, done by the parse workers, takes a little longer.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import deque
from collections.abc import Sequence
from itertools import chain, islice, repeat
from operator import attrgetter
from typing import Any, Union

import msgspec
from msgspec.structs import force_setattr, replace

from . import model
from .dates import PRESENT, PartialDate
from .memory import SharedValues
from .model import Paper, PaperLinks
from .problems import Problem

__all__ = [
    "Record",
    "decode_record",
    "decode_value",
    "encode_record",
    "encode_value",
    "model_fingerprint",
]


class Record(msgspec.Struct, array_like=True, frozen=True):
    """The outcome of loading one file."""

    person: Union[model.Person, None]
    problems: tuple[Problem, ...] = ()


class _Stored(msgspec.Struct, array_like=True, frozen=True):
    """A record as bytes hold it: papers without their repeated values, plus their tables.

    ``refs`` is an array of unsigned 32-bit numbers. For each column of :data:`_COLUMNS`
    whose bit is set in ``columns`` (a column of blanks is left out): one number per paper,
    its value's index into the column's table; for ``authors``, each paper's number of
    authors, then every author's index into ``strings``. One more bit says that some papers
    have no links, so that they can share one empty ``PaperLinks``.
    """

    person: Union[model.Person, None]
    problems: tuple[Problem, ...] = ()
    columns: int = 0
    strings: tuple[str, ...] = ()
    numbers: tuple[Union[int, None], ...] = ()
    lists: tuple[tuple[str, ...], ...] = ()
    refs: bytes = b""


_STRINGS, _NUMBERS, _LISTS, _NAMES = range(4)
_COLUMNS: tuple[tuple[str, int], ...] = (
    ("id", _STRINGS),
    ("venue", _STRINGS),
    ("status", _STRINGS),
    ("presentation", _STRINGS),
    ("year", _NUMBERS),
    ("categories", _LISTS),
    ("orgs", _LISTS),
    ("authors", _NAMES),
    ("booktitle", _STRINGS),
    ("journal", _STRINGS),
    ("publisher", _STRINGS),
    ("address", _STRINGS),
)
"""The paper fields stored by reference, and the table each refers to (``_NAMES``: a tuple
of references into ``strings``)."""
_DEFAULTS = {field.name: field.default for field in msgspec.structs.fields(Paper)}
_BLANK = {name: _DEFAULTS[name] for name, _ in _COLUMNS}
"""What a stored paper holds in place of the values moved to the tables (omitted as defaults)."""
_GETTERS = {name: attrgetter(name) for name, _ in _COLUMNS}
_LINKS = attrgetter("links")
_NO_LINKS = PaperLinks()
_EMPTY_LINKS_BIT = 1 << len(_COLUMNS)
"""Set in ``columns`` when some papers have no links: those then share one ``PaperLinks``."""
_SHARED_LINKS = {_NO_LINKS: _NO_LINKS}
_REF = "I" if array("I").itemsize == 4 else "L"
"""Type code of ``refs``: unsigned 32-bit numbers."""


def _store(person: model.Person | None, problems: tuple[Problem, ...]) -> _Stored:
    """Move the papers' repeated values out of ``person`` into tables."""
    if person is None or not person.papers:
        return _Stored(person, problems)
    papers = person.papers
    kept: list[tuple[int, int, list[Any]]] = []  # (bit, kind, values) of non-blank columns
    for bit, (name, kind) in enumerate(_COLUMNS):
        values = list(map(_GETTERS[name], papers))
        if values.count(_BLANK[name]) != len(values):
            kept.append((bit, kind, values))
    links = list(map(_LINKS, papers)).count(_NO_LINKS)
    if not kept:
        return _Stored(person, problems, _EMPTY_LINKS_BIT if links else 0)
    seen: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    for _, kind, values in kept:
        if kind == _NAMES:
            seen[_STRINGS].extend(chain.from_iterable(values))
        else:
            seen[kind].extend(values)
    strings, numbers, lists = (dict.fromkeys(values) for values in seen)  # distinct, in order
    index = [
        dict(zip(table, range(len(table)), strict=True)) for table in (strings, numbers, lists)
    ]
    refs: list[int] = []
    for _, kind, values in kept:
        if kind == _NAMES:
            refs += map(len, values)
            refs += map(index[_STRINGS].__getitem__, chain.from_iterable(values))
        else:
            refs += map(index[kind].__getitem__, values)
    blank = {_COLUMNS[bit][0]: _BLANK[_COLUMNS[bit][0]] for bit, _, _ in kept}
    return _Stored(
        replace(person, papers=tuple(replace(paper, **blank) for paper in papers)),
        problems,
        sum(1 << bit for bit, _, _ in kept) | (_EMPTY_LINKS_BIT if links else 0),
        tuple(strings),
        tuple(numbers),
        tuple(lists),
        array(_REF, refs).tobytes(),
    )


def _restore(stored: _Stored, shared: SharedValues) -> Record:
    """Put the papers' values back from the tables; raises ``ValueError`` on bad references.

    The papers were decoded a moment ago and nothing else holds them, so they are filled in
    place; if the references are bad, the half-filled record is dropped with the error.
    """
    person = stored.person
    columns = stored.columns
    if columns and (person is None or not person.papers or columns >> (len(_COLUMNS) + 1)):
        raise ValueError("stored columns without papers")
    if columns & _EMPTY_LINKS_BIT:
        assert person is not None
        links = list(map(_LINKS, person.papers))
        _set_all(person.papers, "links", map(_SHARED_LINKS.get, links, links))
    if not columns & ~_EMPTY_LINKS_BIT:
        if stored.refs or stored.strings or stored.numbers or stored.lists:
            raise ValueError("stored values without columns")
        if person is not None and person.papers:
            _share_across_records(person.papers, shared)
        return Record(person, stored.problems)
    assert person is not None
    papers = person.papers
    count = len(papers)
    refs = array(_REF)
    if len(stored.refs) % refs.itemsize:
        raise ValueError("stored references cut short")
    refs.frombytes(stored.refs)
    same = shared.same  # strings and numbers: a plain lookup in C; tuples share their items
    tables = [
        list(map(same, stored.strings, stored.strings)),
        list(map(same, stored.numbers, stored.numbers)),
        list(map(shared.share, stored.lists)),
    ]
    position = 0
    try:
        for bit, (name, kind) in enumerate(_COLUMNS):
            if not columns & (1 << bit):
                continue
            if kind == _NAMES:
                authors = refs[position : position + count]
                position += count
                end = position + sum(authors)
                values = map(tables[_STRINGS].__getitem__, refs[position:end])
                _set_all(papers, name, map(tuple, map(islice, repeat(values), authors)))
            else:
                end = position + count
                _set_all(papers, name, map(tables[kind].__getitem__, refs[position:end]))
            position = end
    except IndexError:
        raise ValueError("stored reference outside its table") from None
    if position != len(refs):
        raise ValueError("stored references do not match the papers")
    _share_across_records(papers, shared)
    return Record(person, stored.problems)


_ABSTRACT = attrgetter("abstract")
_MAYBE_EMPTY = tuple((name, attrgetter(name)) for name in ("extra", "family_names"))
_NO_EXTRA: dict[str, str] = {}
"""The one empty ``extra`` and ``family_names`` of decoded papers (a record is immutable;
nothing fills these in place)."""


def _share_across_records(papers: Sequence[Paper], shared: SharedValues) -> None:
    """Make equal abstracts of the whole load one object, and the empty dictionaries one.

    A paper co-authored by a lab is an entry in each author's profile: on the ACL set
    (99,768 entries of 43,372 works) that is 31 MB less for about 0.04 s of decoding. Its
    title, pages, links and authors repeat too, but sharing them costs 35-50 ms a field
    for 5-7 MB.
    """
    abstracts = list(map(_ABSTRACT, papers))
    if abstracts.count("") != len(abstracts):
        _set_all(papers, "abstract", map(shared.same, abstracts, abstracts))
    for name, getter in _MAYBE_EMPTY:
        values = list(map(getter, papers))
        shared_values = [v or _NO_EXTRA for v in values] if any(values) else repeat(_NO_EXTRA)
        _set_all(papers, name, shared_values)


def _set_all(records: Sequence[Any], name: str, values: Any) -> None:
    """``force_setattr(record, name, value)`` for each pair, looping in C.

    The records were decoded a moment ago and nothing else holds them.
    """
    deque(map(force_setattr, records, repeat(name), values), maxlen=0)


def _enc_hook(obj: object) -> object:
    if isinstance(obj, PartialDate):
        return obj.year * 10000 + obj.month * 100 + obj.day
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


_DATES: dict[int, PartialDate] = {PRESENT.year * 10000: PRESENT}


def _dec_hook(kind: type, value: Any) -> Any:
    if kind is PartialDate and type(value) is int:
        date = _DATES.get(value)
        if date is None:
            year, rest = divmod(value, 10000)
            date = PartialDate(year, rest // 100, rest % 100)
            if len(_DATES) < 100_000:
                _DATES[value] = date
        return date
    raise NotImplementedError(f"cannot decode {kind!r} from {type(value).__name__}")


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_enc_hook)
_DECODER = msgspec.msgpack.Decoder(_Stored, dec_hook=_dec_hook)


def encode_record(person: model.Person | None, problems: Any = ()) -> bytes:
    """The bytes of one file's outcome."""
    return _ENCODER.encode(_store(person, tuple(problems)))


def decode_record(
    data: bytes | memoryview | msgspec.Raw, shared: SharedValues | None = None
) -> Record:
    """Read back :func:`encode_record`'s bytes; raises ``ValueError`` if they are not.

    ``shared`` is the load's table of values: equal values of all records decoded with it
    become one object. (``msgspec.DecodeError`` is a ``ValueError``.)
    """
    return _restore(_DECODER.decode(data), shared if shared is not None else SharedValues())


def encode_value(value: Any) -> bytes:
    """Any value of the model's types as msgpack, dates as one integer as in records."""
    return _ENCODER.encode(value)


def decode_value(data: bytes | memoryview, kind: Any) -> Any:
    """Read back :func:`encode_value`'s bytes as ``kind``; raises ``ValueError`` if they
    are not (``msgspec.DecodeError`` is one)."""
    return msgspec.msgpack.decode(data, type=kind, dec_hook=_dec_hook)


def _struct_types() -> list[type[msgspec.Struct]]:
    found: list[type[msgspec.Struct]] = [Problem, Record, _Stored]
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, msgspec.Struct):
            found.append(value)
    return sorted(set(found), key=lambda cls: cls.__qualname__)


_FINGERPRINT: str | None = None


def model_fingerprint() -> str:
    """A hash of every stored struct's fields, types and settings.

    Changing the model changes the hash, so bytes written by an older model are never read
    back as the new one.
    """
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.sha256()
        for cls in _struct_types():
            config = cls.__struct_config__
            digest.update(
                f"{cls.__qualname__}|{config.array_like}|{config.omit_defaults}|{config.tag}".encode()
            )
            for field in msgspec.structs.fields(cls):
                digest.update(f"|{field.name}:{field.encode_name}:{field.type!r}".encode())
            digest.update(b"\n")
        digest.update(repr(_COLUMNS).encode())  # which fields the tables hold, and in what order
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT
