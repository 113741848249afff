"""Reloading changed files (core): what changed, what broke, and where items moved."""

from __future__ import annotations

import os
from pathlib import Path

from cvtui.core.model import Library, Paper, Person
from cvtui.core.reload import Reloader
from cvtui.core.renumber import paper_mapping, person_mapping, unchanged


def person(pid: str, papers: list[str]) -> Person:
    return Person(
        name=pid.upper(), id=pid, papers=tuple(Paper(title=t.upper(), id=t) for t in papers)
    )


def test_nothing_moved_is_the_identity() -> None:
    old = Library([person("a", ["x", "y"]), person("b", ["z"])])
    same = Library([person("a", ["x", "y"]), person("b", ["z"])])
    assert person_mapping(old, same) is unchanged
    assert paper_mapping(old, same) is unchanged
    new = Library([person("a", ["x", "y2"]), person("b", ["z"])])  # a paper renamed in place
    assert person_mapping(old, new) is unchanged
    move = paper_mapping(old, new)
    assert [move(i) for i in range(3)] == [0, 1, 2]  # the renamed paper keeps its place


def test_papers_follow_their_owner_and_id() -> None:
    old = Library([person("a", ["x", "y"]), person("b", ["z", "w"]), person("c", ["v"])])
    new = Library([person("a", ["new", "x", "y"]), person("c", ["v"]), person("d", ["u"])])
    move = paper_mapping(old, new)
    titles_old = [p.id for p in old.papers]
    moved = {titles_old[i]: move(i) for i in range(len(old.papers))}
    assert moved == {"x": 1, "y": 2, "z": None, "w": None, "v": 3}
    people = person_mapping(old, new)
    assert [people(i) for i in range(3)] == [0, None, 1]


def write(path: Path, name: str, headline: str) -> None:
    path.write_text(f'name = "{name}"\nheadline = "{headline}"\n', encoding="utf-8")


def age(path: Path, seconds: int = 10) -> None:
    """Backdate a file, as if it was written well before it was loaded."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_reloader_names_changed_added_removed_and_broken_files(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"
    write(a, "Ann", "one")
    write(b, "Ben", "one")
    for path in (a, b):
        age(path)
    reloader = Reloader.for_paths([tmp_path], use_cache=False)
    first = reloader.load()
    assert reloader.refresh(first).changed == []
    a.write_text(a.read_text(encoding="utf-8") + "# a comment changes nothing shown\n")
    quiet = reloader.refresh(first)
    assert quiet.changed == [] and quiet.broken == []
    write(a, "Ann", "two")
    write(c, "Cid", "new")
    b.unlink()
    result = reloader.refresh(first)
    assert sorted(result.changed) == sorted(str(p) for p in (a, b, c))
    assert result.library.person("a").headline == "two"
    assert [p.id for p in result.library.people] == ["a", "c"]
    c.write_text('name = "Cid"\nheadline = [\n', encoding="utf-8")
    broken = reloader.refresh(result.library)
    assert broken.changed == [str(c)] and broken.broken == [str(c)]
    assert broken.library.person("c").headline == "new"  # the last good version
    assert any(p.path == str(c) for p in broken.library.problems)


def test_a_reloader_for_a_library_without_files_is_none() -> None:
    assert Reloader.for_library(Library([person("a", [])])) is None
