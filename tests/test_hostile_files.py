"""Broken and hostile profile files: each one is a clear problem, and everything else loads.

Fixtures are generated into ``tmp_path`` by :mod:`hostile.files` (nothing large is kept in
the repository). Every test loads a broken file *next to a good one* and checks both halves:
the problem names the file, line and field, and the good profile is still there.

Unreadable files: the tests run as root, and root reads a file whatever its mode (chmod 000
or an unreadable parent directory change nothing), while a FIFO would block the reader.
So the test makes the loader's read / ``os.scandir`` raise ``PermissionError`` for one
path, which is exactly what an unprivileged user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cvtui.core import discovery, loading
from cvtui.core.loading import MAX_FILE_BYTES, MAX_STRING_CHARS, load_file, load_paths
from cvtui.core.problems import Problem
from hostile import files as F
from hostile.payloads import q

CVTUI = Path(sys.executable).parent / "cvtui"


def problems_for(problems: tuple[Problem, ...] | list[Problem], path: Path) -> list[Problem]:
    return [p for p in problems if p.path == str(path)]


def load_with_good(tmp_path: Path, name: str, content: str | bytes):
    """Write a broken file and a good one; load the directory; the broken file's problems."""
    broken = F.write(tmp_path, name, content)
    F.good(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people if p.name == "Good Person"] == ["Good Person"]
    return lib, problems_for(lib.problems, broken)


@pytest.mark.parametrize("case", sorted(F.BROKEN))
def test_broken_file_is_a_clear_problem(tmp_path: Path, case: str) -> None:
    content, line, field, word = F.BROKEN[case]
    _, found = load_with_good(tmp_path, f"{case}.toml", content)
    assert found, f"no problem reported for {case}"
    first = found[0]
    assert first.line == line, str(first)
    assert first.field == field, str(first)
    assert word.lower() in first.message.lower(), str(first)
    assert first.severity == "error"


def test_broken_field_keeps_the_rest_of_the_profile(tmp_path: Path) -> None:
    text = (
        'name = "Partly Broken"\nheadline = 42\n\n[[papers]]\ntitle = "Kept"\nyear = "soon"\n'
        '\n[[papers]]\nyear = 2020\n\n[[papers]]\ntitle = "Also kept"\nyaer = 2021\n'
    )
    person, problems = load_file(F.write(tmp_path, "partly.toml", text))
    assert person is not None
    assert person.name == "Partly Broken"
    assert [p.title for p in person.papers] == ["Kept", "Also kept"]
    assert [(p.line, p.field) for p in problems] == [
        (2, "headline"),
        (6, "papers[0].year"),
        (8, "papers[1]"),
        (13, "papers[2].yaer"),
    ]


@pytest.mark.parametrize("case", sorted(F.EMPTY_CASES))
def test_empty_file(tmp_path: Path, case: str) -> None:
    _, found = load_with_good(tmp_path, f"{case}.toml", F.EMPTY_CASES[case])
    assert len(found) == 1
    message = found[0].message
    assert "empty" in message or "missing required key `name`" in message


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64
    _, found = load_with_good(tmp_path, "picture.toml", png)
    assert len(found) == 1
    assert "UTF-8" in found[0].message
    assert found[0].line == 1


def test_utf16_file(tmp_path: Path) -> None:
    data = 'name = "Wide"\n'.encode("utf-16")
    _, found = load_with_good(tmp_path, "wide.toml", data)
    assert len(found) == 1 and "UTF-8" in found[0].message


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    big = F.fifty_megabytes(tmp_path)
    assert big.stat().st_size > 50 * 10**6
    F.good(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["Good Person"]
    (problem,) = problems_for(lib.problems, big)
    assert "MB" in problem.message and "limit" in problem.message
    assert big.stat().st_size > MAX_FILE_BYTES


def test_twenty_thousand_papers(tmp_path: Path) -> None:
    person, problems = load_file(F.many_papers(tmp_path, 20_000))
    assert problems == []
    assert person is not None
    assert len(person.papers) == 20_000
    assert person.papers[12_345].title == "Paper 12345: [Re] a study of thing 12345"
    assert len({p.id for p in person.papers}) == 20_000


def test_twenty_thousand_papers_with_many_bad_fields(tmp_path: Path) -> None:
    """500 broken entries in 20,000: all reported with lines, all the rest kept (and fast:
    each fix re-validates one entry, not the whole profile)."""
    person, problems = load_file(F.many_papers(tmp_path, 20_000, broken_every=40))
    assert person is not None
    assert len(person.papers) == 20_000
    assert len(problems) == 500
    assert all(p.field.endswith(".year") and p.line > 0 for p in problems)
    assert problems[-1].field == "papers[19960].year"


def test_too_many_problems_is_reported_not_repaired(tmp_path: Path) -> None:
    person, problems = load_file(F.many_papers(tmp_path, 20_000, broken_every=1))
    assert person is None
    assert "more than" in problems[-1].message


def test_megabyte_string(tmp_path: Path) -> None:
    path = F.megabyte_string(tmp_path)
    person, problems = load_file(path)
    assert person is not None and person.name == "Long Winded"
    assert len(person.summary) == MAX_STRING_CHARS
    (problem,) = problems
    assert (problem.field, problem.line, problem.severity) == ("summary", 2, "warning")
    assert "characters" in problem.message


@pytest.mark.parametrize("generator", sorted(F.GENERATORS))
def test_deep_nesting(tmp_path: Path, generator: str) -> None:
    path = F.GENERATORS[generator](tmp_path)
    F.good(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["Good Person"]
    (problem,) = problems_for(lib.problems, path)
    assert "nested too deeply" in problem.message


def test_deep_but_legal_interests_load(tmp_path: Path) -> None:
    person, problems = load_file(F.deep_interests(tmp_path, depth=60))
    assert problems == []
    assert person is not None
    node = person.interests[0]
    depth = 0
    while not isinstance(node, str):
        node = node.topics[0]
        depth += 1
    assert (depth, node) == (60, "leaf")


def test_directory_symlink_loop(tmp_path: Path) -> None:
    loop = F.symlink_loop(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["In The Loop"]
    (problem,) = lib.problems
    assert "loop" in problem.message
    assert problem.path == str(loop / "inner" / "back")


def test_self_and_dangling_symlinks(tmp_path: Path) -> None:
    looped = F.self_symlink(tmp_path)
    dangling = F.dangling_symlink(tmp_path)
    F.good(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["Good Person"]
    assert "symbolic links" in problems_for(lib.problems, looped)[0].message
    assert "No such file" in problems_for(lib.problems, dangling)[0].message


def test_missing_path_given(tmp_path: Path) -> None:
    F.good(tmp_path)
    lib = load_paths([tmp_path, tmp_path / "nope"])
    assert len(lib.people) == 1
    assert problems_for(lib.problems, tmp_path / "nope")[0].message == "no such file or directory"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = F.write(tmp_path, "secret.toml", 'name = "Secret"\n')
    real_read = loading.read_regular

    def read_regular(path: object, limit: int) -> bytes:
        if Path(str(path)) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_regular", read_regular)
    _, found = load_with_good(tmp_path, "other.toml", 'name = "Other"\n')
    found = problems_for(load_paths([tmp_path]).problems, secret)
    assert [p.message for p in found] == ["cannot read file: Permission denied"]


def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    F.write(locked, "inside.toml", 'name = "Inside"\n')
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    F.good(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["Good Person"]
    assert [p.message for p in problems_for(lib.problems, locked)] == [
        "cannot read directory: Permission denied"
    ]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first, second = F.duplicate_ids(tmp_path)
    lib = load_paths([tmp_path])
    assert [p.name for p in lib.people] == ["First"]
    (problem,) = problems_for(lib.problems, second)
    assert problem.field == "id"
    assert "same-id" in problem.message and str(first) in problem.message


def test_hostile_file_name_is_sanitised(tmp_path: Path) -> None:
    """A file name is profile data too: it reaches problems and the default id."""
    name = "evil\x1b]0;PWNED\x07\u202e.toml"
    F.write(tmp_path, name, "headline = 42\n")
    lib = load_paths([tmp_path])
    (person,) = lib.people
    assert person.id == "evil␛]0;PWNED␇\ufffd"
    assert person.name == person.id
    for problem in lib.problems:
        assert "\x1b" not in problem.path and "\x07" not in problem.path
        assert problem.path.endswith("evil␛]0;PWNED␇\ufffd.toml")


def test_hostile_keys_are_sanitised(tmp_path: Path) -> None:
    key1, key2 = q("key\x1b[2J"), q("bad\x9b")
    text = f'name = "Ok"\n{key1} = 1\n\n[[papers]]\ntitle = "P"\n{key2} = 2\n'
    person, problems = load_file(F.write(tmp_path, "keys.toml", text))
    assert person is not None and [p.title for p in person.papers] == ["P"]
    text_out = " ".join(f"{p.field} {p.message}" for p in problems)
    assert "\x1b" not in text_out and "\x9b" not in text_out
    assert "key␛[2J" in text_out and "bad\ufffd" in text_out


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    """``cvtui validate`` (the installed command, through the cache loader) names every
    broken file with its line, and counts the good profiles."""
    for case, (content, _, _, _) in F.BROKEN.items():
        F.write(tmp_path, f"{case}.toml", content)
    F.duplicate_ids(tmp_path)
    F.symlink_loop(tmp_path)
    F.good(tmp_path)
    env = {
        **os.environ,
        "CVTUI_CACHE_DIR": str(tmp_path / ".cache"),
        "CVTUI_CONFIG": str(tmp_path / ".config.toml"),
        "CVTUI_STATE": str(tmp_path / ".state"),
    }
    for extra in ([], ["--no-cache"]):
        result = subprocess.run(
            [str(CVTUI), "validate", str(tmp_path), *extra],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert result.returncode == 1, result.stderr
        out = result.stdout
        for case, (_, line, field, _) in F.BROKEN.items():
            expected = f"{tmp_path / case}.toml:{line}:"
            lines = [x for x in out.splitlines() if x.startswith(expected)]
            assert lines, f"{case} missing from validate output:\n{out}"
            assert field in lines[0]
        assert "duplicate id `same-id`" in out
        assert "symlink loop" in out
        last = out.strip().splitlines()[-1]
        # good, first (dup), looped, plus the broken files whose errors are only fields
        loaded = sum(1 for c in F.BROKEN.values() if c[2]) + 3
        assert last.startswith(f"{loaded} profiles"), last


@pytest.mark.parametrize("escape", ["\\b", "\\f", "\\r", "\\u001b", "\\U0000009b", "\\u202e"])
def test_every_toml_escape_of_a_control_is_sanitised(tmp_path: Path, escape: str) -> None:
    """Short escapes (``\\r``, ``\\b``, ``\\f``) make control characters as well as ``\\u``."""
    person, problems = load_file(F.write(tmp_path, "esc.toml", f'name = "a{escape}b"\n'))
    assert person is not None
    assert len(person.name) == 3 and person.name[1] in "␈␌␍␛\ufffd"
    assert [(p.field, p.severity) for p in problems] == [("name", "warning")]


def test_hostile_file_name_is_sanitised_in_sources(tmp_path: Path) -> None:
    F.write(tmp_path, "x\x1b]0;T\x07.toml", 'name = "X"\n')
    lib = load_paths([tmp_path])
    assert lib.sources == (str(tmp_path / "x␛]0;T␇.toml"),)
