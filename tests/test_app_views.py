"""Each view in the running app: what it shows, and that every profile fact reaches the screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest
from textual.app import App

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.dates import PartialDate
from cvtui.core.model import Library, Paper, PaperLinks, Person
from cvtui.core.problems import Problem
from cvtui.views.help import HelpScreen
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from cvtui.views.problems import ProblemsView
from settling import settle

TEST_TODAY = dt.date(2026, 1, 15)


def make_app(library: Library, **kwargs: Any) -> CvtuiApp:
    return CvtuiApp(library, config=Config(animation=False), today=TEST_TODAY, **kwargs)


def screen_text(app: App[Any]) -> str:
    """Every line of the screen as plain text, as a person sees it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def squash(text: str) -> str:
    """Whitespace removed, so wrapped lines compare equal to the original value."""
    return "".join(text.split())


def leaf_strings(value: object, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every string (and number) inside a record, recursively."""
    out: list[str] = []
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            if name not in skip:
                out += leaf_strings(getattr(value, name), skip)
    elif isinstance(value, (tuple, list)):
        for item in value:
            out += leaf_strings(item, skip)
    elif isinstance(value, PartialDate):
        out.append(str(value))
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, (str, int, float)) and str(value):
        out.append(str(value))
    return out


async def test_people_view_lists_everyone_and_shows_the_card(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PeopleView)
        assert list(view.list.items) == list(range(len(bundled_library.people)))
        text = screen_text(app)
        for person in bundled_library.people:
            assert person.name in text
        assert app.current_person == bundled_library.people[0].id
        assert bundled_library.people[0].name in view.detail.plain_text
        assert "3 people" in text and f"{len(bundled_library.papers)} papers" in text


@pytest.mark.parametrize("person_index", [0, 1, 2])
async def test_profile_card_shows_every_fact(bundled_library: Library, person_index: int) -> None:
    person = bundled_library.people[person_index]
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PeopleView)
        view.list.move_to_item(person_index)
        await settle(pilot)
        card = squash(view.detail.plain_text)
        # Papers are listed by title here; their full detail is the Papers view's job.
        facts = leaf_strings(person, skip=frozenset({"papers"}))
        facts += [paper.title for paper in person.papers]
        missing = [fact for fact in facts if squash(fact) not in card]
        assert not missing


async def test_paper_detail_shows_every_field(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        view = app.query_one(PapersView)
        for index in range(len(bundled_library.papers)):
            view.show_paper(index)
            await settle(pilot)
            assert view.list.item == index
            detail = squash(view.detail.plain_text)
            paper = bundled_library.papers[index]
            facts = leaf_strings(paper, skip=frozenset({"links", "id", "type"}))
            facts += [url for _, url in paper.links.items()]
            missing = [fact for fact in facts if squash(fact) not in detail]
            assert not missing, (paper.title, missing)


async def test_paper_detail_marks_owner_equal_contribution_and_coauthors() -> None:
    alice = Person(
        name="Alice Example",
        id="alice",
        papers=(
            Paper(
                title="Shared work",
                authors=("Bob Other*", "Alice Example*", "Carol Third†"),
                venue="NeurIPS",
                year=2024,
                type="conference",
                links=PaperLinks(code="https://code.example.org/x"),
            ),
        ),
    )
    bob = Person(
        name="Bob Other",
        id="bob",
        links=msgspec.structs.replace(alice.links, homepage="https://bob.example.org"),
    )
    library = Library([alice, bob])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        view = app.query_one(PapersView)
        text = " ".join(view.detail.plain_text.split())
        assert "Bob Other*+, Alice Example*, Carol Third†" in text
        assert "* equal contribution" in text and "† corresponding" in text
        assert "+ has a profile here" in text
        assert "→ Bob Other" in text
        assert "code" in screen_text(app)
        # the profile's owner is emphasised: find the style on "Alice Example"
        blocks = view.detail._blocks
        authors = next(b.text for b in blocks if "Alice Example*" in b.text.plain)
        start = authors.plain.index("Alice Example")
        styles = [span.style for span in authors.spans if span.start <= start < span.end]
        assert any(getattr(s, "bold", False) for s in styles)
        # the co-author is reachable with a key: their papers, on this work
        await pilot.press("p")
        await settle(pilot)
        assert app.view == "papers" and view.scope == "bob"
        assert app.current_person == "bob"


async def test_timeline_view_follows_current_and_marked_people(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "enter")
        await settle(pilot)
        assert app.view == "timeline"
        timeline = app.query_one("#timeline")
        first, second = bundled_library.people[0].id, bundled_library.people[1].id
        assert app.current_person == second
        assert set(timeline.person_ids) == {first, second}
        assert timeline.person_ids[0] == second
        assert "Who" in screen_text(app)


async def test_enter_on_a_timeline_paper_opens_it_in_papers(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        timeline = app.query_one("#timeline")
        events = timeline.event_list
        row = next(n for n, e in enumerate(events.events) if e.kind == "paper")
        events.move_cursor(row)
        event = events.event
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "papers"
        papers = app.query_one(PapersView)
        assert papers.list.item == event.ref  # a paper event names its work


async def test_enter_on_a_timeline_position_opens_the_card_there(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        events = app.query_one("#timeline").event_list
        row = next(n for n, e in enumerate(events.events) if e.kind == "experience")
        events.move_cursor(row)
        event = events.event
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "people"
        card = app.query_one(PeopleView).detail
        assert card.has_focus
        person = bundled_library.people[event.person]
        line = card._lines[card.cursor][0].plain
        exp = person.experience[event.ref]
        assert (exp.role or exp.organisation) in line


async def test_problems_notice_and_view() -> None:
    problems = [
        Problem("profiles/bad.toml", "unknown field `nmae`", 3, 1, "nmae"),
        Problem("profiles/worse.toml", "not valid TOML", 7, severity="error"),
    ]
    library = Library([Person(name="Only One", id="one")], problems=problems)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert any("2 problems" in n for n in notices)
        await pilot.press("5")
        await settle(pilot)
        assert app.view == "problems"
        text = screen_text(app)
        # the file's name in the list (its folder in the detail), and the message
        assert "bad.toml" in text and "unknown field `nmae`" in text
        assert "not valid TOML" in text
        view = app.query_one(ProblemsView)
        assert "in profiles" in view.detail.plain_text
        assert "Field: nmae" in view.detail.plain_text


async def test_help_lists_every_binding_of_the_view(bundled_library: Library) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.plain_text
        view = app.query_one(PapersView)
        for node in (view, view.list, app):
            for _, binding in node._bindings:
                if binding.id:  # listed when offered (and space marks papers)
                    offered = node.check_action(binding.action.split("(")[0], ()) is not False
                    assert (binding.id in text) is offered, binding.id
        assert "list.mark" in text and "list.clear_marks" in text and "app.quit" in text
        assert "ctrl+p" in text.lower() or "^p" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


HOSTILE = [
    "[Re] Reproducing X",
    "[/bold]",
    "[@click=app.quit]x[/]",
    "[link=https://evil.example]y[/link]",
]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_profile_text_is_shown_literally(size: tuple[int, int]) -> None:
    person = Person(
        name="[bold]Mallory[/bold]",
        id="mallory",
        headline="[/bold]",
        affiliation="[Re] Lab",
        papers=tuple(
            Paper(title=t, authors=(t, "Mallory"), venue="[red]V[/red]", year=2024) for t in HOSTILE
        ),
    )
    app = make_app(Library([person]))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]Mallory[/bold]" in text
        assert "[Re] Lab" in text or "[Re] L" in text
        await pilot.press("3", "T")
        await settle(pilot)
        view = app.query_one(PapersView)
        for title in HOSTILE:
            view.show_paper(bundled_index(app, title))
            await settle(pilot)
            assert squash(title) in squash(view.detail.plain_text)
        await pilot.press("l", "enter")  # follows nothing dangerous
        await settle(pilot)
        assert app.is_running


def bundled_index(app: CvtuiApp, title: str) -> int:
    assert app.library is not None
    return next(i for i, p in enumerate(app.library.papers) if p.title == title)
