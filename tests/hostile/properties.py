"""The properties the fuzzers check, as plain functions (the test suite and the long campaign
run the same code).

Each takes one generated input and raises AssertionError (or whatever the code under test
raised) when the property fails.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cvtui.core.loading import load_file, load_text
from cvtui.core.model import Library, Person
from cvtui.core.parallel import loads_toml
from cvtui.core.problems import Problem
from cvtui.core.search import SearchIndex
from hostile.strategies import unsafe_strings

_SCRATCH = Path(tempfile.mkdtemp(prefix="cvtui-fuzz-"))


def check_outcome(person: object, problems: object) -> None:
    """A load's outcome is well formed and holds no terminal control anywhere."""
    assert person is None or isinstance(person, Person)
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    if person is None:
        assert problems, "a file that did not load must say why"
    else:
        assert person.name, "a loaded person always has a name"
        assert person.id
        assert len({p.id for p in person.papers}) == len(person.papers), "paper ids are unique"
        Library([person])  # the indexes build
    assert unsafe_strings(person) == []
    for problem in problems:
        assert unsafe_strings([problem.path, problem.message, problem.field]) == []
        assert problem.line >= 0 and problem.col >= 0
        assert problem.severity in ("error", "warning")


def check_text(text: str) -> None:
    person, problems = load_text(text, "fuzz.toml", "fuzz")
    check_outcome(person, problems)


def check_text_both_parsers(text: str) -> None:
    """tomli and the fast parser (used for large sets) give the same outcome."""
    slow = load_text(text, "fuzz.toml", "fuzz")
    fast = load_text(text, "fuzz.toml", "fuzz", loads_toml)
    check_outcome(*slow)
    check_outcome(*fast)
    assert fast[0] == slow[0], f"parsers disagree on {text!r}"
    assert [p.message for p in fast[1]] == [p.message for p in slow[1]], text


def check_bytes(data: bytes) -> None:
    path = _SCRATCH / "fuzz.toml"
    path.write_bytes(data)
    person, problems = load_file(path)
    check_outcome(person, problems)


def check_query(index: SearchIndex, query: str) -> None:
    """Any query returns hits whose highlight spans lie inside the texts they refer to (a
    paper's timeline event included: its spans name the event's own fields)."""
    for kind in (None, "people", "papers", "events"):
        result = index.search_with_info(query, kind=kind, limit=20)
        assert isinstance(result.problems, list)
        assert len(result.hits) <= 20
        for hit in result.hits:
            for name, spans in hit.spans.items():
                text = index.field_text(hit.kind, hit.index, name)
                for start, end in spans:
                    assert 0 <= start < end <= len(text), (query, hit, name, text)
        if kind is not None:
            every = index.search_with_info(query, kind=kind, limit=5, all_matches=True)
            items = [hit.index for hit in every.hits] + list(every.rest)
            assert len(set(items)) == len(items) == every.total, (query, kind)


def search_library() -> Library:
    """The bundled profiles plus the hostile and markup ones: real text, odd text."""
    from cvtui.core.loading import assemble, load_paths
    from hostile.payloads import hostile_profile, markup_profile

    bundled = load_paths([Path(__file__).parents[2] / "profiles"])
    people = list(bundled.people)
    for text, pid in ((hostile_profile(), "eve"), (markup_profile(), "mark")):
        person, _ = load_text(text, f"{pid}.toml", pid)
        assert person is not None
        people.append(person)
    return assemble(people, [f"{p.id}.toml" for p in people], [])
