"""``all_matches``: the ranked hits plus ``rest`` are exactly the items that match.

Checked against two references on a generated generated_library of 400 papers: a brute-force scan of
every field's text (for exact substrings and year filters), and the engine itself over slices
of fewer items than it scores, where it ranks every candidate and checks each one.
"""

from __future__ import annotations

from typing import Any

import pytest

from cvtui.core.model import Library
from cvtui.core.search import SCORE_POOL, SearchIndex, normalize, plan_checks

PAPER_FIELDS = ("title", "authors", "venue", "year", "categories", "orgs", "summary", "highlights")


@pytest.fixture(scope="module")
def index(generated_library: Library) -> SearchIndex:
    index = SearchIndex(generated_library)
    index.warm(wait=True)
    return index


def every_match(index: SearchIndex, query: str, kind: str) -> list[int]:
    result = index.search_with_info(query, kind, limit=20, all_matches=True)
    items = [hit.index for hit in result.hits] + list(result.rest)
    assert len(items) == len(set(items)) == result.total
    return items


def sliced_reference(index: SearchIndex, query: str, kind: str, size: int) -> set[int]:
    """Every match, asking the engine about slices small enough that it scores them all."""
    step = SCORE_POOL - 50
    found: set[int] = set()
    for start in range(0, size, step):
        within = list(range(start, min(size, start + step)))
        result = index.search_with_info(query, kind, limit=len(within), within=within)
        assert result.total == len(result.hits) <= len(within)
        found.update(hit.index for hit in result.hits)
    return found


def paper_texts(index: SearchIndex, item: int) -> list[str]:
    return [
        " ".join(normalize(index.field_text("papers", item, name)).split()) for name in PAPER_FIELDS
    ]


def test_exact_substring_matches_every_paper_holding_it(index: SearchIndex) -> None:
    papers = range(len(index.library.papers))
    expected = {p for p in papers if any("ing" in text for text in paper_texts(index, p))}
    assert len(expected) > SCORE_POOL
    assert set(every_match(index, "'ing", "papers")) == expected


def test_year_filter_matches_every_paper_of_those_years(index: SearchIndex) -> None:
    generated_library = index.library
    expected = {
        p for p, paper in enumerate(generated_library.papers) if 2005 <= (paper.year or 0) <= 2022
    }
    assert len(expected) > SCORE_POOL
    found = every_match(index, "year:2005..2022", "papers")
    assert set(found) == expected
    # Filters alone rank nothing: newest first.
    years = [generated_library.papers[p].year or 0 for p in found]
    assert years == sorted(years, reverse=True)


def test_exact_term_with_year_and_exclusion_matches_brute_force(index: SearchIndex) -> None:
    generated_library = index.library
    expected = {
        p
        for p, paper in enumerate(generated_library.papers)
        if 2005 <= (paper.year or 0) <= 2020
        and any("ing" in text for text in paper_texts(index, p))
        and not any("graph" in text for text in paper_texts(index, p))
    }
    assert expected
    assert set(every_match(index, "'ing year:2005..2020 !'graph", "papers")) == expected


@pytest.mark.parametrize(
    "query",
    ["the", "learning", "Learning", "model", "learning !graph", "scaling | benchmark", "^rethink"],
)
def test_fuzzy_and_operator_queries_match_the_sliced_reference(
    index: SearchIndex, query: str
) -> None:
    size = len(index.library.papers)
    assert set(every_match(index, query, "papers")) == sliced_reference(
        index, query, "papers", size
    )


def test_people_rest_matches_the_sliced_reference(index: SearchIndex) -> None:
    size = len(index.library.people)
    for query in ("a", "university", "!zzz"):
        assert set(every_match(index, query, "people")) == sliced_reference(
            index, query, "people", size
        )


def test_rest_items_get_spans_inside_their_field_text(index: SearchIndex) -> None:
    result = index.search_with_info("learning", "papers", limit=5, all_matches=True)
    assert result.spans_for is not None and len(result.rest) > 100
    highlighted = 0
    for item in result.rest:
        spans = result.spans_for(item)
        highlighted += bool(spans)
        for name, ranges in spans.items():
            text = index.field_text("papers", item, name)
            assert all(0 <= s < e <= len(text) for s, e in ranges), (item, name)
    assert highlighted == len(result.rest)


def test_all_matches_needs_one_kind(index: SearchIndex) -> None:
    with pytest.raises(ValueError):
        index.search_with_info("learning", None, all_matches=True)


def test_paper_event_spans_name_the_events_own_fields(index: SearchIndex) -> None:
    result = index.search_with_info("learning", "events", limit=50)
    paper_events = [h for h in result.hits if index.library.events[h.index].kind == "paper"]
    assert paper_events
    for hit in paper_events:
        assert set(hit.spans) <= {"title", "organisation"}
        assert "title" in hit.spans or "organisation" in hit.spans or not hit.spans
        for name, ranges in hit.spans.items():
            text = index.field_text("events", hit.index, name)
            assert all(0 <= s < e <= len(text) for s, e in ranges)


def test_checks_out_of_time_leave_unchecked_candidates_last(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A scoped term with upper case is checked against each candidate's text.
    exact = index.search_with_info("topic:Learning", "papers", limit=5, all_matches=True)
    assert exact.exact
    checked = [hit.index for hit in exact.hits] + list(exact.rest)
    monkeypatch.setattr(plan_checks, "CHECK_BUDGET", 0.0)
    rushed = index.search_with_info("topic:Learning", "papers", limit=5, all_matches=True)
    assert not rushed.exact
    items = [hit.index for hit in rushed.hits] + list(rushed.rest)
    assert len(items) == len(set(items)) == rushed.total
    # The unchecked candidates follow the checked ones: matches of the folded word.
    assert set(checked) < set(items) <= set(every_match(index, "topic:learning", "papers"))


def test_smart_case_is_answered_by_the_index(index: SearchIndex) -> None:
    """An unscoped word with upper case matches words written that way, without checking
    candidates one by one: the count is exact however many match."""
    library = index.library
    result = index.search_with_info("Learning", "papers", limit=5, all_matches=True)
    items = {hit.index for hit in result.hits} | set(result.rest)
    expected = {
        p
        for p, paper in enumerate(library.papers)
        if any(
            word.startswith("Learning")
            for text in (paper.title, paper.summary, *paper.highlights, *paper.categories)
            for word in text.replace("-", " ").split()
        )
    }
    assert result.exact and expected and items == expected


@pytest.mark.parametrize("query", ["'ing", "year:2005..2022", "learning", "topic:Learning"])
def test_a_cut_rest_is_the_start_of_the_whole_one(index: SearchIndex, query: str) -> None:
    whole = index.search_with_info(query, "papers", limit=5, all_matches=True)
    first = index.search_with_info(query, "papers", limit=5, all_matches=True, rest_limit=7)
    assert not whole.cut and first.cut
    assert [h.index for h in first.hits] == [h.index for h in whole.hits]
    assert list(first.rest) == list(whole.rest)[: len(first.rest)]
    assert len(first.rest) < len(whole.rest)
    assert whole.total == len(whole.hits) + len(whole.rest)
    if query == "topic:Learning":  # checked on the text: the count is the index's, at most
        assert first.total >= whole.total and not first.exact
    else:
        assert first.total == whole.total


@pytest.mark.parametrize("query", ["'ing-s", "'tion-of", "'al-n", "'e-a", "'of-the"])
def test_quoted_phrases_match_as_the_text_reads(index: SearchIndex, query: str) -> None:
    """Answered by the index as a phrase (or word by word when its parts stand for too many
    words to follow), a quoted phrase finds exactly the papers with a value holding it (the
    value: a title, one author, one category...)."""
    part = " ".join(normalize(query[1:]).split())
    library = index.library

    def values(paper: Any) -> list[str]:
        out = [paper.title, paper.venue, str(paper.year or ""), paper.summary]
        out += [*paper.authors, *paper.categories, *paper.orgs, *paper.highlights]
        return [" ".join(normalize(v).split()) for v in out]

    expected = {
        p for p, paper in enumerate(library.papers) if any(part in v for v in values(paper))
    }
    assert expected
    assert set(every_match(index, query, "papers")) == expected


def test_a_phrase_too_broad_for_the_index_is_checked_word_by_word(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cvtui.core.search import engine

    expected = set(every_match(index, "'tion-of", "papers"))
    top = engine.Snapshot.top
    raised: list[bool] = []

    def refusing(self: engine.Snapshot, query: object, limit: int) -> object:
        if not raised:  # what tantivy says of a phrase whose parts stand for too many words
            raised.append(True)
            raise ValueError(
                "An invalid argument was passed: 'Phrase query exceeded max expansions 16384'"
            )
        return top(self, query, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.Snapshot, "top", refusing)
    assert set(every_match(index, "'tion-of", "papers")) == expected
    assert raised == [True]
