"""Comparing people in the Timeline: one lane each, names that stay, its own scroll and zoom.

Marked people (``space`` in People, then ``2``) are drawn one row each when the stacked chart
would not fit; ``z`` switches between the two; ``J``/``K`` scroll the chart, ``+``/``-`` zoom
over the years, ``H``/``L`` pan and ``0`` shows every year again; ``/`` filters the events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cvtui.core.loading import load_paths
from cvtui.core.model import Education, Experience, Library, Paper, Person
from cvtui.views.timeline import TimelineView
from cvtui.widgets.timeline_chart import TimelineChart
from timeline_pilot import NOW, d, lines_of, make_app, screen_lines, settle

WORKS_LAB = Path(__file__).resolve().parent / "fixtures" / "works"
PROFILES = Path(__file__).resolve().parents[1] / "profiles"


async def compare_all_three(pilot: Any) -> TimelineView:
    await settle(pilot)
    await pilot.press("space", "j", "space", "j", "space", "2")
    await settle(pilot)
    view = pilot.app.query_one(TimelineView)
    assert len(view.person_ids) == 3
    return view


# -- one lane per person ------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_three_marked_people_fit_one_lane_each(
    bundled_library: Library, size: tuple[int, int]
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=size) as pilot:
        view = await compare_all_three(pilot)
        chart = view.chart
        assert chart.compact
        lines = lines_of(app, chart)
        text = "\n".join(lines)
        for person in bundled_library.people:
            assert person.name in text, text
        # each person: one lane (their name, then bars) and one row of paper counts
        for person in bundled_library.people:
            (lane,) = [line for line in lines if line.startswith(person.name)]
            assert set(lane[len(person.name) :].strip()) - set(" ┊") <= set("▀▄█░◂▸"), lane
        counts = [line for line in lines if line.lstrip().startswith("papers ")]
        assert len(counts) == 3, lines
        assert chart.hidden_rows == (0, 0)
        # the event list still has room
        assert view.event_list.page_rows >= 5


async def test_compact_lanes_overlay_education_and_work(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await compare_all_three(pilot)
        layout = view.chart.chart_layout()
        tianhao = bundled_library.person_index("tianhao-wu")
        (row,) = [r for r in layout.rows if r.kind == "person" and r.person == tianhao]
        plot = row.text[layout.label_width + 1 :]

        def at(year: float) -> str:
            return plot[layout.column_of(year)]

        assert at(2019.5) == "▀"  # Peking University, education only
        assert at(2022.5) == "▀"  # the PhD alone
        assert at(2024.5) == "█"  # the PhD and TikTok together
        assert at(2012.5) in " ┊"  # nothing yet


async def test_z_switches_between_compact_and_full(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await compare_all_three(pilot)
        chart = view.chart
        assert chart.compact
        await pilot.press("z")
        await settle(pilot)
        assert not chart.compact
        headers = [r for r in chart.chart_layout().rows if r.kind == "header"]
        assert len(headers) == 3
        await pilot.press("z")
        await settle(pilot)
        assert chart.compact


async def test_one_person_or_a_chart_that_fits_stays_full(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        chart = app.query_one(TimelineChart)
        assert not chart.compact
        assert "z Compact" not in screen_lines(app)[-1]  # one lane each is for comparing
        await pilot.press("z")
        await settle(pilot)
        assert not chart.compact
        await pilot.press("1", "space", "j", "j", "space", "2")  # Junwu and Tianhao
        await settle(pilot)
        assert len(app.query_one(TimelineView).person_ids) == 2
        layout = chart.chart_layout()
        assert not chart.compact  # 17 rows fit in 40 lines
        assert not any(chart.hidden_rows)
        assert len([r for r in layout.rows if r.kind == "header"]) == 2
        assert "z Compact" in screen_lines(app)[-1]


async def test_the_cursor_marks_the_span_in_the_persons_lane(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await compare_all_three(pilot)
        chart = view.chart
        events = view.event_list
        row = next(
            n
            for n, item in enumerate(events.items)
            if events.events[item].kind == "experience"
            and str(events.events[item].start) == "2023-09"
        )
        events.move_cursor(row)
        await settle(pilot)
        layout = chart.chart_layout()
        tianhao = bundled_library.person_index("tianhao-wu")
        (selected,) = [r for r in layout.rows if chart._row_matches(r)]
        assert (selected.kind, selected.person) == ("person", tianhao)
        columns = chart.selected_columns(selected)
        assert columns is not None
        assert columns.start == layout.column_of(2023 + 8 / 12)
        assert columns.stop - 1 == layout.column_of(NOW)


# -- names pinned while scrolling; the chart's own scroll ----------------------------------------


def busy_people(count: int, lanes: int) -> Library:
    people = []
    for p in range(count):
        exps = tuple(
            Experience(
                organisation=f"Org {p}-{i:02d}",
                role="Researcher",
                start=d(f"{2000 + i}"),
                end=d(f"{2001 + i}"),
            )
            for i in range(lanes)
        )
        edu = (Education(institution=f"Uni {p}", degree="PhD", start=d("1995"), end=d("2000")),)
        papers = (Paper(title=f"Paper of person {p}", year=2001 + p),)
        people.append(
            Person(name=f"Person {p}", id=f"p{p}", experience=exps, education=edu, papers=papers)
        )
    return Library(people)


async def test_names_stay_pinned_while_the_full_chart_scrolls() -> None:
    library = busy_people(2, 12)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space", "2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        chart = view.chart
        if chart.compact:
            await pilot.press("z")
            await settle(pilot)
        assert not chart.compact
        events_cursor = view.event_list.cursor
        seen_offsets = set()
        for _ in range(30):
            lines = lines_of(app, chart)
            # the top line names the person whose rows are right under it
            assert lines[0].startswith("Person "), lines
            if lines[1].startswith("Org "):
                person = lines[1].split()[1].split("-")[0]
                assert lines[0].startswith(f"Person {person}"), lines
            seen_offsets.add(chart.offset_row)
            await pilot.press("J")
            await settle(pilot)
        assert len(seen_offsets) > 10  # it scrolled, row by row, down to the end
        assert chart.hidden_rows[1] == 0
        assert view.event_list.cursor == events_cursor  # the list did not move
        await pilot.press(*["K"] * 40)
        await settle(pilot)
        assert chart.offset_row == 0


async def test_names_stay_pinned_in_compact_rows_too() -> None:
    library = busy_people(9, 2)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(9):
            await pilot.press("space", "j")
        await pilot.press("2")
        await settle(pilot)
        chart = app.query_one(TimelineChart)
        assert chart.compact
        assert chart.hidden_rows[1] > 0
        for _ in range(6):
            await pilot.press("J")
        await settle(pilot)
        assert chart.offset_row > 0
        lines = lines_of(app, chart)
        assert lines[0].startswith("Person "), lines
        rows = chart.chart_layout().rows
        # under the pinned name, that person's count row, never a nameless one at the top
        assert rows[chart.offset_row].kind != "person" or lines[0].startswith(
            rows[chart.offset_row].pieces[0].text.rstrip()
        )


# -- zoom and pan over the years ----------------------------------------------------------------


async def test_zoom_and_pan_over_the_years(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await compare_all_three(pilot)
        chart = view.chart
        full = chart.year_range
        assert full == (chart.chart_layout().year0, chart.chart_layout().year1)
        await pilot.press("plus")
        await settle(pilot)
        first = chart.year_range
        assert first[1] - first[0] < full[1] - full[0]
        await pilot.press("plus", "plus")
        await settle(pilot)
        zoomed = chart.year_range
        assert zoomed[1] - zoomed[0] < first[1] - first[0]
        layout = chart.chart_layout()
        assert (layout.year0, layout.year1) == zoomed
        axis = lines_of(app, chart)[-1]
        assert str(zoomed[0] + 1) in axis or str(zoomed[0]) in axis
        await pilot.press("L")
        await settle(pilot)
        later = chart.year_range
        assert later[0] > zoomed[0] and later[1] - later[0] == zoomed[1] - zoomed[0]
        await pilot.press("H")
        await settle(pilot)
        assert chart.year_range == zoomed
        await pilot.press(*["H"] * 30)
        await settle(pilot)
        assert chart.year_range[0] == full[0]  # never past the first year
        await pilot.press(*["L"] * 30)
        await settle(pilot)
        assert chart.year_range[1] == full[1]
        await pilot.press("minus")
        await settle(pilot)
        assert chart.year_range[1] - chart.year_range[0] > zoomed[1] - zoomed[0]
        await pilot.press("0")
        await settle(pilot)
        assert chart.year_range == full


async def test_zoomed_out_lanes_point_off_the_chart(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # Junwu: 2007 onwards
        await settle(pilot)
        chart = app.query_one(TimelineChart)
        chart.set_year_range(2017, 2026)
        await settle(pilot)
        layout = chart.chart_layout()
        before = [r for r in layout.rows if r.kind == "lane" and r.pieces[-1].text]
        early = [r for r in before if "Hunan" in r.pieces[0].text]
        assert early and early[0].text[layout.label_width + 1] == "◂"
        counts = [r for r in layout.rows if r.kind == "papers"]
        # papers before 2017 are not piled onto the first column
        plot = counts[0].text[layout.label_width + 1 :]
        assert plot[0] in " ┊"


# -- the event list's filter ------------------------------------------------------------------


async def test_slash_filters_the_event_list_and_escape_clears(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await compare_all_three(pilot)
        events = view.event_list
        total = len(events.items)
        await pilot.press("slash", *"ant group")
        await settle(pilot)
        assert view.filter_bar.is_open
        shown = [events.events[i] for i in events.items]
        assert 0 < len(shown) < total
        assert all("Ant Group" in (e.organisation + e.title) for e in shown)
        text = "\n".join(lines_of(app, view))
        assert f"{len(shown)}/{total}" in text
        await pilot.press("enter")
        await settle(pilot)
        assert events.has_focus and len(events.items) == len(shown)
        # enter on a filtered row opens that very row's entry
        events.move_cursor(2)
        chosen = events.event
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "people"
        card = app.query_one("#people").detail
        assert card.action is not None and card.action.value[2] == chosen.ref
        await pilot.press("2")
        await settle(pilot)
        assert len(events.items) == len(shown)  # the filter is kept
        await pilot.press("escape")
        await settle(pilot)
        assert len(events.items) == total
        assert not view.filter_bar.is_open


async def test_filter_highlights_match_what_is_shown(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"hong kong")
        await settle(pilot)
        view = app.query_one(TimelineView)
        events = view.event_list
        shown = [events.events[i] for i in events.items]
        assert {e.subkind for e in shown} == {"research", "collaboration"}
        spans = events._highlights[events.items[0]]
        cells = events.cell_texts(events.items[0])
        for key, where in spans.items():
            for start, end in where:
                assert cells[key][start:end].casefold() in ("hong", "kong")


# -- shared works --------------------------------------------------------------------------------


@pytest.mark.parametrize("press_z", [False, True], ids=["compact", "full"])
async def test_a_shared_work_is_one_marker_naming_who_holds_it(press_z: bool) -> None:
    library = load_paths([WORKS_LAB])
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space", "2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        chart = view.chart
        if chart.compact == press_z:
            await pilot.press("z")
            await settle(pilot)
        layout = chart.chart_layout()
        ana, bo = library.person_index("ana"), library.person_index("bo")
        shared_works = set(library.papers_of("ana")) & set(library.papers_of("bo"))
        assert len(shared_works) == 2
        (shared,) = [r for r in layout.rows if r.kind == "shared"]
        assert set(shared.holders) == {ana, bo}
        assert shared.works == frozenset(shared_works)
        label = shared.pieces[0].text
        assert "Núñez" in label and "Li" in label and "2" in label
        own = {r.person: r for r in layout.rows if r.kind == "papers"}
        assert own[ana].works == frozenset(set(library.papers_of("ana")) - shared_works)
        assert bo not in own  # every paper of Bo's is shared with Ana
        # one marker per shared work's year, in that one row
        plot = shared.text[layout.label_width + 1 :]
        assert plot.replace("┊", " ").split() == ["1", "1"]
        # the event list keeps one row for a shared work, naming both
        events = view.event_list
        rows = [events.events[i] for i in events.items if events.events[i].kind == "paper"]
        assert len(rows) == 3
        # the cursor on it marks the shared row
        row = next(
            n
            for n, i in enumerate(events.items)
            if events.events[i].kind == "paper" and events.events[i].ref in shared_works
        )
        events.move_cursor(row)
        await settle(pilot)
        marked = [r for r in chart.chart_layout().rows if chart._row_matches(r)]
        assert [r.kind for r in marked] == ["shared"]
        assert "Núñez" in "\n".join(lines_of(app, chart))


# -- the keys are in help and can be remapped -------------------------------------------------


async def test_help_lists_the_timeline_keys_with_their_ids(bundled_library: Library) -> None:
    from cvtui.views.help import help_groups

    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await compare_all_three(pilot)  # z is offered only when people are compared
        groups = dict(help_groups(app, app.query_one(TimelineView), "Timeline view"))
        rows = {ident: (keys, label) for keys, label, ident in groups["Timeline view"]}
        for ident in (
            "timeline.filter",
            "timeline.compact",
            "timeline.scroll_down",
            "timeline.scroll_up",
            "timeline.zoom_in",
            "timeline.zoom_out",
            "timeline.pan_earlier",
            "timeline.pan_later",
            "timeline.all_years",
        ):
            assert ident in rows, (ident, sorted(rows))
            assert rows[ident][1]  # a description
        assert "+" in rows["timeline.zoom_in"][0]
        await pilot.press("question_mark")
        await settle(pilot)
        assert "timeline.zoom_in" in "\n".join(screen_lines(app))


async def test_timeline_keys_follow_the_keymap(bundled_library: Library) -> None:
    app = make_app(bundled_library, keymap={"timeline.compact": "Z", "timeline.zoom_in": "i"})
    async with app.run_test(size=(80, 24)) as pilot:
        view = await compare_all_three(pilot)
        chart = view.chart
        assert chart.compact
        await pilot.press("z")
        await settle(pilot)
        assert chart.compact  # no longer bound
        await pilot.press("Z")
        await settle(pilot)
        assert not chart.compact
        span = chart.year_range[1] - chart.year_range[0]
        await pilot.press("i")
        await settle(pilot)
        assert chart.year_range[1] - chart.year_range[0] < span


async def test_the_marked_span_sits_under_its_years_after_a_wide_name() -> None:
    people = [
        Person(
            name=name,
            id=pid,
            experience=(Experience(organisation="Lab", start=d(start), end=d(end)),),
        )
        for name, pid, start, end in (
            ("张伟", "zw", "2010", "2014"),
            ("李雷", "ll", "2012", "2020"),
        )
    ]
    app = make_app(Library(people))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space", "2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        chart = view.chart
        if not chart.compact:
            await pilot.press("z")
            await settle(pilot)
        events = view.event_list
        events.move_cursor(
            next(n for n, i in enumerate(events.items) if events.events[i].person == 0)
        )
        await settle(pilot)
        layout = chart.chart_layout()
        (row,) = [r for r in layout.rows if chart._row_matches(r)]
        columns = chart.selected_columns(row)
        assert columns is not None and len(columns) > 3
        plot_at = layout.label_width + 1
        x, marked = 0, []
        for segment in chart._strip(row, layout):
            for ch in segment.text:
                if x >= plot_at and segment.style is not None and segment.style.bold:
                    marked.append(x - plot_at)
                x += 2 if ch in "张伟李雷" else 1
        assert marked == list(columns)


async def test_reloads_in_quick_succession_leave_one_sound_timeline(
    bundled_library: Library,
) -> None:
    """Two reloads before the first rebuild is done (a file changing twice, or beside a
    FIFO): the older rebuild must not look for children the newer one took away."""
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await compare_all_three(pilot)
        people = view.person_ids
        for _ in range(3):
            again = load_paths([PROFILES])
            view.swap_library(again)
        await settle(pilot)
        assert view.library is again
        assert view.person_ids == people
        assert view.filter_bar is not None and len(view.event_list.events) > 0
