"""What the Timeline tests share: the app with a fixed "today", waiting, reading the screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import App
from textual.widget import Widget

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.dates import PartialDate
from cvtui.core.model import Library
from settling import settle as settle_details

TEST_TODAY = dt.date(2026, 1, 15)
NOW = 2026 + 14 / 365.25
"""TEST_TODAY as a fractional year."""


def make_app(library: Library, **config: Any) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False, **config), today=TEST_TODAY)


async def settle(pilot: Any) -> None:
    """Messages handled, workers (filters) done, detail panes caught up."""
    await settle_details(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle_details(pilot)


def screen_lines(app: App[Any]) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(seg.text for seg in strip) for strip in strips]


def lines_of(app: App[Any], widget: Widget) -> list[str]:
    """The screen lines a widget covers, cut to its columns."""
    region = widget.region
    lines = screen_lines(app)[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


def d(text: str) -> PartialDate:
    return PartialDate(*(int(x) for x in text.split("-")))
