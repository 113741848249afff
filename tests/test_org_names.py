"""Affiliations in a narrow column: their short forms, so that two universities are not both
"University…" at 80 columns, and a filter's match still marked where it falls."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.model import Library
from cvtui.core.org_names import shorter, shorter_with_spans
from cvtui.views.people import PeopleView
from settling import settle


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("University of Washington", "U. Washington"),
        ("University of California, Berkeley", "U. California, Berkeley"),
        ("The University of Edinburgh", "U. Edinburgh"),
        ("Massachusetts Institute of Technology", "Massachusetts Inst. Tech."),
        ("Technische Universität München", "Tech. U. München"),
        ("Universidad de Buenos Aires", "U. Buenos Aires"),
        ("Stanford University, CA", "Stanford U., CA"),
        ("Allen Institute for AI", "Allen Inst. AI"),
        ("Korea Advanced Institute of Science and Technology", "Korea Advanced Inst. Sci. Tech."),
        # A match's reason quoted from prose: its small words stay where no name follows.
        (
            "summary: works for the University of Oslo and more",
            "summary: works for the U. Oslo and more",
        ),
    ],
)
def test_common_words_take_their_short_forms(name: str, short: str) -> None:
    assert shorter(name) == short


@pytest.mark.parametrize(
    "name", ["Google DeepMind", "ETH Zürich", "Universe of Discourse Ltd", "The Alan Turing"]
)
def test_a_name_with_nothing_to_shorten_is_kept_as_written(name: str) -> None:
    assert shorter(name) == name


def test_matches_follow_the_words_they_were_in() -> None:
    name = "University of California, Berkeley"
    short, spans = shorter_with_spans(name, [(name.index("Berk"), name.index("Berk") + 4)])
    assert [short[a:b] for a, b in spans] == ["Berk"]
    short, spans = shorter_with_spans(name, [(0, 4)])  # "Univ" of University: all of "U."
    assert [short[a:b] for a, b in spans] == ["U."]
    short, spans = shorter_with_spans(name, [(11, 13)])  # only in "of", which is dropped
    assert spans == []


def row_text(view_list: Any, row: int) -> str:
    strip = view_list.draw_row(row, view_list.size.width, row == view_list.cursor)
    return "".join(segment.text for segment in strip)


async def test_at_80_columns_two_universities_are_told_apart(bundled_library: Library) -> None:
    app = CvtuiApp(bundled_library, config=Config(animation=False), today=dt.date(2026, 1, 15))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(PeopleView)
        rows = {
            bundled_library.people[item].affiliation: row_text(view.list, n)
            for n, item in enumerate(view.list.items)
        }
        washington = rows["University of Washington"]
        berkeley = rows["University of California, Berkeley"]
        assert "U. Washing" in washington and "U. Califor" in berkeley
        assert "University" not in washington + berkeley  # cut, it was "University…" twice
        await pilot.press("slash", *"washington")
        await app.workers.wait_for_complete()
        await settle(pilot)
        people = [bundled_library.people[i].affiliation for i in view.list.items]
        row = people.index("University of Washington")
        strip = view.list.draw_row(row, view.list.size.width, False)
        match = view.list.style_for("line-list--match")
        marked = "".join(s.text for s in strip if s.style and s.style.color == match.color)
        assert "U. Washing…" in "".join(s.text for s in strip)
        assert marked == "Washing…"  # the match, where it is in the short form (and cut)
