"""Grouping paper entries into works: each rule, its limits, the record a work shows."""

from __future__ import annotations

from cvtui.core.dates import parse_date
from cvtui.core.identifiers import paper_identifiers, title_key
from cvtui.core.library import Library
from cvtui.core.model import Paper, PaperLinks, Person
from cvtui.core.works import is_generic_title


def person(pid: str, *papers: Paper, name: str = "") -> Person:
    return Person(name=name or pid.title(), id=pid, papers=papers)


def paper(title: str, year: int | None = 2020, authors: tuple[str, ...] = ("Ann Author",), **kw):  # type: ignore[no-untyped-def]
    links = kw.pop("links", None) or PaperLinks()
    return Paper(title=title, year=year, authors=authors, links=links, **kw)


def works_of(library: Library) -> list[list[str]]:
    """Each work as the ``person/index`` of its entries."""
    out = []
    for work in library.works:
        out.append(
            [f"{library.entry_ref(e)[0].id}/{library.entry_ref(e)[1]}" for e in work.entries]
        )
    return out


def test_identifiers_are_canonical() -> None:
    assert paper_identifiers("https://doi.org/10.18653/V1/P17-1001", "", "") == [
        "doi:10.18653/v1/p17-1001"
    ]
    assert paper_identifiers("", "arXiv:2307.04657v2", "") == ["arxiv:2307.04657"]
    assert paper_identifiers("10.48550/arXiv.2307.04657", "", "") == ["arxiv:2307.04657"]
    assert paper_identifiers("", "", "https://aclanthology.org/P17-1001/") == [
        "acl:P17-1001",
        "url:aclanthology.org/P17-1001",
    ]
    assert "acl:P17-1001" in paper_identifiers("", "", "http://www.aclweb.org/anthology/P17-1001")
    assert paper_identifiers("", "", "https://openreview.net/forum?id=AbC123")[0] == (
        "openreview:AbC123"
    )
    assert paper_identifiers("", "", "https://arxiv.org/pdf/2307.04657v1") == ["arxiv:2307.04657"]
    assert title_key("{BERT}: Pre-training of \\emph{Deep} Bidirectional Transformers") == (
        "bert pre training of deep bidirectional transformers"
    )
    assert title_key("Ünïcode — Titles!") == "unicode titles"


def test_same_doi_is_one_work_whatever_the_titles() -> None:
    doi = PaperLinks(doi="10.1/abc")
    lib = Library(
        [
            person("a", paper("Deep Nets", links=doi)),
            person("b", paper("Deep Networks (extended)", links=PaperLinks(doi="DOI:10.1/ABC"))),
        ]
    )
    assert works_of(lib) == [["a/0", "b/0"]]
    assert lib.works[0].reasons == ("same DOI 10.1/abc",)
    assert lib.works[0].key == "doi:10.1/abc"


def test_same_anthology_page_is_one_work() -> None:
    url = PaperLinks(url="https://aclanthology.org/W17-5001")
    lib = Library(
        [
            person("a", paper("A title", authors=("X Y",), links=url)),
            person("b", paper("Another", authors=("Z W",), links=url)),
        ]
    )
    assert works_of(lib) == [["a/0", "b/0"]]


def test_same_title_close_years_shared_author_is_one_work() -> None:
    lib = Library(
        [
            person("a", paper("{SPIRAL}: Self-Play", 2024, ("Ann Author", "Bo Li"))),
            person("b", paper("Spiral: self play", 2025, ("A. Author", "Carl C"))),
        ]
    )
    assert works_of(lib) == [["a/0", "b/0"]]
    assert lib.works[0].reasons[0].startswith("same title, years 2024–2025")


def test_same_title_far_apart_in_years_is_two_works() -> None:
    lib = Library(
        [
            person("a", paper("Neural Machine Translation", 2014)),
            person("b", paper("Neural Machine Translation", 2019)),
        ]
    )
    assert works_of(lib) == [["a/0"], ["b/0"]]


def test_same_title_without_a_shared_author_is_two_works() -> None:
    lib = Library(
        [
            person("a", paper("Graph Attention", 2020, ("Ann Author",))),
            person("b", paper("Graph Attention", 2020, ("Zed Other",))),
        ]
    )
    assert works_of(lib) == [["a/0"], ["b/0"]]


def test_different_dois_keep_same_titles_apart() -> None:
    lib = Library(
        [
            person("a", paper("Results", 2020, links=PaperLinks(doi="10.1/one"))),
            person("b", paper("Results", 2020, links=PaperLinks(doi="10.1/two"))),
        ]
    )
    assert works_of(lib) == [["a/0"], ["b/0"]]


def test_a_preprint_and_its_published_version_are_one_work_showing_both() -> None:
    preprint = paper(
        "Safe RLHF",
        2023,
        ("Josef Dai", "Ann Author"),
        venue="arXiv",
        type="preprint",
        links=PaperLinks(arxiv="2310.12773"),
    )
    published = paper(
        "Safe RLHF",
        2025,
        ("Josef Dai", "Ann Author", "Bo Li"),
        venue="ICLR",
        type="conference",
        links=PaperLinks(doi="10.5555/iclr.2025.1"),
    )
    lib = Library([person("a", preprint), person("b", published)])
    assert works_of(lib) == [["a/0", "b/0"]]
    record = lib.papers[0]
    # the most complete entry gives the fields; identifiers come from both
    assert record.venue == "ICLR" and record.type == "conference" and record.year == 2025
    assert record.links.arxiv == "2310.12773" and record.links.doi == "10.5555/iclr.2025.1"
    found = {(field, value): [p.id for p in who] for field, value, who in lib.disagreements(0)}
    assert found[("venue", "arXiv")] == ["a"] and found[("venue", "ICLR")] == ["b"]
    assert found[("year", "2023")] == ["a"] and found[("type", "preprint")] == ["a"]
    assert ("authors", "Josef Dai, Ann Author, Bo Li") in found


def test_generic_titles_stay_apart_across_venues_and_years() -> None:
    assert is_generic_title(title_key("Preface"))
    assert is_generic_title(title_key("Findings of the 2016 Conference on Machine Translation"))
    assert not is_generic_title(title_key("Findings from a study of reviewers"))
    lib = Library(
        [
            person("a", paper("Introduction", 2010, venue="CL"), paper("Introduction", 2011)),
            person(
                "b",
                paper("Introduction", 2010, venue="TACL"),
                paper("Introduction", 2010, venue="CL"),
            ),
        ]
    )
    # only the two of one venue and year are one work
    assert works_of(lib) == [["a/0", "b/1"], ["a/1"], ["b/0"]]


def test_entries_of_one_work_keep_their_own_notes() -> None:
    lib = Library(
        [
            person("a", paper("Shared", summary="Ann's words.", presentation="oral")),
            person("b", paper("Shared", summary="Bo's words.", highlights=("fast",))),
        ]
    )
    notes = {p.id: fields for p, fields in lib.notes(0)}
    assert notes == {
        "a": {"summary": "Ann's words.", "presentation": "oral"},
        "b": {"summary": "Bo's words.", "highlights": ("fast",)},
    }


def test_precedence_takes_each_field_from_the_most_complete_entry() -> None:
    sparse = paper("Shared", None, ("Ann Author",))
    full = paper(
        "Shared",
        2021,
        ("Ann Author", "Bo Li"),
        venue="ACL",
        pages="1--10",
        author_ids=("orcid:0000-0002-1825-0097", ""),
    )
    extra = paper("Shared", 2021, ("Ann Author",), publisher="ACL", links=PaperLinks(code="c"))
    lib = Library([person("a", sparse), person("b", full), person("c", extra)])
    assert len(lib.papers) == 1
    record = lib.papers[0]
    assert record.authors == ("Ann Author", "Bo Li")
    assert record.author_ids == ("orcid:0000-0002-1825-0097", "")  # kept with its authors
    assert record.venue == "ACL" and record.pages == "1--10"
    assert record.publisher == "ACL" and record.links.code == "c"  # filled from the others


def test_a_person_s_papers_include_works_only_a_coauthor_lists() -> None:
    ji = person("ji", paper("BeaverTails", 2023, ("Jiaming Ji", "Mickel Liu")), name="Jiaming Ji")
    liu = person("liu", paper("Own Paper", 2024, ("Mickel Liu",)), name="Mickel Liu")
    lib = Library([ji, liu])
    assert [lib.papers[w].title for w in lib.papers_of("liu")] == ["Own Paper", "BeaverTails"]
    assert lib.work_count(1) == 2
    assert not lib.holds(1, 0) and lib.is_author_of("liu", 0)
    assert [e.title for e in lib.events_of("liu") if e.kind == "paper"] == [
        "BeaverTails",
        "Own Paper",
    ]


def test_export_json_lists_works_with_their_entries() -> None:
    lib = Library(
        [
            person("a", paper("Shared", 2020, ("Ann Author",), id="s")),
            person("b", paper("Shared", 2020, ("Ann Author", "Bo"), id="shared")),
        ]
    )
    (work,) = lib.to_builtins()["works"]  # type: ignore[misc]
    assert work["title"] == "Shared" and work["year"] == 2020
    assert work["profiles"] == ["a", "b"]
    assert work["entries"] == [
        {"profile": "a", "index": 0, "id": "s"},
        {"profile": "b", "index": 0, "id": "shared"},
    ]
    assert work["grouped_because"][0].startswith("same title")


def test_works_with_dates_only_use_their_year() -> None:
    lib = Library(
        [
            person("a", paper("Dated", None, date=parse_date("2022-05"))),
            person("b", paper("Dated", 2023)),
        ]
    )
    assert len(lib.works) == 1


def test_a_workshop_version_and_the_conference_paper_are_two_works() -> None:
    authors = ("Nick Walker", "Maya Cakmak")
    lib = Library(
        [
            person(
                "a",
                paper("Influencing Attributions", 2021, authors, venue="CoRL"),
                paper("Influencing Attributions", 2021, authors, venue="ICRA Workshop on Motion"),
            ),
            person(
                "b",
                paper(
                    "Influencing attributions",
                    2021,
                    authors,
                    venue="Proceedings of the Conference on Robot Learning",
                ),
            ),
        ]
    )
    assert works_of(lib) == [["a/0", "b/0"], ["a/1"]]  # CoRL spelled out is CoRL
