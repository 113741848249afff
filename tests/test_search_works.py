"""The persisted search index and works: one hit per work (with or without the library),
the profiles holding it, and an edit in one profile seen in the other's documents."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cvtui.core.cache import LibraryLoader, load_cached
from cvtui.core.model import Library
from cvtui.core.search import index_for, search_profiles, store

LAB = Path(__file__).resolve().parent / "fixtures" / "works"


@pytest.fixture(autouse=True)
def forget_stores() -> None:
    store._STORES.clear()


def settle(folder: Path) -> None:
    past = time.time() - 60
    for path in folder.glob("*.toml"):
        os.utime(path, (past, past))


@pytest.fixture()
def lab(tmp_path: Path) -> Path:
    folder = tmp_path / "lab"
    shutil.copytree(LAB, folder)
    settle(folder)
    return folder


def never_load() -> Library:
    raise AssertionError("the library was loaded")


def paper_hits(folder: Path, query: str, load: object = None) -> list[dict[str, object]]:
    result = search_profiles([folder], query, "papers", 20, load=load)  # type: ignore[arg-type]
    return [h.to_json() for h in result.hits]


def test_a_paper_two_profiles_list_is_one_hit_with_both_profiles(lab: Path) -> None:
    library = load_cached([lab])
    hits = index_for(library).search_with_info("safe agents", "papers", 20)
    shared = [h for h in hits.hits if "safe agents" in h.title.lower()]
    assert len(shared) == 1
    assert shared[0].to_json(library)["profiles"] == ["ana", "bo"]
    assert library.holders(shared[0].index) == [0, 1]
    # From the index alone, in the next process: the same one hit.
    store._STORES.clear()
    alone = paper_hits(lab, "safe agents", never_load)
    assert [h["title"] for h in alone] == [h.title for h in hits.hits]
    assert alone[0]["profiles"] == ["ana", "bo"]
    assert alone[0]["work"] == library.work_key(shared[0].index)


def test_every_match_of_a_filter_counts_works_not_entries(lab: Path) -> None:
    library = load_cached([lab])
    result = index_for(library).search_with_info("agents", "papers", 1, all_matches=True)
    items = [h.index for h in result.hits] + list(result.rest)
    assert len(items) == len(set(items))  # no work twice
    agents = [w for w in range(len(library.papers)) if "agent" in library.papers[w].title.lower()]
    assert sorted(items) == sorted(agents)
    assert result.total == len(agents)


def test_a_shared_paper_is_an_event_of_each_compared_person(lab: Path) -> None:
    library = load_cached([lab])
    events = [
        i
        for i, e in enumerate(library.events)
        if e.kind == "paper" and "safe agents" in e.title.lower()
    ]
    assert {library.events[i].person for i in events} == {0, 1}
    result = index_for(library).search_with_info(
        "safe agents", "events", 1, within=list(range(len(library.events))), all_matches=True
    )
    found = [h.index for h in result.hits] + list(result.rest)
    assert set(events) <= set(found)
    assert len(found) == len(set(found))


def test_removing_a_shared_paper_from_one_profile_updates_the_others_hit(
    lab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader = LibraryLoader([lab])
    library = loader.load()
    index_for(library).open()
    bo = lab / "bo.toml"
    text = bo.read_text(encoding="utf-8")
    start = text.index("[[papers]]")
    end = text.index("[[papers]]", start + 1)
    bo.write_text(text[:start] + text[end:], encoding="utf-8")  # Bo drops the shared preprint
    past = time.time() - 30
    os.utime(bo, (past, past))  # only bo.toml: a stamp includes the ctime
    store._STORES.clear()
    again = load_cached([lab])
    builds: list[int] = []
    build = store.Store._build

    def counted(self: store.Store, *args: object, **kwargs: object) -> object:
        builds.append(1)
        return build(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.Store, "_build", counted)
    index_for(again).open()  # an update: bo.toml's documents, and ana.toml's for the work
    assert builds == []
    store._STORES.clear()
    alone = paper_hits(lab, "safe agents", never_load)
    shared = [h for h in alone if "safe agents" in str(h["title"]).lower()]
    assert [h["profiles"] for h in shared] == [["ana"]]


def test_an_edit_writes_again_only_the_sharing_files_whose_documents_change(
    lab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ana shares a paper with Bo. Bo adding a paper of his own leaves Ana's documents as
    they are (not written again); Bo dropping the shared one changes her hit of it."""
    from cvtui.core.search import writer
    from cvtui.core.search.documents import PEOPLE

    loader = LibraryLoader([lab])
    library = loader.load()
    index_for(library).open()
    written: list[str] = []
    add = writer.Writer.add

    def noting(self: writer.Writer, src: int, docs: object) -> None:
        docs = list(docs)  # type: ignore[call-overload]
        # The person each document is of (a person's own shows their id first).
        written.extend({d.show[0] if d.kind is PEOPLE else d.show[2] for d in docs})
        add(self, src, docs)

    monkeypatch.setattr(writer.Writer, "add", noting)
    bo = lab / "bo.toml"
    text = bo.read_text(encoding="utf-8")
    bo.write_text(text + '\n[[papers]]\ntitle = "Wombats alone"\nyear = 2024\n', "utf-8")
    library, _ = loader.refresh()
    index_for(library).open()
    assert written == ["bo"]
    assert [h.title for h in index_for(library).search("wombats", kind="papers")] == [
        "Wombats alone"
    ]
    written.clear()
    start = text.index("[[papers]]")
    end = text.index("[[papers]]", start + 1)
    bo.write_text(text[:start] + text[end:], encoding="utf-8")  # Bo drops the shared preprint
    past = time.time() - 30
    os.utime(bo, (past, past))  # settled: the next process may answer from the index alone
    library, _ = loader.refresh()
    index_for(library).open()
    assert sorted(written) == ["ana", "bo"]  # her hit of the work no longer names him
    hits = index_for(library).search_with_info("safe agents", "papers", 20).hits
    assert [h.to_json(library)["profiles"] for h in hits if "Safe" in h.title] == [["ana"]]
    store._STORES.clear()  # as the next process: from the index alone, the same
    alone = paper_hits(lab, "safe agents", never_load)
    assert [h["profiles"] for h in alone if "Safe" in str(h["title"])] == [["ana"]]


def test_the_total_counts_matches_in_prose_when_titles_fill_the_page(
    bundled_library: Library,
) -> None:
    index = index_for(bundled_library)
    every = index.search_with_info("learning", "papers", 1000)
    page = index.search_with_info("learning", "papers", 3)
    assert len(page.hits) == 3
    assert page.total == every.total == len(every.hits)
