"""Each service's parser on real recorded responses (tests/fixtures/services/SOURCES.md).

Every expectation below was read off the recorded response itself; the responses are kept
byte for byte as their repositories hold them.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from cvtui.core.services import SERVICES
from cvtui.core.services.http import FetchError
from cvtui.core.services.openalex import abstract
from service_replay import cassette, fixture_bytes, fixture_json, fixture_literal

TODAY = dt.date(2026, 1, 15)


def read(service: str, *docs: object):  # type: ignore[no-untyped-def]
    return SERVICES[service].read(list(docs), TODAY)


# --- ORCID --------------------------------------------------------------------------------


def test_orcid_v3_full_record_maps_every_section_it_has_a_place_for() -> None:
    record = read("orcid", fixture_json("orcid-record-full-3.0.json"))
    profile = record.profile
    assert record.source_id == "0000-0002-7319-2192"
    assert profile["name"] == "Three releasecandidate1"
    assert profile["aliases"] == ["Other Name", "{yo}", "dreamofaredbird"]
    # A sandbox record links to the sandbox, not to orcid.org.
    assert profile["links"] == {
        "homepage": "https://site1.com/",
        "orcid": "https://sandbox.orcid.org/0000-0002-7319-2192",
    }
    kinds = [e["kind"] for e in profile["experience"]]
    assert kinds == ["position", "visiting"]  # the employment, then the invited position
    employment = profile["experience"][0]
    assert employment == {
        "kind": "position",
        "organisation": "common:name",
        "unit": "department-name",
        "role": "role-title",
        "location": "common:city, common:region, AF",
        "start": "1948-02-02",
        "end": "1948-02-02",
    }
    assert len(profile["education"]) == 4  # three educations and one qualification
    assert profile["awards"] == [
        {
            "title": "role-title",
            "awarder": "common:name",
            "date": "1948-02-02",
            "note": "department-name",
        }
    ]
    roles = [(s["role"], s["venues"], s.get("start")) for s in profile["service"]]
    assert roles == [
        ("role-title", ["common:name"], "1948-02-02"),  # the membership
        ("role-title", ["common:name"], "1949-02-02"),  # the two services
        ("role-title", ["common:name"], "1948-02-02"),
        ("Reviewer", ["ORCID"], "2012"),  # the peer review, by its convening organisation
    ]
    assert profile["interests"] == ["keyword1"]
    assert record.ignored["fundings"] == 1
    assert record.ignored["research resources"] == 1
    assert record.ignored["countries"] == 3
    assert record.metrics == [
        {"name": "papers", "value": 1, "source": "ORCID", "as_of": "2026-01-15"}
    ]
    # The one work: its `self` DOI is "work:doi", which is no DOI, and the DOI that is one is
    # `version-of` another version, so the paper has no DOI — and says why.
    (paper,) = record.papers
    assert paper["title"] == "Work Title"
    assert paper["venue"] == "Jounral Title"
    assert paper["type"] == "journal"
    assert paper["date"] == "2012-10-01" and paper["year"] == 2012
    assert paper["links"] == {"url": "http://alt-uri.org"}
    assert any("`work:doi` is not a DOI" in w for w in record.warnings)


def test_orcid_real_record_of_the_demo_account() -> None:
    record = read("orcid", fixture_literal("orcid-carberry-record-3.0.py"))
    profile = record.profile
    assert profile["name"] == "Josiah Carberry"
    assert profile["aliases"] == ["Josiah Stinkney Carberry", "J. Carberry", "J. S. Carberry"]
    assert profile["summary"].startswith("Josiah Carberry is a fictitious person.")
    assert "\n\nJosiah Stinkney Carberry is a fictional professor" in profile["summary"]
    assert profile["interests"] == ["psychoceramics", "ionian philology"]
    assert profile["links"]["orcid"] == "https://orcid.org/0000-0002-1825-0097"
    assert [(e["organisation"], e["role"], e["start"]) for e in profile["experience"]] == [
        ("Wesleyan University", "Professor", "1930-02"),
        ("Brown University", "Professor", "1929-02"),
    ]
    assert profile["experience"][0]["location"] == "Middletown, CT, US"
    # Six work groups, one of them held by two sources: six papers, one per work.
    assert len(record.papers) == 6
    titles = [p["title"] for p in record.papers]
    assert titles.count("A Methodology for the Emulation of Architecture") == 1
    assert record.papers[0]["links"] == {"doi": "10.5555/12345680"}
    assert record.papers[0]["issn"] == "0264-3561"  # `part-of`: the journal's, not a DOI
    assert record.metrics[0]["value"] == 6


def test_orcid_v2_record_reads_too() -> None:
    record = read("orcid", fixture_literal("orcid-ads-profile-api-v2.py"))
    assert record.profile["name"] == "Cecilia Payne"
    assert record.profile["links"]["orcid"] == "https://sandbox.orcid.org/0000-0001-8868-9743"
    assert len(record.papers) == 9
    first = record.papers[0]
    assert first["title"] == (
        "A novel small deletion in the NHS gene associated with Nance-Horan syndrome"
    )
    assert first["links"]["doi"] == "10.1038/s41598-018-20787-2"
    assert first["type"] == "journal" and first["date"] == "2018-12"
    # Bibcodes have no place in a paper; they are counted, not dropped silently.
    assert record.ignored["work ids with no place in a paper (PubMed, bibcode, handle…)"] == 8


def test_orcid_full_works_give_authors_in_order_with_their_orcid_ids() -> None:
    work = fixture_json("orcid-work-51-contributors-3.0.json")
    record = read("orcid", work)
    (paper,) = record.papers
    # 51 contributors: 2 authors, 31 co-investigators, a principal investigator, a graduate
    # student, a postdoc and a co-inventor wrote it; 11 support staff, an assignee, a
    # translator and the editor did not.
    assert len(work["contributors"]["contributor"]) == 51
    assert len(paper["authors"]) == 37
    assert paper["editors"] == ["Jessica"]
    assert paper["authors"][:2] == ["Jordan", "Fran"]
    assert paper["author_ids"][:2] == ["orcid:0000-0002-5391-5437", "orcid:0000-0002-4325-871X"]
    assert len(paper["author_ids"]) == len(paper["authors"])
    assert paper["title"] == "Work title: Work subtitle"


def test_orcid_bulk_response_of_several_works() -> None:
    record = read("orcid", fixture_json("orcid-bulk-works-3-works-3.0.json"))
    assert [p["title"] for p in record.papers] == [
        "Work Title 1: Work 1 subtitle",
        "Work Title 2",
        "Work Title 3: Work 3 subtitle",
    ]
    assert record.papers[1]["authors"] == ["Jordan"]
    assert record.papers[1]["links"]["doi"] == "10.1012/j.crvasa.2015.05.008"


def test_orcid_full_work_matched_to_its_group_by_put_code() -> None:
    record_doc = fixture_json("orcid-record-full-3.0.json")
    work = fixture_json("orcid-work-51-contributors-3.0.json")
    work["put-code"] = 178602  # the put-code of the record's one work
    record = read("orcid", record_doc, {"bulk": [{"work": work}]})
    (paper,) = record.papers  # one paper: the summary and the full work are one work
    assert len(paper["authors"]) == 37
    assert paper["venue"] == "Journal title"  # the full work's venue first


def test_orcid_id_is_checked() -> None:
    orcid = SERVICES["orcid"]
    assert orcid.parse_id("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    with pytest.raises(ValueError, match="check digit"):
        orcid.parse_id("0000-0002-1825-0098")
    with pytest.raises(ValueError, match="is not an ORCID iD"):
        orcid.parse_id("Josiah Carberry")


# --- DBLP ---------------------------------------------------------------------------------


def test_dblp_person_page() -> None:
    record = read("dblp", fixture_bytes("dblp-person-95-7448-1.xml"))
    profile = record.profile
    assert record.source_id == "95/7448-1"
    assert profile["name"] == "Di Xu"  # "Di Xu 0001": DBLP's homonym number dropped
    assert "aliases" not in profile  # the homonym `Di Xu` is another person
    assert profile["affiliation"].startswith("University of British Columbia")
    assert profile["links"] == {"dblp": "https://dblp.org/pid/95/7448-1"}
    assert record.metrics == [
        {"name": "papers", "value": 8, "source": "DBLP", "as_of": "2026-01-15"}
    ]
    assert len(record.papers) == 8
    first = record.papers[0]
    assert first == {
        "title": "Automatic stereoscopic 3D video reframing",
        "authors": ["Lino Coria-Mendoza", "Di Xu", "Panos Nasiopoulos"],
        "author_ids": ["dblp:32/5783", "dblp:95/7448-1", "dblp:55/3871"],
        "venue": "3DTV-Conference",
        "year": 2012,
        "type": "conference",
        "booktitle": "3DTV-Conference",
        "pages": "1-4",
        "links": {
            "dblp": "https://dblp.org/rec/conf/3dtv/Coria-MendozaXN12",
            "doi": "10.1109/3DTV.2012.6365428",
        },
    }
    article = next(p for p in record.papers if p["type"] == "journal")
    assert article["title"] == "Correction of Clipped Pixels in Color Images"
    assert (article["journal"], article["volume"], article["number"]) == (
        "IEEE Trans. Vis. Comput. Graph.",
        "17",
        "3",
    )
    assert article["links"]["doi"] == "10.1109/TVCG.2010.63"
    # The Wikidata entry among the record's `ee`s is not the paper's page.
    assert all("wikidata" not in p.get("links", {}).get("url", "") for p in record.papers)


def test_dblp_refuses_a_document_type_declaration() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        b'<dblpperson name="&a;" pid="1/1"></dblpperson>'
    )
    with pytest.raises(FetchError, match="document type declaration"):
        read("dblp", hostile)
    with pytest.raises(FetchError, match="malformed XML"):
        read("dblp", fixture_bytes("dblp-person-95-7448-1.xml")[:700])


# --- OpenAlex -----------------------------------------------------------------------------


def test_openalex_author_and_work() -> None:
    author = fixture_json("openalex-author-A5023888391.json")
    work = fixture_json("openalex-work-W2741809807.json")
    record = read("openalex", author, {"meta": {"count": 1}, "results": [work]})
    profile = record.profile
    assert profile["name"] == "Jason Priem"
    # "Priem Jason" is the same name reordered, not another spelling.
    assert "aliases" not in profile
    assert profile["links"] == {
        "openalex": "https://openalex.org/A5023888391",
        "orcid": "https://orcid.org/0000-0001-6187-6610",
    }
    assert profile["affiliation"] == "OurResearch"
    assert {m["name"]: m["value"] for m in record.metrics} == {
        "h-index": 17,
        "i10-index": 20,
        "citations": 3890,
        "papers": 62,
    }
    assert all(m["source"] == "OpenAlex" and m["as_of"] == "2026-01-15" for m in record.metrics)
    (paper,) = record.papers
    assert paper["title"].startswith("The state of OA")
    assert paper["authors"][:2] == ["Heather Piwowar", "Jason Priem"]
    assert paper["author_ids"][1] == "orcid:0000-0001-6187-6610 openalex:A5023888391"
    assert len(paper["author_ids"]) == len(paper["authors"]) == 9
    assert paper["links"]["doi"] == "10.7717/peerj.4375"
    assert paper["links"]["openalex"] == "https://openalex.org/W2741809807"
    assert paper["links"]["pdf"] == "https://peerj.com/articles/4375.pdf"
    assert (paper["venue"], paper["type"], paper["year"]) == ("PeerJ", "journal", 2018)
    assert (paper["volume"], paper["pages"]) == ("6", "e4375")
    assert paper["abstract"].startswith("Despite growing interest in Open Access")


def test_openalex_abstract_is_rebuilt_in_word_order() -> None:
    assert abstract({"world": [1], "Hello": [0], "again": [3], "hello": [2]}) == (
        "Hello world hello again"
    )
    assert abstract({"bad": ["x", -1, 10**9]}) == ""


# --- Semantic Scholar -----------------------------------------------------------------------


def test_semantic_scholar_author_with_papers() -> None:
    record = read("semanticscholar", fixture_json("s2-author-turing.json"))
    assert record.source_id == "2262347"
    assert record.profile["name"] == "A. Turing"
    assert record.profile["aliases"] == ["Alan M. Turing"]  # the DBLP name S2 knows
    assert record.profile["links"] == {
        "semantic_scholar": "https://www.semanticscholar.org/author/2262347"
    }
    assert "affiliation" not in record.profile  # `affiliations: []`, `homepage: null`
    assert {m["name"]: m["value"] for m in record.metrics} == {
        "h-index": 23,
        "citations": 12415,
        "papers": 60,
    }
    assert len(record.papers) == 60
    review = next(p for p in record.papers if p["title"].startswith("Review of two collections"))
    assert review["authors"][:2] == ["A. Turing", "Jonathan P. Bowen"]
    assert review["author_ids"][:2] == ["s2:2262347", "s2:1772040"]
    assert (review["venue"], review["type"], review["volume"]) == ("Cryptologia", "journal", "44")
    first = record.papers[0]
    assert "artiﬁcial intelligence" in first["abstract"]  # ligatures kept as written
    assert "links" not in first or "doi" not in first["links"]


def test_semantic_scholar_recorded_pages_of_papers() -> None:
    pages = cassette("s2-author-papers-1723755.yaml")
    record = read("semanticscholar", *[fixture for fixture in map(_json, pages)])
    assert len(pages) == 9
    assert len(record.papers) == 875  # 8 full pages of 100 and one of 75
    assert (
        record.papers[0]["title"] == "SARS-CoV-2 hijacks p38β/MAPK11 to promote virus replication"
    )


def _json(interaction: dict) -> object:
    import json

    return json.loads(interaction["body"])


# --- untrusted text -----------------------------------------------------------------------


def test_fetched_text_is_sanitised_and_bounded() -> None:
    doc = copy.deepcopy(fixture_json("s2-author-turing.json"))
    doc["name"] = "A. Turing\x1b]52;c;ZXZpbA==\x07\u202e"
    doc["papers"][0]["title"] = "Title\x1b[31m red\nwith a line break"
    doc["papers"][0]["abstract"] = "x" * 300_000
    record = read("semanticscholar", doc)
    assert "\x1b" not in record.profile["name"] and "\u202e" not in record.profile["name"]
    assert record.profile["name"].startswith("A. Turing␛")
    assert record.papers[0]["title"] == "Title␛[31m red with a line break"
    assert len(record.papers[0]["abstract"]) == 100_000


def test_a_response_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="not a Semantic Scholar"):
        read("semanticscholar", fixture_json("openalex-author-A5023888391.json")["ids"])
    with pytest.raises(ValueError, match="not an ORCID record"):
        read("orcid", {"hello": "world"})
