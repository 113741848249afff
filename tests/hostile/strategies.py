"""Hypothesis strategies for the loader and the query parser.

Shared by ``tests/test_fuzz.py`` (a short run in every test session) and
``bench/fuzz_campaign.py`` (a long run). Documents are built from the real field names of the
model, so most examples get past the parser into validation and repair, where the bugs are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import tomlkit
from hypothesis import strategies as st

from cvtui.core import model
from cvtui.core.text import has_unsafe

# Characters that matter to TOML, to terminals and to the loader's own scanners.
_SYNTAX = [*"[]{}=\"'\\.,#:-+_ \n\t\r", "\\u001b", "\\u009b", '"""', "'''", "[[", "]]"]
_CONTROLS = [chr(c) for c in (*range(0, 0x20), 0x7F, *range(0x80, 0xA0), 0x202E, 0x2066, 0x2069)]
_WORDS = [
    "name",
    "id",
    "papers",
    "title",
    "year",
    "date",
    "start",
    "end",
    "present",
    "2024",
    "2024-09",
    "2024-13",
    "education",
    "experience",
    "institution",
    "organisation",
    "links",
    "interests",
    "topics",
    "area",
    "authors",
    "true",
    "false",
    "inf",
    "nan",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "0x1f",
    "1e400",
    "9" * 30,
]

hostile_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_CONTROLS)), max_size=40)
"""Any string, with terminal controls and bidi overrides more likely than by chance."""

toml_like_text = st.lists(
    st.one_of(
        st.sampled_from(_SYNTAX),
        st.sampled_from(_WORDS),
        st.sampled_from(_CONTROLS),
        st.text(max_size=4),
    ),
    max_size=60,
).map("".join)
"""Source text made of TOML's own pieces: most of it almost parses."""


def _struct_fields(struct: type) -> list[str]:
    return list(getattr(struct, "__struct_fields__", ()))


_RECORDS: dict[str, type] = {
    "metrics": model.Metric,
    "education": model.Education,
    "experience": model.Experience,
    "papers": model.Paper,
    "awards": model.Award,
    "service": model.Service,
    "skills": model.SkillGroup,
    "languages": model.Language,
    "interests": model.Interest,
    "topics": model.Topic,
    "links": model.PaperLinks,
}
_DATE_KEYS = {"start", "end", "date", "as_of"}

date_values = st.one_of(
    st.from_regex(r"\A\d{4}(-\d{1,2}(-\d{1,2})?)?\Z"),
    st.sampled_from(["present", "now", "yesterday", "2024-13", "2023-02-30", "", "0000"]),
    st.integers(min_value=-5, max_value=10_000),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.booleans(),
)

scalars = st.one_of(
    hostile_text,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
)

values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(hostile_text, st.sampled_from(_WORDS)), inner, max_size=4),
    ),
    max_leaves=12,
)
"""Any TOML value (tables and arrays nested a few levels)."""


def _value_for(key: str) -> st.SearchStrategy[Any]:
    if key in _DATE_KEYS:
        return st.one_of(date_values, values)
    if key in ("year", "authors_total"):
        return st.one_of(st.integers(min_value=-10, max_value=3000), values)
    if key == "kind":
        return st.one_of(st.sampled_from(model.EXPERIENCE_KINDS), hostile_text)
    if key == "type":
        return st.one_of(st.sampled_from(model.PAPER_TYPES), hostile_text)
    if key in _RECORDS and key != "links":
        return st.lists(st.one_of(record(_RECORDS[key]), hostile_text), max_size=3)
    if key == "links":
        return st.one_of(record(model.PaperLinks), record(model.Links), values)
    return st.one_of(hostile_text, st.lists(hostile_text, max_size=3), values)


def record(struct: type) -> st.SearchStrategy[dict[str, Any]]:
    """A table that looks like ``struct``: mostly its own keys, sometimes a stranger's."""
    keys = _struct_fields(struct)
    key = (
        st.one_of(st.sampled_from(keys), st.sampled_from(keys), hostile_text)
        if keys
        else hostile_text
    )
    return st.deferred(
        lambda: st.lists(key, max_size=6, unique=True).flatmap(
            lambda ks: st.fixed_dictionaries({k: _value_for(k) for k in ks})
        )
    )


profile_documents = record(model.Person)
"""Profile-shaped documents: real keys with right and wrong values, unknown keys, controls."""


def dumps(document: dict[str, Any]) -> str | None:
    """The document as TOML text, or None when tomlkit cannot write it."""
    try:
        return tomlkit.dumps(document)
    except Exception:
        return None


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, delete count, insertion) edits to ``text``."""
    for pos, delete, insert in edits:
        at = pos % (len(text) + 1)
        text = text[:at] + insert + text[at + delete :]
    return text


edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=8),
        st.one_of(st.sampled_from(_SYNTAX), st.sampled_from(_CONTROLS), st.text(max_size=3)),
    ),
    min_size=1,
    max_size=6,
)

query_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "'",
                "^",
                "$",
                "!",
                "|",
                " ",
                ":",
                "..",
                ">=",
                "<=",
                ">",
                "<",
                "=",
                "-",
                "author:",
                "title:",
                "venue:",
                "org:",
                "topic:",
                "kind:",
                "year:",
                "by:",
                "in:",
                "at:",
                "cat:",
                "kind:papers",
                "kind:events",
                "year:2019..",
                "year:>=2020",
                "year:..2023",
                "year:0000",
                "year:99999",
                "self-play",
                "liu",
                "RL",
                "[Re]",
                "\\",
                '"',
                "*",
                "†",
            ]
        ),
        hostile_text,
        st.from_regex(r"\A\d{1,5}\Z"),
    ),
    max_size=12,
).map("".join)
"""Queries built from the query language's own operators, scopes and numbers."""


def unsafe_strings(obj: Any) -> list[str]:
    """Every string inside ``obj`` (keys included) that still holds a terminal control."""
    found: list[str] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_unsafe(item):
                found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, msgspec.Struct):
            stack.append(msgspec.to_builtins(item, enc_hook=str))
    return found


# --- around the profiles: file names, special files, imports, config ------------------------

file_name_bytes = (
    st.binary(min_size=1, max_size=40)
    .map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))
    .filter(lambda b: b not in (b".", b"..") and not b.startswith(b"."))
)
"""Any bytes a file name may hold (not ``/`` or NUL; not hidden, which discovery skips)."""

SPECIAL_KINDS = ("fifo", "zero", "urandom", "null", "socket", "directory", "dangling", "loop")
special_sets = st.lists(st.sampled_from(SPECIAL_KINDS), min_size=1, max_size=6)
"""Which special files to put beside a good profile (FIFOs, devices, sockets…)."""

_BIB_KEYS = ["title", "author", "year", "journal", "booktitle", "doi", "url", "eprint", "note"]
bib_field_names = st.one_of(
    st.sampled_from(_BIB_KEYS),
    st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from(_CONTROLS)), min_size=1, max_size=12
    ),
)
bib_values = st.one_of(
    hostile_text, st.sampled_from(["{}", "{{x}}", "\\'e", "$x$", "2020", "x and y"])
)


@st.composite
def bibtex_text(draw: st.DrawFn) -> str:
    """A .bib text: entries with real and hostile field names and values, some broken."""
    entries = []
    for n in range(draw(st.integers(min_value=0, max_value=4))):
        kind = draw(st.sampled_from(["article", "inproceedings", "misc", "book", "x\x1b[2J"]))
        key = draw(st.one_of(st.just(f"k{n}"), hostile_text))
        fields = draw(st.lists(st.tuples(bib_field_names, bib_values), max_size=6))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    text = "".join(entries)
    return s_mutate(text, draw(st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 3),
                                                   st.sampled_from(["{", "}", "@", ",", "="])),
                                         max_size=3)))  # fmt: skip


def s_mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    return mutate(text, edits) if edits else text


_RESUME_KEYS = ["basics", "name", "label", "summary", "email", "url", "profiles", "network",
                "work", "education", "publications", "awards", "skills", "languages",
                "interests", "volunteer", "startDate", "endDate", "releaseDate", "date",
                "position", "institution", "studyType", "area", "keywords", "highlights"]  # fmt: skip
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**53), max_value=2**53),
        st.floats(allow_nan=False),
        hostile_text,
        st.sampled_from(["2020", "2020-13", "present", "\ud800", "\udce9"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(_RESUME_KEYS), hostile_text), inner, max_size=5),
    ),
    max_leaves=20,
)
jsonresume_documents = st.dictionaries(
    st.one_of(st.sampled_from(_RESUME_KEYS), hostile_text), json_values, max_size=6
)
"""JSON Resume-shaped documents: real keys, any values, lone surrogates (JSON allows them)."""

_CONFIG_KEYS = ["profiles", "theme", "keymap", "cache", "animation"]
config_documents = st.dictionaries(
    st.one_of(st.sampled_from(_CONFIG_KEYS), hostile_text),
    st.one_of(
        values,
        st.dictionaries(
            st.one_of(st.sampled_from(["app.quit", "app.help", "papers.sort_year"]), hostile_text),
            st.one_of(st.sampled_from(["q", "ctrl+q", "x,y", "?", ""]), hostile_text, values),
            max_size=4,
        ),
    ),
    max_size=6,
)
"""Config documents with any keys (control characters in them too) and any values."""
