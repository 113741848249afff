"""Works in the running app: one row per work, who holds it, where profiles disagree.

The fixture is a two-person lab (tests/fixtures/works): Ana's and Bo's profiles both list one
paper — Ana its ICLR version, Bo its arXiv preprint, each with a summary of their own — and
Bo's profile alone lists a survey Ana co-wrote.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.cli import main
from cvtui.config import Config
from cvtui.core.loading import load_paths
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from settling import settle
from test_app_views import TEST_TODAY, screen_text

LAB = Path(__file__).parent / "fixtures" / "works"


def make_app() -> CvtuiApp:
    return CvtuiApp(load_paths([LAB]), config=Config(animation=False), today=TEST_TODAY)


def detail_text(view: Any) -> str:
    return " ".join(view.detail.plain_text.split())


async def test_papers_view_lists_each_work_once_with_its_disagreements() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        view = app.query_one(PapersView)
        assert len(view.list.items) == 3  # four entries, three works
        assert "All papers 3" in screen_text(app)
        assert "3 papers" in screen_text(app)
        text = detail_text(view)
        assert text.startswith("Shared Ideas for Safe Agents")
        assert "Venue: ICLR (Ana Núñez) · arXiv (Bo Li)" in text
        assert "Year: 2024 (Ana Núñez) · 2023 (Bo Li)" in text
        assert "Type: conference (Ana Núñez) · preprint (Bo Li)" in text
        assert "Summary — Ana Núñez Ana's note" in text
        assert "Summary — Bo Li Bo's note" in text
        assert "Grouped: same arXiv id 2401.00001" in text
        assert "→ Ana Núñez lists it" in text and "→ Bo Li lists it" in text


async def test_p_cycles_through_the_people_of_a_work() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.view == "papers" and app.current_person == "bo"
        assert app.query_one(PapersView).scope == "bo"


async def test_a_person_s_papers_include_a_work_only_a_coauthor_lists() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        people = app.query_one(PeopleView)
        assert people.list.item == 0  # Ana
        card = detail_text(people)
        assert "Papers 3" in card
        assert "2021 A Survey of Agents that Share TMLR (in Bo Li's profile)" in card
        assert "Ana Núñez" in screen_text(app) and " 3 " in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.scope == "ana" and len(papers.list.items) == 3
        assert "1 via co-authors (co)" in screen_text(app)
        survey = next(
            n for n, w in enumerate(papers.list.items) if "Survey" in app.library.papers[w].title
        )
        assert papers.cells(papers.list.items[survey])[-1] == "co"


def test_search_json_gives_one_hit_per_work_with_its_profiles(capsys: Any) -> None:
    assert (
        main(["search", "safe agents", "--kind", "papers", "--json", "--no-cache", str(LAB)]) == 0
    )
    hits = json.loads(capsys.readouterr().out)
    titles = [h["title"] for h in hits]
    assert titles.count("Shared Ideas for Safe Agents") == 1
    assert hits[0]["profiles"] == ["ana", "bo"]


def test_bibtex_export_writes_a_shared_work_once(capsys: Any) -> None:
    assert main(["export", "bibtex", "--no-cache", str(LAB)]) == 0
    text = capsys.readouterr().out
    titles = [line for line in text.splitlines() if line.lstrip().startswith("title")]
    assert len(titles) == 3  # three works (four entries)
    assert sum("Safe" in t and "Agents" in t for t in titles) == 1


def test_export_json_has_works_with_their_entries(capsys: Any) -> None:
    assert main(["export", "json", "--no-cache", str(LAB)]) == 0
    data = json.loads(capsys.readouterr().out)
    shared = next(w for w in data["works"] if w["title"] == "Shared Ideas for Safe Agents")
    assert shared["profiles"] == ["ana", "bo"]
    assert shared["entries"] == [
        {"profile": "ana", "index": 0, "id": "shared-ideas"},
        {"profile": "bo", "index": 0, "id": "shared-preprint"},
    ]
    assert shared["id"] == "arxiv:2401.00001"
    survey = next(w for w in data["works"] if w["title"].startswith("A Survey"))
    assert survey["profiles"] == ["bo"] and survey["people"] == ["bo", "ana"]


@pytest.mark.parametrize("person", ["ana", "bo"])
def test_export_bibtex_of_a_person_includes_coauthored_works(person: str, capsys: Any) -> None:
    assert main(["export", "bibtex", "--person", person, "--no-cache", str(LAB)]) == 0
    text = capsys.readouterr().out
    assert "{Survey} of {Agents} that {Share}" in text


def test_entries_option_exports_each_profile_entry(capsys: Any) -> None:
    assert main(["export", "bibtex", "--entries", "--no-cache", str(LAB)]) == 0
    titles = [
        line for line in capsys.readouterr().out.splitlines() if line.lstrip().startswith("title")
    ]
    assert len(titles) == 4  # Ana's and Bo's entries of the shared paper both
    assert main(["export", "csl-json", "--no-cache", str(LAB)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
