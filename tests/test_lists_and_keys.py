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
from cvtui.core.org_names import shorter
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
        '"app.view_papers" = "f3"\n'
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
        assert not [s for s in shown if "sort_year" in s or "view_papers" in s]  # free keys
        header = "".join(s.text for s in app.screen._compositor.render_strips()[0])
        assert "f3 Papers" in header and "3 Papers" not in header.replace("f3", "")
        await pilot.press("f3")
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
        target = app.exporting.target()
        assert target is not None and list(target.indices) == [first, second]
        assert "2 marked papers" in target.what
        await pilot.press("M")  # clears the marks: copy and export are of one paper again
        await settle(app, pilot)
        assert not view.list.marked and "marked" not in caption(view)
        await pilot.press("c")
        assert (app.copying.last_copied or "").count("@") == 1
        target = app.exporting.target()
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
        target = app.exporting.target()
        assert target is not None
        assert list(target.indices) == [events.events[i].ref for i in papers]
        events.move_to_item(0)
        await pilot.press("space", "c")  # a non-paper among them: one line per event
        copied = (app.copying.last_copied or "").splitlines()
        assert len(copied) == 3 and all(" — " in line for line in copied)


async def test_marked_people_copy_their_names(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "j", "space", "c")
        view = app.query_one(PeopleView)
        names = [bundled_library.people[i].name for i in view.list.marked_in_order()]
        assert len(names) == 2
        copied = app.copying.last_copied or ""
        assert all(name in copied for name in names)
        assert "2 marked (space; M clears)" in caption(view)


# -- tables that use the width they have -----------------------------------------------------


def widths(view_list: Any) -> dict[str, int]:
    width = view_list.scrollable_content_region.width
    return {col.key: size for col, size in view_list._columns_for(width)}


async def test_the_paper_title_takes_the_room_a_wider_terminal_gives(
    bundled_library: Library,
) -> None:
    titles = {}
    for size in ((80, 24), (120, 40)):
        app = make_app(bundled_library)
        async with app.run_test(size=size) as pilot:
            await pilot.press("3")
            await settle(app, pilot)
            view = app.query_one(PapersView)
            titles[size[0]] = widths(view.list)["title"]
            await pilot.press("w")  # the detail pane hidden: the table takes the whole width
            await settle(app, pilot)
            assert view.list.region.width == view.region.width
            assert widths(view.list)["title"] > titles[size[0]] + 10
            await pilot.press("w")
            await settle(app, pilot)
            assert 0 < view.detail.region.width < view.region.width
    assert titles[80] >= 24 and titles[120] >= titles[80] + 8


async def test_people_at_120_columns_tell_their_affiliations_apart(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.query_one(PeopleView)
        shown = {
            bundled_library.people[item].name: row_text(view.list, row)
            for row, item in enumerate(view.list.items)
        }
        size = widths(view.list)["affiliation"]
        cells = {}
        for name, affiliation in (
            ("Mickel Liu", "University of Washington"),
            ("Tianhao Wu", "University of California, Berkeley"),
        ):
            short = shorter(affiliation)  # too wide for the column: written short
            start = shown[name].index(short[:8])
            cells[name] = shown[name][start : start + size].rstrip()
            assert cells[name].startswith(short[: len(cells[name]) - 1])
        assert len(set(cells.values())) == 2
        assert all(not c.startswith("U. …") for c in cells.values())


async def test_people_sort_by_name_papers_and_affiliation(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.query_one(PeopleView)
        people = bundled_library.people

        def order() -> list[str]:
            return [people[i].name for i in view.list.items]

        await pilot.press("P")
        counts = [bundled_library.work_count(i) for i in view.list.items]
        assert counts == sorted(counts, reverse=True) and "by papers ↓" in caption(view)
        await pilot.press("P")
        counts = [bundled_library.work_count(i) for i in view.list.items]
        assert counts == sorted(counts) and "by papers ↑" in caption(view)
        await pilot.press("N")
        assert order() == sorted(order(), key=str.casefold) and "by name ↑" in caption(view)
        await pilot.press("N")
        assert order() == sorted(order(), key=str.casefold, reverse=True)
        await pilot.press("A")
        affiliations = [people[i].affiliation for i in view.list.items]
        filled = [a for a in affiliations if a]
        assert filled == sorted(filled, key=str.casefold)
        assert affiliations[len(filled) :] == [""] * (len(affiliations) - len(filled))
        assert view.list.sort == ("affiliation", False)


# -- the Problems view -----------------------------------------------------------------------


def broken_lab(root: Path) -> Library:
    """Two profiles of the same file name in long folders, one problem in one, two in other."""
    from cvtui.core.loading import load_paths

    for group, lines in (("group-a", 1), ("group-b", 2)):
        folder = root / "a-rather-long-folder-name-for-profiles" / group
        folder.mkdir(parents=True)
        papers = "".join(f'[[papers]]\ntitle = "P{n}"\nyear = "soon"\n' for n in range(lines))
        (folder / "mickel-liu.toml").write_text(
            f'name = "M {group}"\nid = "m-{group}"\n{papers}', encoding="utf-8"
        )
    return load_paths([root])


async def test_problems_show_file_names_and_whole_locations(tmp_path: Path) -> None:
    library = broken_lab(tmp_path)
    assert len(library.problems) == 3
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        from cvtui.views.problems import ProblemsView

        view = app.query_one(ProblemsView)
        files = {str(view.cells(i)[0]) for i in view.list.items}
        assert files == {"group-a/mickel-liu.toml", "group-b/mickel-liu.toml"}
        assert "3 errors" in caption(view) or "3 warnings" in caption(view)
        lines = [line.plain.strip() for line, _ in view.detail._lines]
        problem = library.problems[view.list.item or 0]
        where = f"mickel-liu.toml:{problem.line}:{problem.col}"
        assert any(line.endswith(where) for line in lines), lines  # on one line, whole
        assert "a-rather-long-folder-name-for-profiles" in "".join(lines)  # the folder, below


async def test_one_problem_is_one_error(tmp_path: Path) -> None:
    from cvtui.core.loading import load_paths
    from cvtui.views.problems import ProblemsView

    (tmp_path / "x.toml").write_text(
        'name = "X"\nid = "x"\n[[papers]]\ntitle = "T"\nyear = "soon"\n'
    )
    library = load_paths([tmp_path])
    assert [p.severity for p in library.problems] == ["error"]
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = caption(app.query_one(ProblemsView))
        assert "1 error, 0 warnings" in text


async def test_with_problems_the_header_keeps_the_paper_count(tmp_path: Path) -> None:
    library = broken_lab(tmp_path)
    for size in ((80, 24), (100, 30), (120, 40)):
        app = make_app(library)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            header = app.screen._compositor.render_strips()[0]
            line = "".join(segment.text for segment in header)
            assert f"{library.paper_count} papers" in line, line
            assert "3" in line.split("papers")[-1]  # the problems, counted


# -- smaller things --------------------------------------------------------------------------


async def test_search_placeholder_is_whole_and_says_one_thing_when_empty(
    bundled_library: Library,
) -> None:
    from textual.widgets import Input, Static

    from cvtui.views.search import SearchScreen

    app = make_app(bundled_library)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        field = screen.query_one(Input)
        assert len(field.placeholder) <= field.content_region.width
        text = "\n".join(
            "".join(s.text for s in strip) for strip in screen._compositor.render_strips()
        )
        assert "Type to search" in text and "No matches" not in text
        await pilot.press(*"zzqqxx")
        await settle(app, pilot)
        text = "\n".join(
            "".join(s.text for s in strip) for strip in screen._compositor.render_strips()
        )
        assert text.count("No matches") == 1 and "Type to search" not in text
        assert str(screen.query_one("#search-status", Static).render()) == "No matches"


async def test_a_notification_covers_the_columns_beneath_it(bundled_library: Library) -> None:
    from textual.widgets._toast import Toast

    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("A notification long enough to take a toast's whole width " * 2)
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        assert toasts
        assert toasts[0].region.right == app.size.width


async def test_the_card_lists_papers_newest_first_by_date() -> None:
    from cvtui.core.dates import parse_date
    from cvtui.core.model import Paper, Person

    papers = tuple(
        Paper(title=f"T{n}", authors=("Ada",), id=f"t{n}", year=2024, date=parse_date(date))
        for n, date in enumerate(("2024-01-05", "2024-11-02", "2024-06"))
    )
    library = Library([Person(name="Ada", id="ada", papers=papers)])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lines = [line.plain.strip() for line, _ in app.query_one(PeopleView).detail._lines]
        shown = [line.split()[1] for line in lines if line.startswith("2024  T")]
        assert shown == ["T1", "T2", "T0"]
        await pilot.press("3")
        await settle(app, pilot)
        papers_view = app.query_one(PapersView)
        assert [library.papers[i].title for i in papers_view.list.items] == shown


async def test_urls_break_after_a_separator_not_inside_a_name() -> None:
    from cvtui.core.model import Links, Person

    url = "https://homes.cs.washington.edu/~someone-with-a-long-name/research/index.html"
    library = Library([Person(name="Ada", id="ada", links=Links(homepage=url))])
    app = make_app(library)
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        lines = [line.plain.strip() for line, _ in app.query_one(PeopleView).detail._lines]
        start = next(n for n, line in enumerate(lines) if "https://" in line)
        pieces, at = [], start
        while "".join(pieces) != url[: len("".join(pieces))] or len("".join(pieces)) < len(url):
            piece = lines[at].split()[-1] if at == start else lines[at]
            pieces.append(piece[piece.index("https://") :] if at == start else piece)
            at += 1
            assert at - start < 10, lines
        assert "".join(pieces) == url and len(pieces) > 1
        for piece in pieces[:-1]:
            assert piece[-1] in "/-?&=_.,;:#+~@", pieces


async def test_search_hits_can_be_marked_and_x_saves_the_marked_papers(
    bundled_library: Library,
) -> None:
    from textual.widgets import Static

    from cvtui.views.search import SearchScreen

    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"kind:papers safe")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        everything = screen.export_target()
        assert everything is not None and len(everything.indices) >= 3
        await pilot.press("down", "space", "j", "j", "space")
        await settle(app, pilot)
        assert str(screen.query_one("#search-status", Static).render()).endswith(
            "2 marked (x saves their papers)"
        )
        target = screen.export_target()
        assert target is not None and "marked papers" in target.what
        assert list(target.indices) == [everything.indices[0], everything.indices[2]]
