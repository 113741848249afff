"""The Insights figures on a library with known numbers (tests/fixtures/insights).

Five profiles, eleven entries, nine works: "Safe Agents at Scale" is listed by Ada and Ben
and "Scaling Laws for Care" by Ada and Dev (each one work, counted once); three works of
Ada's are listed only in a co-author's profile; Ada and Dev are equal first authors of
"Scaling Laws for Care"; "NIPS 2023" and "NeurIPS" are one venue, as are "ICLR" and
"ICLR 2022 (Spotlight)".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtui.core.insights import FIGURES, Insights, Scope, index_for
from cvtui.core.insights.export import insights_json
from cvtui.core.insights.graph import spring_layout
from cvtui.core.insights.index import venue_key
from cvtui.core.insights.tables import figure_table, format_table, years_text
from cvtui.core.library import Library
from cvtui.core.loading import load_paths
from cvtui.core.model import Paper, Person

LAB = Path(__file__).resolve().parent / "fixtures" / "insights"


@pytest.fixture(scope="module")
def lab() -> Library:
    library = load_paths([LAB])
    assert not library.problems
    assert (len(library.people), len(library.entries), len(library.papers)) == (5, 11, 9)
    return library


def titles(library: Library, works: object) -> set[str]:
    return {library.papers[w].title for w in works}  # type: ignore[attr-defined]


def per_year(series: object) -> dict[int, int]:
    return {y: bar.total for y, bar in series.bars.items()}  # type: ignore[attr-defined]


def firsts(series: object) -> dict[int, int]:
    return {y: bar.first for y, bar in series.bars.items() if bar.first}  # type: ignore[attr-defined]


# -- output over time ------------------------------------------------------------------------


def test_library_works_per_year_by_type(lab: Library) -> None:
    output = Insights(lab, Scope.library()).output()
    assert output.total == 9
    (series,) = output.series
    assert per_year(series) == {2019: 1, 2021: 1, 2022: 2, 2023: 4, 0: 1}
    assert series.bars[2023].by_type == {
        "workshop": 1,
        "preprint": 1,
        "conference": 2,
    }
    assert series.bars[0].by_type == {"blog": 1}
    assert output.types == ["conference", "journal", "workshop", "preprint", "blog"]
    assert output.years == [2019, 2020, 2021, 2022, 2023]
    assert series.bar(2020).total == 0
    # Led by someone with a profile: all but "Planning with Friends" (Zed Outsider first).
    assert firsts(series) == {2019: 1, 2021: 1, 2022: 2, 2023: 3, 0: 1}
    assert "Planning with Friends" not in titles(lab, series.bars[2023].led)


def test_a_shared_work_is_counted_once(lab: Library) -> None:
    output = Insights(lab, Scope.library()).output()
    works_2021 = output.series[0].bars[2021].works
    assert titles(lab, works_2021) == {"Safe Agents at Scale"}
    assert len(works_2021) == 1  # two profiles list it
    people = Insights(lab, Scope.of_people(["ada", "dev"]))
    assert len(people.resolved.works) == 8  # Ada's 7 and Dev's 2 share one


def test_one_person_counts_works_only_a_coauthor_lists(lab: Library) -> None:
    output = Insights(lab, Scope.of_person("ada")).output()
    (series,) = output.series
    assert series.total == 7  # 4 in her profile, 3 only in Ben's and Cleo's
    assert per_year(series) == {2021: 1, 2022: 2, 2023: 3, 0: 1}
    # First author: Safe Agents, the survey, Undated Thoughts, and the equal-first preprint.
    assert series.first == 4
    assert firsts(series) == {2021: 1, 2022: 1, 2023: 1, 0: 1}
    assert titles(lab, series.bars[2023].led) == {"Scaling Laws for Care"}
    assert output.led_means.startswith("first author")


def test_equal_first_authors_both_lead(lab: Library) -> None:
    output = Insights(lab, Scope.of_person("dev")).output()
    assert output.series[0].first == 2  # the equal-first preprint and Tiny Models
    ben = Insights(lab, Scope.of_person("ben")).output()
    # Ben is third on the preprint (not marked equal) and first only on Reward Models.
    assert ben.series[0].total == 4 and ben.series[0].first == 1


def test_several_people_side_by_side(lab: Library) -> None:
    output = Insights(lab, Scope.of_people(["ada", "dev"])).output()
    assert [s.person_id for s in output.series] == ["ada", "dev"]
    ada, dev = output.series
    assert per_year(dev) == {2023: 2}
    assert ada.bars[2023].works != dev.bars[2023].works
    shared = set(ada.bars[2023].works) & set(dev.bars[2023].works)
    assert titles(lab, shared) == {"Scaling Laws for Care"}  # in both series
    assert output.total == 8  # and once in the total


def test_a_set_of_works(lab: Library) -> None:
    chosen = [w for w, p in enumerate(lab.papers) if p.year == 2023]
    insights = Insights(lab, Scope.of_works(chosen, "works of 2023"))
    assert insights.label == "works of 2023"
    assert per_year(insights.output().series[0]) == {2023: 4}
    assert Insights(lab, Scope.of_works([99, -1])).resolved.works == []


# -- venues ----------------------------------------------------------------------------------


def test_top_venues_with_short_and_full_names_and_years(lab: Library) -> None:
    venues = Insights(lab, Scope.library()).venues()
    rows = [(r.short, r.count, r.years) for r in venues.rows]
    assert rows == [
        ("ICLR", 2, {2022: 1, 2023: 1}),  # "ICLR 2022 (Spotlight)" and "ICLR"
        ("NeurIPS", 2, {2021: 1, 2023: 1}),  # "NeurIPS", "NeurIPS 2021" and "NIPS 2023"
        ("arXiv", 1, {2023: 1}),
        ("NeurIPS Workshop on Safety", 1, {2023: 1}),  # another venue than NeurIPS
        ("TMLR", 1, {2022: 1}),
        ("CL", 1, {2019: 1}),  # written as its full name
    ]
    full = {r.short: r.full for r in venues.rows}
    assert full["NeurIPS"] == "Advances in Neural Information Processing Systems"
    assert full["CL"] == "Computational Linguistics"
    assert full["NeurIPS Workshop on Safety"] == ""
    assert titles(lab, venues.no_venue) == {"Undated Thoughts"}
    assert venues.distinct == 6 and venues.other_works == 0


def test_venue_limit_counts_the_rest(lab: Library) -> None:
    venues = Insights(lab, Scope.library(), limit=2).venues()
    assert [r.short for r in venues.rows] == ["ICLR", "NeurIPS"]
    assert venues.other_works == 4  # the four works at the four venues cut


def test_venue_keys() -> None:
    assert venue_key("NIPS 2017") == venue_key("NeurIPS") == venue_key("neurips 2023")
    assert venue_key("ICLR 2024 (Spotlight)") == venue_key("ICLR")
    assert venue_key("NeurIPS Workshop on X") != venue_key("NeurIPS")
    assert venue_key("Findings of EMNLP") != venue_key("EMNLP")


# -- co-authors ------------------------------------------------------------------------------


def test_coauthors_of_one_person_with_counts_and_years(lab: Library) -> None:
    coauthors = Insights(lab, Scope.of_person("ada")).coauthors()
    assert coauthors.of_members
    rows = [(r.name, r.person_id, r.count, r.years) for r in coauthors.rows]
    assert rows == [
        ("Ben Okafor", "ben", 4, {2021: 1, 2022: 1, 2023: 2}),
        ("Cleo Martin", "cleo", 2, {2022: 1, 2023: 1}),
        ("Zed Outsider", None, 2, {2022: 1, 2023: 1}),  # no profile
        ("Dev Patel", "dev", 1, {2023: 1}),
    ]
    assert coauthors.distinct == 4


def test_coauthors_of_several_say_with_whom(lab: Library) -> None:
    coauthors = Insights(lab, Scope.of_people(["ada", "dev"])).coauthors()
    names = [r.name for r in coauthors.rows]
    assert "Ada Lovelace" not in names and "Dev Patel" not in names
    ben = next(r for r in coauthors.rows if r.name == "Ben Okafor")
    assert ben.count == 4 and ben.with_members == {"ada": 4, "dev": 1}
    cleo = next(r for r in coauthors.rows if r.name == "Cleo Martin")
    assert cleo.count == 3 and cleo.with_members == {"ada": 2, "dev": 1}


def test_library_lists_its_most_frequent_authors(lab: Library) -> None:
    coauthors = Insights(lab, Scope.library()).coauthors()
    assert not coauthors.of_members
    assert [(r.name, r.count) for r in coauthors.rows][:3] == [
        ("Ada Lovelace", 7),
        ("Ben Okafor", 4),
        ("Cleo Martin", 3),
    ]


# -- who works with whom ---------------------------------------------------------------------


def test_ranked_pairs_and_their_works(lab: Library) -> None:
    pairs = Insights(lab, Scope.library()).pairs()
    rows = [(r.a, r.b, r.count) for r in pairs.rows]
    assert rows == [
        ("ada", "ben", 4),
        ("ada", "cleo", 2),
        ("ada", "dev", 1),
        ("ben", "cleo", 1),
        ("ben", "dev", 1),
        ("cleo", "dev", 1),
    ]
    assert pairs.distinct == 6
    assert titles(lab, pairs.rows[0].works) == {
        "Safe Agents at Scale",
        "Reward Models Revisited",
        "Scaling Laws for Care",
        "Planning with Friends",
    }
    assert pairs.rows[0].years == {2021: 1, 2022: 1, 2023: 2}


def test_matrix(lab: Library) -> None:
    matrix = Insights(lab, Scope.library()).pairs().matrix
    assert matrix.ids == ["ada", "ben", "cleo", "dev"]  # Eva shares nothing
    assert matrix.cells == [
        [7, 4, 2, 1],
        [4, 4, 1, 1],
        [2, 1, 3, 1],
        [1, 1, 1, 2],
    ]


def test_pairs_among_marked_people_only(lab: Library) -> None:
    pairs = Insights(lab, Scope.of_people(["ada", "dev", "eva"])).pairs()
    assert [(r.a, r.b, r.count) for r in pairs.rows] == [("ada", "dev", 1)]
    assert pairs.matrix.ids == ["ada", "dev", "eva"]
    assert pairs.matrix.cells == [[7, 1, 0], [1, 2, 0], [0, 0, 1]]


def test_shared_works_of_one_person_and_a_pair(lab: Library) -> None:
    insights = Insights(lab, Scope.of_person("cleo"))
    assert titles(lab, insights.shared("cleo", "cleo")) == {
        "Reward Models Revisited",
        "Workshop Notes on Alignment",
        "Tiny Models",
    }
    assert titles(lab, insights.shared("cleo", "dev")) == {"Tiny Models"}
    assert insights.shared("cleo", "nobody") == []


def test_graph_nodes_edges_and_layout(lab: Library) -> None:
    graph = Insights(lab, Scope.library()).graph()
    assert graph.ids == ["ada", "ben", "cleo", "dev"]
    assert graph.works == [7, 4, 3, 2]
    assert graph.edges == [(0, 1, 4), (0, 2, 2), (0, 3, 1), (1, 2, 1), (1, 3, 1), (2, 3, 1)]
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in graph.positions)
    assert len(set(graph.positions)) == 4
    assert graph.neighbours(2) == [(0, 2), (1, 1), (3, 1)]
    assert graph.positions_for(2) != graph.positions[:2]  # laid out on their own


def test_spring_layout_is_deterministic_and_pulls_linked_nodes_together() -> None:
    edges = [(0, 1, 9), (2, 3, 9), (1, 2, 1)]
    first = spring_layout(6, edges, aspect=2.0)
    assert first == spring_layout(6, edges, aspect=2.0)

    def distance(a: int, b: int) -> float:
        (ax, ay), (bx, by) = first[a], first[b]
        return float(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5)

    assert distance(0, 1) < distance(0, 4)  # linked closer than unlinked
    assert spring_layout(0, []) == [] and spring_layout(1, []) == [(0.5, 0.5)]


# -- topics and metrics ----------------------------------------------------------------------


def test_topics_over_time(lab: Library) -> None:
    topics = Insights(lab, Scope.library(), now=2026).topics()
    assert [(r.name, r.total, r.years) for r in topics.categories] == [
        ("LG", 3, {2021: 1, 2022: 1, 2023: 1}),
        ("CL", 2, {2022: 1, 2023: 1}),
    ]
    interests = {r.name: r for r in topics.interests}
    # "AI Safety" (Ada) and "AI safety" (Ben) are one interest; the profiles' own: now.
    assert interests["AI Safety"].people == ["ada", "ben"]
    assert interests["AI Safety"].years == {0: 2}
    # Ada's degree names it for 2015–2019; her profile names it now.
    machine = interests["Machine Learning"]
    assert machine.years == {2015: 1, 2016: 1, 2017: 1, 2018: 1, 2019: 1, 0: 1}
    assert topics.years == list(range(2015, 2024))


def test_metrics_keep_their_source_and_date(lab: Library) -> None:
    metrics = Insights(lab, Scope.of_person("ada")).metrics()
    rows = [(r.name, r.value, r.source, r.as_of) for r in metrics.rows]
    assert rows == [
        ("h-index", "12", "Google Scholar", "2025-06"),
        ("citations", "340", "Semantic Scholar", ""),
    ]
    assert Insights(lab, Scope.of_person("ben")).metrics().rows == []


# -- the index -------------------------------------------------------------------------------


def test_index_is_built_once_per_library(lab: Library) -> None:
    assert index_for(lab) is index_for(lab)
    index = index_for(lab)
    ada = lab.person_index("ada")
    work = lab.paper_index("ada", "scaling-care")
    assert index.lead[work] == 2  # Ada* and Dev* lead together
    assert index.person_author(ada) in index.leads_of(work)


def test_an_unlinked_spelling_in_a_profile_is_its_owner() -> None:
    """Two W. Wangs: "W. Wang" links to neither, but in Wei's own profile it is Wei."""
    wei = Person(
        name="Wei Wang",
        id="wei",
        papers=(Paper(title="Solo Paper", authors=("W. Wang", "Ann Other"), year=2020),),
    )
    wen = Person(name="Wen Wang", id="wen", papers=(Paper(title="Other", authors=("Wen Wang",)),))
    library = Library([wei, wen])
    coauthors = Insights(library, Scope.of_person("wei")).coauthors()
    assert [r.name for r in coauthors.rows] == ["Ann Other"]
    output = Insights(library, Scope.of_person("wei")).output()
    assert output.series[0].first == 1  # "W. Wang" first: Wei led it


# -- tables and JSON -------------------------------------------------------------------------


def test_every_figure_has_a_table_with_the_numbers(lab: Library) -> None:
    insights = Insights(lab, Scope.of_people(["ada", "dev"]), now=2026)
    for name in FIGURES:
        table = figure_table(insights, name)
        text = format_table(table)
        assert table.title in text
        for row in table.rows:
            assert len(row.cells) == len(table.columns)
    output = figure_table(insights, "output")
    assert ("2023", "Dev Patel", "2", "1", "0", "0", "1", "0", "2") in [
        r.cells for r in output.rows
    ]
    venues = figure_table(insights, "venues")
    assert venues.rows[0].cells[:3] == (
        "ICLR",
        "International Conference on Learning Representations",
        "2",
    )
    narrow = format_table(figure_table(insights, "venues"), width=50)
    assert max(len(line) for line in narrow.splitlines()[:-1]) <= 50


def test_years_text() -> None:
    assert years_text([2017, 2019, 2020, 2021, 2024, 0]) == "2017, 2019–2021, 2024, undated"
    assert years_text({}) == ""


def test_json_has_the_numbers_and_names_works_by_key(lab: Library) -> None:
    data = insights_json(Insights(lab, Scope.of_person("ada"), now=2026))
    assert data["scope"] == {
        "kind": "person",
        "label": "Ada Lovelace",
        "people": ["ada"],
        "works": 7,
    }
    (series,) = data["output"]["series"]
    assert [(y["year"], y["works"], y["first"]) for y in series["years"]] == [
        (2021, 1, 1),
        (2022, 2, 1),
        (2023, 3, 1),
        (None, 1, 1),
    ]
    keys = {lab.work_key(w) for w in lab.papers_of("ada")}
    assert len(series["years"][2]["work_keys"]) == 3
    assert set(series["years"][2]["work_keys"]) <= keys
    assert data["coauthors"]["top"][0]["name"] == "Ben Okafor"
    assert data["reported_metrics"]["metrics"][0] == {
        "person": "ada",
        "name": "h-index",
        "value": 12,
        "source": "Google Scholar",
        "as_of": "2025-06",
        "note": "",
    }
    bare = insights_json(Insights(lab, Scope.of_person("ada")), with_works=False)
    assert "work_keys" not in bare["output"]["series"][0]["years"][0]
