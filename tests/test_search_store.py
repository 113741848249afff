"""The search index kept on disk: built once, opened by every process, updated per file,
and rebuilt (never trusted, never fatal) when it is stale, corrupt or foreign."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from cvtui.core.cache import LibraryLoader, load_cached
from cvtui.core.model import Library
from cvtui.core.search import index_for, search_profiles, store
from cvtui.core.search.store import Manifest, index_directory

ROOT = Path(__file__).resolve().parents[1]


def profile(name: str, titles: list[str]) -> str:
    papers = "".join(
        f'\n[[papers]]\ntitle = "{t}"\nauthors = ["{name}"]\nyear = {2000 + i}\n'
        for i, t in enumerate(titles)
    )
    return f'name = "{name}"\n{papers}'


@pytest.fixture()
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "ana.toml").write_text(profile("Ana Lima", ["Wombat Studies", "Koala Care"]))
    (folder / "bo.toml").write_text(profile("Bo Chen", ["Platypus Habits"]))
    (folder / "cy.toml").write_text(profile("Cy Dar", ["Echidna Spines", "Wombat Burrows"]))
    settle(folder)
    return folder


def settle(folder: Path) -> None:
    """Date every file a minute back: files changed within 2 s are never taken as unchanged."""
    past = time.time() - 60
    for path in folder.glob("*.toml"):
        os.utime(path, (past, past))


def titles(library: Library, query: str) -> list[str]:
    return sorted(h.title for h in index_for(library).search(query, kind="papers"))


def directory(folder: Path) -> Path:
    return index_directory((os.path.realpath(folder),))


def live_generation(folder: Path) -> str:
    return (directory(folder) / "CURRENT").read_text().strip()


def manifest(folder: Path) -> Manifest:
    path = directory(folder) / live_generation(folder) / store.MANIFEST
    return msgspec.msgpack.decode(path.read_bytes(), type=Manifest)


def fresh_process_state() -> None:
    """Forget what this process knows of any index, as a new process would."""
    store._STORES.clear()


@pytest.fixture(autouse=True)
def forget_stores() -> None:
    fresh_process_state()


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    builds: list[int] = []
    build = store.Store._build

    def counted(self: store.Store, *args: object, **kwargs: object) -> object:
        builds.append(1)
        return build(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.Store, "_build", counted)
    return builds


def test_the_index_is_built_once_and_opened_by_the_next_process(profiles: Path) -> None:
    assert titles(load_cached([profiles]), "wombat") == ["Wombat Burrows", "Wombat Studies"]
    built = live_generation(profiles)
    code = (
        "import json, sys\n"
        "import cvtui\n"
        "from cvtui.core.search import store\n"
        "builds = []\n"
        "build = store.Store._build\n"
        "store.Store._build = lambda *a, **k: (builds.append(1), build(*a, **k))[1]\n"
        "import logging; logging.basicConfig(level=logging.INFO)\n"
        "lib = cvtui.open_library([sys.argv[1]])\n"
        "print(json.dumps([[h.id for h in lib.search('wombat')], len(builds)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(profiles)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    found, builds = json.loads(done.stdout)
    assert builds == 0, done.stderr
    assert sorted(found) == ["ana/wombat-studies", "cy/wombat-burrows"]
    assert live_generation(profiles) == built


def test_one_changed_file_replaces_only_its_documents(
    profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader = LibraryLoader([profiles])
    old = loader.load()
    assert titles(old, "quokka") == []
    before = manifest(profiles)
    generation = live_generation(profiles)
    (profiles / "bo.toml").write_text(profile("Bo Chen", ["Platypus Habits", "Quokka Smiles"]))
    from cvtui.core.search import documents

    written: list[int] = []
    documents_of = documents.documents_of
    monkeypatch.setattr(
        store, "documents_of", lambda lib, i: (written.append(i), documents_of(lib, i))[1]
    )
    builds = count_builds(monkeypatch)
    new, changed = loader.refresh()
    assert changed == [str(profiles / "bo.toml")]
    assert titles(new, "quokka") == ["Quokka Smiles"]
    assert titles(new, "platypus") == ["Platypus Habits"]  # its old documents are gone
    assert written == [new.person_index("bo")] and builds == []  # one file, in place
    assert live_generation(profiles) == generation
    after = manifest(profiles)
    assert after.token != before.token and after.next_src == before.next_src
    assert {k: v.src for k, v in after.files.items()} == {k: v.src for k, v in before.files.items()}
    # The library on screen until the swap still searches what it holds.
    assert titles(old, "quokka") == []
    assert titles(old, "platypus") == ["Platypus Habits"]


def test_a_build_lets_go_of_what_it_folded(profiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The values folded while writing (titles, abstracts, names) are kept for the next
    edit's documents, but not a whole build's: an app that had built its index held them
    (about 100 MB at 100k papers) for as long as it ran."""
    from cvtui.core.search import writer as engine_writer

    monkeypatch.setattr(engine_writer, "_FOLDED", engine_writer._FoldedValues())
    monkeypatch.setattr(engine_writer, "_FOLDED_BETWEEN", 6)
    loader = LibraryLoader([profiles])
    library = loader.load()
    assert titles(library, "wombat") == ["Wombat Burrows", "Wombat Studies"]
    assert len(engine_writer._FOLDED) == 0  # ten values were folded: let go
    (profiles / "bo.toml").write_text(profile("Bo Chen", ["Platypus Habits", "Quokka"]))
    library, _ = loader.refresh()
    assert titles(library, "quokka") == ["Quokka"]
    kept = len(engine_writer._FOLDED)
    assert 0 < kept <= 6  # one small file's values: kept for the next edit


def test_opening_and_updating_run_without_the_garbage_collector(
    profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update makes many objects and no cycles; a collection meanwhile walks every
    object of the app (a quarter of an edit's update at 10,000 profiles)."""
    import gc

    seen: list[bool] = []
    view_for = store.Store.view_for

    def noting(self: store.Store, *args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return view_for(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.Store, "view_for", noting)
    assert gc.isenabled()
    loader = LibraryLoader([profiles])
    library = loader.load()
    assert titles(library, "wombat") == ["Wombat Burrows", "Wombat Studies"]
    (profiles / "bo.toml").write_text(profile("Bo Chen", ["Platypus Habits", "Quokka"]))
    library, _ = loader.refresh()
    assert titles(library, "quokka") == ["Quokka"]
    assert seen == [False, False]  # the build, then the update
    assert gc.isenabled()  # and on again after


def test_the_files_people_came_from_follow_the_librarys_origin(profiles: Path) -> None:
    """Kept per library for an edit's update, but never for an origin it no longer has."""
    from cvtui.core.search.manifest import person_index, person_keys

    library = load_cached([profiles])
    keys = person_keys(library)
    assert sorted(os.path.basename(k) for k in keys) == ["ana.toml", "bo.toml", "cy.toml"]
    assert person_index(library) == {key: n for n, key in enumerate(keys)}
    origin, library.origin = library.origin, None
    assert person_keys(library) == ["#0", "#1", "#2"]
    library.origin = origin
    assert person_keys(library) == keys


def test_a_stale_index_is_never_trusted(profiles: Path) -> None:
    titles(load_cached([profiles]), "wombat")
    (profiles / "ana.toml").write_text(profile("Ana Lima", ["Numbat Studies"]))
    settle(profiles)
    fresh_process_state()

    def fail() -> Library:
        raise AssertionError("loaded")

    assert [
        h.title for h in search_profiles([profiles], "numbat", load=load_cached_of(profiles)).hits
    ] == ["Numbat Studies"]
    fresh_process_state()
    # Now current: answered from the index alone, without loading the library.
    result = search_profiles([profiles], "numbat", load=fail)
    assert [h.title for h in result.hits] == ["Numbat Studies"]
    assert result.hits[0].index == -1
    assert result.hits[0].to_json()["person"] == "ana"
    assert titles(load_cached([profiles]), "wombat") == ["Wombat Burrows"]


def load_cached_of(folder: Path):  # type: ignore[no-untyped-def]
    return lambda: load_cached([folder])


def test_a_file_added_or_removed_is_seen(profiles: Path) -> None:
    titles(load_cached([profiles]), "wombat")
    (profiles / "cy.toml").unlink()
    (profiles / "di.toml").write_text(profile("Di Ek", ["Wombat Tunnels"]))
    settle(profiles)
    fresh_process_state()
    assert titles(load_cached([profiles]), "wombat") == ["Wombat Studies", "Wombat Tunnels"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing"])
def test_a_corrupt_index_is_rebuilt(profiles: Path, damage: str) -> None:
    titles(load_cached([profiles]), "wombat")
    generation = directory(profiles) / live_generation(profiles)
    for path in generation.iterdir():
        if path.name == store.MANIFEST:
            continue
        if damage == "garbage":
            path.write_bytes(b"\x00not an index\xff" * 7)
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
        else:
            path.unlink()
    fresh_process_state()
    assert titles(load_cached([profiles]), "wombat") == ["Wombat Burrows", "Wombat Studies"]
    assert directory(profiles) / live_generation(profiles) != generation


@pytest.mark.parametrize("change", ["format", "roots", "token", "manifest", "current"])
def test_a_foreign_or_inconsistent_index_is_rebuilt(
    profiles: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles(load_cached([profiles]), "wombat")
    base = directory(profiles)
    generation = live_generation(profiles)
    path = base / generation / store.MANIFEST
    found = manifest(profiles)
    if change == "format":  # another version of cvtui wrote it
        found.format = "0|other"
    elif change == "roots":  # another profile set's
        found.roots = ["/somewhere/else"]
    elif change == "token":  # a crash between the commit and the manifest
        found.token = "not-the-commit"
    if change == "manifest":
        path.write_bytes(b"\x93not msgpack")
    elif change == "current":
        (base / "CURRENT").write_text("../../elsewhere")
    else:
        path.write_bytes(msgspec.msgpack.encode(found))
    fresh_process_state()
    builds = count_builds(monkeypatch)
    assert titles(load_cached([profiles]), "wombat") == ["Wombat Burrows", "Wombat Studies"]
    assert builds == [1]
    assert live_generation(profiles) != generation
    assert [p.name for p in base.glob("gen-*")] == [live_generation(profiles)]


def test_an_index_that_cannot_be_written_is_kept_in_memory(
    profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: object, data: bytes) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(store, "atomic_write_bytes", refuse)
    library = load_cached([profiles])
    assert titles(library, "wombat") == ["Wombat Burrows", "Wombat Studies"]
    assert not (directory(profiles) / "CURRENT").exists()
    assert not list(directory(profiles).glob("gen-*"))


def test_another_users_index_is_not_used(profiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    titles(load_cached([profiles]), "wombat")
    generation = live_generation(profiles)
    fresh_process_state()
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(directory(profiles)).st_uid + 1)
    assert titles(load_cached([profiles]), "koala") == ["Koala Care"]
    assert live_generation(profiles) == generation  # neither read nor rewritten


def test_processes_building_at_once_agree_and_leave_a_sound_index(profiles: Path) -> None:
    code = (
        "import json, sys\n"
        "import cvtui\n"
        "lib = cvtui.open_library([sys.argv[1]])\n"
        "print(json.dumps(sorted(h.id for h in lib.search('wombat'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(profiles)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    assert {out for out, _ in outputs} == {'["ana/wombat-studies", "cy/wombat-burrows"]\n'}
    view = store.store_for((str(profiles),)).view_if_current(
        {k: v for k, v in current(profiles).items()}
    )
    assert view is not None  # the index left behind is whole and current
    assert len(list(directory(profiles).glob("gen-*"))) == 1


def current(folder: Path) -> dict[str, tuple[int, int] | None]:
    from cvtui.core.provenance import current_stamps

    return current_stamps([folder])


def test_no_cache_means_an_index_in_memory(profiles: Path) -> None:
    library = load_cached([profiles], use_cache=False)
    assert titles(library, "wombat") == ["Wombat Burrows", "Wombat Studies"]
    assert not directory(profiles).exists()


def test_open_library_opens_the_index_when_there_is_one(profiles: Path) -> None:
    import cvtui

    library = cvtui.open_library([profiles])
    assert not index_for(library).ready  # none yet: built by the first search, not here
    assert titles(library, "koala") == ["Koala Care"]
    fresh_process_state()
    again = cvtui.open_library([profiles])
    assert index_for(again).ready  # opened along with the library


@pytest.mark.parametrize("kind", [None, "people", "papers", "events"])
def test_a_script_answered_from_the_index_alone_gets_what_the_library_gives(
    kind: str | None,
) -> None:
    bundled = ROOT / "profiles"
    library = load_cached([bundled])
    for query in ("liu", "ai2 intern", "kind:events 2024", "year:2023 'safe", "Self-Play"):
        through_library = index_for(library).search_with_info(query, kind, 20).hits
        fresh_process_state()

        def fail() -> Library:
            raise AssertionError("loaded")

        alone = search_profiles([bundled], query, kind, 20, load=fail).hits
        assert [h.to_json() for h in alone] == [h.to_json() for h in through_library], query
        assert [h.describe() for h in alone] == [h.describe(library) for h in through_library]


def test_a_failed_query_does_not_rebuild_a_sound_index(
    profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cvtui.core.search import engine

    library = load_cached([profiles])
    assert titles(library, "wombat")
    generation = live_generation(profiles)

    def failing(self: engine.Snapshot, query: object, limit: int) -> object:
        raise ValueError("An invalid argument was passed")

    monkeypatch.setattr(engine.Snapshot, "top", failing)
    builds = count_builds(monkeypatch)
    result = index_for(library).search_with_info("koala", "papers")
    assert result.hits == [] and not result.cancelled
    assert builds == [] and live_generation(profiles) == generation
    monkeypatch.undo()
    assert titles(library, "koala") == ["Koala Care"]
