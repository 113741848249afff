"""The Timeline in the running app: enter opens the very item, rows and lanes can be told apart.

Each test walks the keys a person would press and reads what lands on screen (or where the
cursor lands), with the bundled profiles or a small library made for the case.
"""

from __future__ import annotations

from typing import Any

import pytest

from cvtui.core.model import Experience, Library, Paper, Person
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from cvtui.views.timeline import EventList, TimelineView
from cvtui.widgets.timeline_chart import TimelineChart
from timeline_pilot import NOW, d, lines_of, make_app, settle

SIZES = [(80, 24), (120, 40)]


def event_row(view: TimelineView, **match: object) -> int:
    """The row of the first event whose fields have these values (``start`` as text)."""
    events = view.event_list
    for row, item in enumerate(events.items):
        event = events.events[item]
        fields = {**event._asdict(), "start": str(event.start)}
        if all(
            str(fields[k]).startswith(str(v)) if k == "title" else fields[k] == v
            for k, v in match.items()
        ):
            return row
    raise AssertionError(f"no event with {match}")


# -- enter opens the right item ---------------------------------------------------------------


async def test_enter_on_one_of_five_collaborations_opens_that_one(bundled_library: Library) -> None:
    """Junwu has five "Research Leader, Ant Group" entries: enter on the 2020-06 one must put
    the card's cursor on that entry, not on the first with the same words."""
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.current_person == "junwu-xiong"
        await pilot.press("2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        row = event_row(view, kind="experience", start="2020-06")
        view.event_list.move_cursor(row)
        event = view.current_event()
        assert event is not None and event.title == "Research Leader"
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "people"
        card = app.query_one(PeopleView).detail
        assert card.has_focus
        line = card._lines[card.cursor][0].plain
        assert "2020-06 – 2021-05" in line, line
        # the lines under it are that entry's: its collaborator, not another's
        below = " ".join(text.plain for text, _ in card._lines[card.cursor : card.cursor + 6])
        assert "Hong Kong University of Science and Technology" in " ".join(below.split())


async def test_every_dated_entry_opens_at_itself(bundled_library: Library) -> None:
    """Education, experience, awards and service of every bundled person land on their line."""
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for person in bundled_library.people:
            index = bundled_library.person_index(person.id)
            for event in bundled_library.events_of(person.id):
                if event.kind == "paper":
                    continue
                app.navigation.show_entry(person.id, event.kind, event.ref)
                await settle(pilot)
                card = app.query_one(PeopleView).detail
                action = card.action
                assert action is not None, (person.id, event)
                assert action.kind == "event"
                assert action.value == (person.id, event.kind, event.ref)
                line, block = card._lines[card.cursor]
                assert line.plain.strip() in card._blocks[block].text.plain
                assert str(event.start) in card._blocks[block].text.plain
                assert app.query_one(PeopleView).list.item == index


async def test_enter_on_a_card_entry_opens_the_timeline_there(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.navigation.show_entry("junwu-xiong", "experience", 2)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "timeline"
        event = app.query_one(TimelineView).current_event()
        assert event is not None
        assert (event.kind, event.ref, str(event.start)) == ("experience", 2, "2020-06")


async def test_enter_on_a_paper_after_a_filter_in_papers_selects_that_paper(
    bundled_library: Library,
) -> None:
    """``3`` ``/mate`` ``enter`` ``2`` (the timeline of MATE's author, Mickel), then enter on
    another of his papers: that paper, not MATE."""
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash", *"mate", "enter")
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.list.item is not None
        assert bundled_library.papers[papers.list.item].title.startswith("MATE")
        await pilot.press("2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        assert view.person_ids[0] == "mickel-liu"
        events = view.event_list
        row = next(
            r
            for r, item in enumerate(events.items)
            if events.events[item].kind == "paper"
            and not events.events[item].title.startswith("MATE")
        )
        events.move_cursor(row)
        event = view.current_event()
        assert event is not None
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "papers"
        assert papers.list.item == event.ref
        assert bundled_library.papers[papers.list.item].title == event.title
        assert papers.query_text == "" and not papers.filter_bar.is_open
        assert " ".join(event.title.split()[:2]) in papers.detail.plain_text
        # and the filter stays gone once every message is handled
        await settle(pilot)
        assert papers.list.item == event.ref
        assert len(papers.list.items) == len(bundled_library.papers)


async def test_enter_on_a_paper_outside_the_persons_scope_widens_it(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "p")  # Mickel's papers
        await settle(pilot)
        papers = app.query_one(PapersView)
        assert papers.scope == "mickel-liu"
        await pilot.press("1", "k", "2")  # Junwu's timeline
        await settle(pilot)
        view = app.query_one(TimelineView)
        view.event_list.move_cursor(event_row(view, kind="paper", title="Hummer"))
        event = view.current_event()
        assert event is not None
        await pilot.press("enter")
        await settle(pilot)
        assert papers.list.item == event.ref
        assert bundled_library.papers[event.ref].title.startswith("Hummer")


# -- rows and lanes that can be told apart ------------------------------------------------------


def two_lukasz() -> Library:
    people = [
        Person(
            name=name,
            id=pid,
            experience=(Experience(organisation=org, role="Postdoc", start=d(start)),),
            papers=(Paper(title=f"A paper by {name}", year=2020 + n),),
        )
        for n, (name, pid, org, start) in enumerate(
            [
                ("Łukasz Kowalczyk", "lk", "Warsaw University", "2015"),
                ("Łukasz Wiśniewski", "lw", "Jagiellonian University", "2017"),
            ]
        )
    ]
    return Library(people)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_who_column_fits_the_names_shown(size: tuple[int, int]) -> None:
    app = make_app(two_lukasz())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space", "2")
        await settle(pilot)
        events = app.query_one(EventList)
        text = "\n".join(lines_of(app, events))
        assert "Who" in text
        assert "Łukasz Kowalczyk" in text
        assert "Łukasz Wiśniewski" in text
        assert "Łukasz …" not in text


async def test_who_column_is_no_wider_than_the_longest_name(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space", "2")
        await settle(pilot)
        events = app.query_one(EventList)
        header = lines_of(app, events)[0]
        longest = max(len(p.name) for p in bundled_library.people[:2])
        # the next column's label starts right after the longest name and a two-cell gap
        assert header.index("Dates") - header.index("Who") == longest + 2


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_collaborations_at_one_company_say_whom_with(
    bundled_library: Library, size: tuple[int, int]
) -> None:
    """Five "Research Leader · Ant Group" rows and lanes: each says its collaborator."""
    app = make_app(bundled_library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        events = view.event_list
        rows = [
            row
            for row, item in enumerate(events.items)
            if events.events[item].subkind == "collaboration"
        ]
        assert len(rows) == 5
        shown: list[str] = []
        for row in rows:
            events.move_cursor(row)
            await settle(pilot)
            (line,) = [ln for ln in lines_of(app, events) if ln.startswith("▌")]
            event = events.events[events.items[row]]
            shown.append(line.replace(event_dates(event), ""))
        assert len(set(shown)) == 5, shown
        assert any("Peking University" in s for s in shown)
        # the chart's lanes too: five different labels as drawn
        chart = view.chart
        labels = [
            r.pieces[0].text
            for r in chart.chart_layout().rows
            if r.kind == "lane"
            and r.entry_kind == "experience"
            and bundled_library.people[r.person].experience[r.ref].kind == "collaboration"
        ]
        assert len(labels) == 5 and len(set(labels)) == 5, labels
        screen = "\n".join(lines_of(app, chart))
        for label in labels:
            assert label.rstrip() in screen


def event_dates(event: Any) -> str:
    from cvtui.views.timeline import event_dates_text

    return event_dates_text(event)


# -- the chart of one person ---------------------------------------------------------------


async def test_the_chart_is_drawn_with_a_today_line(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        chart = app.query_one(TimelineChart)
        layout = chart.chart_layout()
        column = layout.label_width + 1 + layout.column_of(NOW)
        lines = lines_of(app, chart)
        marks = [line[column] for line in lines]
        assert marks.count("┊") >= 3, marks
        assert all(m in "┊█▌▐░▀▄0123456789 " for m in marks), marks
