"""Ids at the services: papers grouped by them, authors linked to profiles by them, and the
section edits an import makes to a profile file."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from cvtui.core.author_ids import dblp_pid, merge_ids, openalex_author, parse_ids, s2_author
from cvtui.core.identifiers import paper_identifiers
from cvtui.core.loading import load_paths
from cvtui.core.model import PaperLinks
from cvtui.core.services.adapter import ProfileWriteError
from cvtui.core.services.sections import SectionEdit, apply_sections


def test_service_paper_ids_in_one_spelling() -> None:
    ids = paper_identifiers(
        "",
        "",
        "",
        dblp="https://dblp.uni-trier.de/rec/conf/icip/XuN09.html",
        openalex="https://openalex.org/w2741809807",
        s2="https://www.semanticscholar.org/paper/Some-Title/5D10FAFFEAE5E9F2AE868626B29E6E9B8047CECB",
    )
    assert ids == [
        "dblp:conf/icip/XuN09",
        "openalex:W2741809807",
        "s2:5d10faffeae5e9f2ae868626b29e6e9b8047cecb",
    ]
    assert paper_identifiers("", "", "", dblp="DBLP:journals/corr/abs-2307-04657") == [
        "dblp:journals/corr/abs-2307-04657"
    ]
    assert paper_identifiers("", "", "https://dblp.org/pid/95/7448-1") == [
        "url:dblp.org/pid/95/7448-1"  # a person's page is not a paper's record
    ]
    links = PaperLinks(dblp="conf/icip/XuN09", openalex="W2741809807")
    assert dict(links.items()) == {
        "dblp": "https://dblp.org/rec/conf/icip/XuN09",
        "openalex": "https://openalex.org/W2741809807",
    }


def test_person_ids_in_one_spelling() -> None:
    assert s2_author("https://www.semanticscholar.org/author/A-Turing/2262347") == "2262347"
    assert openalex_author("https://openalex.org/a5023888391") == "A5023888391"
    assert dblp_pid("https://dblp.org/pid/95/7448-1.html") == "95/7448-1"
    assert dblp_pid("homepages/m/AndrewMcCallum") == "m/AndrewMcCallum"
    assert parse_ids("orcid:0000-0002-1825-0097 s2:1741101 bogus:1 dblp:95/7448-1") == [
        ("orcid", "0000-0002-1825-0097"),
        ("s2", "1741101"),
        ("dblp", "95/7448-1"),
    ]
    assert merge_ids("orcid:0000-0002-1825-0097", "s2:1 orcid:0000-0001-0000-0000") == (
        "orcid:0000-0002-1825-0097 s2:1"
    )


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_entries_sharing_a_service_id_are_one_work_and_authors_link_by_id(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "turing.toml",
        'name = "Alan Turing"\n[links]\nsemantic_scholar = "https://www.semanticscholar.org/author/2262347"\n'
        '[[papers]]\ntitle = "Review of two collections of essays about Alan Turing"\n'
        'authors = ["A. Turing", "J. P. Bowen"]\nauthor_ids = ["s2:2262347", "s2:1772040"]\n'
        "year = 2020\n"
        '[papers.links]\nsemantic_scholar = "6b7b392d5f3284a78fd559439bc735f3f0b08bae"\n',
    )
    # Bowen's profile spells his name in a way no name rule matches; his S2 id links him.
    _write(
        tmp_path,
        "bowen.toml",
        'name = "Jonathan Peter Bowen-Smythe"\n[links]\n'
        'semantic_scholar = "https://www.semanticscholar.org/author/Jonathan-Bowen/1772040"\n'
        '[[papers]]\ntitle = "Two collections of essays on Turing, reviewed"\nyear = 2020\n'
        "[papers.links]\nsemantic_scholar = "
        '"https://www.semanticscholar.org/paper/6b7b392d5f3284a78fd559439bc735f3f0b08bae"\n',
    )
    library = load_paths([tmp_path])
    assert len(library.papers) == 1  # two entries, different titles, one S2 paper id
    (work,) = library.works
    assert work.reasons == ("same Semantic Scholar id 6b7b392d5f3284a78fd559439bc735f3f0b08bae",)
    bowen = next(i for i, p in enumerate(library.people) if p.id == "bowen")
    assert library.author_links(0)[1] == bowen


def test_two_profiles_with_one_service_id_may_be_one_person(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", 'name = "Ada One"\n[links]\nopenalex = "A5023888391"\n')
    _write(
        tmp_path,
        "b.toml",
        'name = "Bea Two"\n[links]\nopenalex = "https://openalex.org/A5023888391"\n',
    )
    warnings = [str(p) for p in load_paths([tmp_path]).problems]
    assert any("both carry OpenAlex author A5023888391" in w for w in warnings)


PROFILE = """\
# kept by hand
name = "Ada"  # mine
links = { homepage = "https://ada.example" }
metrics = [{ name = "h-index", value = 3, source = "OpenAlex", as_of = "2024" }]

[[papers]]
title = "X"
"""


def test_section_edits_keep_the_file_as_written() -> None:
    edit = SectionEdit(
        top={"affiliation": "Uni"},
        aliases=["A. Example"],
        links={"openalex": "https://openalex.org/A1"},
        entries={"education": [{"institution": "Uni", "start": "2020"}]},
        metric_updates={0: {"value": 4, "as_of": "2026-01-15"}},
        metrics=[{"name": "papers", "value": 9, "source": "OpenAlex", "as_of": "2026-01-15"}],
    )
    text = apply_sections(PROFILE.replace("\n", "\r\n"), edit)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # line endings kept
    assert text.startswith('# kept by hand\r\nname = "Ada"  # mine\r\n')
    doc = tomli.loads(text.replace("\r\n", "\n"))
    assert doc["links"] == {
        "homepage": "https://ada.example",
        "openalex": "https://openalex.org/A1",
    }
    assert doc["metrics"] == [
        {"name": "h-index", "value": 4, "source": "OpenAlex", "as_of": "2026-01-15"},
        {"name": "papers", "value": 9, "source": "OpenAlex", "as_of": "2026-01-15"},
    ]
    assert doc["education"] == [{"institution": "Uni", "start": "2020"}]
    assert doc["papers"] == [{"title": "X"}] and doc["aliases"] == ["A. Example"]


def test_a_section_of_the_wrong_kind_is_not_edited() -> None:
    with pytest.raises(ProfileWriteError, match="`education` in this profile is not a list"):
        apply_sections(
            'name = "Ada"\neducation = "lots"\n',
            SectionEdit(entries={"education": [{"institution": "Uni"}]}),
        )


def test_an_openalex_link_survives_a_json_resume_round_trip() -> None:
    from cvtui.core.exchange.jsonresume import jsonresume_to_profile, person_to_jsonresume
    from cvtui.core.model import Links, Person

    doc = person_to_jsonresume(
        Person(name="Ada", links=Links(openalex="https://openalex.org/A1")), []
    )
    assert doc["basics"]["profiles"] == [{"network": "OpenAlex", "url": "https://openalex.org/A1"}]
    assert jsonresume_to_profile(doc)[0]["links"] == {"openalex": "https://openalex.org/A1"}
