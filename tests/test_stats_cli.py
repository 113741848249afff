"""``cvtui stats``: the Insights figures for scripts, checked against the known numbers of
tests/fixtures/insights (see tests/test_insights.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cvtui.cli import main

LAB = Path(__file__).resolve().parent / "fixtures" / "insights"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["stats", str(LAB), *args])
    out, err = capsys.readouterr()
    return code, out, err


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, "--json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_library_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys)
    assert data["scope"] == {
        "kind": "library",
        "label": "the whole library",
        "people": [],
        "works": 9,
    }
    (series,) = data["output"]["series"]
    years = {y["year"]: (y["works"], y["first"], y["by_type"]) for y in series["years"]}
    assert years == {
        2019: (1, 1, {"journal": 1}),
        2021: (1, 1, {"conference": 1}),
        2022: (2, 2, {"conference": 1, "journal": 1}),
        2023: (4, 3, {"conference": 2, "preprint": 1, "workshop": 1}),
        None: (1, 1, {"blog": 1}),
    }
    top = [(v["venue"], v["works"]) for v in data["venues"]["top"]]
    assert top[:2] == [("ICLR", 2), ("NeurIPS", 2)]
    assert data["venues"]["top"][1]["years"] == [
        {"year": 2021, "works": 1},
        {"year": 2023, "works": 1},
    ]
    assert data["venues"]["no_venue"] == 1
    pairs = [(p["people"], p["works"]) for p in data["pairs"]["top"]]
    assert pairs[:2] == [(["ada", "ben"], 4), (["ada", "cleo"], 2)]
    assert data["pairs"]["distinct"] == 6
    assert data["pairs"]["matrix"]["cells"][0] == [7, 4, 2, 1]


def test_shared_work_once_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys)
    (series,) = data["output"]["series"]
    (year_2021,) = [y for y in series["years"] if y["year"] == 2021]
    assert year_2021["work_keys"] == ["arxiv:2101.00001"]  # listed by Ada and by Ben


def test_one_person_and_their_first_author_works(capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--person", "ada")
    (series,) = data["output"]["series"]
    assert (series["works"], series["first"], series["undated"]) == (7, 4, 1)
    coauthors = [(c["name"], c["person"], c["works"]) for c in data["coauthors"]["top"]]
    assert coauthors == [
        ("Ben Okafor", "ben", 4),
        ("Cleo Martin", "cleo", 2),
        ("Zed Outsider", None, 2),
        ("Dev Patel", "dev", 1),
    ]
    metrics = data["reported_metrics"]["metrics"]
    assert [(m["name"], m["value"], m["source"], m["as_of"]) for m in metrics] == [
        ("h-index", 12, "Google Scholar", "2025-06"),
        ("citations", 340, "Semantic Scholar", None),
    ]


def test_several_people_and_a_query(capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--person", "ada", "--person", "dev", "--figure", "output")
    assert set(data) == {"scope", "output"}
    assert data["scope"]["works"] == 8
    assert [s["person"] for s in data["output"]["series"]] == ["ada", "dev"]
    assert [s["works"] for s in data["output"]["series"]] == [7, 2]
    found = stats_json(capsys, "--query", "Scaling Laws for Care", "--no-works")
    assert found["scope"]["kind"] == "works" and found["scope"]["works"] >= 1
    assert "work_keys" not in json.dumps(found)


def test_plain_text_tables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--person", "ada", "--figure", "venues", "--figure", "pairs")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Scope: Ada Lovelace · 7 works"
    assert "Venues" in lines and "Shared works" in lines
    neurips = next(line for line in lines if line.startswith("NeurIPS  "))
    assert "Advances in Neural Information Processing Systems" in neurips
    assert neurips.split()[-1] == "2021" and neurips.split()[-2] == "1"
    assert "\x1b" not in out  # plain text, no colour


def test_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--person", "nobody")
    assert code == 2 and "no profile with id `nobody`" in err
    code, _, err = run(capsys, "--limit", "0")
    assert code == 2 and "--limit" in err
