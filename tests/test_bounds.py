"""One huge profile cannot freeze the screen: long lists are searched, shown and copied up to
a bound, with "… and N more"; a copy too large for the terminal's clipboard becomes a file.

(How fast the keys are answered is measured by ``bench/hostile_profiles.py``; these tests check
the bounds themselves.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from rich.text import Text

from cvtui.app import CvtuiApp
from cvtui.clipboard import paper_citation
from cvtui.config import Config
from cvtui.core.model import Library, Links, Paper, Person
from cvtui.core.search import FIELD_JOIN, SearchIndex
from cvtui.views.export import FileNameScreen
from cvtui.widgets.document import Palette
from cvtui.widgets.paper_detail import lead_authors, paper_blocks
from cvtui.widgets.profile_card import profile_blocks
from settling import settle

AUTHORS = 200_000
ALIASES = 700_000
# The bounds, as documented (cvtui.core.bounds holds them; a test below checks they agree).
MAX_INDEXED_VALUES = 5_000
MAX_SHOWN_VALUES = 200
MAX_CITED_AUTHORS = 200
MAX_CLIPBOARD_BYTES = 64 * 1024


@pytest.fixture(scope="module")
def crowd() -> Library:
    """One paper of 200,000 authors; its owner is the last of them."""
    authors = (*(f"Author{i} Surname{i}" for i in range(AUTHORS - 1)), "Crowd Owner")
    paper = Paper(title="Big collaboration", authors=authors, year=2020, venue="Physics")
    return Library([Person(name="Crowd Owner", id="crowd", papers=(paper,))], [], ["c.toml"])


@pytest.fixture(scope="module")
def many_names() -> Library:
    aliases = tuple(f"Alias{i} Name{i}" for i in range(ALIASES))
    return Library([Person(name="Many Names", id="many", aliases=aliases)], [], ["m.toml"])


PALETTE = Palette(*[Style()] * len(Palette._fields))


def plain(blocks: list) -> str:
    return "\n".join(b.text.plain if isinstance(b.text, Text) else str(b.text) for b in blocks)


def test_the_helpers() -> None:
    from cvtui.core import bounds
    from cvtui.core.bounds import bounded, more_text, shown

    assert (
        bounds.MAX_INDEXED_VALUES,
        bounds.MAX_SHOWN_VALUES,
        bounds.MAX_CITED_AUTHORS,
        bounds.MAX_CLIPBOARD_BYTES,
    ) == (MAX_INDEXED_VALUES, MAX_SHOWN_VALUES, MAX_CITED_AUTHORS, MAX_CLIPBOARD_BYTES)
    values = tuple(range(10))
    assert bounded(values, 20) is values
    assert bounded(values, 3) == (0, 1, 2)
    assert shown(values, 4) == ((0, 1, 2, 3), 6)
    assert more_text(199_800) == "… and 199,800 more" and more_text(0) == ""


def test_search_indexes_a_bounded_author_list(crowd: Library) -> None:
    index = SearchIndex(crowd)
    authors = index.field_text("papers", 0, "authors").split(FIELD_JOIN)
    assert len(authors) == MAX_INDEXED_VALUES
    assert index.search("Surname17", kind="papers", limit=3)  # within the bound
    assert not index.search(f"'Surname{AUTHORS - 2}", kind="papers", limit=3)  # beyond it


def test_search_indexes_a_bounded_alias_list(many_names: Library) -> None:
    index = SearchIndex(many_names)
    aliases = index.field_text("people", 0, "aliases").split(FIELD_JOIN)
    assert len(aliases) == MAX_INDEXED_VALUES
    assert index.search("Alias42", kind="people", limit=3)


def test_the_paper_detail_lists_the_first_authors_then_how_many_more(crowd: Library) -> None:
    text = plain(paper_blocks(crowd, 0, PALETTE, focus="crowd"))  # the owner's list
    assert "Author0 Surname0" in text and f"Author{MAX_SHOWN_VALUES - 1} " in text
    assert f"Author{MAX_SHOWN_VALUES} " not in text
    assert f"… and {AUTHORS - MAX_SHOWN_VALUES:,} more" in text
    assert "not among the first 200" in text
    assert lead_authors(crowd.papers[0]) == "Author0 Surname0, Author1 Surname1 et al."


def test_the_profile_card_lists_the_first_aliases_then_how_many_more(many_names: Library) -> None:
    text = plain(profile_blocks(many_names, 0, PALETTE))
    assert "Alias0 Name0" in text and "Alias200 " not in text
    assert f"… and {ALIASES - MAX_SHOWN_VALUES:,} more" in text


def test_a_copied_citation_names_the_first_authors_and_others(crowd: Library) -> None:
    citation = paper_citation(crowd, 0)
    assert citation.count(" and ") == MAX_CITED_AUTHORS  # 200 names joined, then "others"
    assert "and others" in citation and "Big collaboration" in citation
    assert len(citation.encode()) < MAX_CLIPBOARD_BYTES


async def test_copying_in_the_app_stays_within_the_clipboard_bound(crowd: Library) -> None:
    app = CvtuiApp(crowd, config=Config(animation=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.copying.last_copied is not None and "and others" in app.copying.last_copied
        assert len(app.copying.last_copied.encode()) <= MAX_CLIPBOARD_BYTES
        assert app.clipboard == app.copying.last_copied


async def test_a_copy_too_large_for_the_terminal_is_offered_as_a_file(tmp_path: Path) -> None:
    url = "https://example.org/" + "x" * 90_000
    person = Person(name="Long Link", id="long", links=Links(homepage=url))
    app = CvtuiApp(Library([person], [], ["l.toml"]), config=Config(animation=False))
    target = tmp_path / "copied.txt"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, FileNameScreen)
        assert app.clipboard == ""  # nothing was sent through the terminal
        assert "more than a terminal takes" in app.screen.title_text
        field = app.screen.query_one("Input")
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert target.read_text(encoding="utf-8") == f"Long Link\n{url}"
