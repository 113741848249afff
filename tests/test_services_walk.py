"""A walk through the app after two imports into existing, hand-written profiles: a recorded
ORCID record (ORCID's demo account, Josiah Carberry) and a recorded Semantic Scholar author
(A. Turing). The papers the profiles already listed are merged, not repeated, and the
metrics show where they come from and when they were read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cvtui.app import CvtuiApp
from cvtui.cli import main
from cvtui.config import Config
from cvtui.core.loading import load_paths
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from service_replay import FIXTURES, fixture_literal
from settling import settle
from test_app_views import TEST_TODAY, screen_text
from test_services_import import HAND_WRITTEN

CARBERRY = """\
name = "Josiah Carberry"
affiliation = "Brown University"

[[papers]]
title = "A Methodology for the Emulation of Architecture"
venue = "Journal of Psychoceramics"
year = 2012
summary = "My favourite."

[papers.links]
doi = "10.5555/12345680"
"""


def detail_text(view: object) -> str:
    return " ".join(view.detail.plain_text.split())  # type: ignore[attr-defined]


def imported_lab(tmp_path: Path) -> Path:
    lab = tmp_path / "lab"
    lab.mkdir()
    (lab / "alan-turing.toml").write_text(HAND_WRITTEN, encoding="utf-8")
    (lab / "josiah-carberry.toml").write_text(CARBERRY, encoding="utf-8")
    # The ORCID record is kept as the Python literal its test suite holds; as the API sends it,
    # it is JSON.
    record = tmp_path / "carberry-record.json"
    record.write_text(json.dumps(fixture_literal("orcid-carberry-record-3.0.py")))
    assert (
        main(
            [
                "import",
                "orcid",
                "0000-0002-1825-0097",
                "--person",
                "josiah-carberry",
                "--file",
                str(record),
                "--dir",
                str(lab),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "import",
                "semanticscholar",
                "2262347",
                "--person",
                "alan-turing",
                "--file",
                str(FIXTURES / "s2-author-turing.json"),
                "--dir",
                str(lab),
            ]
        )
        == 0
    )
    return lab


async def test_imported_works_and_metrics_in_the_app(tmp_path: Path) -> None:
    library = load_paths([imported_lab(tmp_path)])
    assert not [p for p in library.problems if p.severity == "error"]
    today = dt.date.today().isoformat()
    app = CvtuiApp(library, config=Config(animation=False), today=TEST_TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        people = app.query_one(PeopleView)
        assert people.list.item == 0 and app.current_person == "alan-turing"
        card = detail_text(people)
        assert f"h-index: 23 (Semantic Scholar, as of {today})" in card
        assert "citations: 99999 (Google Scholar, as of 2025-01)" in card  # hand-written, kept
        assert f"papers: 60 (Semantic Scholar, as of {today})" in card
        assert "Papers 60" in card
        await pilot.press("p")
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.scope == "alan-turing"
        assert len(papers.list.items) == 60  # 58 added + 2 the profile had: none twice
        titles = [library.papers[i].title for i in papers.list.items]
        assert titles.count("Computing Machinery and Intelligence (1950)") == 1
        assert "Review of two collections of essays about Alan Turing" in titles
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.current_person == "josiah-carberry"
        card = detail_text(people)
        assert f"papers: 6 (ORCID, as of {today})" in card
        assert "Professor" in card and "Wesleyan University" in card
        assert "Papers 6" in card  # six works; the one the profile listed is not repeated
        await pilot.press("p")
        await settle(pilot)
        titles = [library.papers[i].title for i in papers.list.items]
        assert len(titles) == 6
        assert titles.count("A Methodology for the Emulation of Architecture") == 1
        screen = screen_text(app)
        assert "Papers of Josiah Carberry 6" in screen
        assert "A Methodology for the Emulation of" in screen  # the detail pane's title
