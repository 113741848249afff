"""Search says why a hit matched: the field and the matched part, beside its title; events
are found through their collaborators and say who, where and when."""

from __future__ import annotations

from typing import Any

from cvtui.core.library import Library
from cvtui.core.search import index_for
from cvtui.core.search.reasons import reason_of
from cvtui.views.search import SearchScreen, hit_reason
from timeline_pilot import make_app, settle


def test_a_match_outside_the_title_is_named_with_its_value() -> None:
    texts = {"institutions": "Peking University; Ant Group", "name": "Tianhao Wu"}
    spans = {"institutions": ((0, 6),)}
    reason = reason_of("people", spans, texts.__getitem__)
    assert reason is not None
    assert reason.text() == "at: Peking University"
    assert reason.spans == ((0, 6),)


def test_a_title_match_needs_no_reason_and_years_come_last() -> None:
    texts = {"title": "Wombat studies", "year": "2017", "authors": "Ana Lima; Bo Chen"}
    assert reason_of("papers", {"title": ((0, 6),)}, texts.__getitem__) is None
    both = {"year": ((0, 4),), "authors": ((10, 12),)}
    reason = reason_of("papers", both, texts.__getitem__)
    assert reason is not None and reason.text() == "author: Bo Chen"
    assert reason.spans == ((0, 2),)


def test_prose_shows_a_window_from_the_matched_word() -> None:
    text = "A long summary that goes on and on before it mentions reward models at last, " * 2
    start = text.index("reward")
    reason = reason_of("papers", {"summary": ((start, start + 6),)}, lambda f: text)
    assert reason is not None
    assert reason.snippet.startswith("reward models") and reason.snippet.endswith("…")
    s, e = reason.spans[0]
    assert reason.snippet[s:e] == "reward"


def test_events_are_found_through_their_collaborators(bundled_library: Library) -> None:
    hits = index_for(bundled_library).search("peking university frontier", kind="events")
    events = [bundled_library.events[h.index] for h in hits]
    assert any(e.organisation == "Ant Group" and e.title == "Research Leader" for e in events)
    ant = next(h for h in hits if bundled_library.events[h.index].organisation == "Ant Group")
    reason = hit_reason(bundled_library, ant)
    assert (
        reason is not None and reason.text() == "with: Peking University Frontier Computing Center"
    )


async def test_search_everything_shows_where_and_why_each_hit_matched(
    bundled_library: Library,
) -> None:
    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"peking 2017")
        screen: Any = app.screen
        assert isinstance(screen, SearchScreen)
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.hits:
                break
        rows = [screen._cells(i) for i in range(len(screen.hits))]
        tianhao = [r for r in rows if r[3].startswith("Tianhao Wu")]
        assert tianhao and all(r[2] == "at: Peking University" for r in tianhao)
        assert all("Peking University" in r[3] and "2017" in r[3] for r in tianhao)
        junwu = [r for r in rows if r[3].startswith("Junwu Xiong · Ant Group")]
        assert junwu and junwu[0][2].startswith("with: Peking University")
        highlights = screen.results._highlights  # the matched part of the reason is marked
        first = dict(highlights[0])
        assert first.get("why") == [(4, 10)]


async def test_the_people_filter_says_why_a_person_matched(bundled_library: Library) -> None:
    from cvtui.views.people import PeopleView

    app = make_app(bundled_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"hkust")
        await settle(pilot)
        view = app.query_one(PeopleView)
        items = list(view.list.items)
        assert [bundled_library.people[i].name for i in items] == ["Junwu Xiong"]
        where = view.cells(items[0])[2]
        assert where.startswith("summary: ") and "HKUST" in where
        await pilot.press("escape")
        await settle(pilot)
        assert view.cells(items[0])[2] == bundled_library.people[items[0]].affiliation
