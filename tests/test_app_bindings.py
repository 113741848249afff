"""Every binding's effect, pressed through Pilot like a person would, and keymap remapping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import bibtexparser
import pytest
from textual.command import CommandPalette

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.exchange.latex import latex_to_text
from cvtui.core.model import Library, Links, Paper, PaperLinks, Person
from cvtui.views.help import HelpScreen
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from cvtui.views.search import SearchScreen
from cvtui.widgets.document import DocumentView
from cvtui.widgets.virtual_list import VirtualList
from settling import settle as settle_screen

TEST_TODAY = dt.date(2026, 1, 15)


def make_app(library: Library, **config: Any) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False, **config), today=TEST_TODAY)


def big_library(people: int = 5, papers: int = 60) -> Library:
    """Enough rows to page through, with predictable titles and years."""
    out = []
    for p in range(people):
        out.append(
            Person(
                name=f"Person {p:02d}",
                id=f"p{p:02d}",
                affiliation=f"Uni {p}",
                links=Links(homepage=f"https://p{p}.example.org"),
                papers=tuple(
                    Paper(
                        title=f"Paper {p:02d}-{n:03d} {'alpha' if n % 2 else 'beta'}",
                        authors=(f"Person {p:02d}",),
                        venue=f"V{n % 7}",
                        year=1990 + n % 30,
                        id=f"x{n}",
                        links=PaperLinks(url=f"https://paper.example.org/{p}/{n}"),
                    )
                    for n in range(papers)
                ),
            )
        )
    return Library(out)


async def settle(app: CvtuiApp, pilot: Any) -> None:
    """Let workers (filters, searches) finish and the screen catch up."""
    await settle_screen(pilot)
    await app.workers.wait_for_complete()
    await settle_screen(pilot)


# -- app-wide keys ---------------------------------------------------------------------------


async def test_q_quits_with_code_zero(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("q")
        await settle_screen(pilot)
    assert app.return_code == 0


async def test_number_keys_and_tab_switch_views(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        for key, view in (("2", "timeline"), ("3", "papers"), ("4", "insights"), ("1", "people")):
            await pilot.press(key)
            assert app.view == view
        await pilot.press("tab")
        assert app.view == "timeline"
        await pilot.press("tab", "tab")
        assert app.view == "insights"
        await pilot.press("tab")
        assert app.view == "people"  # no problems view when there are no problems
        await pilot.press("shift+tab")
        assert app.view == "insights"
        await pilot.press("5")
        assert app.view == "insights"  # nothing to show there


async def test_question_mark_opens_and_closes_help(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "people.papers" in app.screen.plain_text
        await pilot.press("j", "G", "q")
        assert not isinstance(app.screen, HelpScreen)


async def test_ctrl_p_opens_palette_with_commands_and_hits(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await settle_screen(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"spiral")
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("SPIRAL" in p for p in prompts)
        await pilot.press("enter")
        await settle_screen(pilot)
        assert app.view == "papers"
        paper = bundled_library.papers[app.query_one(PapersView).list.item]
        assert paper.title.startswith("SPIRAL")


async def test_t_opens_the_theme_picker(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await settle_screen(pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_keymap_from_config_remaps_a_binding() -> None:
    app = make_app(big_library(1, 10), keymap={"papers.sort_year": "Y", "app.quit": "Q"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        view = app.query_one(PapersView)
        assert (view.sort_key, view.sort_reverse) == ("year", True)
        await pilot.press("y")
        assert view.sort_reverse is True  # y no longer sorts
        await pilot.press("Y")
        assert view.sort_reverse is False
        await pilot.press("question_mark")
        assert "Y" in app.screen.plain_text
        await pilot.press("escape", "q")
        assert app.is_running
        await pilot.press("Q")
        await settle_screen(pilot)
    assert app.return_code == 0


# -- lists -----------------------------------------------------------------------------------


async def test_list_motion_keys() -> None:
    app = make_app(big_library(1, 200))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        lst = app.query_one(PapersView).list
        assert lst.has_focus and lst.cursor == 0
        await pilot.press("j", "j", "down")
        assert lst.cursor == 3
        await pilot.press("k", "up")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 199
        assert lst.scroll_y > 0
        await pilot.press("g")
        assert lst.cursor == 0 and lst.scroll_y == 0
        await pilot.press("ctrl+d")
        half = lst.cursor
        assert half >= 5
        await pilot.press("ctrl+u")
        assert lst.cursor == 0
        await pilot.press("pagedown")
        assert lst.cursor > half
        await pilot.press("pageup")
        assert lst.cursor == 0
        await pilot.press("end", "home")
        assert lst.cursor == 0


async def test_mouse_click_moves_the_cursor_and_scroll_wheel_scrolls() -> None:
    app = make_app(big_library(1, 200))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        lst = app.query_one(PapersView).list
        await pilot.click(lst, offset=(5, 4))  # header line + rows 0..2
        assert lst.cursor == 3
        await pilot.click(lst, offset=(5, 4), times=2)
        assert lst.cursor == 3
        from textual.events import MouseScrollDown

        await pilot._post_mouse_events([MouseScrollDown], lst, offset=(5, 5))
        await settle_screen(pilot)
        assert lst.scroll_y > 0


async def test_h_and_l_move_between_panes() -> None:
    app = make_app(big_library(2, 5))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        people = app.query_one(PeopleView)
        await pilot.press("l")
        assert people.detail.has_focus
        await pilot.press("h")
        assert people.list.has_focus
        await pilot.press("right")
        assert people.detail.has_focus
        await pilot.press("escape")
        assert people.list.has_focus


async def test_slash_filters_live_with_highlights_and_escape_clears() -> None:
    app = make_app(big_library(1, 50))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash")
        view = app.query_one(PapersView)
        assert view.filter_bar.input.has_focus
        await pilot.press(*"alpha")
        await settle(app, pilot)
        titles = [app.library.papers[i].title for i in view.list.items]
        assert len(titles) == 25 and all("alpha" in t for t in titles)
        item = view.list.items[0]
        spans = view.list._highlights[item]["title"]
        title = app.library.papers[item].title
        assert any(title[s:e].lower() == "alpha" for s, e in spans)
        await pilot.press("enter")
        assert view.list.has_focus
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(view.list.items) == 50
        assert not view.filter_bar.is_open


async def test_filter_reports_query_problems(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash")
        await pilot.press(*"year:>=abc")
        await settle(app, pilot)
        from textual.widgets import Static

        problems = app.query_one("#papers #filter-problems", Static)
        assert problems.display and str(problems.render()).strip()


async def test_ctrl_f_opens_global_search_from_any_view(bundled_library: Library) -> None:
    # (`/` filters the list of whichever view has focus, the Timeline's events too.)
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle_screen(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"safe rlhf")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        kinds = [str(h.kind) for h in screen.hits]
        assert kinds == sorted(kinds, key=lambda k: {"person": 0, "paper": 1, "event": 2}[k])
        target = next(n for n, h in enumerate(screen.hits) if h.title.startswith("Safe RLHF"))
        await pilot.press("down", *["j"] * target)
        assert screen.results.cursor == target
        await pilot.press("enter")
        await settle_screen(pilot)
        assert app.view == "papers"
        item = app.query_one(PapersView).list.item
        assert bundled_library.papers[item].title.startswith("Safe RLHF")


# -- people ----------------------------------------------------------------------------------


async def test_space_marks_people_and_capital_m_clears() -> None:
    app = make_app(big_library(4, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "j", "j", "space")
        assert app.selected_people == frozenset({"p00", "p02"})
        await pilot.press("space")
        assert app.selected_people == frozenset({"p00"})
        await pilot.press("M")
        assert app.selected_people == frozenset()


async def test_enter_on_person_opens_timeline_and_p_opens_papers() -> None:
    app = make_app(big_library(3, 4))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "enter")
        assert app.view == "timeline" and app.current_person == "p01"
        await pilot.press("1", "j", "p")
        assert app.view == "papers"
        view = app.query_one(PapersView)
        assert view.scope == "p02"
        assert len(view.list.items) == 4
        assert all(app.library.holds(2, i) for i in view.list.items)


async def test_enter_on_a_card_link_shows_and_copies_url_over_ssh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = make_app(big_library(1, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        card = app.query_one(PeopleView).detail
        await pilot.press("l")
        assert card.has_focus
        while card.action is None:
            await pilot.press("j")
        await pilot.press("enter")
        assert app.copying.last_opened == "https://p0.example.org"
        assert app.clipboard == "https://p0.example.org"


# -- papers ----------------------------------------------------------------------------------


async def test_sort_keys_order_papers() -> None:
    app = make_app(big_library(2, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        view = app.query_one(PapersView)
        papers = app.library.papers

        def years() -> list[int]:
            return [papers[i].year for i in view.list.items]

        assert years() == sorted(years(), reverse=True)
        await pilot.press("y")
        assert years() == sorted(years())
        await pilot.press("T")
        titles = [papers[i].title for i in view.list.items]
        assert titles == sorted(titles, key=str.lower)
        await pilot.press("T")
        assert [papers[i].title for i in view.list.items] == titles[::-1]
        await pilot.press("v")
        venues = [papers[i].venue for i in view.list.items]
        assert venues == sorted(venues, key=str.lower)


async def test_a_switches_between_all_papers_and_one_persons() -> None:
    """``a`` shows the papers of the person of the paper under the cursor."""
    library = big_library(3, 5)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "3")
        view = app.query_one(PapersView)
        assert len(view.list.items) == 15
        item = view.list.item
        assert item is not None
        holder = library.people[library.holders(item)[0]].id
        await pilot.press("a")
        assert view.scope == holder and len(view.list.items) == 5
        assert view.list.item == item  # the cursor stays on its paper
        await pilot.press("a")
        assert view.scope is None and len(view.list.items) == 15


async def test_c_copies_a_bibtex_citation_for_a_paper(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        view = app.query_one(PapersView)
        await pilot.press("c")
        paper = bundled_library.papers[view.list.item]
        assert app.clipboard.lstrip().startswith("@")
        entry = bibtexparser.parse_string(app.clipboard).entries[0]
        assert latex_to_text(entry["title"]) == paper.title  # braces protect capitals
        assert app.copying.last_copied == app.clipboard


async def test_c_copies_name_and_homepage_for_a_person(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "c")
        person = bundled_library.people[1]
        assert app.clipboard == f"{person.name}\n{person.links.homepage}"


async def test_c_on_a_focused_link_copies_the_url() -> None:
    app = make_app(big_library(1, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "l")
        detail = app.query_one(PapersView).detail
        assert isinstance(detail, DocumentView) and detail.has_focus
        while detail.action is None or detail.action.kind != "link":
            await pilot.press("j")
        await pilot.press("c")
        assert app.clipboard == "https://paper.example.org/0/0"


async def test_o_over_ssh_copies_the_url_instead_of_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    opened: list[str] = []
    app = make_app(big_library(1, 2))
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        item = app.query_one(PapersView).list.item
        await pilot.press("o")
        url = app.library.papers[item].links.url
        assert app.clipboard == url and opened == []
        assert any(url in str(n.message) for n in app._notifications)


async def test_o_with_a_local_browser_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    app = make_app(big_library(1, 2))
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert opened == ["https://p0.example.org"]


async def test_p_cycles_through_coauthors_with_profiles() -> None:
    a = Person(
        name="Ann A", id="a", papers=(Paper(title="T", authors=("Ann A", "Ben B", "Cid C")),)
    )
    b = Person(name="Ben B", id="b")
    c = Person(name="Cid C", id="c")
    app = make_app(Library([a, b, c]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "p")
        view = app.query_one(PapersView)
        assert app.view == "papers" and app.current_person == "b" and view.scope == "b"
        assert view.list.item == 0  # still on the work
        await pilot.press("p")
        assert app.current_person == "c" and view.scope == "c"
        await pilot.press("p")
        assert app.current_person == "a" and view.scope == "a"


async def test_virtual_list_keeps_cursor_on_item_when_items_change() -> None:
    app = make_app(big_library(1, 100))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        lst: VirtualList = app.query_one(PapersView).list
        lst.move_to_item(42)
        lst.set_items(list(range(40, 60)))
        await settle_screen(pilot)
        assert lst.item == 42 and lst.cursor == 2
        lst.set_items([1, 2, 3])
        assert lst.cursor == 0 and lst.item == 1
        lst.set_items([])
        await settle_screen(pilot)
        assert lst.item is None
