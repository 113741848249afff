"""Repeated values are one object after a load, the model reads exactly as before, and
memory freed by a load can be handed back."""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvtui.core import codec, memory, parallel
from cvtui.core.cache import LibraryLoader
from cvtui.core.loading import load_paths
from cvtui.core.memory import SharedValues, release_memory
from cvtui.core.model import Library, Paper, PaperLinks, Person
from cvtui.core.problems import Problem
from generated import generate

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "loading"
OLD = 1_600_000_000_000_000_000  # long settled: the cache may trust size and mtime


def paper_toml(i: int, person: str) -> str:
    return f"""
[[papers]]
title = "Paper {i} of {person}"
id = "paper-{i}"
authors = ["Ada Lovelace", "Grace Hopper*", "{person}"]
venue = "NeurIPS"
year = 2024
categories = ["cs.LG", "cs.AI"]
orgs = ["Analytical Engines"]
status = "Under review"
abstract = "What paper {i} is about, in the words of every co-author's profile."
"""


@pytest.fixture
def shared_set(tmp_path: Path) -> Path:
    """Four profiles whose papers repeat authors, ids, venue, year, categories and
    abstracts."""
    root = tmp_path / "shared"
    root.mkdir()
    for n, person in enumerate(("Alan Turing", "Edsger Dijkstra", "Barbara Liskov", "Ken Iverson")):
        text = f'name = "{person}"\n' + "".join(paper_toml(i, person) for i in range(3))
        path = root / f"p{n}.toml"
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(OLD, OLD))
    return root


@pytest.fixture
def force_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)


@pytest.fixture(scope="module")
def generated_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic set from bench/generate.py (every paper field in use), made once."""
    out = generate(
        tmp_path_factory.mktemp("generated-memory"), people=6, papers_per_person=40, seed=3
    )
    for path in out.rglob("*.toml"):
        os.utime(path, ns=(OLD, OLD))
    return out


def assert_shared(library: Library) -> None:
    """Every repeated value of ``shared_set`` is one object across all its papers."""
    papers = library.papers
    assert len(papers) == 12
    for a, b in combinations(papers, 2):
        assert a.authors[0] is b.authors[0]  # "Ada Lovelace"
        assert a.authors[1] is b.authors[1]  # "Grace Hopper*"
        assert a.venue is b.venue
        assert a.year is b.year  # 2024: an int CPython does not share by itself
        assert a.categories is b.categories
        assert a.orgs is b.orgs
        assert a.status is b.status
        assert a.extra is b.extra and a.family_names is b.family_names  # all empty
    by_id: dict[str, Paper] = {}
    for paper in papers:
        first = by_id.setdefault(paper.id, paper)
        assert first.id is paper.id  # "paper-0" in every profile
        assert first.abstract is paper.abstract  # the same abstract in four profiles
    assert len({p.abstract for p in papers}) == 3
    owners = {p.authors[2] for p in papers}
    assert len(owners) == 4  # the distinct third authors stay distinct


def load(root: Path, use_cache: bool = True) -> tuple[Library, LibraryLoader]:
    loader = LibraryLoader([root], use_cache=use_cache)
    return loader.load(), loader


def test_cold_load_shares_repeated_values(shared_set: Path) -> None:
    library, loader = load(shared_set, use_cache=False)
    assert loader.parsed == 4
    assert_shared(library)


def test_cold_load_in_worker_processes_shares_repeated_values(
    shared_set: Path, force_processes: None
) -> None:
    assert parallel.should_use_processes(4, 4)
    library, _ = load(shared_set, use_cache=False)
    assert_shared(library)


def test_warm_load_shares_repeated_values(shared_set: Path) -> None:
    load(shared_set)
    library, loader = load(shared_set)
    assert loader.cache_hits == 4 and loader.parsed == 0
    assert_shared(library)


def test_exports_leave_the_one_empty_extra_empty(shared_set: Path) -> None:
    """Decoded papers share one empty ``extra``: writing them out works on copies."""
    from cvtui.core.exchange.bibtex_export import papers_to_bibtex_text
    from cvtui.core.exchange.csl import paper_to_csl

    load(shared_set)
    library, _ = load(shared_set)
    assert library.papers[0].extra is codec._NO_EXTRA
    assert "@" in papers_to_bibtex_text(library.papers)
    assert all(paper_to_csl(paper, f"k{n}") for n, paper in enumerate(library.papers))
    assert codec._NO_EXTRA == {}


def test_values_are_shared_between_cached_and_parsed_files(shared_set: Path) -> None:
    load(shared_set)
    changed = shared_set / "p1.toml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(changed, ns=(OLD + 10**9, OLD + 10**9))
    library, loader = load(shared_set)
    assert (loader.cache_hits, loader.parsed) == (3, 1)
    assert_shared(library)


def same_library(a: Library, b: Library) -> None:
    assert a.people == b.people
    assert a.problems == b.problems
    assert a.sources == b.sources
    assert msgspec.json.encode(a.to_builtins()) == msgspec.json.encode(b.to_builtins())


@pytest.mark.parametrize("where", ["generated", "fixtures", "bundled"])
def test_loaded_library_equals_a_plain_load(
    where: str, generated_set: Path, tmp_path: Path, force_processes: None
) -> None:
    """Cold (worker processes), first start and warm loads give what a plain load gives.

    ``load_paths`` builds the model straight from the parsed files, without the stored form.
    """
    root = {"generated": generated_set, "fixtures": FIXTURES, "bundled": REPO / "profiles"}[where]
    plain = load_paths([root])
    assert plain.people
    same_library(load(root, use_cache=False)[0], plain)
    same_library(load(root)[0], plain)
    warm, loader = load(root)
    assert loader.parsed == 0 or where == "fixtures"  # fixtures hold unreadable files
    same_library(warm, plain)


# --- the stored form of one record -----------------------------------------------------------


def person(*papers: Paper) -> Person:
    return Person("Someone", id="someone", papers=papers)


RECORDS = {
    "no person": None,
    "no papers": Person("Someone"),
    "blank papers": person(Paper("A"), Paper("B")),
    "links on some": person(Paper("A"), Paper("B", links=PaperLinks(code="https://x"))),
    "every column": person(
        Paper(
            "A",
            id="a",
            authors=("Ada*", "Grace†", "Ada*"),
            venue="ICML",
            year=1843,
            status="Accepted",
            presentation="Oral",
            categories=("cs.LG",),
            orgs=("Org",),
            booktitle="Proceedings of ICML",
            journal="JMLR",
            publisher="PMLR",
            address="Online",
        ),
        Paper("B", id="b", authors=(), year=None, categories=("cs.LG",), orgs=("Other",)),
        Paper("C", id="c", authors=("Grace†",), venue="ICML", year=1843),
    ),
    "text outside ascii": person(
        Paper("Ω", id="ω", authors=("Łukasz Kaiser", "高橋"), venue="ΣIGIR", categories=("é",))
    ),
}


@pytest.mark.parametrize("name", RECORDS)
def test_a_record_reads_back_equal(name: str) -> None:
    value = RECORDS[name]
    problems = [Problem("x.toml", "a problem", 3, 1, "papers[0]", "warning")]
    record = codec.decode_record(codec.encode_record(value, problems))
    assert record.person == value
    assert record.problems == tuple(problems)


few_strings = st.sampled_from(["", "Ada", "Ada*", "Grace†", "ICML", "é", "paper-1", "x" * 300])
papers = st.builds(
    Paper,
    title=st.text(max_size=5),
    id=few_strings,
    authors=st.lists(few_strings, max_size=4).map(tuple),
    venue=few_strings,
    year=st.sampled_from([None, 0, 7, 255, 256, 2024, 10**6]),
    status=few_strings,
    presentation=few_strings,
    categories=st.lists(few_strings, max_size=3).map(tuple),
    orgs=st.lists(few_strings, max_size=2).map(tuple),
    booktitle=few_strings,
    journal=few_strings,
    publisher=few_strings,
    address=few_strings,
    links=st.sampled_from([PaperLinks(), PaperLinks(code="https://c"), PaperLinks(doi="10.1/x")]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(papers, max_size=6), min_size=1, max_size=3))
def test_any_papers_read_back_equal_with_one_shared_table(sets: list[list[Paper]]) -> None:
    shared = SharedValues()
    people = [Person(f"P{i}", id=f"p{i}", papers=tuple(ps)) for i, ps in enumerate(sets)]
    decoded = [codec.decode_record(codec.encode_record(p), shared).person for p in people]
    assert decoded == people
    seen: dict[object, object] = {}
    for person_ in decoded:
        assert person_ is not None
        for paper in person_.papers:
            for value in (
                paper.venue,
                paper.year,
                paper.categories,
                paper.booktitle,
                paper.publisher,
                *paper.authors,
            ):
                assert seen.setdefault(value, value) is value  # equal values: one object


def test_a_record_stores_each_repeated_value_once() -> None:
    papers = tuple(
        Paper(
            f"T{i}",
            id=f"p{i}",
            authors=("Ada Lovelace", "Grace Hopper"),
            venue="NeurIPS",
            booktitle="Advances in Neural Information Processing Systems",
            publisher="Curran Associates",
        )
        for i in range(50)
    )
    data = codec.encode_record(person(*papers))
    assert data.count(b"Ada Lovelace") == 1
    assert data.count(b"NeurIPS") == 1
    assert data.count(b"Advances in Neural") == data.count(b"Curran") == 1
    record = codec.decode_record(data)
    assert record.person is not None
    assert len({id(p.authors[0]) for p in record.person.papers}) == 1


def test_records_stored_with_other_tables_are_not_read_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Which fields the tables hold is part of the model's fingerprint: a cache written when
    they held fewer is parsed again, never read with the references of another layout."""
    before = codec.model_fingerprint()
    monkeypatch.setattr(codec, "_FINGERPRINT", None)
    monkeypatch.setattr(codec, "_COLUMNS", codec._COLUMNS[:-1])
    assert codec.model_fingerprint() != before


def test_papers_without_links_share_one_empty_links() -> None:
    record = codec.decode_record(codec.encode_record(RECORDS["links on some"]))
    assert record.person is not None
    a, b = record.person.papers
    assert a.links == PaperLinks() and b.links.code == "https://x"
    again = codec.decode_record(codec.encode_record(RECORDS["blank papers"]))
    assert again.person is not None
    assert a.links is again.person.papers[0].links is again.person.papers[1].links


def test_one_table_shares_values_between_records_only_when_given() -> None:
    data = codec.encode_record(RECORDS["every column"])
    shared = SharedValues()
    first, second = codec.decode_record(data, shared), codec.decode_record(data, shared)
    assert first.person is not None and second.person is not None
    assert first.person.papers[0].authors[0] is second.person.papers[0].authors[0]
    assert first.person.papers[0].categories is second.person.papers[0].categories
    alone = codec.decode_record(data)
    assert alone.person is not None
    assert alone.person.papers[0].authors[0] is not first.person.papers[0].authors[0]
    assert alone.person == first.person


def stored(**changes: object) -> bytes:
    """The stored form of ``RECORDS['every column']`` with some parts replaced."""
    good = codec._DECODER.decode(codec.encode_record(RECORDS["every column"]))
    return codec._ENCODER.encode(msgspec.structs.replace(good, **changes))


def refs(*numbers: int) -> bytes:
    from array import array

    return array(codec._REF, numbers).tobytes()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param({"refs": b"\x01\x02\x03"}, id="cut-mid-number"),
        pytest.param({"refs": b""}, id="no-references"),
        pytest.param({"refs": refs(*range(5))}, id="too-few"),
        pytest.param({"strings": ()}, id="empty-table"),
        pytest.param({"refs": refs(*([0] * 400))}, id="too-many"),
        pytest.param({"refs": refs(*([10**6] * 40))}, id="outside-table"),
        pytest.param({"person": None}, id="columns-without-papers"),
        pytest.param({"columns": 1 << 20}, id="unknown-column"),
    ],
)
def test_damaged_references_are_an_error_not_a_wrong_model(damage: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        codec.decode_record(stored(**damage))


def test_a_damaged_cache_entry_is_parsed_again(shared_set: Path) -> None:
    _, first = load(shared_set)
    path = first.cache_path
    data = path.read_bytes()
    good = parallel.parse_file(str(shared_set / "p0.toml"))  # what the cache holds for it
    start = data.index(good)
    damaged = bytearray(data)
    damaged[start + len(good) - 8 : start + len(good)] = b"\xff" * 8  # last references
    path.write_bytes(bytes(damaged))
    library, loader = load(shared_set)
    assert loader.parsed == 1
    assert_shared(library)
    same_library(library, load_paths([shared_set]))


# --- giving memory back ------------------------------------------------------------------


@pytest.fixture
def fresh_trim(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(memory, "_TRIM", None)
    monkeypatch.setattr(memory, "_TRIM_LOOKED_UP", False)
    yield


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is a glibc function",
)
def test_release_memory_trims_the_glibc_heap(fresh_trim: None) -> None:
    assert memory._malloc_trim() is not None
    release_memory()
    release_memory(collect=False)


def test_release_memory_without_malloc_trim_only_collects(
    fresh_trim: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    collected: list[int] = []

    def collect() -> int:
        collected.append(1)
        return 0

    monkeypatch.setattr(memory.gc, "collect", collect)
    release_memory()
    assert memory._malloc_trim() is None
    assert collected == [1]


def test_release_memory_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_: int) -> int:
        raise ctypes.ArgumentError("no such thing")

    monkeypatch.setattr(memory, "_TRIM", broken)
    monkeypatch.setattr(memory, "_TRIM_LOOKED_UP", True)
    release_memory(collect=False)


def test_overlapping_pauses_of_the_collector_end_with_the_last() -> None:
    """A load and a reload in two threads: when the first ends while the second runs, the
    collector stays paused until the second ends too, and runs again only if it ran before;
    a pause that raises still ends."""
    import gc
    import threading

    from cvtui.core.memory import collection_paused

    assert gc.isenabled()
    second_in, second_may_end = threading.Event(), threading.Event()

    def second() -> None:
        with collection_paused():
            second_in.set()
            second_may_end.wait(5)

    thread = threading.Thread(target=second)
    with collection_paused():
        thread.start()
        assert second_in.wait(5)
    paused_after_first = not gc.isenabled()
    second_may_end.set()
    thread.join(5)
    assert paused_after_first  # the second was still running
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("a failing phase")
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
