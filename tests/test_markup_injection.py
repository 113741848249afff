"""Profile text that looks like markup is shown exactly as typed, in every widget.

``[Re] Reproducing ...`` keeps its ``[Re]``; ``Smith [/bold] et al.`` does not crash;
``[@click=app.quit]x[/]`` is text, not a button that quits; ``[link=...]y[/link]`` is text, not
a hyperlink. Each view is driven through Pilot and the rendered screen (text *and* styles)
is checked: the literal strings are on it, and no segment carries a link or a click action
that came from profile text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.strip import Strip

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.loading import load_paths
from cvtui.core.model import Library
from hostile.payloads import MARKUP_TITLES, markup_profile, q
from settling import settle as settle_screen

TODAY = dt.date(2026, 1, 15)
SIZE = (200, 60)
BAD_FILE = "[@click=app.quit]file[bold].toml"
BAD_KEY = "[bold]key[/bold]"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    (tmp_path / "markup.toml").write_text(markup_profile(), encoding="utf-8")
    (tmp_path / BAD_FILE).write_text(f'name = "[i]Other[/i]"\n{q(BAD_KEY)} = 1\n', encoding="utf-8")
    lib = load_paths([tmp_path])
    assert len(lib.people) == 2
    return lib


def strips(app: CvtuiApp) -> list[Strip]:
    return app.screen._compositor.render_strips()


def screen_text(app: CvtuiApp) -> str:
    return "\n".join(strip.text for strip in strips(app))


def injected_styles(app: CvtuiApp) -> list[str]:
    """Links and click actions on screen that can only have come from profile markup."""
    found = []
    for y, strip in enumerate(strips(app)):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            if style.link and "example.org" in style.link:
                found.append(f"line {y}: link {style.link} on {segment.text!r}")
            meta = style.meta or {}
            click = str(meta.get("@click", ""))
            if "quit" in click and segment.text.strip() == "x":
                found.append(f"line {y}: click {click} on {segment.text!r}")
    return found


def position_of(app: CvtuiApp, text: str) -> tuple[int, int] | None:
    for y, strip in enumerate(strips(app)):
        x = strip.text.find(text)
        if x >= 0:
            return x, y
    return None


async def settle(app: CvtuiApp, pilot: Any) -> None:
    await settle_screen(pilot)
    await app.workers.wait_for_complete()
    await settle_screen(pilot)


async def check_screen(app: CvtuiApp, pilot: Any, *expected: str) -> str:
    """The app is alive, shows ``expected`` literally, and no markup became style."""
    await settle(app, pilot)
    assert app.is_running
    text = screen_text(app)
    for item in expected:
        assert item in text, f"{item!r} not shown literally on:\n{text}"
    assert injected_styles(app) == []
    return text


def make_app(library: Library) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False), today=TODAY)


async def select_markup_person(app: CvtuiApp, pilot: Any) -> str:
    """Move the People cursor to the markup profile; the screen showing its card."""
    await pilot.press("1")
    shown = await check_screen(app, pilot, "[b]Mark[/b] Up", "[i]Other[/i]")
    assert app.library is not None
    for _ in app.library.people:
        if "id: mark-up" in shown:
            break
        await pilot.press("down")
        shown = await check_screen(app, pilot)
    assert "id: mark-up" in shown, f"the card was not found:\n{shown}"
    return shown


async def test_people_view_and_card(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = await select_markup_person(app, pilot)
        assert "Smith [/bold] et al." in shown  # the headline
        assert "[link=https://example.org]y[/link]" in shown  # the affiliation
        assert "[@click=app.quit]x[/]" in shown  # an organisation
        for title in MARKUP_TITLES:  # the card's list of papers
            assert title in shown


async def test_papers_list_and_every_detail(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await check_screen(app, pilot, *MARKUP_TITLES)
        seen = set()
        for _ in range(len(MARKUP_TITLES) + 2):
            text = await check_screen(app, pilot)
            seen.update(t for t in MARKUP_TITLES if f"Summary of {t}" in text)
            await pilot.press("down")
        assert seen == set(MARKUP_TITLES), "each paper's detail shows its summary literally"
        await check_screen(
            app,
            pilot,
            "Smith [/bold]",
            "[@click=app.quit]Jones[/]",
            "[link=https://example.org]Venue[/link]",
        )


async def test_timeline(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select_markup_person(app, pilot)
        await pilot.press("2")
        text = await check_screen(app, pilot)
        for _ in range(len(MARKUP_TITLES) + 2):
            await pilot.press("down")
            text += await check_screen(app, pilot)
        for title in ("[Re] Reproducing Deep RL", "[@click=app.quit]x[/]"):
            assert title in text


async def test_problems_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file name and the key both look like markup (a relative path keeps the file name
    on one line of the detail pane)."""
    (tmp_path / BAD_FILE).write_text(f'name = "Other"\n{q(BAD_KEY)} = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(load_paths([Path(".")]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await check_screen(app, pilot, BAD_KEY, BAD_FILE)


async def test_search_screen_and_filter(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "slash", *"bold")  # the papers filter highlights matches
        await check_screen(app, pilot, "Smith [/bold] et al.", "[bold red]LOUD[/bold red] title")
        await pilot.press("escape")
        app.action_search("link")
        await check_screen(app, pilot, "[link=https://example.org]y[/link]")
        await pilot.press("down")
        await check_screen(app, pilot)


async def test_command_palette_hits(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"Reproducing")
        await pilot.pause(0.5)
        await check_screen(app, pilot, "[Re] Reproducing Deep RL")
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"click")
        await pilot.pause(0.5)
        await check_screen(app, pilot, "[@click=app.quit]x[/]")


async def test_notification_after_copy(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        for _ in range(len(MARKUP_TITLES)):
            text = screen_text(app)
            if "Summary of [link=https://example.org]y[/link]" in text:
                break
            await pilot.press("down")
            await settle(app, pilot)
        await pilot.press("c")
        await check_screen(app, pilot, "[link=https://example.org]y[/link]")
        assert (
            app.copying.last_copied is not None
            and "[link=https://example.org]y[/link]" in app.copying.last_copied
        )


async def test_clicking_click_markup_does_not_run_it(library: Library) -> None:
    """``[@click=app.quit]x[/]`` shown as text: clicking it does not quit."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        where = position_of(app, "[@click=app.quit]x[/]")
        assert where is not None
        x, y = where
        for dx in range(len("[@click=app.quit]x[/]")):
            await pilot.click(offset=(x + dx, y))
        await settle_screen(pilot)
        assert app.is_running
        assert app.return_code is None


async def test_insights_figures(library: Library) -> None:
    """Names, venues and titles in every Insights figure, chart and table, stay text."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select_markup_person(app, pilot)
        await pilot.press("4", "s")  # the scope: the markup person
        await check_screen(app, pilot, "[b]Mark[/b] Up")
        await pilot.press("right_square_bracket")
        await check_screen(app, pilot, "[link=https://example.org]Venue[/link]")
        await pilot.press("right_square_bracket")
        await check_screen(app, pilot, "Smith [/bold]", "[@click=app.quit]Jones[/]")
        await pilot.press("v")
        await check_screen(app, pilot, "Smith [/bold]", "[@click=app.quit]Jones[/]")
        for _ in range(6):
            await pilot.press("right_square_bracket")
            await check_screen(app, pilot)
        await pilot.press("v")
        for _ in range(8):
            await pilot.press("right_square_bracket")
            await check_screen(app, pilot)
