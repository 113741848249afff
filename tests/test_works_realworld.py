"""Works on real data: the ACL Anthology written as one profile per author (a year's slice).

In a community set almost every paper is held by several profiles. The Anthology gives each
paper one id, so the number of works must equal the number of distinct Anthology papers,
and its own list of name variants says which profiles are one person.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from cvtui.core.library import Library
from cvtui.core.loading import load_paths

ROOT = Path(__file__).resolve().parents[1]
SLICE = {1986}
"""A year whose authors include variant spellings with co-authors in common."""


def _anthology():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("anthology", ROOT / "bench" / "anthology.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["anthology"] = module
    spec.loader.exec_module(module)
    return module


anthology = _anthology()
XML = anthology.default_xml_dir()
needs_anthology = pytest.mark.skipif(
    not XML.is_dir(), reason="the ACL Anthology sample (shared/realworld) is not present"
)


@pytest.fixture(scope="module")
def community(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, list]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("acl")
    papers = [p for p in anthology.read_papers(XML, SLICE) if p.authors]
    anthology.write_profiles(papers, out)
    return load_paths([out]), papers


@needs_anthology
def test_works_are_the_distinct_anthology_papers(community) -> None:  # type: ignore[no-untyped-def]
    library, papers = community
    assert len(library.entries) > 1.5 * len(papers)  # most papers are in several profiles
    assert len(library.works) == len({p.anthology_id for p in papers})
    for work in library.works:  # and no work joins two Anthology papers
        urls = {library.entries[e].links.url for e in work.entries}
        assert len(urls) == 1, urls
    shared = Counter(len(library.holders(w)) for w in range(len(library.works)))
    assert shared[1] < len(library.works)


@needs_anthology
def test_a_listed_name_variant_in_the_slice_is_warned_about(community) -> None:  # type: ignore[no-untyped-def]
    library, _ = community
    variants = yaml.safe_load(
        (XML.parent / "yaml" / "name_variants.yaml").read_text(encoding="utf-8")
    )

    def name(entry: dict[str, str]) -> str:
        return " ".join(x for x in (entry.get("first", ""), entry.get("last", "")) if x)

    present = {p.name for p in library.people}
    listed: set[frozenset[str]] = set()
    for entry in variants:
        spellings = [name(entry["canonical"]), *(name(v) for v in entry.get("variants", []))]
        here = [s for s in dict.fromkeys(spellings) if s in present]
        listed.update(frozenset((a, b)) for n, a in enumerate(here) for b in here[n + 1 :])
    assert listed, "the slice should hold a listed variant pair"
    by_source = dict(zip(library.sources, library.people, strict=True))
    warned = set()
    for problem in library.problems:
        if "may be the same person" in problem.message:
            other = problem.message.split(" (", 1)[1].split(")", 1)[0]
            warned.add(frozenset((by_source[problem.path].name, by_source[other].name)))
    assert listed & warned, (sorted(map(sorted, listed)), sorted(map(sorted, warned)))


@needs_anthology
def test_a_coauthors_paper_counts_for_every_author_with_a_profile(community) -> None:  # type: ignore[no-untyped-def]
    library, papers = community
    by_name = {p.name: i for i, p in enumerate(library.people)}
    for paper in papers[:50]:
        for _, author, _, _ in paper.authors:
            i = by_name.get(author)
            if i is None:
                continue
            titles = {library.papers[w].title for w in library.papers_of(library.people[i].id)}
            assert paper.title in titles
