"""The papers view's ``/`` filter keeps every matching paper, best first, like fzf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.model import Library
from cvtui.core.search import SCORE_POOL, normalize
from cvtui.views.papers import PapersView
from settling import settle as settle_screen

PAPER_FIELDS = ("title", "authors", "venue", "year", "categories", "orgs", "summary", "highlights")


async def settle(app: CvtuiApp, pilot: Any) -> None:
    await settle_screen(pilot)
    await app.workers.wait_for_complete()
    await settle_screen(pilot)


async def filter_papers(app: CvtuiApp, pilot: Any, query: str) -> PapersView:
    """Open the Papers view, type ``query`` into its filter, and let the result show."""
    await pilot.press("3")
    await settle(app, pilot)
    view = app.query_one(PapersView)
    await pilot.press("slash", *query)
    await settle(app, pilot)
    return view


def holding(generated_library: Library, part: str) -> set[int]:
    """Papers with ``part`` in some field (folded): what ``'part`` matches."""
    from cvtui.core.search import SearchIndex

    index = SearchIndex(generated_library)
    return {
        p
        for p in range(len(generated_library.papers))
        if any(
            part in " ".join(normalize(index.field_text("papers", p, name)).split())
            for name in PAPER_FIELDS
        )
    }


async def test_filter_shows_every_matching_paper(generated_library: Library) -> None:
    expected = holding(generated_library, "ing")
    assert len(expected) > 300 > SCORE_POOL
    app = CvtuiApp(generated_library, config=Config(animation=False), today=dt.date(2026, 1, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await filter_papers(app, pilot, "'ing")
        items = list(view.list.items)
        assert len(items) == len(set(items)) == len(expected)
        assert set(items) == expected
        assert f"· {len(expected):,} of {len(generated_library.papers):,} ·" in view.caption_text()
        # every match counted, none held back; in the order the caption names
        assert "best match first" in view.caption_text()


async def test_filter_ranks_title_matches_before_the_rest(generated_library: Library) -> None:
    app = CvtuiApp(generated_library, config=Config(animation=False), today=dt.date(2026, 1, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await filter_papers(app, pilot, "learning")
        items = list(view.list.items)
        titled = [p for p in items if "learning" in generated_library.papers[p].title.lower()]
        assert len(items) > len(titled) > 0
        # Every paper with the word in its title comes before any without it.
        assert items[: len(titled)] == titled
        # Rows past the ranked ones are highlighted too.
        last = items[-1]
        assert view.list._highlights.get(last)


async def test_filter_answers_before_the_index_is_built_and_again_after(
    monkeypatch: Any,
) -> None:
    import threading

    from cvtui.core.loading import load_paths
    from cvtui.core.search.store import Store
    from cvtui.views import filtering

    bundled_library = load_paths([Path(__file__).resolve().parents[1] / "profiles"])

    # As with a large set opened for the first time: the index takes seconds to build, and
    # the first key comes before it is done (here: until released).
    monkeypatch.setattr(filtering, "PARTIAL_FROM", 0)
    release = threading.Event()
    view_for = Store.view_for

    def slow(self: Store, *args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return view_for(self, *args, **kwargs)

    monkeypatch.setattr(Store, "view_for", slow)
    hivemind = next(
        n for n, p in enumerate(bundled_library.papers) if p.title.startswith("Artificial Hivemind")
    )
    app = CvtuiApp(bundled_library, config=Config(animation=False), today=dt.date(2026, 1, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle_screen(pilot)
        view = app.query_one(PapersView)
        # "Infinity-Chat" is in that paper's summary only.
        await pilot.press("slash", *"infinity")
        await settle_screen(pilot)
        assert list(view.list.items) == []
        assert str(view.filter_bar.query_one("#filter-count").render()).startswith("0+/")
        release.set()  # the build gets going
        await settle(app, pilot)
        await settle(app, pilot)
        assert list(view.list.items) == [hivemind]
        assert str(view.filter_bar.query_one("#filter-count").render()).startswith("1/")


async def test_a_long_filter_list_shows_its_first_rows_at_once_then_all(
    generated_library: Library, monkeypatch: Any
) -> None:
    """The first screens come from a short listing with the count of every match; the whole
    list follows from the same worker."""
    from cvtui.views import base, filtering

    monkeypatch.setattr(filtering, "RANKED", 5)
    monkeypatch.setattr(base, "FIRST_REST", 10)
    expected = holding(generated_library, "ing")
    shown: list[tuple[int, str]] = []
    apply = PapersView._apply_filter

    def recording(self: PapersView, result: Any, query: str) -> None:
        apply(self, result, query)
        if query == "'ing":
            count = str(self.filter_bar.query_one("#filter-count").render())
            shown.append((len(result.items), count))

    monkeypatch.setattr(PapersView, "_apply_filter", recording)
    app = CvtuiApp(generated_library, config=Config(animation=False), today=dt.date(2026, 1, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await filter_papers(app, pilot, "'ing")
        assert set(view.list.items) == expected
    from cvtui.core.search import POOL_SLACK

    total = f"{len(expected):,}/{len(generated_library.papers):,}"
    first = 5 + POOL_SLACK + 10  # the ranked, the rest of those scored, then 10 more
    assert shown == [(first, total), (len(expected), total)]


async def test_the_whole_list_waits_for_a_pause_in_typing(
    generated_library: Library, monkeypatch: Any
) -> None:
    """While keys come, each keystroke shows its first screens only: listing every match
    would be thrown away by the next key, having slowed its screen down."""
    from cvtui.views import base, filtering

    monkeypatch.setattr(filtering, "RANKED", 5)
    monkeypatch.setattr(base, "FIRST_REST", 10)
    monkeypatch.setattr(base, "WHOLE_LIST_AFTER", 0.6)
    shown: list[tuple[str, int]] = []
    apply = PapersView._apply_filter

    def recording(self: PapersView, result: Any, query: str) -> None:
        apply(self, result, query)
        shown.append((query, len(result.items)))

    monkeypatch.setattr(PapersView, "_apply_filter", recording)
    app = CvtuiApp(generated_library, config=Config(animation=False), today=dt.date(2026, 1, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        view = app.query_one(PapersView)
        await pilot.press("slash", "'", "i", "n")
        await settle_screen(pilot)
        typed = [n for q, n in shown if q in ("'i", "'in")]
        assert typed and max(typed) < len(holding(generated_library, "in"))  # first screens
        await pilot.press("g")
        await settle(app, pilot)  # the pause: now the whole list
        assert set(view.list.items) == holding(generated_library, "ing")
        assert shown[-1] == ("'ing", len(holding(generated_library, "ing")))
