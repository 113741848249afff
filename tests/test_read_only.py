"""Read-only sessions (every ``cvtui serve`` tab): no action writes a file or offers to.

The same walk runs with ``read_only`` on and off: off, the editor runs, ``x`` asks where to
save and a chosen theme is remembered; on, none of that happens and help and the palette do
not offer it. (In a browser ``x`` becomes a download: test_serve_browser.py.)
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cvtui import read_only
from cvtui.app import CvtuiApp
from cvtui.config import Config, state_path
from cvtui.shell.palette import palette_commands
from cvtui.views.export import FileNameScreen
from cvtui.views.help import HelpScreen
from cvtui.views.people import PeopleView
from cvtui.views.search import SearchScreen
from serving import files_under
from settling import settle

PROFILES = Path(__file__).resolve().parents[1] / "profiles"


def test_the_policy_keeps_reading_and_turns_writing_into_downloads_in_a_browser() -> None:
    for action in ("copy", "open", "search", "help", "change_theme", "quit", "show_view"):
        assert read_only.allows(action, read_only=True, in_browser=False)
    for action in ("edit", "export", "import"):
        assert read_only.allows(action, read_only=False, in_browser=False)
        assert not read_only.allows(action, read_only=True, in_browser=False)
    assert read_only.allows("export", read_only=True, in_browser=True)  # a download
    assert not read_only.allows("edit", read_only=True, in_browser=True)


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "profiles"
    shutil.copytree(PROFILES, directory)
    return directory


def _editor(tmp_path: Path) -> Path:
    script = tmp_path / "editor.sh"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!/bin/sh
            touch {tmp_path / "editor-ran"}
            for f; do [ -f "$f" ] && echo "# edited" >> "$f"; done
            """
        )
    )
    script.chmod(0o755)
    return script


async def _loaded(pilot: Any) -> None:
    app = pilot.app
    for _ in range(200):
        if app.library is not None and app.query(PeopleView):
            break
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.mark.parametrize("locked", [True, False], ids=["read-only", "normal"])
async def test_a_read_only_session_edits_saves_and_remembers_nothing(
    locked: bool, profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", str(_editor(tmp_path)))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.chdir(tmp_path)
    before = files_under(profile_dir)
    app = CvtuiApp(
        paths=[str(profile_dir)],
        no_cache=True,
        config=Config(animation=False, cache=False),
        read_only=locked,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        asked_where = isinstance(app.screen, FileNameScreen)
        if asked_where:
            await pilot.press("escape")
        app.action_search("safe")  # the search screen binds x too
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert (app.screen.check_action("export", ()) is not False) is not locked
        await pilot.press("escape")
        app.theme = "nord"
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.plain_text
        palette = [name for name, _, _ in palette_commands(app)]
    assert "app.copy" in help_text and "Change theme" in palette
    if locked:
        assert not (tmp_path / "editor-ran").exists()
        assert not asked_where
        assert not state_path().exists()
        assert "app.edit" not in help_text and "app.export" not in help_text
        assert "Edit profile" not in palette and "Save BibTeX of the list" not in palette
        assert files_under(profile_dir) == before
    else:  # the same walk writes: the checks above are not empty
        assert (tmp_path / "editor-ran").exists()
        assert asked_where
        assert state_path().exists()
        assert "app.edit" in help_text and "app.export" in help_text
        assert "Edit profile" in palette and "Save BibTeX of the list" in palette
        assert files_under(profile_dir) != before
