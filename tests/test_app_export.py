"""`x` saves the BibTeX of the list on screen to a file the user names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from textual.widgets import Input

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.model import Library, Paper, Person
from cvtui.views.export import ConfirmScreen, FileNameScreen
from cvtui.views.help import HelpScreen
from cvtui.views.papers import PapersView
from cvtui.views.search import SearchScreen
from settling import settle as settle_screen

TEST_TODAY = dt.date(2026, 1, 15)


def make_app(library: Library) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False), today=TEST_TODAY)


def library(people: int = 3, papers: int = 6) -> Library:
    return Library(
        [
            Person(
                name=f"Person {p}",
                id=f"p{p}",
                papers=tuple(
                    Paper(
                        title=f"Paper {p}-{n} {'alpha' if n % 2 else 'beta'}",
                        authors=(f"Person {p}", "Other Author"),
                        venue="NeurIPS",
                        year=2000 + n,
                        type="conference",
                    )
                    for n in range(papers)
                ),
            )
            for p in range(people)
        ]
    )


async def settle(app: CvtuiApp, pilot: Any) -> None:
    await settle_screen(pilot)
    await app.workers.wait_for_complete()
    await settle_screen(pilot)


async def save_as(app: CvtuiApp, pilot: Any, path: Path) -> None:
    """Type ``path`` into the open file-name dialog and press enter."""
    assert isinstance(app.screen, FileNameScreen)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await settle(app, pilot)


def entries(path: Path) -> list[Any]:
    parsed = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    return list(parsed.entries)


def messages(app: CvtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_x_in_papers_saves_the_filtered_sorted_list(tmp_path: Path) -> None:
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "T", "slash", *"alpha", "enter")
        await settle(app, pilot)
        view = app.query_one(PapersView)
        shown = [app.library.papers[i].title for i in view.list.items]
        assert len(shown) == 9
        await pilot.press("x")
        assert isinstance(app.screen, FileNameScreen)
        assert app.screen.query_one(Input).value == "./cvtui-export.bib"
        target = tmp_path / "out.bib"
        await save_as(app, pilot, target)
        assert not isinstance(app.screen, FileNameScreen)
        assert f"Saved 9 entries to {target}" in messages(app)
    saved = entries(target)
    assert [e.fields_dict["title"].value.strip("{}") for e in saved] == shown
    assert all(e.entry_type == "inproceedings" for e in saved)


async def test_x_suggests_the_persons_file_name_for_their_papers(tmp_path: Path) -> None:
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "3", "a")  # the papers of the person of the paper there
        scope = app.query_one(PapersView).scope
        assert scope is not None
        await pilot.press("x")
        assert app.screen.query_one(Input).value == f"./{scope}-papers.bib"
        await pilot.press("escape")
        await pilot.press("1", "x")
        assert app.screen.query_one(Input).value == "./p1-papers.bib"
        await save_as(app, pilot, tmp_path / "p1.bib")
    assert len(entries(tmp_path / "p1.bib")) == 6


async def test_escape_cancels_and_writes_nothing(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, FileNameScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, FileNameScreen)
    assert list(tmp_path.iterdir()) == []


async def test_marked_people_export_all_their_papers(tmp_path: Path) -> None:
    app = make_app(library(people=4, papers=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "j", "j", "space", "x")
        assert app.screen.query_one(Input).value == "./cvtui-export.bib"
        title = str(app.screen.query_one("#export-title").render())
        assert "10 BibTeX entries" in title and "2 marked people" in title
        await save_as(app, pilot, tmp_path / "marked.bib")
    saved = entries(tmp_path / "marked.bib")
    assert len(saved) == 10
    assert {e.fields_dict["title"].value.split()[1][:2] for e in saved} == {"0-", "2-"}


async def test_an_existing_file_is_only_overwritten_when_confirmed(tmp_path: Path) -> None:
    target = tmp_path / "exists.bib"
    target.write_text("keep me\n", encoding="utf-8")
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await save_as(app, pilot, target)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("x")
        await save_as(app, pilot, target)
        await pilot.press("escape")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("x")
        await save_as(app, pilot, target)
        await pilot.press("y")
        await settle(app, pilot)
    assert len(entries(target)) == 6


async def test_search_results_export_their_paper_hits(tmp_path: Path) -> None:
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"alpha")
        await settle(app, pilot)
        screen = app.screen
        papers = [h for h in screen.hits if str(h.kind) in ("paper", "papers")]
        assert len(papers) == 9
        await pilot.press("down", "x")
        assert isinstance(app.screen, FileNameScreen)
        await save_as(app, pilot, tmp_path / "hits.bib")
        assert isinstance(app.screen, SearchScreen)  # back to the results
    saved = entries(tmp_path / "hits.bib")
    assert sorted(e.fields_dict["title"].value.strip("{}") for e in saved) == sorted(
        h.title for h in papers
    )


async def test_bad_places_are_reported_not_raised(tmp_path: Path, monkeypatch: Any) -> None:
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await save_as(app, pilot, tmp_path / "missing-dir" / "out.bib")
        await pilot.press("x")
        await save_as(app, pilot, tmp_path)
        import cvtui.core.atomic as atomic

        def refuse(path: Any, text: str) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(atomic, "atomic_write_text", refuse)
        await pilot.press("x")
        await save_as(app, pilot, tmp_path / "denied.bib")
        assert app.is_running
        found = messages(app)
    assert any("there is no directory" in m and "missing-dir" in m for m in found)
    assert any("it is a directory" in m for m in found)
    assert any(m == f"Could not save {tmp_path / 'denied.bib'}: Permission denied" for m in found)
    assert not (tmp_path / "denied.bib").exists()


async def test_the_saved_path_is_shown_literally(tmp_path: Path) -> None:
    target = tmp_path / "[red]out[b].bib"
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await save_as(app, pilot, target)
        note = app._notifications
        assert any(f"Saved 6 entries to {target}" == str(n.message) for n in note)
        assert all(not n.markup for n in note)
    assert target.exists()


async def test_x_and_e_are_listed_in_help() -> None:
    app = make_app(library())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.plain_text
        assert "app.export" in text and "app.edit" in text


@pytest.mark.parametrize("view", ["1", "3"])
async def test_x_with_nothing_to_save_says_so(view: str) -> None:
    app = make_app(Library([Person(name="Nobody", id="nobody")]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(view, "x")
        assert not isinstance(app.screen, FileNameScreen)
        assert "No papers to save here." in messages(app)
