"""Snapshots of each view at 80×24 and 120×40 with the bundled profiles.

The config is the test one from conftest (no animation, so no cursor blink), the state file is
empty (so the default theme), and "today" is fixed for the timeline: the pictures repeat.
Update with ``pytest tests/test_snapshots.py --snapshot-update`` after checking the diffs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import load_config
from cvtui.core.loading import load_paths
from settling import settle as settle_details

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
TEST_TODAY = dt.date(2026, 1, 15)
SIZES = [(80, 24), (120, 40)]


def app() -> CvtuiApp:
    config, problems = load_config()
    assert not problems and config.animation is False
    return CvtuiApp(load_paths([PROFILES]), config=config, today=TEST_TODAY)


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await settle_details(pilot)


def pressing(*keys: str) -> Callable[[Any], Awaitable[None]]:
    """Press ``keys`` once the app has settled, and wait for the screen to follow them.

    (``snap_compare(press=...)`` takes the screenshot without waiting for the detail panes,
    which are drawn a frame after their lists.)
    """

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_people_view(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=pressing("j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_people_card_focused(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=pressing("j", "l", "j", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_view(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=pressing("space", "j", "2"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_papers_view(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=pressing("3", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_papers_filtered(snap_compare: Any, size: tuple[int, int]) -> None:
    async def type_filter(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("3", "slash", *"self play")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=size, run_before=type_filter)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=pressing("3", "question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    async def search(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("2", "ctrl+f", *"liu")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_marked_papers(snap_compare: Any, size: tuple[int, int]) -> None:
    """Two papers marked: the dot on their rows, the count in the caption."""
    keys = ("3", "space", "j", "j", "space")
    assert snap_compare(app(), terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_marked_people_and_events(snap_compare: Any, size: tuple[int, int]) -> None:
    """Two people marked, then two of their events in the Timeline."""
    keys = ("space", "j", "space", "2", "space", "j", "j", "space")
    assert snap_compare(app(), terminal_size=size, run_before=pressing(*keys))


def test_narrow_people_view(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(64, 20), run_before=pressing("j"))


def test_too_small(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(28, 7), run_before=settle)


@pytest.mark.parametrize("size", [(50, 15), (100, 19)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_reduced_layout(snap_compare: Any, size: tuple[int, int]) -> None:
    """Below 60×20: one pane, no footer, the current view's tab and the counts."""
    assert snap_compare(app(), terminal_size=size, run_before=pressing("j", "3"))


WORKS_LAB = Path(__file__).resolve().parent / "fixtures" / "works"


def lab_app() -> CvtuiApp:
    """The two-person lab, loaded by a relative path: the card shows where a profile comes
    from, and the picture must not depend on where the checkout lives."""
    config, problems = load_config()
    assert not problems
    here = os.getcwd()
    os.chdir(WORKS_LAB.parent)
    try:
        library = load_paths(["works"])
    finally:
        os.chdir(here)
    return CvtuiApp(library, config=config, today=TEST_TODAY)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_shared_work_with_disagreeing_entries(snap_compare: Any, size: tuple[int, int]) -> None:
    """A work two profiles list, with a venue, year and type each: who says what."""
    assert snap_compare(lab_app(), terminal_size=size, run_before=pressing("3", "l", "j", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_card_with_a_paper_only_a_coauthor_lists(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(lab_app(), terminal_size=size, run_before=pressing("l"))


INSIGHTS_LAB = Path(__file__).resolve().parent / "fixtures" / "insights"
FIGURES = ("output", "venues", "coauthors", "pairs", "matrix", "graph", "topics", "metrics")


def insights_app() -> CvtuiApp:
    config, problems = load_config()
    assert not problems
    return CvtuiApp(load_paths([INSIGHTS_LAB]), config=config, today=TEST_TODAY)


@pytest.mark.parametrize("colour", ["theme", "no-color"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("figure", FIGURES)
def test_insights_figure(
    snap_compare: Any,
    monkeypatch: pytest.MonkeyPatch,
    figure: str,
    size: tuple[int, int],
    colour: str,
) -> None:
    """Each Insights figure of the library, in the default theme and with NO_COLOR (where
    glyphs and numbers alone must tell the parts apart)."""
    if colour == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    steps = ["right_square_bracket"] * FIGURES.index(figure)
    assert snap_compare(insights_app(), terminal_size=size, run_before=pressing("4", *steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_insights_people_side_by_side(snap_compare: Any, size: tuple[int, int]) -> None:
    """Three marked people: one column each where they fit, else a line each per year."""
    keys = ("space", "down", "space", "down", "down", "space", "4", "s", "s")
    assert snap_compare(insights_app(), terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_insights_table(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = ("4", "s", "right_square_bracket", "right_square_bracket", "v")
    assert snap_compare(insights_app(), terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_compact_compare(snap_compare: Any, size: tuple[int, int]) -> None:
    """Three marked people, one lane each, with their paper counts, today's line and the
    event list naming whose each row is."""
    keys = ("space", "j", "space", "j", "space", "2")
    assert snap_compare(app(), terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_compact_compare_zoomed_and_filtered(
    snap_compare: Any, size: tuple[int, int]
) -> None:
    keys = ("space", "j", "space", "j", "space", "2", "plus", "slash", *"ant", "enter")
    assert snap_compare(app(), terminal_size=size, run_before=pressing(*keys))


def test_timeline_shared_work(snap_compare: Any) -> None:
    """Two people who share works: each shared work counted once, in a row naming both."""
    keys = ("space", "j", "space", "2")
    assert snap_compare(lab_app(), terminal_size=(80, 24), run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_breadcrumb(snap_compare: Any, size: tuple[int, int]) -> None:
    """People enter → Mickel's timeline, enter on an entry → his card: the header says the
    two steps behind, the views keep their keys."""
    keys = ("j", "enter", *["j"] * 2, "enter")
    assert snap_compare(app(), terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_breadcrumb_after_going_back(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = ("j", "enter", *["j"] * 2, "enter", "escape")
    assert snap_compare(app(), terminal_size=size, run_before=pressing(*keys))
