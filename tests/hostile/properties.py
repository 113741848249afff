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
from cvtui.core.text import has_unsafe
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


# --- around the profiles ------------------------------------------------------------------------

_SETTLED = 1_600_000_000_000_000_000  # an mtime long past, so the cache keeps the file


def _shown_safely(text: str) -> bool:
    """Safe to show on one line: no control, bidi or surrogate; no newline or tab."""
    return not has_unsafe(text) and "\n" not in text and "\t" not in text


def check_file_name(name: bytes) -> None:
    """A file of any name loads (cold and from the cache), is shown escaped on one line,
    and its displayed name leads back to the real file."""
    import os
    import shutil

    from cvtui.core.cache import LibraryLoader
    from cvtui.core.text import display_name

    directory = Path(tempfile.mkdtemp(dir=_SCRATCH))
    try:
        (directory / "in").mkdir()
        path = directory / "in" / os.fsdecode(name + b".toml")
        path.write_text('name = "Named"\nheadline = 3\n', encoding="utf-8")
        good = directory / "good.toml"
        good.write_text('name = "Good"\n', encoding="utf-8")
        for written in (path, good):
            os.utime(written, ns=(_SETTLED, _SETTLED))
        cache = directory / "cache.bin"
        cold_loader = LibraryLoader([directory], cache_path=cache)
        cold = cold_loader.load()
        warm_loader = LibraryLoader([directory], cache_path=cache)
        warm = warm_loader.load()
        assert warm_loader.cache_hits == 2, "both files come from the cache"
        for library in (cold, warm):
            assert sorted(p.name for p in library.people) == ["Good", "Named"]
            shown = [*library.sources, *(p.path for p in library.problems)]
            assert all(_shown_safely(s) for s in shown), shown
            for text in shown:
                text.encode("utf-8")  # a terminal, JSON or the cache can take it
            assert display_name(str(path)) in library.sources
            assert [p.field for p in library.problems] == ["headline"]
        assert warm.people == cold.people and warm.problems == cold.problems
        assert warm_loader.real_path(display_name(str(path))) == str(path)
        check_outcome(cold.people[0], list(cold.problems))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def check_special_files(kinds: list[str]) -> None:
    """FIFOs, devices, sockets, directories and broken links beside a good profile: each is
    at most one problem, the good profile loads, and nothing blocks (bounded by the caller's
    deadline: a blocked read never returns)."""
    import os
    import shutil
    import socket
    import threading

    from cvtui.core.loading import load_paths

    directory = Path(tempfile.mkdtemp(dir=_SCRATCH))
    sockets: list[socket.socket] = []
    fifos: list[Path] = []
    try:
        (directory / "good.toml").write_text('name = "Good"\n', encoding="utf-8")
        expected: set[str] = set()
        for i, kind in enumerate(kinds):
            path = directory / f"s{i}.toml"
            if kind == "fifo":
                os.mkfifo(path)
                fifos.append(path)
            elif kind in ("zero", "urandom", "null"):
                os.symlink(f"/dev/{kind}", path)
                if kinds.index(kind) < i:
                    continue  # the same file twice is loaded (and reported) once
            elif kind == "socket":
                server = socket.socket(socket.AF_UNIX)
                server.bind(str(path))
                sockets.append(server)
            elif kind == "directory":
                path.mkdir()
                continue  # a directory is walked, not read: no problem
            elif kind == "dangling":
                os.symlink(directory / f"missing-{i}", path)
            else:
                os.symlink(path, path)
            expected.add(str(path))
        found: list[Library] = []
        worker = threading.Thread(target=lambda: found.append(load_paths([directory])))
        worker.start()
        worker.join(10)
        if worker.is_alive():
            for fifo in fifos:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            worker.join(5)
            raise AssertionError(f"loading blocked on {kinds}")
        (library,) = found
        assert [p.name for p in library.people] == ["Good"]
        assert sorted(p.path for p in library.problems) == sorted(expected)
        assert all(_shown_safely(p.message) for p in library.problems)
    finally:
        for server in sockets:
            server.close()
        shutil.rmtree(directory, ignore_errors=True)


def check_bibtex(text: str) -> None:
    """Any .bib text gives papers and messages that are safe to show, and papers that make
    a profile the loader takes."""
    from cvtui.core.exchange.bibtex import read_bibtex
    from cvtui.core.exchange.writer import render_profile

    result = read_bibtex(text, "fuzz.bib")
    assert unsafe_strings([p.fields for p in result.papers]) == []
    # A message may quote a value across lines; the command line prints each on one line.
    assert not any(has_unsafe(p.message) for p in result.problems)
    assert all(_shown_safely(name) for name in result.extra_fields)
    assert all(_shown_safely(name) for p in result.papers for name in p.fields.get("extra", {}))
    assert all(_shown_safely(key) and _shown_safely(why) for _, key, why in result.skipped)
    if result.papers:
        papers = [p.fields for p in result.papers]
        profile = render_profile({"name": "Fuzz", "papers": papers})
        person, problems = load_text(profile, "fuzz.toml", "fuzz")
        check_outcome(person, problems)
        assert person is not None


def check_jsonresume(document: dict) -> None:
    """Any JSON Resume document (lone surrogates too) gives a profile that is safe to show
    and that the loader takes, or a ValueError saying why not."""
    from cvtui.core.exchange.jsonresume import jsonresume_to_profile
    from cvtui.core.exchange.writer import render_profile

    try:
        profile, warnings = jsonresume_to_profile(document)
    except ValueError:
        return
    assert unsafe_strings(profile) == []
    assert not any(has_unsafe(w) for w in warnings)  # printed one per line by the CLI
    if not profile.get("name"):
        return
    text = render_profile(profile)
    text.encode("utf-8")  # it is written to a file next
    person, problems = load_text(text, "fuzz.toml", "fuzz")
    check_outcome(person, problems)
    assert person is not None


def check_config(document: dict) -> None:
    """A config with any keys and values: never raises; each warning is one safe line."""
    from cvtui.config import Config, load_config
    from hostile.strategies import dumps

    text = dumps(document)
    if text is None:
        return
    path = _SCRATCH / "config.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    config, problems = load_config(path)
    assert isinstance(config, Config)
    for problem in problems:
        assert problem.severity == "warning"
        assert _shown_safely(str(problem)), str(problem)
    assert all(_shown_safely(k) and _shown_safely(v) for k, v in config.keymap.items())
    if isinstance(document.get("cache"), bool):
        assert config.cache is document["cache"]
