"""The Timeline view in a running app: chart and events follow the people shown, enter jumps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual import on
from textual.app import App, ComposeResult

from cvtui.core.dates import PRESENT, PartialDate
from cvtui.core.loading import load_paths
from cvtui.core.model import Education, Experience, Library, Paper, Person
from cvtui.messages import OpenEntry, OpenPaper
from cvtui.views.timeline import EventList, TimelineView
from cvtui.widgets.timeline_chart import TimelineChart
from settling import settle

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
TODAY = dt.date(2026, 1, 15)


class TimelineApp(App[None]):
    """Just the view, as the app mounts it: a TimelineView that fills the screen."""

    def __init__(self, library: Library, people: list[str]) -> None:
        super().__init__()
        self.library = library
        self.people = people
        self.chosen: list[OpenEntry | OpenPaper] = []

    def compose(self) -> ComposeResult:
        yield TimelineView(self.library, today=TODAY, id="timeline")

    def on_mount(self) -> None:
        view = self.query_one(TimelineView)
        view.show_people(self.people)
        view.focus_events()

    @on(OpenEntry)
    @on(OpenPaper)
    def _chosen(self, message: OpenEntry | OpenPaper) -> None:
        self.chosen.append(message)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_paths([PROFILES])


def screen_text(app: App[None]) -> str:
    """What a person sees: every line of the screen as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def d(text: str) -> PartialDate:
    return PartialDate(*(int(x) for x in text.split("-")))


async def test_one_person_chart_and_events(library: Library) -> None:
    app = TimelineApp(library, ["tianhao-wu"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Tianhao Wu" in text
        assert "Peking University" in text
        assert "TikTok Inc" in text
        assert "papers 5" in text
        assert "2018" in text and "2024" in text  # the year axis
        events = app.query_one(EventList)
        assert len(events.events) == len(library.events_of("tianhao-wu"))
        assert events.has_focus
        assert "Dates" in text and "Kind" in text and "Title" in text


async def test_cursor_marks_the_lane_and_enter_chooses_the_event(library: Library) -> None:
    app = TimelineApp(library, ["tianhao-wu"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        events = view.event_list.events
        target = next(i for i, e in enumerate(events) if e.kind == "education")
        for _ in range(target):
            await pilot.press("j")
        await settle(pilot)
        chosen = view.current_event()
        assert chosen is not None and chosen.kind == "education"
        chart = view.chart
        marked = [r for r in chart.chart_layout().rows if chart._row_matches(r)]
        assert [(r.kind, r.entry_kind, r.ref) for r in marked] == [
            ("lane", "education", chosen.ref)
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert [(m.person_id, m.kind, m.ref) for m in app.chosen] == [
            ("tianhao-wu", "education", chosen.ref)
        ]


async def test_enter_on_a_paper_names_the_paper(library: Library) -> None:
    app = TimelineApp(library, ["mickel-liu"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        index = next(i for i, e in enumerate(view.event_list.events) if e.kind == "paper")
        view.event_list.move_cursor(index)
        await pilot.press("enter")
        await settle(pilot)
        (message,) = app.chosen
        assert isinstance(message, OpenPaper) and message.via == "mickel-liu"
        paper = library.papers[message.index]  # a paper event names its work
        assert paper.title == view.event_list.events[index].title
        assert message.index in library.papers_of("mickel-liu")


async def test_several_people_overlay_and_merge(library: Library) -> None:
    app = TimelineApp(library, ["mickel-liu", "tianhao-wu"])
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        layout = view.chart.chart_layout()
        headers = [r.text.strip() for r in layout.rows if r.kind == "header"]
        assert headers == ["Mickel Liu", "Tianhao Wu"]
        events = view.event_list.events
        both = library.events_of("mickel-liu") + library.events_of("tianhao-wu")
        shared = {e.ref for e in library.events_of("mickel-liu") if e.kind == "paper"} & {
            e.ref for e in library.events_of("tianhao-wu") if e.kind == "paper"
        }
        assert len(events) == len(both) - len(shared)  # a shared work is one row
        keys = [e.start.key() for e in events]
        assert keys == sorted(keys)
        text = screen_text(app)
        assert "Who" in text
        # both colours differ: the people are told apart by header and by colour
        assert view.chart.person_style(0).color != view.chart.person_style(1).color
        # each name in the Who column has its person's colour from the chart
        first = events[0]
        who = view.event_list.cells(0)[0]
        assert who.plain == library.people[first.person].name
        group = [library.person_index(p) for p in view.person_ids].index(first.person)
        assert who.style == view.chart.person_style(group)


async def test_twenty_lanes_at_80x24_scroll_with_the_cursor() -> None:
    exps = tuple(
        Experience(organisation=f"Org {i:02d}", start=d(f"{2000 + i}"), end=d(f"{2001 + i}"))
        for i in range(20)
    )
    lib = Library([Person(name="Busy Person", id="busy", experience=exps)])
    app = TimelineApp(lib, ["busy"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chart = app.query_one(TimelineChart)
        assert chart.size.height < 22
        _above, below = chart.hidden_rows
        assert below > 0
        assert "more" in screen_text(app)
        assert "Org 19" not in screen_text(app)
        await pilot.press("G")
        await settle(pilot)
        text = screen_text(app)
        assert "Org 19" in text
        assert chart.hidden_rows[0] > 0


async def test_small_terminal_and_literal_profile_text() -> None:
    person = Person(
        name="[bold]Eve[/bold]",
        id="eve",
        education=(Education(institution="[red]Uni[/red]", start=d("2019"), end=PRESENT),),
        papers=(Paper(title="[Re] Reproducing [link=x]", year=2021, venue="[b]"),),
    )
    app = TimelineApp(Library([person]), ["eve"])
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]Eve[/bold]" in text
        assert "[red]Uni[/red]" in text
        assert "[Re] Reprod" in text


async def test_no_person_and_unknown_ids(library: Library) -> None:
    app = TimelineApp(library, ["nobody"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        assert view.person_ids == ()
        assert "No person selected" in screen_text(app)
        view.show_people(["junwu-xiong", "nobody"])
        await settle(pilot)
        assert view.person_ids == ("junwu-xiong",)
        assert "Junwu Xiong" in screen_text(app)


async def test_theme_change_recolours_the_chart(library: Library) -> None:
    from cvtui.themes import register_themes

    app = TimelineApp(library, ["mickel-liu"])
    async with app.run_test(size=(80, 24)) as pilot:
        register_themes(app)
        app.theme = "cvtui-dark"
        await settle(pilot)
        chart = app.query_one(TimelineChart)
        dark = chart.person_style(0).color
        app.theme = "cvtui-light"
        await settle(pilot)
        assert chart.person_style(0).color != dark


# -- in the real app ----------------------------------------------------------------------


@pytest.fixture
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CVTUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CVTUI_STATE", str(tmp_path / "state.json"))
    return tmp_path


async def test_app_timeline_overlays_marked_people_and_jumps(
    library: Library, private_dirs: Path
) -> None:
    from cvtui.app import CvtuiApp
    from cvtui.config import Config

    app = CvtuiApp(library, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space", "2")
        await settle(pilot)
        view = app.query_one(TimelineView)
        assert len(view.person_ids) == 2
        assert app.query_one("#views").current == "timeline"
        # at 80×24 two people are drawn one lane each (the stacked chart would not fit)
        assert view.chart.compact
        rows = view.chart.chart_layout().rows
        named = {r.pieces[0].text.strip() for r in rows if r.kind == "person"}
        names = {library.person(pid).name for pid in view.person_ids}
        assert named == names
        assert "Who" in screen_text(app)
        # enter on a paper event opens it in the Papers view
        index = next(i for i, e in enumerate(view.event_list.events) if e.kind == "paper")
        view.event_list.move_cursor(index)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "papers"


async def test_app_theme_key_and_remembered_choice(library: Library, private_dirs: Path) -> None:
    from cvtui.app import CvtuiApp
    from cvtui.config import Config
    from cvtui.themes import DEFAULT_THEME, remembered_theme

    app = CvtuiApp(library, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"cvtui-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "cvtui-light"
    assert remembered_theme() == "cvtui-light"
    app = CvtuiApp(library, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "cvtui-light"
