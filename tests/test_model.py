"""The Library's indexes: ids, papers, co-author links, organisations and events."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtui.core.loading import load_paths
from cvtui.core.model import Author, Library, normalize_name


@pytest.fixture()
def lab(tmp_path: Path) -> Library:
    (tmp_path / "ana.toml").write_text(
        """
name = "Ana Núñez"
aliases = ["A. Nunez"]
affiliation = "Example University"

[[education]]
institution = "School of Computing, Peking University"
degree = "Ph.D."
start = "2017-09"
end = "2021-07"

[[experience]]
organisation = "AI2"
kind = "internship"
role = "Intern"
start = "2020-06"
end = "2020-09"

[[papers]]
id = "shared"
title = "A Shared Paper"
authors = ["Ana Núñez*", "Bo Li*", "Carl Unknown"]
year = 2021

[[awards]]
title = "Best Paper"
date = "2022"
""",
        encoding="utf-8",
    )
    (tmp_path / "bo.toml").write_text(
        """
name = "Bo Li"
[[papers]]
title = "Bo's Own"
authors = ["Bo Li", "A. Nunez"]
date = "2023-02"

[[service]]
role = "Reviewer"
venues = ["NeurIPS"]
start = "2022"
end = "2024"
""",
        encoding="utf-8",
    )
    return load_paths([tmp_path])


def test_ids_and_lookup(lab: Library) -> None:
    assert [p.id for p in lab.people] == ["ana", "bo"]
    assert lab.person("bo").name == "Bo Li"
    with pytest.raises(KeyError):
        lab.person("nobody")
    assert lab.source_of("ana").endswith("ana.toml")


def test_entries_stay_with_their_profiles_and_works_are_shared(lab: Library) -> None:
    assert [p.title for p in lab.entries] == ["A Shared Paper", "Bo's Own"]
    assert [lab.people[o].id for o in lab.entry_owner] == ["ana", "bo"]
    assert [p.title for p in lab.papers] == ["A Shared Paper", "Bo's Own"]
    assert list(lab.entries_of("bo")) == [1]
    # Each is an author of both: Bo is on Ana's paper, Ana (by an alias) on Bo's.
    assert lab.papers_of("bo") == [1, 0]
    assert lab.papers_of("ana") == [0, 1]
    assert lab.holders(1) == [1] and not lab.holds(0, 1)
    assert lab.paper_uid(0) == "ana/shared"
    assert lab.paper_by_uid("bo/bo-s-own") == 1
    assert lab.paper_by_uid(lab.work_key(1)) == 1


def test_authors_parse_equal_contribution_marks() -> None:
    assert Author.parse("Jiaming Ji*") == Author("Jiaming Ji", True, False)
    assert Author.parse("Ada †") == Author("Ada", False, True)
    assert Author.parse("Plain") == Author("Plain", False, False)


def test_authors_link_to_profiles_accents_and_aliases_ignored(lab: Library) -> None:
    assert [p.id for p in lab.coauthors_with_profiles(0)] == ["ana", "bo"]
    assert [p.id for p in lab.coauthors_with_profiles(0, but="ana")] == ["bo"]
    # Bo's paper lists Ana by an alias, without accents.
    assert [p.id for p in lab.coauthors_with_profiles(1)] == ["bo", "ana"]
    assert lab.person_for_author("ana nunez*").id == "ana"  # type: ignore[union-attr]
    assert lab.person_for_author("Carl Unknown") is None
    assert lab.author_links(0) == [0, 1, None]
    assert lab.is_author_of("ana", 1) and lab.is_author_of("bo", 0)


def test_author_index_finds_papers_across_profiles(lab: Library) -> None:
    assert lab.papers_by_author("bo li") == [0, 1]
    assert lab.papers_by_author("Ana Nunez") == [0]
    assert normalize_name("  Ana  Núñez* ") == "ana nunez"


def test_people_at_an_organisation(lab: Library) -> None:
    assert [p.id for p in lab.people_at("Peking University")] == ["ana"]
    assert [p.id for p in lab.people_at("ai2")] == ["ana"]
    assert lab.people_at("Peking") == [lab.person("ana")]
    assert lab.people_at("Kingdom") == []


def test_one_event_per_dated_fact(lab: Library) -> None:
    events = lab.events_of("ana")
    assert [(e.kind, str(e.start)) for e in events] == [
        ("education", "2017-09"),
        ("experience", "2020-06"),
        ("paper", "2021"),
        ("award", "2022"),
        ("paper", "2023-02"),  # Bo's paper, with Ana as co-author
    ]
    assert events[0].organisation == "School of Computing, Peking University"
    assert events[1].subkind == "internship"
    assert events[0].dates_text() == "2017-09 – 2021-07"
    assert [e.ref for e in events if e.kind == "paper"] == [0, 1]  # work numbers
    all_events = lab.events
    assert len(all_events) == 5 + 3
    assert all_events == sorted(all_events, key=lambda e: e.start.key())


def test_library_is_read_only(lab: Library) -> None:
    with pytest.raises(AttributeError):
        lab.people[0].name = "changed"  # type: ignore[misc]
    assert isinstance(lab.people, tuple) and isinstance(lab.papers, tuple)


def test_to_builtins_writes_dates_as_partial_iso(lab: Library) -> None:
    data = lab.to_builtins()
    ana = data["people"][0]  # type: ignore[index]
    assert ana["education"][0]["start"] == "2017-09"
    assert list(ana["papers"][0]["authors"]) == ["Ana Núñez*", "Bo Li*", "Carl Unknown"]
