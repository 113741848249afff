"""The system tells the app when a profile file changes: the check runs at once, not at the
next poll (the watcher only says when to look; what changed is still the loader's check)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from cvtui.app import CvtuiApp
from cvtui.config import Config
from cvtui.core.cache import LibraryLoader
from cvtui.core.file_set import FileSet
from cvtui.core.watching import FileWatcher, is_profile_change
from cvtui.views.people import PeopleView
from settling import settle

REPO = Path(__file__).resolve().parents[1]


class Told:
    """Collects the watcher's calls (from its thread)."""

    def __init__(self) -> None:
        self.names: list[str | None] = []
        self._event = threading.Event()

    def __call__(self, names: list[str] | None) -> None:
        self.names += [None] if names is None else names
        self._event.set()

    def wait(self, seconds: float = 5.0) -> list[str | None]:
        self._event.wait(seconds)
        time.sleep(0.2)  # anything else of the same batch
        found, self.names = self.names, []
        self._event.clear()
        return found


def watching(paths: list[Path]) -> tuple[FileWatcher, Told]:
    told = Told()
    watcher = FileWatcher(paths, told)
    assert watcher.start(), watcher.failed
    time.sleep(0.3)  # the notifications are set up in the watcher's thread
    return watcher, told


def test_profile_changes_are_toml_files_and_folders_not_editor_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    assert is_profile_change(str(tmp_path / "ada.toml"))
    assert is_profile_change(str(tmp_path / "sub"))
    assert is_profile_change(str(tmp_path / "gone-folder"))  # removed: no suffix
    assert not is_profile_change(str(tmp_path / ".ada.toml.swp"))
    assert not is_profile_change(str(tmp_path / "ada.toml~"))
    assert not is_profile_change(str(tmp_path / ".#ada.toml"))
    assert not is_profile_change(str(tmp_path / "notes.txt"))


def test_a_folder_watcher_tells_of_saved_added_and_renamed_profiles_only(tmp_path: Path) -> None:
    (tmp_path / "ada.toml").write_text('name = "Ada"\n', encoding="utf-8")
    (tmp_path / "lab").mkdir()
    watcher, told = watching([tmp_path])
    try:
        (tmp_path / "ada.toml").write_text('name = "Ada L."\n', encoding="utf-8")
        assert told.wait() == [str(tmp_path.resolve() / "ada.toml")]
        # An editor's save: a hidden temporary file renamed over the profile, in a sub-folder.
        temporary = tmp_path / "lab" / ".grace.toml.tmp"
        temporary.write_text('name = "Grace"\n', encoding="utf-8")
        os.replace(temporary, tmp_path / "lab" / "grace.toml")
        assert told.wait() == [str(tmp_path.resolve() / "lab" / "grace.toml")]
        (tmp_path / ".ada.toml.swp").write_text("swap", encoding="utf-8")
        (tmp_path / "notes.txt").write_text("notes", encoding="utf-8")
        (tmp_path / ".git" / "objects").mkdir(parents=True)  # a repository of the profiles
        (tmp_path / ".git" / "objects" / "3f1a").write_text("blob", encoding="utf-8")
        (tmp_path / ".git" / "old.toml").write_text('name = "Not read"\n', encoding="utf-8")
        assert told.wait(1.0) == []
    finally:
        watcher.stop()
    assert not watcher.running


def test_a_single_profile_file_is_followed_through_its_folder(tmp_path: Path) -> None:
    profile = tmp_path / "ada.toml"
    profile.write_text('name = "Ada"\n', encoding="utf-8")
    watcher, told = watching([profile])
    try:
        (tmp_path / "other.toml").write_text('name = "Other"\n', encoding="utf-8")
        assert told.wait(1.0) == []  # not part of the set
        replacement = tmp_path / "ada.toml.new"
        replacement.write_text('name = "Ada L."\n', encoding="utf-8")
        os.replace(replacement, profile)  # replaced, not written in place
        assert told.wait() == [str(profile.resolve())]
        profile.write_text('name = "Ada Lovelace"\n', encoding="utf-8")  # the new file
        assert told.wait() == [str(profile.resolve())]
    finally:
        watcher.stop()


def test_a_change_the_watcher_cannot_name_is_told_as_none_and_watching_goes_on(
    tmp_path: Path,
) -> None:
    watcher, told = watching([tmp_path])
    try:
        # watchfiles stops at a name that is not UTF-8: "look at every file", then it watches again.
        (Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xff-odd.toml")))).write_text(
            'name = "Odd"\n', encoding="utf-8"
        )
        assert told.wait() == [None]
        time.sleep(0.5)  # watching again
        (tmp_path / "plain.toml").write_text('name = "Plain"\n', encoding="utf-8")
        assert told.wait() == [str(tmp_path.resolve() / "plain.toml")]
        assert watcher.running and watcher.failed is None
    finally:
        watcher.stop()


def test_a_watcher_with_nothing_to_follow_does_not_start(tmp_path: Path) -> None:
    watcher = FileWatcher([tmp_path / "missing" / "ada.toml"], lambda names: None)
    assert not watcher.start()
    assert not watcher.running


def test_a_rescan_states_the_named_files_and_sends_anything_else_to_a_scan(tmp_path: Path) -> None:
    for name in ("ada", "grace"):
        (tmp_path / f"{name}.toml").write_text(f'name = "{name}"\n', encoding="utf-8")
    files = FileSet([tmp_path])
    assert files.rescan([str(tmp_path / "ada.toml")]) is None  # nothing scanned yet
    first = {Path(key).name: st for key, _, st in files.scan()}
    (tmp_path / "ada.toml").write_text('name = "Ada Lovelace"\n', encoding="utf-8")
    (tmp_path / "grace.toml").write_text('name = "Grace Hopper"\n', encoding="utf-8")
    real = tmp_path.resolve()
    again = {Path(key).name: st for key, _, st in files.rescan([str(real / "ada.toml")])}
    assert again["ada.toml"].st_size != first["ada.toml"].st_size  # stated again
    assert again["grace.toml"] is first["grace.toml"]  # kept as scanned: not named
    names = [Path(key).name for key, _, _ in files._last]
    assert [names[n] for n in files.restated] == ["ada.toml"]  # what the loader looks at
    grace_key = str(tmp_path / "grace.toml")
    rechecked = {Path(key).name: st for key, _, st in files.rescan([], [grace_key])}
    assert rechecked["grace.toml"].st_size != first["grace.toml"].st_size
    (tmp_path / "new.toml").write_text('name = "New"\n', encoding="utf-8")
    assert files.rescan([str(real / "new.toml")]) is None  # added: only a scan knows
    (tmp_path / "ada.toml").unlink()
    assert files.rescan([str(real / "ada.toml")]) is None  # removed
    assert files.rescan([str(real)]) is None  # a folder


def test_a_refresh_told_what_changed_sees_what_a_full_one_sees(tmp_path: Path) -> None:
    shutil.copytree(REPO / "profiles", tmp_path / "profiles")
    directory = tmp_path / "profiles"
    loader = LibraryLoader([directory], use_cache=False)
    library = loader.load()
    person = library.people[2]
    path = Path(library.source_of(person.id))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'name = "{person.name}"', 'name = "Told Name"', 1), "utf-8")
    told, changed = loader.refresh([str(path.resolve())])
    assert changed == [str(path)]
    assert told.person(person.id).name == "Told Name"
    fresh = LibraryLoader([directory], use_cache=False).load()
    assert told.people == fresh.people and told.sources == fresh.sources
    # A new file named by the watcher: the whole set is found again. (The loader names as
    # changed the files it read again too: the edited one, too recent to trust its stamp.)
    (directory / "zz-new.toml").write_text('name = "Newly Added"\n', encoding="utf-8")
    added, changed = loader.refresh([str((directory / "zz-new.toml").resolve())])
    assert str(directory / "zz-new.toml") in changed
    assert any(p.name == "Newly Added" for p in added.people)


async def shows_person(app: CvtuiApp, pilot: Any, name: str) -> None:
    """Wait (at most ~10 s) until the app's library has a person named ``name``."""
    for _ in range(200):
        if app.library is not None and any(p.name == name for p in app.library.people):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{name!r} never appeared: the saved file was not reloaded")


async def test_the_app_reloads_a_saved_file_at_once_without_polling(tmp_path: Path) -> None:
    directory = tmp_path / "profiles"
    shutil.copytree(REPO / "profiles", directory)
    app = CvtuiApp(
        paths=[str(directory)], no_cache=True, config=Config(animation=False, cache=False)
    )
    app.reloading.interval = app.reloading.backstop = 3600.0  # no poll would find it
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if app.library is not None and app.query(PeopleView) and app.reloading.watcher:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        watcher = app.reloading.watcher
        assert watcher is not None and watcher.running
        reloader = app.reloading.reloader
        assert reloader is not None
        hints: list[list[str] | None] = []
        refresh = reloader.refresh

        def noted(shown: object = None, changed: list[str] | None = None) -> object:
            hints.append(changed)
            return refresh(shown, changed)  # type: ignore[arg-type]

        reloader.refresh = noted  # type: ignore[assignment,method-assign]
        await pilot.pause(0.3)
        person = app.library.people[0]
        path = Path(app.library.source_of(person.id))
        text = path.read_text(encoding="utf-8")
        renamed = text.replace(f'name = "{person.name}"', 'name = "Renamed From Outside"', 1)
        assert renamed != text
        path.write_text(renamed, encoding="utf-8")
        await shows_person(app, pilot, "Renamed From Outside")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert f"Reloaded {path.name}" in messages
        # The first check looks at every file (what changed before the watcher started);
        # after it, only the files the watcher names.
        assert hints == [None]
        path.write_text(renamed.replace("Renamed From Outside", "Renamed Again"), "utf-8")
        await shows_person(app, pilot, "Renamed Again")
        assert hints[1] == [str(path.resolve())]
    assert app.reloading.watcher is None  # stopped when the app ended
    assert not watcher.running
