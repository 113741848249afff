"""A large cached set shows its people before their papers are decoded, then everything."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.cache import LibraryLoader
from cvtui.shell import loading as loading_module
from cvtui.shell.loading import Loading
from cvtui.views.papers import PapersView
from settling import settle
from test_app_views import TEST_TODAY, screen_text

OLD = 1_600_000_000_000_000_000


@pytest.fixture()
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CVTUI_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "lab"
    root.mkdir()
    for n in range(12):
        path = root / f"p{n:02d}.toml"
        path.write_text(
            f'name = "Person {n:02d}"\n\n[[papers]]\ntitle = "Study number {n}"\n'
            f'authors = ["Person {n:02d}", "Person {(n + 1) % 12:02d}"]\nyear = 2024\n',
            encoding="utf-8",
        )
        os.utime(path, ns=(OLD, OLD))
    LibraryLoader([root]).load()  # a warm cache, as on a second start
    return root


async def test_people_come_first_then_the_papers(
    lab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading_module, "PREVIEW_FROM_PEOPLE", 1)
    shown: list[tuple[bool, int]] = []
    ready = Loading.ready

    def spy(self: Loading, library: Any, reloader: Any = None) -> None:
        shown.append((library.partial, len(library.papers)))
        ready(self, library, reloader)

    monkeypatch.setattr(Loading, "ready", spy)
    app = CvtuiApp(paths=[lab], config=Config(animation=False), today=TEST_TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.library is not None and not app.library.partial:
                break
        await settle(pilot)
        assert shown[0] == (True, 0)  # the names, with the counts the cache keeps
        assert shown[-1][0] is False and shown[-1][1] == 12
        assert app.library is not None and app.library.work_count(0) == 2
        assert "12 people · 12 papers" in screen_text(app)
        assert "loading papers" not in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert len(app.query_one(PapersView).list.items) == 12


async def test_keys_wait_for_the_views_to_be_mounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key pressed between the library's arrival and its views' mounting (a busy machine)
    must not act on half a view: it once crashed the app with ``NoMatches VirtualList``."""
    profiles = Path(__file__).resolve().parents[1] / "profiles"
    seen: list[tuple[bool | None, bool | None]] = []
    ready = Loading.ready

    def ready_then_press(self: Loading, library: Any, reloader: Any = None) -> None:
        ready(self, library, reloader)
        app = self.app
        # Right after the mount was asked for, before it is done:
        seen.append((app.check_action("show_view", ("papers",)), app.check_action("quit", ())))

    monkeypatch.setattr(Loading, "ready", ready_then_press)
    app = CvtuiApp(paths=[profiles], config=Config(animation=False), today=TEST_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert seen == [(False, True)]  # view keys wait; quit does not
        assert app.check_action("show_view", ("papers",)) is not False
        await pilot.press("3")
        await settle(pilot)
        assert app.view == "papers"


async def test_a_cold_set_shows_its_people_while_the_works_are_grouped(
    lab: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import threading

    monkeypatch.setenv("CVTUI_CACHE_DIR", str(tmp_path / "empty-cache"))  # a first start
    monkeypatch.setattr(loading_module, "PREVIEW_FROM_PEOPLE", 1)
    grouping = threading.Event()
    build = LibraryLoader._build

    def held_build(self: LibraryLoader) -> Any:
        grouping.wait(10)  # the works are grouped only once the test has looked
        return build(self)

    monkeypatch.setattr(LibraryLoader, "_build", held_build)
    app = CvtuiApp(paths=[lab], config=Config(animation=False), today=TEST_TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            for _ in range(200):
                await pilot.pause(0.02)
                if app.library is not None and app.loading.preview_shown.is_set():
                    break
            await settle(pilot)
            assert app.library is not None and app.library.partial
            text = screen_text(app)
            assert "Person 00" in text and "12 people · … papers" in text
            rows = [line for line in text.splitlines() if "Person 01" in line]
            assert rows and all(line.split("▏")[0].rstrip().endswith("…") for line in rows)
            await pilot.press("e")  # no editor runs on a name not known exactly yet
            await settle(pilot)
            assert any("still loading" in str(n.message) for n in app._notifications)
            await pilot.press("4")
            await settle(pilot)
            assert "Reading the works" in screen_text(app)
            assert "No works in this scope" not in screen_text(app)
        finally:
            grouping.set()
        for _ in range(200):
            await pilot.pause(0.02)
            if app.library is not None and not app.library.partial:
                break
        await settle(pilot)
        assert "12 people · 12 papers" in screen_text(app)
        assert "Reading the works" not in screen_text(app)
