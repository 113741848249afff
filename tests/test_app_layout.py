"""Layout over SSH-sized terminals, colour modes, and loading in the background."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.model import Library
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from settling import settle

TEST_TODAY = dt.date(2026, 1, 15)
PROFILES = Path(__file__).resolve().parents[1] / "profiles"


def make_app(library: Library | None = None, **kwargs: Any) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False), today=TEST_TODAY, **kwargs)


def screen_text(app: App[Any]) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


@pytest.mark.parametrize("key", ["1", "2", "3"])
async def test_every_view_fits_80x24(bundled_library: Library, key: str) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await settle(pilot)
        assert not app.screen.has_class("-narrow") and not app.screen.has_class("-too-small")
        text = screen_text(app).splitlines()
        assert len(text) == 24
        assert "1 People" in text[0] and "3 Papers" in text[0]
        assert "Quit" in text[-1] or "Help" in text[-1]


async def test_narrow_terminal_shows_one_pane_at_a_time(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(70, 22)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        view = app.query_one(PeopleView)
        assert view.list.display and view.list.region.width > 0
        assert view.detail.region.width == 0
        await pilot.press("l")
        await settle(pilot)
        assert view.detail.region.width > 60
        assert view.list.region.width == 0
        await pilot.press("h")
        await settle(pilot)
        assert view.list.region.width > 60
        await pilot.press("3", "l")
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.detail.region.width > 60


async def test_tiny_terminal_says_too_small(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(28, 7)) as pilot:
        await settle(pilot)
        assert "Terminal too small" in screen_text(app)
        assert "People" not in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert "Terminal too small" not in screen_text(app)
        assert "1 People" in screen_text(app)


@pytest.mark.parametrize("size", [(50, 15), (100, 19), (59, 30), (40, 12)])
async def test_below_60x20_a_reduced_layout_still_browses(
    bundled_library: Library, size: tuple[int, int]
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "too small" not in text
        assert app.screen.has_class("-reduced") and app.screen.has_class("-narrow")
        lines = text.splitlines()
        assert "1 People" in lines[0] and "28 papers" in lines[0]
        assert "2 Timeline" not in lines[0]  # only the current view's tab
        assert "Mickel Liu" in text
        await pilot.press("j", "3")
        await settle(pilot)
        assert app.view == "papers"
        text = screen_text(app)
        assert "3 Papers" in text.splitlines()[0] and "Title" in text
        assert all(len(line) <= size[0] for line in text.splitlines())
        await pilot.press("l")  # the detail, alone
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.detail.region.width > 0 and papers.list.region.width == 0


async def test_keys_other_than_quit_do_nothing_while_too_small(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(28, 7)) as pilot:
        await settle(pilot)
        assert "needs at least 30×8" in screen_text(app)
        people = app.query_one(PeopleView)
        screen, cursor = app.screen, people.list.cursor
        await pilot.press("slash", "3", "j")
        await settle(pilot)
        assert app.screen is screen  # no search screen
        assert app.view == "people"
        assert people.list.cursor == cursor
        assert "needs at least 30×8" in screen_text(app)
        await pilot.press("q")
        assert app.return_code is not None


async def test_no_color_and_sixteen_colours_still_draw(
    bundled_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        text = screen_text(app)
        assert bundled_library.people[0].name in text
        # the cursor is also a glyph, not only a colour
        assert "▌" in text


async def test_no_animation_over_ssh(
    bundled_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = CvtuiApp(bundled_library, config=Config(animation=True), today=TEST_TODAY)
    assert app.animation_level == "none"
    assert app.cursor_blink is False


async def test_app_comes_up_before_loading_and_then_shows_people() -> None:
    app = make_app(None, paths=[str(PROFILES)], no_cache=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.library is not None and len(app.library.people) == 3
        assert app.query_one(PeopleView).list.has_focus
        assert not app.query("#loading")


class NeverLoads(CvtuiApp):
    """Stays in the loading state so the progress display can be checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loading.start = lambda: None  # type: ignore[method-assign]


async def test_loading_shows_progress() -> None:
    app = NeverLoads(None, config=Config(animation=False), paths=[str(PROFILES)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Loading profiles" in screen_text(app)
        app.loading.show_progress(120, 1000)
        await settle(pilot)
        assert "120 of 1,000" in screen_text(app)
        await pilot.press("2", "slash", "question_mark")
        assert app.view == "people"  # nothing to switch to yet, and nothing breaks
