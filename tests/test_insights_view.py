"""The Insights view through Pilot: scopes, figures, chart and table, opening the works
behind a bar, saving a picture; and the painters it draws with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.insights import FIGURES, Insights, Scope
from cvtui.core.loading import load_paths
from cvtui.core.model import PAPER_TYPES
from cvtui.widgets.collab_graph import paint_graph
from cvtui.widgets.insight_bars import paint_output
from cvtui.widgets.insight_paint import TYPE_GLYPHS, Painting
from settling import settle as settle_screen

LAB = Path(__file__).resolve().parent / "fixtures" / "insights"
TODAY = dt.date(2026, 1, 15)


def make_app() -> CvtuiApp:
    return CvtuiApp(load_paths([LAB]), config=Config(animation=False), today=TODAY)


async def settle(app: CvtuiApp, pilot: Any) -> None:
    await settle_screen(pilot)
    await app.workers.wait_for_complete()
    await settle_screen(pilot)


def text_of(painting: Painting) -> str:
    return "\n".join("".join(p.text for p in line) for line in painting.lines)


def screen_text(app: CvtuiApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def titles(app: CvtuiApp, works: Any) -> set[str]:
    assert app.library is not None
    return {app.library.papers[w].title for w in works}


async def open_insights(app: CvtuiApp, pilot: Any) -> Any:
    await settle(app, pilot)
    await pilot.press("4")
    await settle(app, pilot)
    assert app.view == "insights"
    return app.query_one("#insights")


async def test_four_shows_insights_and_five_the_problems_key() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_insights(app, pilot)
        text = screen_text(app)
        assert "4 Insights" in text.splitlines()[0]
        assert "Scope: the whole library · 9 works" in text
        assert "2023" in text and "◆3" in text  # the latest year, its led works
        assert view.canvas.target.caption == "the whole library, 2023"  # starts there


async def test_scope_cycles_through_person_marked_and_filter() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "down", "down", "down", "space", "up", "up", "up")  # Ada, Dev
        await pilot.press("3", "slash", *"agents", "enter")
        await settle(app, pilot)
        view = await open_insights(app, pilot)
        seen = []
        for _ in range(5):
            seen.append((view.scope_kind, view.insights.label, len(view.insights.resolved.works)))
            await pilot.press("s")
            await settle(app, pilot)
        assert seen == [
            ("library", "the whole library", 9),
            ("person", "Ada Lovelace", 7),
            ("marked", "Ada Lovelace and Dev Patel", 8),
            ("filter", "Papers matching 'agents'", 1),
            ("library", "the whole library", 9),
        ]


async def test_enter_on_a_bar_shows_exactly_its_works_and_four_comes_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_insights(app, pilot)
        await pilot.press("s")  # Ada
        await settle(app, pilot)
        assert view.canvas.target.caption == "Ada Lovelace, 2023"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.view == "papers"
        papers = app.query_one("#papers")
        assert titles(app, papers.list.items) == {
            "Scaling Laws for Care",
            "Workshop Notes on Alignment",
            "Planning with Friends",
        }
        assert "Ada Lovelace, 2023 3" in papers.caption_text()
        assert app.focused is papers.list
        await pilot.press("4")
        await settle(app, pilot)
        assert app.view == "insights"
        assert (view.scope_kind, view.insights.label) == ("person", "Ada Lovelace")
        assert view.canvas.target.caption == "Ada Lovelace, 2023"  # the cursor kept
        await pilot.press("3", "a")  # `a` leaves the works for all papers
        await settle(app, pilot)
        assert len(papers.list.items) == 9 and papers.explicit is None


@pytest.mark.parametrize(
    ("figure", "moves", "expected"),
    [
        ("venues", [], {"Reward Models Revisited", "Planning with Friends"}),  # ICLR
        ("coauthors", ["down"] * 4, {"A Survey of Safety", "Planning with Friends"}),  # Zed
        (
            "pairs",
            [],
            {
                "Safe Agents at Scale",
                "Reward Models Revisited",
                "Scaling Laws for Care",
                "Planning with Friends",
            },
        ),
        ("matrix", ["right", "right", "right"], {"Scaling Laws for Care"}),  # Ada × Dev
        ("topics", ["down"], {"Reward Models Revisited", "Scaling Laws for Care"}),  # CL
    ],
)
async def test_enter_opens_the_works_behind_each_figure(
    figure: str, moves: list[str], expected: set[str]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_insights(app, pilot)
        view.show_figure(figure)
        await settle(app, pilot)
        await pilot.press(*moves, "enter")
        await settle(app, pilot)
        assert app.view == "papers"
        assert titles(app, app.query_one("#papers").list.items) == expected


async def test_graph_node_opens_the_persons_works_and_moves_between_people() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_insights(app, pilot)
        view.show_figure("graph")
        await settle(app, pilot)
        text = screen_text(app)
        for name in ("Ada Lovelace", "Ben Okafor", "Cleo Martin", "Dev Patel"):
            assert name in text
        assert "◉" in text and any("\u2800" < ch <= "\u28ff" for ch in text)  # braille edges
        assert view.canvas.target.caption == "Ada Lovelace"
        before = view.canvas.cursor
        for key in ("down", "right", "up", "left"):
            await pilot.press(key)
            if view.canvas.cursor != before:
                break
        await settle(app, pilot)
        moved_to = view.canvas.target.caption
        assert moved_to != "Ada Lovelace"
        assert f"{moved_to}:" in screen_text(app)  # the line under the graph follows
        await pilot.press("enter")
        await settle(app, pilot)
        person = next(p for p in app.library.people if p.name == moved_to)  # type: ignore[union-attr]
        assert set(app.query_one("#papers").list.items) == set(app.library.papers_of(person.id))  # type: ignore[union-attr]


async def test_every_figure_in_every_scope_as_chart_and_table() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "down", "space", "up")
        view = await open_insights(app, pilot)
        for _scope in range(3):
            for table in (False, True):
                for name in FIGURES:
                    assert view.figure == name and view.table is table
                    assert app.is_running
                    assert view.canvas.painting.lines, (name, table)
                    await pilot.press("right_square_bracket")
                    await settle(app, pilot)
                await pilot.press("v")
                await settle(app, pilot)
            await pilot.press("s")
            await settle(app, pilot)


async def test_table_shows_the_numbers() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_insights(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Year" in text and "Works" in text and "First" in text
        row = next(line for line in text.splitlines() if line.strip().startswith("2023"))
        assert row.split()[:2] == ["2023", "4"] and row.split()[-1] == "3"
        await pilot.press("enter")  # a table row opens its works too
        await settle(app, pilot)
        assert app.view == "papers" and len(app.query_one("#papers").list.items) == 1
        assert view.table


async def test_s_saves_the_view_as_svg(tmp_path: Path) -> None:
    app = make_app()
    target = tmp_path / "insights.svg"
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_insights(app, pilot)
        await pilot.press("S")
        await settle(app, pilot)
        field = app.screen.query_one("#export-path")
        field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert view.last_saved == str(target)
        svg = target.read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "Insights" in svg and "2023" in svg
        assert "Save picture" not in svg  # the dialog is not in the picture
        # A second save to the same file asks first; "n" keeps the file as it was.
        target.write_text("kept", encoding="utf-8")
        await pilot.press("S")
        await settle(app, pilot)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == "kept"


async def test_a_read_only_session_saves_no_picture(tmp_path: Path) -> None:
    app = make_app()
    app.read_only = True
    before = set(Path.cwd().glob("*.svg"))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_insights(app, pilot)
        assert not view.check_action("save_picture", ())  # not offered (footer, help)
        await pilot.press("S")
        await settle(app, pilot)
        assert app.screen is app.screen_stack[0]  # no dialog
        assert view.last_saved is None
    assert set(Path.cwd().glob("*.svg")) == before


async def test_a_reload_keeps_the_figure_and_scope(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_insights(app, pilot)
        await pilot.press("s", "right_square_bracket")
        await settle(app, pilot)
        app.reloading.swap_library(load_paths([LAB]))
        await settle(app, pilot)
        assert view.library is app.library
        assert (view.figure, view.scope_kind, view.insights.label) == (
            "venues",
            "person",
            "Ada Lovelace",
        )
        assert "ICLR" in screen_text(app)


# -- the painters ----------------------------------------------------------------------------


def test_each_paper_type_has_its_own_glyph() -> None:
    assert set(TYPE_GLYPHS) == set(PAPER_TYPES)
    assert len(set(TYPE_GLYPHS.values())) == len(PAPER_TYPES)


def test_output_chart_reads_without_colour() -> None:
    """Types by glyph, counts as digits, led works marked: nothing rests on colour."""
    library = load_paths([LAB])
    painting = paint_output(Insights(library, Scope.library()).output(), 78)
    text = text_of(painting)
    line_2023 = next(line for line in text.splitlines() if line.startswith("2023"))
    assert (
        "█" in line_2023 and "▒" in line_2023 and "░" in line_2023
    )  # conference, workshop, preprint
    assert line_2023.rstrip().endswith("4 ◆3")
    assert "█ conference" in text and "◆ first author has a profile here" in text
    assert all(len(line) <= 78 for line in text.splitlines())


def test_several_people_side_by_side_or_one_line_each() -> None:
    library = load_paths([LAB])
    output = Insights(library, Scope.of_people(["ada", "dev"])).output()
    wide = text_of(paint_output(output, 100))
    assert "A Ada Lovelace" in wide and "B Dev Patel" in wide
    header = next(line for line in wide.splitlines() if line.startswith("Year"))
    assert header.index("A Ada") < header.index("B Dev")  # columns, one per person
    narrow = paint_output(output, 30)
    lines = text_of(narrow).splitlines()
    assert any(line.startswith("2023") and " A " in line for line in lines)
    assert any(line.strip().startswith("B ") for line in lines)  # Dev's own line in 2023
    captions = [t.caption for t in narrow.targets]
    assert "Dev Patel, 2023" in captions and "Ada Lovelace, 2023" in captions


def test_graph_at_80x24_keeps_names_legible() -> None:
    library = load_paths([LAB])
    insights = Insights(library, Scope.library())
    painting = paint_graph(insights.graph(), 78, 18, 0, insights.shared)
    text = text_of(painting)
    for name in ("Ada Lovelace", "Ben Okafor", "Cleo Martin", "Dev Patel"):
        assert name in text
    assert all(len("".join(p.text for p in line)) <= 78 for line in painting.lines)
    assert "4" in text  # the heaviest edge carries its count
    assert [t.caption for t in painting.targets] == [
        "Ada Lovelace",
        "Ben Okafor",
        "Cleo Martin",
        "Dev Patel",
    ]
