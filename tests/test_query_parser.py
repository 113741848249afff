"""The query language: operators, scopes, kinds, years, and problems instead of errors."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cvtui.core.query import Term, YearRange, parse_query


def only_term(query: str) -> Term:
    parsed = parse_query(query)
    assert len(parsed.groups) == 1 and len(parsed.groups[0]) == 1, parsed.groups
    return parsed.groups[0][0]


def test_plain_words_are_fuzzy_and_joined_with_and() -> None:
    parsed = parse_query("reinforcment  lerning")
    assert [[t.text for t in g] for g in parsed.groups] == [["reinforcment"], ["lerning"]]
    assert all(g[0].mode == "fuzzy" for g in parsed.groups)
    assert parsed.problems == []


def test_fzf_operators() -> None:
    assert only_term("'exact").mode == "exact"
    assert only_term("^prefix").mode == "prefix"
    assert only_term("suffix$").mode == "suffix"
    assert only_term("^whole$").mode == "equal"
    negated = only_term("!not")
    assert negated.negated and negated.text == "not"
    assert only_term("'self-play").words == ("self", "play")


def test_or_groups_with_and_without_spaces() -> None:
    spaced = parse_query("alpha | beta gamma")
    assert [[t.text for t in g] for g in spaced.groups] == [["alpha", "beta"], ["gamma"]]
    tight = parse_query("alpha|beta")
    assert [[t.text for t in g] for g in tight.groups] == [["alpha", "beta"]]


def test_field_scopes() -> None:
    term = only_term("author:liu")
    assert (term.scope, term.text) == ("author", "liu")
    assert only_term("title:^safe").mode == "prefix"
    assert only_term("venue:iclr").scope == "venue"
    assert only_term("org:pku").scope == "org"
    assert only_term("topic:CL").scope == "topic"
    negated = only_term("!author:liu")
    assert negated.negated and negated.scope == "author"
    assert only_term("author:!liu").negated


def test_kinds() -> None:
    assert parse_query("kind:people").kinds == frozenset({"people"})
    assert parse_query("kind:papers|events").kinds == frozenset({"papers", "events"})
    assert parse_query("kind:paper x").kinds == frozenset({"papers"})


def test_years() -> None:
    assert parse_query("year:2021").years == YearRange(2021, 2021)
    assert parse_query("year:2019..2023").years == YearRange(2019, 2023)
    assert parse_query("year:>=2020").years == YearRange(2020, None)
    assert parse_query("year:<2020").years == YearRange(None, 2019)
    assert parse_query("year:2023..2019").years == YearRange(2019, 2023)
    both = parse_query("year:>=2019 year:<=2021").years
    assert both == YearRange(2019, 2021)
    assert YearRange(2019, 2021).overlaps(2015, 2019)
    assert not YearRange(2019, 2021).overlaps(2022, 2024)


def test_malformed_parts_are_text_and_named() -> None:
    parsed = parse_query("year:20x1 kind:books foo:bar")
    assert parsed.problems == [
        "year:20x1 is not a year; searched as text",
        "kind:books: kind is people, papers or events; searched as text",
        "foo: is not a search field (author, title, venue, org, topic, kind, year); searched as text",
    ]
    texts = [g[0].text for g in parsed.groups]
    assert texts == ["year:20x1", "kind:books", "foo:bar"]


def test_lonely_operators_are_reported() -> None:
    assert parse_query("a |").problems
    assert parse_query("| a").problems
    assert parse_query("!").problems
    assert parse_query("!").groups == []


def test_typing_in_progress_is_quiet() -> None:
    for partial in ("author:", "year:", "kind:", "'", "^"):
        parsed = parse_query(partial)
        assert parsed.groups == []
        assert not any("not a" in p for p in parsed.problems)


def test_smart_case() -> None:
    assert only_term("Liu").case_sensitive
    assert not only_term("liu").case_sensitive


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1000))
def test_any_text_parses(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed.problems, list)
    for group in parsed.groups:
        assert group


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "'",
                "^",
                "$",
                "!",
                "|",
                "author:",
                "year:",
                "kind:",
                "(",
                "[",
                "\\",
                "*",
                "?",
                '"',
                "..",
                ">=",
                "2021",
                "x",
                "\x1b",
                "\x00",
                " ",
                "é",
            ]
        ),
        max_size=60,
    )
)
def test_operator_soup_parses(parts: list[str]) -> None:
    parse_query("".join(parts))


DEGENERATE = ["''''", "^^^", "$$", "|||", "!", "'", "|", "—", "' ^ $", "!!"]


def test_a_query_without_a_letter_or_digit_matches_nothing_and_says_so() -> None:
    for query in DEGENERATE:
        parsed = parse_query(query)
        assert parsed.matches_nothing, query
        assert not parsed.is_empty, query
        assert any("nothing matches" in p for p in parsed.problems), query
    for query in ("", "  ", "author:", "kind:papers", "year:2020", "liu !", "C++ '"):
        assert not parse_query(query).matches_nothing, query


def test_degenerate_queries_find_nothing_in_the_engine(bundled_library: object) -> None:
    from cvtui.core.search import SearchIndex

    index = SearchIndex(bundled_library)
    assert index.search("liu", limit=5)  # the index finds things at all
    for query in DEGENERATE:
        for kind in (None, "people", "papers", "events"):
            result = index.search_with_info(query, kind=kind, limit=5)
            assert result.hits == [] and result.total == 0, (query, kind)
        every = index.search_with_info(query, kind="papers", limit=5, all_matches=True)
        assert every.total == 0 and list(every.rest) == [], query
