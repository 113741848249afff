"""CSL-JSON import and export, rule by rule (the real-file proofs are in test_exchange_roundtrip)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from cvtui.core.exchange.csl import paper_to_csl, papers_to_csl_json, read_csl_json
from cvtui.core.loading import load_paths
from cvtui.core.model import Paper, PaperLinks

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "exchange" / "csl" / "csl-data.schema.json").read_text()
)


def one(item: dict) -> dict:
    result = read_csl_json(json.dumps([item]), "t.json")
    assert len(result.papers) == 1, result.problems
    return result.papers[0].fields


def test_csl_item_maps_onto_the_paper_record() -> None:
    paper = one(
        {
            "id": "ji2023",
            "type": "paper-conference",
            "title": "BeaverTails <i>for</i> LLMs",
            "author": [
                {"family": "Ji", "given": "Jiaming"},
                {"family": "Márquez", "given": "Gabriel", "non-dropping-particle": "García"},
                {"literal": "Google DeepMind"},
            ],
            "container-title": "Advances in Neural Information Processing Systems",
            "issued": {"date-parts": [[2023, 12]]},
            "page": "1-7",
            "volume": 36,
            "DOI": "https://doi.org/10.1/x",
            "URL": "https://arxiv.org/abs/2307.04657",
            "keyword": "safety, alignment",
            "archive": "arXiv",
        }
    )
    assert paper["title"] == "BeaverTails for LLMs"
    assert paper["authors"] == ["Jiaming Ji", "Gabriel García Márquez", "Google DeepMind"]
    assert paper["family_names"]["Google DeepMind"] == "Google DeepMind"
    assert (paper["venue"], paper["type"], paper["year"], paper["date"]) == (
        "NeurIPS",
        "conference",
        2023,
        "2023-12",
    )
    assert (paper["pages"], paper["volume"], paper["keywords"]) == (
        "1-7",
        "36",
        ["safety", "alignment"],
    )
    assert paper["links"] == {
        "url": "https://arxiv.org/abs/2307.04657",
        "doi": "10.1/x",
        "arxiv": "2307.04657",
    }
    assert paper["extra"] == {"archive": "arXiv"}


def test_dates_the_model_cannot_hold_are_kept_whole() -> None:
    ranged = one(
        {
            "id": "a",
            "type": "book",
            "title": "T",
            "issued": {"date-parts": [[2014, 12, 31], [2015, 1, 1]]},
        }
    )
    assert (ranged["date"], ranged["extra"]["issued"]) == ("2014-12-31", "2014-12-31/2015-01-01")
    bc = one({"id": "b", "type": "book", "title": "T", "issued": {"date-parts": [[-334]]}})
    assert "year" not in bc and json.loads(bc["extra"]["issued"]) == {"date-parts": [[-334]]}


def test_pandoc_references_shape_bad_items_and_bad_json() -> None:
    result = read_csl_json(
        json.dumps(
            {
                "references": [
                    {"id": "a", "type": "book", "title": "T"},
                    3,
                    {"id": "x", "type": "book"},
                ]
            },
            indent=1,
        ),
        "p.json",
    )
    assert [p.key for p in result.papers] == ["a"]
    assert [why for _, _, why in result.skipped] == ["not an object", "no title"]
    broken = read_csl_json('[\n  {"id": "a",\n  "title": }\n]', "b.json")
    assert broken.papers == [] and broken.problems[0].line == 3


def test_export_puts_what_csl_has_no_variable_for_into_custom() -> None:
    paper = Paper(
        title="T",
        authors=("Jiaming Ji*", "B Two"),
        venue="NeurIPS",
        year=2023,
        type="conference",
        links=PaperLinks(arxiv="2307.04657", code="https://github.com/x/y"),
        extra={"abbr": "NeurIPS", "urldate": "2024-01-02", "translator": "Doe, Jane"},
    )
    item = paper_to_csl(paper, "ji2023t")
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors([item])) == []
    assert item["container-title"] == "Advances in Neural Information Processing Systems"
    assert item["container-title-short"] == "NeurIPS"
    assert item["accessed"] == {"date-parts": [[2024, 1, 2]]}
    assert item["translator"] == [{"family": "Doe", "given": "Jane"}]
    assert item["custom"] == {
        "arxiv": "2307.04657",
        "code": "https://github.com/x/y",
        "abbr": "NeurIPS",
    }
    assert item["note"] == "Equal contribution: Jiaming Ji"


def test_bundled_profiles_export_valid_csl_json() -> None:
    library = load_paths([Path(__file__).resolve().parents[1] / "profiles"])
    items = json.loads(papers_to_csl_json(library.papers))
    assert len(items) == len(library.papers)
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(items)) == []
    assert len({i["id"] for i in items}) == len(items)
