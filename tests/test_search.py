"""The search engine: what it matches, operators, spans, filters, cancellation, robustness."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvtui.core.loading import load_paths
from cvtui.core.model import Library
from cvtui.core.search import FIELD_JOIN, Hit, SearchIndex, SearchResult, normalize

ROOT = Path(__file__).resolve().parents[1]

ANA = """
name = "Ana Núñez"
aliases = ["A. Nunez"]
affiliation = "Example University"
interests = ["Safe reinforcement learning"]
summary = "Studies reward models and preference data."

[[education]]
institution = "Peking University"
degree = "Ph.D."
field = "Computer Science"
start = "2017-09"
end = "2021-07"

[[experience]]
organisation = "Allen Institute for AI (AI2)"
kind = "internship"
role = "Research Intern"
location = "Seattle, WA"
start = "2020-06"
end = "2020-09"

[[papers]]
id = "spiral"
title = "SPIRAL: Self-Play on Zero-Sum Games"
authors = ["Jürgen Schmidt*", "Ana Núñez*", "Bo Li"]
venue = "ICLR"
year = 2025
categories = ["AI"]
orgs = ["pku"]
summary = "Kuhn Poker teaches language models to reason."

[[papers]]
id = "old-play"
title = "Self-Play in Board Games"
authors = ["Ana Núñez"]
venue = "NeurIPS"
year = 2019
summary = "A classic study of [Re] regex (a+)+ $ ^ | ! chars."

[[papers]]
id = "fire"
title = "Fire Safety for Robots"
authors = ["Carl Unknown"]
venue = "arXiv"
year = 2021
"""

BO = """
name = "Bo Li"
affiliation = "Tsinghua University"

[[papers]]
id = "spiral-copy"
title = "Zero-Sum Self-Play Revisited"
authors = ["Bo Li"]
venue = "ICML"
year = 2023
summary = "Revisits self-play."
"""


@pytest.fixture()
def library(tmp_path: Path) -> Library:
    (tmp_path / "ana.toml").write_text(ANA, encoding="utf-8")
    (tmp_path / "bo.toml").write_text(BO, encoding="utf-8")
    lib = load_paths([tmp_path])
    assert not [p for p in lib.problems if p.severity == "error"], lib.problems
    return lib


@pytest.fixture()
def index(library: Library) -> SearchIndex:
    return SearchIndex(library)


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def test_normalize_keeps_length_and_folds() -> None:
    text = "Jürgen Schmidt, SELF-Play [Re] İstanbul"
    folded = normalize(text)
    assert len(folded) == len(text)
    assert folded.split() == ["jurgen", "schmidt", "self", "play", "re", "istanbul"]


def test_ascii_text_folds_as_any_text_does() -> None:
    # ASCII text takes a quicker path (a byte table): the same folding, case kept or not.
    from cvtui.core.search import folding

    every = "".join(map(chr, range(128)))
    assert normalize(every) == every.translate(folding._NORM)
    assert folding.cased(every) == every.translate(folding._CASED)
    mixed = "Self-Play, Jürgen (NeurIPS'24)"
    assert normalize(mixed) == normalize(mixed + "é")[:-1] == "self play  jurgen  neurips 24 "
    assert folding.cased("Self-Play, Ana") == "Self Play  Ana"


def test_hit_fields_and_ids(index: SearchIndex, library: Library) -> None:
    hit = index.search("spiral", kind="papers")[0]
    assert (hit.kind, hit.id, hit.title) == (
        "paper",
        "ana/spiral",
        "SPIRAL: Self-Play on Zero-Sum Games",
    )
    assert library.paper_uid(hit.index) == hit.id
    person = index.search("nunez", kind="people")[0]
    assert (person.kind, person.id, person.title) == ("person", "ana", "Ana Núñez")
    event = index.search("research intern", kind="events")[0]
    assert event.kind == "event"
    assert event.id == "ana/experience/0"
    assert library.events[event.index].organisation == "Allen Institute for AI (AI2)"


def test_accents_ignored_and_spans_in_original_text(index: SearchIndex) -> None:
    hit = index.search("jurgen", kind="papers")[0]
    authors = index.field_text("paper", hit.index, "authors")
    assert authors == FIELD_JOIN.join(["Jürgen Schmidt*", "Ana Núñez*", "Bo Li"])
    ((start, end),) = hit.spans["authors"]
    assert authors[start:end] == "Jürgen"
    hit = index.search("Jürgen", kind="papers")[0]
    assert "authors" in hit.spans
    person = index.search("ana nunez", kind="people")[0]
    name = index.field_text("person", person.index, "name")
    assert [name[s:e] for s, e in person.spans["name"]] == ["Ana", "Núñez"]


def test_prefix_spans_cover_the_typed_part(index: SearchIndex) -> None:
    hit = index.search("spir", kind="papers")[0]
    title = index.field_text("paper", hit.index, "title")
    assert [title[s:e] for s, e in hit.spans["title"]] == ["SPIR"]


def test_people_papers_and_events_are_matched(index: SearchIndex) -> None:
    assert "ana" in ids(index.search("example university", kind="people"))
    assert "ana" in ids(index.search("peking", kind="people"))
    assert "ana" in ids(index.search("safe reinforcement", kind="people"))
    assert ids(index.search("kuhn poker", kind="papers"))[0].endswith("/spiral")
    assert ids(index.search("peking", kind="events"))[0] == "ana/education/0"
    assert "ana/experience/0" in ids(index.search("seattle 2020", kind="events"))
    # paper events are found through their papers
    paper_events = index.search("board games", kind="events")
    assert paper_events and paper_events[0].id.startswith("ana/paper/")


def test_typos(index: SearchIndex) -> None:
    assert ids(index.search("spirla", kind="papers"))[0].endswith("/spiral")
    assert ids(index.search("tsinghau", kind="people")) == ["bo"]


def test_exact_prefix_suffix_negation_or(index: SearchIndex, library: Library) -> None:
    def titles(query: str) -> set[str]:
        return {h.title for h in index.search(query, kind="papers")}

    assert titles("'self-play") == {
        "SPIRAL: Self-Play on Zero-Sum Games",
        "Self-Play in Board Games",
        "Zero-Sum Self-Play Revisited",
    }
    assert titles("title:^self-play") == {"Self-Play in Board Games"}
    assert titles("title:revisited$") == {"Zero-Sum Self-Play Revisited"}
    assert titles("title:^fire safety for robots$") == {"Fire Safety for Robots"}
    assert titles("self-play !zero") == {"Self-Play in Board Games"}
    assert titles("self-play !title:board") == {
        "SPIRAL: Self-Play on Zero-Sum Games",
        "Zero-Sum Self-Play Revisited",
    }
    assert titles("poker | robots") == {
        "SPIRAL: Self-Play on Zero-Sum Games",
        "Fire Safety for Robots",
    }
    assert titles("'elf-pla") == titles("'self-play")


def test_scopes_years_and_kinds(index: SearchIndex) -> None:
    assert {h.title for h in index.search("author:li", kind="papers")} == {
        "SPIRAL: Self-Play on Zero-Sum Games",
        "Zero-Sum Self-Play Revisited",
    }
    assert ids(index.search("venue:iclr"))[0].endswith("/spiral")
    assert ids(index.search("org:pku", kind="papers")) == [
        ids(index.search("spiral", kind="papers"))[0]
    ]
    assert {h.title for h in index.search("self-play year:2019..2023", kind="papers")} == {
        "Self-Play in Board Games",
        "Zero-Sum Self-Play Revisited",
    }
    assert {h.title for h in index.search("self-play year:>=2024", kind="papers")} == {
        "SPIRAL: Self-Play on Zero-Sum Games"
    }
    assert {h.kind for h in index.search("ana kind:people")} == {"person"}
    assert {h.kind for h in index.search("peking kind:events")} == {"event"}
    assert index.search("ana kind:people", kind="papers") == []


def test_smart_case(index: SearchIndex) -> None:
    assert (
        ids(index.search("SPIRAL", kind="papers")) == ids(index.search("spiral", kind="papers"))[:1]
    )
    assert index.search("Spiral", kind="papers") == []


def test_ranking(index: SearchIndex) -> None:
    # title match beats a summary match; ties go to the newer paper
    hits = index.search("self-play", kind="papers")
    scores = {h.title: h.score for h in hits}
    summary_only = index.search("poker", kind="papers")[0]
    assert set(summary_only.spans) == {"summary"}
    in_title = index.search("robots", kind="papers")[0]
    assert set(in_title.spans) == {"title"}
    assert in_title.score > summary_only.score
    assert scores["Zero-Sum Self-Play Revisited"] > summary_only.score
    for a, b in itertools.pairwise(hits):
        if a.score == b.score:
            assert index.library.papers[a.index].year >= index.library.papers[b.index].year
    # exact word beats a typo match
    assert index.search("games", kind="papers")[0].title.endswith("Games")


def test_within_restricts_items(index: SearchIndex, library: Library) -> None:
    ana_papers = list(library.papers_of("ana"))
    hits = index.search("self-play", kind="papers", within=ana_papers)
    assert hits and all(h.index in ana_papers for h in hits)
    assert index.search("revisited", kind="papers", within=ana_papers) == []
    # A different list of the same length is not mistaken for the previous one.
    bo_and_one = [library.paper_index("bo", "spiral-copy"), ana_papers[0]]
    found = {h.id for h in index.search("zero sum", kind="papers", within=bo_and_one)}
    assert found == {"bo/spiral-copy", "ana/spiral"}
    found = {h.id for h in index.search("zero sum", kind="papers", within=ana_papers[:2])}
    assert found == {"ana/spiral"}


def test_anchored_terms_hold_per_value(index: SearchIndex) -> None:
    def titles(query: str) -> set[str]:
        return {h.title for h in index.search(query, kind="papers")}

    both = {"SPIRAL: Self-Play on Zero-Sum Games", "Zero-Sum Self-Play Revisited"}
    assert titles("author:^bo") == both  # "Bo Li" starts with bo
    assert titles("author:li$") == both  # ... and ends with li
    assert titles("author:^li") == set()  # no author's name starts with li
    assert titles("title:^self") == {"Self-Play in Board Games"}
    assert titles("title:games$") == {
        "SPIRAL: Self-Play on Zero-Sum Games",
        "Self-Play in Board Games",
    }
    assert titles("!^self title:games") == {"SPIRAL: Self-Play on Zero-Sum Games"}
    result = index.search_with_info("title:^zero", kind="papers")
    assert result.total == 1 and result.hits[0].title == "Zero-Sum Self-Play Revisited"


def test_warm_builds_everything_and_changes_no_result(library: Library) -> None:
    cold = SearchIndex(library)
    warm = SearchIndex(library)
    assert warm.warm(wait=True) is True
    assert warm.ready and not cold.ready
    for query in ("self-play", "kuhn", "peking", "author:li", "'elf-pla", "year:2019..2023"):
        for kind in (None, "papers", "events"):
            assert ids(warm.search(query, kind=kind)) == ids(cold.search(query, kind=kind))
    unbuilt = SearchIndex(library)
    assert unbuilt.warm(should_stop=lambda: True) is False
    assert not unbuilt.ready


WORDS = st.text(alphabet="abcdeé", min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40, unique=True), WORDS)
def test_what_a_word_matches_in_the_index_is_what_scoring_and_highlights_see(
    tokens: list[str], word: str
) -> None:
    """The index decides which items match a query word; scoring and spans decide how well
    and where. They must agree word for word: every word the index matched gets a quality
    (and so a span), and no other word does. One item per word, in one field."""
    from cvtui.core.search import engine, queries, ranking
    from cvtui.core.search import writer as engine_writer
    from cvtui.core.search.documents import PAPERS, Document

    tokens = list(dict.fromkeys(normalize(t) for t in tokens))  # as the index folds them
    index = engine.create_index(None)
    writer = engine_writer.Writer(index)
    empty = ("", (), "", "", (), (), "", "", ())
    for n, token in enumerate(tokens):
        values = (token, *empty[1:])
        writer.add(n, [Document(PAPERS, 0, values, None, 0, ())])
    writer.commit()
    writer.close()
    snapshot = engine.Snapshot(index)
    word = normalize(word).strip()
    field = engine.agg(PAPERS, "short")
    for role in ("f", "p", "x", "s", "e"):
        query = queries._word_query(field, word, role, block=True)
        found = {r.values[0] for r in snapshot.records_of(query)}
        match = ranking.WordMatch(word, role, (0,))
        match.learn(tokens)
        assert found == {t for t in tokens if match.quality(t) > 0}, role
        assert all(match.memo[t] == match._quality(t) for t in tokens), role


def test_an_index_updated_file_by_file_answers_as_one_built_at_once(
    generated_library: Library, tmp_path: Path
) -> None:
    """The documents of changed files replaced in place, or everything written afresh: the
    same hits, spans and totals."""
    from cvtui.core.provenance import Origin
    from cvtui.core.search.store import Store

    queries = ("learning", "neural net", "^a", "'tion", "kind:events 2020", "author:a !model")

    def results(index: SearchIndex) -> list[object]:
        """Per query: every match with its spans (the items' numbers are the library's), the
        total, and the hits of queries whose candidates all get scored (among more, which
        of a tie the pool takes depends on how the index's segments fell)."""
        out: list[object] = []
        for q in queries:
            for k in ("people", "papers", "events"):
                found = index.search_with_info(q, kind=k, limit=10, all_matches=True)
                items = [h.index for h in found.hits] + list(found.rest)
                spans = {}
                if found.spans_for is not None:  # people and papers: every match's spans
                    spans = {h.index: dict(h.spans) for h in found.hits}
                    spans.update((i, dict(found.spans_for(i))) for i in found.rest)
                out.append((sorted(items), found.total, sorted(spans.items())))
                if found.total <= 100:
                    out.append([(h.id, h.score, dict(h.spans)) for h in found.hits])
        return out

    def with_files(people: slice, edited: int | None = None) -> Library:
        """The generated library (some of its people), as if loaded from files, one of
        them (``edited``) changed since."""
        lib = Library(generated_library.people[people], (), generated_library.sources[people])
        lib.origin = Origin(
            ("generated",),
            {s: (1, 2 if n != edited else 3) for n, s in enumerate(generated_library.sources)
             if s in lib.sources},
            {s: s for s in lib.sources},
        )  # fmt: skip
        return lib

    store = Store(None, ())
    first = SearchIndex(with_files(slice(None)), store)
    expected = results(first)
    size = store._view.snapshot.size if store._view is not None else 0
    assert SearchIndex(with_files(slice(None, None, 2)), store).search("learning")
    assert store._view is not None and len(store._view.manifest.files) == 3
    assert store._view.snapshot.size < size  # the two files' documents are gone
    again = SearchIndex(with_files(slice(None)), store)  # back: two files added
    assert results(again) == expected
    edited = SearchIndex(with_files(slice(None), edited=0), store)  # one file changed
    assert results(edited) == expected
    assert store._view.snapshot.size == size  # nothing left over, nothing twice
    assert store._view.manifest.next_src == 7  # updated in place: files re-added numbered anew


def test_timeline_search_within_some_events_maps_papers_to_their_events(
    index: SearchIndex, library: Library
) -> None:
    ana = next(i for i, p in enumerate(library.people) if p.id == "ana")
    ana_events = [i for i, e in enumerate(library.events) if e.person == ana]
    found = index.search("self-play", kind="events", within=ana_events)
    assert ids(found) and {h.index for h in found} <= set(ana_events)
    assert {library.events[h.index].kind for h in found} == {"paper"}
    everyone = {h.id for h in index.search("self-play", kind="events")}
    assert {h.id for h in found} < everyone  # Bo's paper is left out


def test_best_candidates_are_scored_when_there_are_many(tmp_path: Path) -> None:
    """More candidates than are scored: those with more query words in the title go first."""
    papers = [
        f"""
[[papers]]
id = "p{n}"
title = "Alpha study number {n}"
authors = ["Beta Writer"]
venue = "Gamma"
year = 2024
"""
        for n in range(300)
    ]
    papers.append(
        """
[[papers]]
id = "old"
title = "Alpha Beta methods"
authors = ["Someone Else"]
venue = "Gamma"
year = 2001
"""
    )
    (tmp_path / "many.toml").write_text('name = "Many Papers"\n' + "".join(papers), "utf-8")
    lib = load_paths([tmp_path])
    result = SearchIndex(lib).search_with_info("alpha beta gamma", kind="papers", limit=5)
    assert result.total == 301
    assert result.hits[0].id == "many/old"


def test_the_title_the_scorer_prefers_is_scored_among_many_newer(tmp_path: Path) -> None:
    """Among hundreds of newer papers with the word in a long title, the old paper titled
    just that word (what the scorer ranks first: the title is all the query) is scored."""
    papers = [
        f"""
[[papers]]
id = "p{n}"
title = "Delta networks for many long words in study number {n}"
year = 2024
"""
        for n in range(300)
    ]
    papers.append('\n[[papers]]\nid = "old"\ntitle = "Delta"\nyear = 1999\n')
    (tmp_path / "many.toml").write_text('name = "Many Papers"\n' + "".join(papers), "utf-8")
    lib = load_paths([tmp_path])
    result = SearchIndex(lib).search_with_info("delta", kind="papers", limit=5)
    assert result.total == 301
    assert result.hits[0].id == "many/old"


def test_search_with_info_reports_problems_and_total(index: SearchIndex) -> None:
    result = index.search_with_info("self-play year:20x1", kind="papers")
    assert isinstance(result, SearchResult)
    assert result.problems == ["year:20x1 is not a year; searched as text"]
    result = index.search_with_info("self-play", kind="papers", limit=1)
    assert len(result.hits) == 1 and result.total == 3
    assert index.parse("kind:nope").problems


def test_should_stop_cancels(index: SearchIndex) -> None:
    result = index.search_with_info("self-play", should_stop=lambda: True)
    assert result.cancelled and result.hits == []


def test_concurrent_searches_agree(index: SearchIndex) -> None:
    queries = ["self-play", "spiral", "jurgen", "peking", "zero sum", "ana", "kuhn"] * 5
    expected = {q: ids(index.search(q)) for q in set(queries)}
    errors: list[str] = []

    def run(chunk: list[str]) -> None:
        for q in chunk:
            if ids(index.search(q)) != expected[q]:
                errors.append(q)

    threads = [threading.Thread(target=run, args=(queries[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_kinds_searched_side_by_side_answer_as_one_after_another(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future

    from cvtui.core.search import index as index_module

    queries = ["self-play", "spiral", "ana", "peking", "zero sum", "learning", "2020", "li"]
    beside = {q: index.search_with_info(q, limit=3) for q in queries}

    class InOrder:  # the other kinds run in this thread, one after another
        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            done: Future[object] = Future()
            done.set_result(fn(*args))
            return done

    monkeypatch.setattr(index_module, "_BESIDE", InOrder())
    for q in queries:
        one_by_one = index.search_with_info(q, limit=3)
        assert [(h.kind, h.index, h.score) for h in one_by_one.hits] == [
            (h.kind, h.index, h.score) for h in beside[q].hits
        ], q
        assert one_by_one.total == beside[q].total, q


def test_a_total_counted_beside_the_ranking_counts_every_match(index: SearchIndex) -> None:
    # One hit asked for: the titles fill the page, and the total (counted in another
    # thread, through the summaries too) is that of a search that lists them all.
    few = index.search_with_info("self-play", kind="papers", limit=1)
    every = index.search_with_info("self-play", kind="papers", limit=50)
    assert len(few.hits) == 1 and few.total == every.total == len(every.hits) >= 3


def test_every_kind_lists_its_long_fields_last() -> None:
    # Spans are worked out short fields first, then prose: in the fields' order only so.
    from cvtui.core.search.documents import KINDS

    for spec in KINDS:
        longs = [f.long for f in spec.fields]
        assert longs == sorted(longs), spec.name


def test_a_list_row_gets_the_spans_it_shows(index: SearchIndex, library: Library) -> None:
    # "self-play" is in the titles of both papers and in the summary of one: a row shows
    # the title's; prose is looked through only for a row that matched nowhere else.
    def revisits() -> Hit:
        found = index.search_with_info("self-play", kind="papers", limit=50)
        return next(h for h in found.hits if h.title.startswith("Zero-Sum"))

    assert set(revisits().spans.listed()) == {"title"}  # type: ignore[attr-defined]
    assert set(revisits().spans) == {"title", "summary"}
    kuhn = index.search_with_info("kuhn", kind="papers", limit=50).hits[0]
    assert set(kuhn.spans.listed()) == {"summary"}  # type: ignore[attr-defined]
    every = index.search_with_info("self-play", kind="papers", limit=1, all_matches=True)
    assert every.spans_for is not None and every.rest
    item = every.rest[0]
    listed = every.spans_for(item, prose=False)
    assert "title" in listed and not {"summary", "abstract"} & set(listed)
    assert set(listed) <= set(every.spans_for(item))


def test_a_papers_rows_spans_leave_the_timeline_alone(index: SearchIndex, library: Library) -> None:
    # The timeline's events of a whole library take a quarter of a second at 100,000
    # papers; a papers filter's rows (after an edit: a new library) must not wait for them.
    every = index.search_with_info("self-play", kind="papers", limit=1, all_matches=True)
    assert every.spans_for is not None and every.rest
    assert "title" in every.spans_for(every.rest[0], prose=False)
    assert "title" in set(every.hits[0].spans)
    assert library._events is None
    assert library.events  # and they are there when the timeline asks
    assert library._events is not None


def test_library_search_delegates(library: Library) -> None:
    assert ids(library.search("kuhn", kind="papers"))[0].endswith("/spiral")


def test_hit_to_json_and_describe(index: SearchIndex, library: Library) -> None:
    hit = index.search("kuhn", kind="papers")[0]
    data = hit.to_json(library)
    json.dumps(data)
    assert data["kind"] == "paper" and data["year"] == 2025 and data["venue"] == "ICLR"
    assert data["person"] == "ana" and "summary" in data["fields"]
    line = hit.describe(library)
    assert "2025" in line and "SPIRAL" in line and "Ana Núñez" in line
    event = index.search("research intern", kind="events")[0]
    assert "Research Intern" in event.describe(library)
    assert (
        index.search("nunez", kind="people")[0].to_json(library)["affiliation"]
        == "Example University"
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=1000))
def test_any_query_returns_without_raising(index: SearchIndex, query: str) -> None:
    for kind in (None, "papers"):
        result = index.search_with_info(query, kind=kind, limit=5)
        for hit in result.hits:
            hit.to_json(index.library)
            dict(hit.spans)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "'",
                "^",
                "$",
                "!",
                "|",
                " ",
                "author:",
                "title:",
                "year:",
                "kind:",
                "(a+)+",
                "[Re]",
                "\\",
                '"',
                "..",
                ">=",
                "2021",
                "self",
                "play",
                "\x1b[31m",
                "\x00",
                "\u202e",
                "é",
                "ß",
            ]
        ),
        max_size=40,
    )
)
def test_operator_soup_returns_without_raising(index: SearchIndex, parts: list[str]) -> None:
    index.search("".join(parts), limit=5)


def test_cli_search(tmp_path: Path) -> None:
    def cli(query: str, *options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cvtui", "search", query, str(ROOT / "profiles"), *options],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )

    found = cli("beavertials", "--json")
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert data[0]["id"] == "mickel-liu/beavertails"
    listed = cli("author:liu year:>=2025", "--kind", "papers")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines and all(line.startswith("paper") and "2025" in line for line in lines)


def test_a_search_that_does_not_wait_for_the_index_says_it_is_incomplete(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first build of a large set takes seconds; here it waits until released.
    from cvtui.core.search.store import Store

    release = threading.Event()
    view_for = Store.view_for

    def slow(self: Store, *args: object, **kwargs: object) -> object:
        release.wait(10)
        return view_for(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "view_for", slow)
    index = SearchIndex(library)
    early = index.search_with_info("poker", "papers", all_matches=True, wait_for_prose=False)
    assert early.complete is False
    assert early.hits == [] and list(early.rest) == []
    release.set()
    assert index.wait_for_prose("papers", lambda: False)
    later = index.search_with_info("poker", "papers", all_matches=True, wait_for_prose=False)
    assert later.complete is True
    assert [library.papers[hit.index].id for hit in later.hits] == ["spiral"]


def test_a_search_waits_for_the_index_by_default(library: Library) -> None:
    index = SearchIndex(library)
    result = index.search_with_info("poker", "papers", all_matches=True)
    assert result.complete is True
    assert [library.papers[hit.index].id for hit in result.hits] == ["spiral"]


def test_a_build_waits_while_keys_come_unless_a_search_needs_it(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cvtui.core.search import store

    monkeypatch.setattr(store, "_PAUSE_EVERY", 1)  # a pause after every file
    index = SearchIndex(library)
    held = threading.Event()
    held.set()
    index.hold = held.is_set
    builder = threading.Thread(target=index.warm)
    builder.start()
    try:
        time.sleep(0.3)
        assert not index.ready  # held: the build waits while keys come
        result = index.search_with_info("poker", "papers")  # a search waiting overrides it
        assert [library.papers[hit.index].id for hit in result.hits] == ["spiral"]
        assert index.ready
    finally:
        held.clear()
        builder.join()


def test_an_index_lives_as_long_as_its_library_and_no_longer(tmp_path: Path) -> None:
    """The app swaps in a new library on every reload: the old one, with its index, must go."""
    import gc
    import weakref

    from cvtui.core.search import index_for

    (tmp_path / "ana.toml").write_text(ANA, encoding="utf-8")
    library = load_paths([tmp_path])
    index = index_for(library)
    assert index_for(library) is index and index.search("kuhn", kind="papers")
    gone = weakref.ref(library)
    del library, index
    gc.collect()
    assert gone() is None
