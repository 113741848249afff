"""`e` edits the focused profile in $EDITOR; files changed on disk are reloaded live.

The editor is a small script set as $EDITOR (the headless test driver has no terminal to hand
over, so the app runs it directly). Live reload is driven by writing files in a temporary
profile directory while the app runs, without pressing a key.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.views.papers import PapersView
from cvtui.views.people import PeopleView
from settling import settle

REPO = Path(__file__).resolve().parents[1]
PROFILES = REPO / "profiles"
TEST_TODAY = dt.date(2026, 1, 15)

NEW_HEADLINE = "Edited headline from the fake editor"


def make_app(directory: Path) -> CvtuiApp:
    app = CvtuiApp(
        paths=[str(directory)],
        no_cache=True,
        config=Config(animation=False, cache=False),
        today=TEST_TODAY,
    )
    app.reloading.interval = 0.1
    return app


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "profiles"
    directory.mkdir()
    for path in sorted(PROFILES.glob("*.toml")):
        shutil.copy(path, directory / path.name)
    return directory


def write_profile(path: Path, name: str, headline: str = "", papers: int = 0) -> None:
    text = f'name = "{name}"\nheadline = "{headline}"\n'
    for n in range(papers):
        text += f'\n[[papers]]\ntitle = "{name} paper {n}"\nyear = {2000 + n}\n'
    path.write_text(text, encoding="utf-8")


async def wait_until(app: CvtuiApp, pilot: Any, condition: Callable[[], bool]) -> None:
    """Let the app poll and reload until ``condition`` holds (fails after ~10 s)."""
    for _ in range(200):
        if condition():
            await settle(pilot)
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never reached the expected state")


async def loaded(app: CvtuiApp, pilot: Any) -> None:
    await wait_until(app, pilot, lambda: app.library is not None and bool(app.query(PeopleView)))
    await settle(pilot)


def fake_editor(tmp_path: Path, name: str = "fake-editor") -> Path:
    """A script that records its arguments and rewrites the profile's headline."""
    script = tmp_path / "bin" / name
    script.parent.mkdir(exist_ok=True)
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import pathlib, re, sys
            pathlib.Path({str(tmp_path / "editor-args")!r}).write_text("\\n".join(sys.argv[1:]))
            path = pathlib.Path(sys.argv[-1])
            text = path.read_text(encoding="utf-8")
            text = re.sub(r'(?m)^headline = ".*"$', 'headline = "{NEW_HEADLINE}"', text, count=1)
            path.write_text(text, encoding="utf-8")
            """
        ),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def card_text(app: CvtuiApp) -> str:
    return app.query_one(PeopleView).detail.plain_text


def card_words(app: CvtuiApp) -> list[str]:
    """The card's words, independent of where lines wrap (the pane may settle its width late)."""
    return card_text(app).split()


# -- e: edit in $EDITOR ------------------------------------------------------------------------


async def test_e_edits_the_focused_profile_and_shows_the_change(
    profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path)))
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("j")
        person = app.library.people[1]
        assert NEW_HEADLINE not in card_text(app)
        await pilot.press("e")
        await wait_until(app, pilot, lambda: NEW_HEADLINE in card_text(app))
        view = app.query_one(PeopleView)
        assert app.library.people[view.list.item].id == person.id
        assert app.current_person == person.id
        assert app.library.person(person.id).headline == NEW_HEADLINE
    args = (tmp_path / "editor-args").read_text().splitlines()
    assert args == [app.library.source_of(person.id)]  # an unknown editor gets just the path


async def test_e_on_a_paper_opens_its_owner_at_the_papers_line(
    profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, name="vim")))
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("3", "j", "j")
        view = app.query_one(PapersView)
        paper = app.library.papers[view.list.item]
        owner, _ = app.library.entry_ref(app.library.works[view.list.item].entries[0])
        await pilot.press("e")
        await wait_until(app, pilot, lambda: app.library.person(owner.id).headline == NEW_HEADLINE)
        assert app.view == "papers"
        assert app.library.papers[view.list.item].title == paper.title  # selection kept
    line, path = (tmp_path / "editor-args").read_text().splitlines()
    assert line.startswith("+") and path == app.library.source_of(owner.id)
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    number = int(line[1:])
    assert lines[number - 1].strip() == "[[papers]]"
    block = "\n".join(lines[number : number + 6])
    assert paper.title.replace('"', '\\"') in block


async def test_e_without_an_editor_says_so_and_keeps_running(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-cvtui --wait")
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("no editor found" in m and "no-such-editor-cvtui" in m for m in messages)
        assert app.is_running


async def test_e_refuses_to_edit_bundled_profiles(
    profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cvtui.core.editor as editor

    monkeypatch.setattr(editor, "_bundle_root", lambda: profile_dir.resolve())
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path)))
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        before = Path(app.library.sources[0]).read_text(encoding="utf-8")
        await pilot.press("e")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("bundled with cvtui and read-only" in m for m in messages)
    assert not (tmp_path / "editor-args").exists()
    assert Path(app.library.sources[0]).read_text(encoding="utf-8") == before


# -- live reload ---------------------------------------------------------------------------------


async def test_a_file_changed_on_disk_is_reloaded_without_a_key_press(profile_dir: Path) -> None:
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("j")
        person = app.library.people[1]
        path = Path(app.library.source_of(person.id))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(f'headline = "{person.headline}"', f'headline = "{NEW_HEADLINE}"'),
            encoding="utf-8",
        )
        await wait_until(app, pilot, lambda: NEW_HEADLINE in card_text(app))
        view = app.query_one(PeopleView)
        assert app.library.people[view.list.item].id == person.id
        assert view.list.has_focus
        messages = [str(n.message) for n in app._notifications]
        assert f"Reloaded {path.name}" in messages


async def test_an_invalid_file_keeps_its_last_good_version_and_counts_a_problem(
    profile_dir: Path,
) -> None:
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        person = app.library.people[0]
        card = card_words(app)
        assert not app.library.problems
        path = Path(app.library.source_of(person.id))
        path.write_text(path.read_text(encoding="utf-8") + "\nbroken = [\n", encoding="utf-8")
        await wait_until(app, pilot, lambda: len(app.library.problems) > 0)
        assert app.library.person(person.id) == person  # the last good version
        assert len(app.library.people) == 3
        assert card_words(app) == card
        from textual.widgets import Static

        count = app.query_one("#problem-count", Static)
        assert count.has_class("-shown") and "1 problem" in str(count.render())
        messages = [str(n.message) for n in app._notifications]
        assert any(path.name in m and "last good version" in m for m in messages)
        await pilot.press("5")
        assert app.view == "problems"
        path.write_text(path.read_text(encoding="utf-8").replace("\nbroken = [\n", ""))
        await wait_until(app, pilot, lambda: not app.library.problems)
        assert app.view == "people"  # nothing left to show there


async def test_new_and_deleted_files_keep_the_cursor_on_its_person_and_height(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "many"
    directory.mkdir()
    for n in range(60):
        write_profile(directory / f"p{n:02d}.toml", f"Person {n:02d}", f"Role {n}")
    app = make_app(directory)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        view = app.query_one(PeopleView)
        await pilot.press(*["j"] * 45, *["k"] * 5)  # p40, in the middle of the screen
        await pilot.press("space")  # mark p40
        lst = view.list
        assert app.library.people[lst.item].id == "p40"
        screen_row = lst.cursor - round(lst.scroll_y)
        assert lst.scroll_y > 0 and 0 < screen_row < lst.page_rows - 1
        write_profile(directory / "a-first.toml", "Added First", "New")  # sorts before p40
        (directory / "p59.toml").unlink()
        await wait_until(
            app, pilot, lambda: len(app.library.people) == 60 and "a-first" in app.library._by_id
        )
        assert "p59" not in app.library._by_id
        assert app.library.people[lst.item].id == "p40"
        assert lst.cursor - round(lst.scroll_y) == screen_row
        assert app.selected_people == frozenset({"p40"})
        assert {app.library.people[i].id for i in lst.marked} == {"p40"}


def two_profiles(tmp_path: Path, ann: int, ben: int) -> tuple[Path, CvtuiApp]:
    """A folder with Ann's and Ben's profiles (that many papers each), and an app on it."""
    directory = tmp_path / "papers"
    directory.mkdir()
    write_profile(directory / "ann.toml", "Ann", papers=ann)
    write_profile(directory / "ben.toml", "Ben", papers=ben)
    return directory, make_app(directory)


async def test_reload_keeps_the_papers_cursor_sort_and_filter(tmp_path: Path) -> None:
    directory, app = two_profiles(tmp_path, 8, 8)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("3", "T", "slash", *"paper", "enter")
        await app.workers.wait_for_complete()
        view = app.query_one(PapersView)
        await wait_until(app, pilot, lambda: len(view.list.items) == 16)
        await pilot.press("j", "j", "j")
        chosen = app.library.papers[view.list.item].title
        write_profile(directory / "ann.toml", "Ann", "Edited", papers=9)  # one more paper
        await wait_until(app, pilot, lambda: len(app.library.papers) == 17)
        await wait_until(app, pilot, lambda: len(view.list.items) == 17)
        assert app.library.papers[view.list.item].title == chosen
        assert view.query_text == "paper" and view.sort_key == "title"
        titles = [app.library.papers[i].title for i in view.list.items]
        assert titles == sorted(titles, key=str.lower)


async def test_a_reload_keeps_the_filtered_list_on_screen_until_the_index_has_the_edit(
    tmp_path: Path,
) -> None:
    """On a large set the new library's index takes in the edit while the filter runs again:
    meanwhile the filter answers "not yet" (an empty, incomplete result). The list shown
    before stays, its items and their highlights renumbered for the new library."""
    from cvtui.core.cache import LibraryLoader
    from cvtui.views.filtering import FilterResult

    directory, app = two_profiles(tmp_path, 3, 8)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("3", "slash", *"ben paper")
        view = app.query_one(PapersView)
        await wait_until(app, pilot, lambda: len(view.list.items) == 8)
        old = app.library
        shown = {old.papers[i].title: view.list.highlights.get(i) for i in view.list.items}
        assert all(shown.values())  # every row highlighted
        write_profile(directory / "ann.toml", "Ann", papers=5)  # Ben's works move down by 2
        new = LibraryLoader([directory], use_cache=False).load()
        assert [p.title for p in new.papers].index("Ben paper 0") == 5  # renumbered
        view.swap_library(new)  # as a reload does; its filter runs again in a thread
        view._apply_filter(FilterResult([], {}, [], complete=False), "ben paper")
        kept = {new.papers[i].title: view.list.highlights.get(i) for i in view.list.items}
        assert kept == shown


async def test_browsing_never_writes_to_profile_files(profile_dir: Path) -> None:
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in profile_dir.iterdir()}
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("j", "space", "2", "3", "y", "T", "1", "l", "j", "h")
        await pilot.pause(0.4)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in profile_dir.iterdir()}
    assert after == before


def test_editor_command_adds_the_line_only_for_editors_that_take_it(tmp_path: Path) -> None:
    from cvtui.core.editor import EditorError, editor_command

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("nano", "code", "vi"):
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)
    env = {"PATH": str(bin_dir)}
    full = str(Path("f.toml").resolve())
    assert editor_command("f.toml", 12, {**env, "EDITOR": "nano"}) == ["nano", "+12", full]
    assert editor_command("f.toml", 12, {**env, "VISUAL": "code --wait", "EDITOR": "nano"}) == [
        "code",
        "--wait",
        full,
    ]
    assert editor_command("f.toml", 0, env) == ["vi", full]
    with pytest.raises(EditorError, match="cannot be read"):
        editor_command("f.toml", 1, {**env, "EDITOR": "'unclosed"})
    with pytest.raises(EditorError, match="neither"):
        editor_command("f.toml", 1, {"PATH": str(tmp_path / "empty")})


async def test_e_in_problems_opens_the_broken_file_at_the_problems_line(
    profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, name="nvim")))
    broken = profile_dir / "zz-broken.toml"
    broken.write_text('name = "Broken"\n\n[links\nhomepage = "x"\n', encoding="utf-8")
    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        problem = app.library.problems[0]
        assert problem.path == str(broken) and problem.line == 3
        await pilot.press("5", "e")
        await settle(pilot)
    assert (tmp_path / "editor-args").read_text().splitlines() == ["+3", str(broken)]


async def test_a_reload_waits_while_a_dialog_holds_the_old_library(profile_dir: Path) -> None:
    from cvtui.views.search import SearchScreen

    app = make_app(profile_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        shown = app.library
        person = shown.people[0]
        await pilot.press("2", "ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        path = Path(shown.source_of(person.id))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(f'headline = "{person.headline}"', f'headline = "{NEW_HEADLINE}"'),
            encoding="utf-8",
        )
        await wait_until(app, pilot, lambda: app.reloading.pending is not None)
        assert app.library is shown  # the search's hits still point into this one
        await pilot.press("escape")
        await wait_until(app, pilot, lambda: app.library is not shown)
        assert app.library.person(person.id).headline == NEW_HEADLINE


async def test_a_longer_name_after_a_reload_widens_its_column(tmp_path: Path) -> None:
    """At 80 columns, with no affiliation or role to show (as in a set made from a
    bibliography), a name lengthened by an edit has the room empty columns kept for
    themselves (it was cut at 12 cells); a filter brings the Affiliation column back."""
    directory, app = two_profiles(tmp_path, 1, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        people = app.query_one(PeopleView).list
        width = people.size.width

        def name_width() -> int:
            return next(size for col, size in people._columns_for(width) if col.key == "name")

        before = name_width()
        write_profile(directory / "ann.toml", "Annabelle Longname-Smith", papers=1)
        await wait_until(
            app, pilot, lambda: app.library.people[0].name == "Annabelle Longname-Smith"
        )
        assert name_width() > before
        assert name_width() >= len("Annabelle Longname-Smith")
        # While a filter is open the Affiliation column stays, to say why someone matched.
        await pilot.press("slash", *"ben")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [col.key for col, _ in people._columns_for(width)] == [
            "name",
            "affiliation",
            "papers",
        ]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.query_one(PeopleView).query_text == ""
        assert "affiliation" not in [col.key for col, _ in people._columns_for(width)]
