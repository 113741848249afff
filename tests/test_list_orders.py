"""The precomputed orders of the Papers view, lazy highlights and the fast row fitting give
exactly what the straightforward code gives."""

from __future__ import annotations

import random

import pytest
from rich.text import Text

from cvtui.core.dates import PartialDate
from cvtui.core.model import Paper
from cvtui.core.text import fold
from cvtui.views.filtering import LazyHighlights, filter_items
from cvtui.views.paper_order import SORT_KEYS, PaperOrders
from cvtui.widgets.list_cells import fit, fit_plain

TITLES = ["Zeta", "alpha", "Älpha", "beta", "", "Beta", "zeta", "Ωmega", "a" * 300, "Alpha"]
VENUES = ["", "NeurIPS", "neurips", "ICML", "Éco", "ACL"]


def make_papers(count: int, seed: int = 3) -> list[Paper]:
    """Papers with many ties, missing years and dates, accents and empty venues."""
    rng = random.Random(seed)
    papers = []
    for n in range(count):
        year = rng.choice([None, 2019, 2020, 2021, 2024])
        date = None
        if year is not None and rng.random() < 0.4:
            date = PartialDate(year, rng.choice([0, 1, 7, 12]), rng.choice([0, 3, 28]))
        papers.append(
            Paper(
                title=f"{rng.choice(TITLES)} {rng.randrange(5)}",
                venue=rng.choice(VENUES),
                year=year,
                date=date,
                id=str(n),
            )
        )
    return papers


def reference_key(key: str, paper: Paper) -> object:
    """The keys the view sorted by before the orders were precomputed."""
    if key == "year":
        when = paper.when
        return (when.year * 10000 + when.month * 100 + when.day) if when else 0
    if key == "title":
        return fold(paper.title)
    return (paper.venue == "", fold(paper.venue))


@pytest.mark.parametrize("count", [0, 1, 7, 9000])
@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("reverse", [False, True])
def test_orders_equal_a_stable_sort(count: int, key: str, reverse: bool) -> None:
    papers = make_papers(count)
    orders = PaperOrders(papers)
    keys = [reference_key(key, p) for p in papers]
    expected = sorted(range(count), key=keys.__getitem__, reverse=reverse)
    assert list(orders.order(key, reverse)) == expected
    some = list(range(0, count, 3))
    assert orders.arrange(some, key, reverse) == [i for i in expected if i % 3 == 0]
    assert orders.arrange(expected[::-1], key, reverse) == expected  # many: picked by marks
    assert orders.sort(some[::-1], key, reverse) == sorted(
        some[::-1], key=keys.__getitem__, reverse=reverse
    )


def test_warm_works_out_every_order_and_can_be_stopped() -> None:
    papers = make_papers(500)
    assert PaperOrders(papers).warm(lambda: True) is False
    orders = PaperOrders(papers)
    assert orders.warm() is True
    for key in SORT_KEYS:
        for reverse in (False, True):
            order = orders.order(key, reverse)
            rank = orders.rank(key, reverse)
            assert [rank[paper] for paper in order] == list(range(len(papers)))


CELLS = [
    "",
    "short",
    "exactly ten",
    "a title much longer than the column it is shown in",
    "line\nbreak\tand tab",
    "wide 漢字漢字漢字 characters",
    "漢字漢字漢字漢字",
    "bell\x07 and return\r",
    "[bold]not markup[/bold]",
]


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("width", [0, 1, 2, 5, 10, 11, 30])
@pytest.mark.parametrize("align", ["left", "right", "center"])
def test_fit_plain_matches_fit(cell: str, width: int, align: str) -> None:
    assert fit_plain(cell, width, align) == fit(cell, width, align).plain
    assert Text(fit_plain(cell, width, align)).cell_len == fit(cell, width, align).cell_len


def test_lazy_highlights_work_spans_out_only_for_rows_read() -> None:
    made: list[int] = []

    def spans(item: int) -> dict[str, list[tuple[int, int]]]:
        made.append(item)
        return {"title": [(0, item)]}

    highlights = LazyHighlights({5: 5, 7: 7, 9: 9}, spans)
    assert 7 in highlights and 8 not in highlights and len(highlights) == 3
    assert made == []
    assert highlights[7] == {"title": [(0, 7)]}
    assert highlights.get(8) is None
    assert highlights[7] == {"title": [(0, 7)]}
    assert made == [7]
    highlights.prepare([9, 5], limit=1)
    assert made == [7, 9]


def test_plain_filter_keeps_order_and_highlights_matches() -> None:
    texts = {1: "Self-play at scale", 2: "Nothing here", 3: "More self play"}
    result = filter_items("self", [3, 2, 1], lambda i: {"title": texts[i]})
    assert list(result.items) == [3, 1]
    assert result.highlights[1] == {"title": [(0, 4)]}
    assert result.highlights[3] == {"title": [(5, 9)]}
    assert 2 not in result.highlights


@pytest.mark.parametrize("gone", [0, 1, 40])
@pytest.mark.parametrize("added", [0, 1, 60])
def test_orders_carried_over_an_edit_equal_sorting_afresh(gone: int, added: int) -> None:
    """After an edit the kept papers come first in their old order, the new ones after them
    (as regrouping numbers them): the orders carried over equal sorting the new list."""
    rng = random.Random(gone * 100 + added)
    old_papers = make_papers(3000, seed=gone + added)
    removed = set(rng.sample(range(len(old_papers)), gone))
    kept = [p for n, p in enumerate(old_papers) if n not in removed]
    between = [  # keys no kept paper has, next to one another: new papers sharing a place
        Paper(title=f"q {n}", venue=venue, year=year, id=f"q{n}")
        for n, (venue, year) in enumerate([("Kappa", 2022), ("Lambda", 2023), ("Kappa", 2022)])
    ]
    new_papers = kept + (make_papers(added, seed=99) + between if added else [])
    carried, number = [], 0
    for n in range(len(old_papers)):
        carried.append(-1 if n in removed else number)
        number += n not in removed
    old = PaperOrders(old_papers)
    assert old.warm()
    orders = PaperOrders(new_papers)
    orders.carry(old, carried)
    fresh = PaperOrders(new_papers)
    for key in SORT_KEYS:
        for reverse in (False, True):
            assert list(orders.order(key, reverse)) == list(fresh.order(key, reverse))
            assert list(orders.rank(key, reverse)) == list(fresh.rank(key, reverse))


def test_orders_carried_from_another_numbering_are_sorted_afresh() -> None:
    old_papers = make_papers(200)
    old = PaperOrders(old_papers)
    old.order("title", False)
    orders = PaperOrders(old_papers[:150])
    orders.carry(old, list(range(200)))  # says 200 papers are kept: not these 150
    assert list(orders.order("title", False)) == list(
        PaperOrders(old_papers[:150]).order("title", False)
    )
