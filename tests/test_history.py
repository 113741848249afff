"""Going back and forward: every jump is a step, and a step back restores the place exactly.

Also "this person" following the item under the cursor, ``p`` cycling through a work's
co-authors without a stale filter, and the breadcrumb in the header. Each test presses the
keys a person would and reads the views (or the screen) back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cvtui.core.loading import load_paths
from cvtui.core.model import Library, Paper, Person
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from cvtui.views.timeline import TimelineView
from timeline_pilot import make_app, screen_lines, settle

PROFILES = Path(__file__).resolve().parents[1] / "profiles"


@pytest.fixture(scope="module")
def bundled() -> Library:
    return load_paths([PROFILES])


def header(app: object) -> str:
    return screen_lines(app)[0]  # type: ignore[arg-type]


async def test_escape_goes_back_through_every_jump_and_brackets_go_forward(
    bundled: Library,
) -> None:
    """People enter → Timeline enter (a paper) → Papers; escape, escape: where it started."""
    app = make_app(bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.view == "timeline"
        timeline = app.query_one(TimelineView)
        events = timeline.event_list
        row = next(r for r, i in enumerate(events.items) if events.events[i].kind == "paper")
        events.move_cursor(row)
        paper = events.events[events.items[row]]
        await pilot.press("enter")
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert app.view == "papers" and papers.list.item == paper.ref

        await pilot.press("escape")
        await settle(pilot)
        assert app.view == "timeline" and events.cursor == row
        await pilot.press("backspace")
        await settle(pilot)
        assert app.view == "people" and app.query_one(PeopleView).list.item == 1
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.view == "timeline" and app.query_one(TimelineView).event_list.cursor == row
        await pilot.press("ctrl+o", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.view == "papers" and papers.list.item == paper.ref


async def test_back_restores_the_filter_the_cursor_and_the_scroll() -> None:
    titles = [f"{'Learning' if n % 2 else 'Other'} {n:02d}" for n in range(60)]
    ann = Person(
        name="Ann A",
        id="a",
        papers=tuple(
            Paper(title=t, authors=("Ann A", "Ben B"), year=1990 + n) for n, t in enumerate(titles)
        ),
    )
    library = Library([ann, Person(name="Ben B", id="b")])
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash", *"learning", "enter")
        await settle(pilot)
        papers = app.query_one(PapersView)
        await pilot.press(*["j"] * 20)
        await settle(pilot)
        item, cursor, top = papers.list.item, papers.list.cursor, papers.list.scroll_y
        shown = list(papers.list.items)
        assert len(shown) == 30 and top > 0  # filtered, and scrolled
        await pilot.press("p")  # a jump: the co-author's papers, without the filter
        await settle(pilot)
        assert papers.query_text == "" and papers.scope == "b"
        assert len(papers.list.items) == 60 and papers.list.item == item
        await pilot.press("escape")
        await settle(pilot)
        assert papers.query_text == "learning" and papers.filter_bar.value == "learning"
        assert papers.scope is None and list(papers.list.items) == shown
        assert (papers.list.item, papers.list.cursor, papers.list.scroll_y) == (item, cursor, top)


async def test_escape_clears_a_filter_before_it_goes_back(bundled: Library) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # a jump: People → Timeline
        await settle(pilot)
        await pilot.press("slash", *"phd")
        await settle(pilot)
        timeline = app.query_one(TimelineView)
        assert timeline.query_text == "phd"
        await pilot.press("escape")
        await settle(pilot)
        assert app.view == "timeline" and timeline.query_text == ""
        await pilot.press("escape")
        await settle(pilot)
        assert app.view == "people"


async def test_this_person_is_the_person_of_the_paper_under_the_cursor(bundled: Library) -> None:
    """In Papers on Mickel's Artificial Hivemind, ``a`` shows Mickel's papers and ``2`` his
    timeline, though the People cursor is on Junwu."""
    app = make_app(bundled)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.current_person == "junwu-xiong"
        await pilot.press("3")
        await settle(pilot)
        papers = app.query_one(PapersView)
        work = next(
            i for i, p in enumerate(bundled.papers) if p.title.startswith("Artificial Hivemind")
        )
        papers.list.move_to_item(work)
        await settle(pilot)
        assert app.current_person == "mickel-liu"
        await pilot.press("a")
        await settle(pilot)
        assert papers.scope == "mickel-liu" and papers.list.item == work
        assert any("Papers of Mickel Liu" in line for line in screen_lines(app))
        await pilot.press("2")
        await settle(pilot)
        assert app.query_one(TimelineView).person_ids[0] == "mickel-liu"


async def test_p_twice_cycles_co_authors_and_never_shows_a_stale_filter() -> None:
    """``/linked paper`` then ``p`` ``p``: each co-author's papers in turn, never ``0 of 7``."""
    work = Paper(title="A linked paper", authors=("Ann A", "Ben B", "Cid C"), year=2020)
    own = tuple(Paper(title=f"Other {n}", authors=("Ben B",), year=2000 + n) for n in range(6))
    library = Library(
        [
            Person(name="Ann A", id="a", papers=(work,)),
            Person(name="Ben B", id="b", papers=own),
            Person(name="Cid C", id="c"),
        ]
    )
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash", *"linked paper", "enter")
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.list.row_count == 1
        seen = []
        for _ in range(3):
            await pilot.press("p")
            await settle(pilot)
            seen.append(papers.scope)
            assert papers.query_text == "" and papers.list.row_count >= 1
            assert papers.list.item is not None
            assert library.papers[papers.list.item].title == "A linked paper"
            assert not any(" 0 of " in line for line in screen_lines(app))
        assert seen == ["b", "c", "a"]
        assert papers.list.row_count == 1  # Ann's own papers: the one


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_breadcrumb_says_where_you_came_from(
    bundled: Library, size: tuple[int, int]
) -> None:
    app = make_app(bundled)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "‹" not in header(app)  # nothing behind yet
        await pilot.press("j", "enter")
        await settle(pilot)
        line = header(app)
        assert len(line.rstrip()) <= size[0]
        assert "‹1 Mickel Liu › Timeline" in line
        assert "Timeline" in line and "1 " in line  # the views keep their keys
        await pilot.press("escape")
        await settle(pilot)
        assert "›1" in header(app)  # one step ahead
