"""Lists that say what they show: the order in the caption, the keys really bound, marks.

Pressed through Pilot on the bundled profiles, like a person would.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import bibtexparser

from cvtui.app import CvtuiApp
from cvtui.config import Config, load_config
from cvtui.core.exchange.latex import latex_to_text
from cvtui.core.model import Library
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from cvtui.views.timeline import TimelineView
from settling import settle as settle_screen

TEST_TODAY = dt.date(2026, 1, 15)


def make_app(library: Library, **config: Any) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False, **config), today=TEST_TODAY)


async def settle(app: CvtuiApp, pilot: Any) -> None:
    await settle_screen(pilot)
    await app.workers.wait_for_complete()
    await settle_screen(pilot)


def caption(view: Any) -> str:
    return str(view.caption_text())


# -- the order a filtered list is in ---------------------------------------------------------


async def test_a_filtered_paper_list_is_in_the_order_its_caption_names(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash", *"yang")
        await settle(app, pilot)
        view = app.query_one(PapersView)
        years = [bundled_library.papers[i].year or 0 for i in view.list.items]
        assert len(years) >= 3 and years != sorted(years, reverse=True)  # best match first
        assert "best match first" in caption(view) and "by year" not in caption(view)
        assert view.list.sort is None  # no column claims an order
        await pilot.press("enter", "y")  # now by year, newest first, as the caption says
        await settle(app, pilot)
        years = [bundled_library.papers[i].year or 0 for i in view.list.items]
        assert "by year ↓" in caption(view)
        assert years == sorted(years, reverse=True)
        assert view.list.sort == ("year", True)
        await pilot.press("y")
        await settle(app, pilot)
        years = [bundled_library.papers[i].year or 0 for i in view.list.items]
        assert "by year ↑" in caption(view) and years == sorted(years)


# -- keymaps ---------------------------------------------------------------------------------


def write_config(text: str) -> Path:
    path = Path(os.environ["CVTUI_CONFIG"])
    path.write_text(text, encoding="utf-8")
    return path


async def test_keymap_mistakes_are_warnings_naming_file_and_line(
    bundled_library: Library,
) -> None:
    path = write_config(
        "animation = false\n"
        "[keymap]\n"
        '"people.nonexistent" = "z"\n'
        '"app.help" = "j"\n'
        '"papers.sort_year" = "Y"\n'
    )
    config, problems = load_config()
    assert problems == []  # well-formed: only the app knows the bindings
    app = CvtuiApp(bundled_library, config=config, today=TEST_TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        shown = [str(p) for p in app.config_problems]
        unknown = [s for s in shown if "people.nonexistent" in s]
        clash = [s for s in shown if "app.help" in s]
        assert len(unknown) == 1 and f"{path.name}:3:" in unknown[0]
        assert "no binding" in unknown[0]
        assert len(clash) == 1 and f"{path.name}:4:" in clash[0]
        assert "list.down" in clash[0] and "`j`" in clash[0]
        assert not [s for s in shown if "sort_year" in s]  # Y is free: no warning
        await pilot.press("3")
        view = app.query_one(PapersView)
        assert "(Y T v)" in caption(view) and "(y T v)" not in caption(view)


async def test_an_invalid_keymap_entry_points_at_its_own_line() -> None:
    path = write_config('animation = false\n\n[keymap]\n"app.quit" = "q"\n"app.help" = "??"\n')
    _, problems = load_config()
    assert [(p.line, p.field) for p in problems] == [(5, "keymap.app.help")]
    assert path.name in str(problems[0])


# -- marks in every list ---------------------------------------------------------------------


def row_text(view_list: Any, row: int) -> str:
    strip = view_list.draw_row(row, 60, row == view_list.cursor)
    return "".join(segment.text for segment in strip)


async def test_space_marks_papers_and_copy_and_export_act_on_them(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        view = app.query_one(PapersView)
        first, second = view.list.items[0], view.list.items[2]
        await pilot.press("space", "j", "j", "space")
        await settle(app, pilot)
        assert view.list.marked == {first, second}
        assert row_text(view.list, 0)[1] == "●" and row_text(view.list, 1)[1] == " "
        assert "2 marked" in caption(view)
        await pilot.press("c")
        entries = bibtexparser.parse_string(app.clipboard).entries
        titles = [bundled_library.papers[i].title for i in (first, second)]
        assert [latex_to_text(entry["title"]) for entry in entries] == titles
        target = app.export_target()
        assert target is not None and list(target.indices) == [first, second]
        assert "2 marked papers" in target.what
        await pilot.press("M")  # clears the marks: copy and export are of one paper again
        await settle(app, pilot)
        assert not view.list.marked and "marked" not in caption(view)
        await pilot.press("c")
        assert (app.last_copied or "").count("@") == 1
        target = app.export_target()
        assert target is not None and len(target.indices) == len(view.list.items)


async def test_space_marks_timeline_events_and_copy_and_export_act_on_them(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        view = app.query_one(TimelineView)
        events = view.event_list
        papers = [n for n, e in enumerate(events.events) if e.kind == "paper"][:2]
        assert len(papers) == 2
        for item in papers:
            events.move_to_item(item)
            await pilot.press("space")
        await settle(app, pilot)
        assert events.marked == set(papers)
        assert "2 marked" in view.caption_text()
        assert row_text(events, events.position_of(papers[0]) or 0)[1] == "●"
        await pilot.press("c")
        entries = bibtexparser.parse_string(app.clipboard).entries
        titles = [bundled_library.papers[events.events[i].ref].title for i in papers]
        assert [latex_to_text(entry["title"]) for entry in entries] == titles
        target = app.export_target()
        assert target is not None
        assert list(target.indices) == [events.events[i].ref for i in papers]
        events.move_to_item(0)
        await pilot.press("space", "c")  # a non-paper among them: one line per event
        copied = (app.last_copied or "").splitlines()
        assert len(copied) == 3 and all(" — " in line for line in copied)


async def test_marked_people_copy_their_names(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "j", "space", "c")
        view = app.query_one(PeopleView)
        names = [bundled_library.people[i].name for i in view.list.marked_in_order()]
        assert len(names) == 2
        copied = app.last_copied or ""
        assert all(name in copied for name in names)
        assert "2 marked (space; M clears)" in caption(view)
