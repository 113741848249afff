"""The profile cache and incremental reloads: right answers whatever state the cache is in."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import msgspec
import pytest

from cvtui.core import cache, codec, parallel
from cvtui.core import cache_file as file_format
from cvtui.core.cache import LibraryLoader, load_cached
from cvtui.core.loading import load_paths
from cvtui.core.model import Library

FIXTURES = Path(__file__).parent / "fixtures" / "loading"
OLD = 1_600_000_000_000_000_000  # 2020: long settled, so size and mtime can be trusted


def profile(name: str, papers: int = 1, title: str = "A paper") -> str:
    lines = [f'name = "{name}"', ""]
    for i in range(papers):
        lines += ["[[papers]]", f'title = "{title} {i}"', "year = 2024", 'date = "2024-09"', ""]
    return "\n".join(lines)


def write(path: Path, text: str, mtime_ns: int = OLD) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CVTUI_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    root = tmp_path / "profiles"
    root.mkdir()
    for i, name in enumerate(("Ada Lovelace", "Alan Turing", "Grace Hopper")):
        write(root / f"p{i}.toml", profile(name, papers=3))
    return root


@pytest.fixture
def broken_set(tmp_path: Path) -> Path:
    """The loader's fixtures (every kind of bad file), with settled mtimes."""
    root = tmp_path / "broken"
    shutil.copytree(FIXTURES, root)
    for path in root.iterdir():
        os.utime(path, ns=(OLD, OLD))
    return root


def same(a: Library, b: Library) -> bool:
    return a.people == b.people and a.problems == b.problems and a.sources == b.sources


def load(root: Path, **kwargs: object) -> tuple[Library, LibraryLoader]:
    loader = LibraryLoader([root], **kwargs)  # type: ignore[arg-type]
    return loader.load(), loader


# --- the cache serves later loads ------------------------------------------------------------


def test_warm_load_comes_from_the_cache_and_equals_a_fresh_parse(
    profiles: Path, cache_dir: Path
) -> None:
    cold, first = load(profiles)
    assert (first.parsed, first.cache_hits) == (3, 0)
    assert list(cache_dir.glob("profiles-*.bin"))
    warm, second = load(profiles)
    assert (second.parsed, second.cache_hits) == (0, 3)
    assert same(warm, cold)
    assert same(warm, load_paths([profiles]))
    assert warm.papers[0].date is not None and str(warm.papers[0].date) == "2024-09"


def test_cached_problems_are_identical_to_a_fresh_parse(broken_set: Path, cache_dir: Path) -> None:
    fresh = load_paths([broken_set])
    assert fresh.problems, "the fixtures hold broken files"
    cold, _ = load(broken_set)
    warm, loader = load(broken_set)
    assert loader.cache_hits == len(list(broken_set.glob("*.toml")))
    assert same(cold, fresh)
    assert same(warm, fresh)


def test_cache_is_really_used(
    profiles: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm load reads no profile file: with every file unreadable, the cache still has
    them all; without it, each is a problem."""
    load(profiles)
    from cvtui.core import loading

    def refuse(path: object, limit: int) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(loading, "read_regular", refuse)
    cached, _ = load(profiles)
    uncached, loader = load(profiles, use_cache=False)
    assert [p.name for p in cached.people] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert uncached.people == ()
    assert [p.message for p in uncached.problems] == ["cannot read file: Permission denied"] * 3
    assert loader.parsed == 3


def test_no_cache_neither_reads_nor_writes(profiles: Path, cache_dir: Path) -> None:
    lib = load_cached([profiles], use_cache=False)
    assert len(lib.people) == 3
    assert not cache_dir.exists()


def test_another_spelling_of_the_root_reports_its_own_paths(
    broken_set: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(broken_set)
    monkeypatch.chdir(broken_set.parent)
    relative = Path(broken_set.name)
    warm, loader = load(relative)
    assert loader.cache_hits > 0
    assert same(warm, load_paths([relative]))
    assert all(not p.path.startswith("/") for p in warm.problems)


# --- invalidation ----------------------------------------------------------------------------


def test_edit_reloads_only_that_file(profiles: Path, cache_dir: Path) -> None:
    load(profiles)
    target = profiles / "p1.toml"
    write(target, profile("Alan Turinh", papers=3), OLD + 10**9)  # same size, new mtime
    lib, loader = load(profiles)
    assert (loader.parsed, loader.cache_hits) == (1, 2)
    assert [p.name for p in lib.people] == ["Ada Lovelace", "Alan Turinh", "Grace Hopper"]


def test_edit_with_the_same_size_right_after_reading_is_not_missed(
    profiles: Path, cache_dir: Path
) -> None:
    """A file read within the racy window is never stored, so a same-tick edit is seen."""
    import time

    now = time.time_ns()
    target = write(profiles / "p2.toml", profile("Grace Hopper", papers=3), now)
    load(profiles)
    write(target, profile("Grace Hoppex", papers=3), now)  # same size, same mtime
    lib, loader = load(profiles)
    assert lib.people[2].name == "Grace Hoppex"
    assert loader.parsed == 1


def test_deleted_file_disappears(profiles: Path, cache_dir: Path) -> None:
    load(profiles)
    (profiles / "p0.toml").unlink()
    lib, loader = load(profiles)
    assert [p.name for p in lib.people] == ["Alan Turing", "Grace Hopper"]
    assert (loader.parsed, loader.cache_hits) == (0, 2)


def test_new_file_is_parsed_and_the_rest_comes_from_the_cache(
    profiles: Path, cache_dir: Path
) -> None:
    load(profiles)
    write(profiles / "p3.toml", profile("Barbara Liskov"))
    lib, loader = load(profiles)
    assert (loader.parsed, loader.cache_hits) == (1, 3)
    assert lib.people[-1].name == "Barbara Liskov"


def test_format_version_change_rebuilds(
    profiles: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(profiles)
    monkeypatch.setattr(file_format, "FORMAT_VERSION", file_format.FORMAT_VERSION + 1)
    lib, loader = load(profiles)
    assert (loader.parsed, loader.cache_hits) == (3, 0)
    assert same(lib, load_paths([profiles]))
    _, again = load(profiles)
    assert again.cache_hits == 3  # rebuilt under the new version


def test_model_change_rebuilds(
    profiles: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(profiles)

    class Extra(msgspec.Struct):
        field: int

    monkeypatch.setattr(codec, "_FINGERPRINT", None)
    real = codec._struct_types
    monkeypatch.setattr(codec, "_struct_types", lambda: [*real(), Extra])
    _, loader = load(profiles)
    assert (loader.parsed, loader.cache_hits) == (3, 0)


def test_fingerprint_covers_field_names_and_types(monkeypatch: pytest.MonkeyPatch) -> None:
    class A(msgspec.Struct):
        x: int

    class B(msgspec.Struct):
        x: str

    def fingerprint(extra: type) -> str:
        monkeypatch.setattr(codec, "_FINGERPRINT", None)
        monkeypatch.setattr(codec, "_struct_types", lambda: [extra])
        return codec.model_fingerprint()

    assert fingerprint(A) != fingerprint(B)


# --- broken caches -----------------------------------------------------------------------


def cache_file(cache_dir: Path) -> Path:
    [path] = cache_dir.glob("profiles-*.bin")
    return path


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x00\xff" * 100, id="garbage"),
        pytest.param(lambda data: b'{"people": []}', id="foreign-json"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-8] + (10**12).to_bytes(8, "little"), id="bad-length"),
        pytest.param(lambda data: data[:-20] + b"\xc1" * 12 + data[-8:], id="bad-index"),
        pytest.param(
            lambda data: data.replace(b"Grace Hopper", b"Grace\xff\xfe\xfd\xfc\xfb\xfa\xf9"),
            id="bad-record",
        ),
    ],
)
def test_corrupt_cache_is_ignored_and_rebuilt(
    profiles: Path, cache_dir: Path, damage: object
) -> None:
    load(profiles)
    path = cache_file(cache_dir)
    data = path.read_bytes()
    damaged = damage(data)  # type: ignore[operator]
    assert damaged != data
    path.write_bytes(damaged)
    lib, loader = load(profiles)
    assert same(lib, load_paths([profiles]))
    assert loader.parsed >= 1
    _, again = load(profiles)
    assert again.cache_hits == 3


def test_cache_owned_by_another_user_is_ignored(
    profiles: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(os, "geteuid"):
        pytest.fail("POSIX only")
    load(profiles)
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    _, loader = load(profiles)
    assert (loader.parsed, loader.cache_hits) == (3, 0)


def test_unwritable_cache_directory_just_parses(
    profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("CVTUI_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        lib, loader = load(profiles)
        assert same(lib, load_paths([profiles]))
        assert loader.parsed == 3


def test_read_only_cache_directory_just_parses(
    profiles: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o555)
    try:
        lib, _ = load(profiles)
        lib2, _ = load(profiles)
    finally:
        cache_dir.chmod(0o755)
    assert same(lib, load_paths([profiles]))
    assert same(lib2, lib)
    assert not list(cache_dir.glob(".*.tmp"))
    assert capsys.readouterr() == ("", "")


def test_disk_full_while_writing_keeps_the_old_cache(
    profiles: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(profiles)
    before = cache_file(cache_dir).read_bytes()
    write(profiles / "p3.toml", profile("Barbara Liskov"))

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    lib, _ = load(profiles)
    assert len(lib.people) == 4
    assert cache_file(cache_dir).read_bytes() == before
    assert not list(cache_dir.glob(".*.tmp"))


def test_cache_files_are_per_profile_set(tmp_path: Path, cache_dir: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    write(a / "x.toml", profile("In A"))
    write(b / "x.toml", profile("In B"))
    assert load(a)[0].people[0].name == "In A"
    assert load(b)[0].people[0].name == "In B"
    assert load(a)[0].people[0].name == "In A"
    assert len(list(cache_dir.glob("profiles-*.bin"))) == 2


def test_caches_of_sets_not_opened_for_a_month_are_removed(
    profiles: Path, tmp_path: Path, cache_dir: Path
) -> None:
    cache_dir.mkdir()
    old = write(cache_dir / "profiles-0123456789abcdef0123.bin", "stale")
    crashed = write(cache_dir / ".profiles-0123456789abcdef0123.bin.x.tmp", "half")
    recent = cache_dir / "profiles-fedcba9876543210fedc.bin"
    recent.write_text("in use")
    other = write(cache_dir / "notes.txt", "not ours")
    load(profiles)
    assert not old.exists() and not crashed.exists()
    assert recent.exists() and other.exists()
    assert cache_file_of(profiles).exists()


def test_a_cache_in_use_is_not_pruned(profiles: Path, cache_dir: Path) -> None:
    load(profiles)
    path = cache_file_of(profiles)
    os.utime(path, ns=(OLD, OLD))
    _, loader = load(profiles)  # read, nothing to rewrite
    assert loader.cache_hits == 3
    assert path.stat().st_mtime_ns > OLD


def cache_file_of(root: Path) -> Path:
    return cache.cache_file_for([root])


# --- progress --------------------------------------------------------------------------------


def test_progress_runs_from_zero_to_total(profiles: Path, cache_dir: Path) -> None:
    for _ in range(2):  # cold, then warm
        seen: list[tuple[int, int]] = []
        load_cached([profiles], progress=lambda done, total, seen=seen: seen.append((done, total)))
        assert seen[0] == (0, 3) and seen[-1] == (3, 3)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# --- parallel parsing ------------------------------------------------------------------------


@pytest.fixture
def force_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)


def test_worker_processes_give_the_same_library(
    broken_set: Path, force_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    started = []
    real = subprocess.Popen

    def spy(*args: object, **kwargs: object) -> object:
        started.append(args)
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", spy)
    lib = load_cached([broken_set], use_cache=False)
    assert started, "worker processes were used"
    assert same(lib, load_paths([broken_set]))


def test_failing_workers_fall_back_to_parsing_here(
    broken_set: Path, force_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        parallel, "_worker_command", lambda: ([sys.executable, "-c", "pass"], dict(os.environ))
    )
    assert same(load_cached([broken_set], use_cache=False), load_paths([broken_set]))


def test_workers_that_cannot_start_fall_back_to_parsing_here(
    broken_set: Path, force_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        parallel, "_worker_command", lambda: (["/nonexistent/python"], dict(os.environ))
    )
    assert same(load_cached([broken_set], use_cache=False), load_paths([broken_set]))


def test_a_worker_that_crashes_mid_set_costs_nothing_but_time(
    broken_set: Path, force_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first chunk kills its worker (as a crash in the fast parser would)."""
    code = (
        "import os, sys; from cvtui.core import parallel\n"
        "paths = parallel._read_frame(sys.stdin.buffer)\n"
        "os._exit(1)\n"
    )
    monkeypatch.setattr(
        parallel, "_worker_command", lambda: ([sys.executable, "-c", code], dict(os.environ))
    )
    assert same(load_cached([broken_set], use_cache=False), load_paths([broken_set]))


def test_a_panic_in_the_fast_parser_falls_back_to_tomli(monkeypatch: pytest.MonkeyPatch) -> None:
    class Panic(BaseException):  # what a Rust panic surfaces as
        pass

    def panic(text: str) -> dict[str, object]:
        raise Panic("boom")

    monkeypatch.setattr(parallel, "_fast_loads", panic)
    assert parallel.loads_toml("a = 1\n") == {"a": 1}


def test_small_sets_start_no_process(profiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process was started for three small files")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert len(load_cached([profiles], use_cache=False).people) == 3


def test_fast_toml_parser_defers_to_tomli_on_errors() -> None:
    import tomli

    assert parallel.loads_toml('a = 1\nb = "x"\n') == {"a": 1, "b": "x"}
    with pytest.raises(tomli.TOMLDecodeError) as err:
        parallel.loads_toml('a = 1\nb = "x\n')
    assert err.value.lineno == 2


# --- refresh ---------------------------------------------------------------------------------


def test_refresh_with_nothing_changed_returns_the_same_library(
    profiles: Path, cache_dir: Path
) -> None:
    lib, loader = load(profiles)
    again, changed = loader.refresh()
    assert again is lib and changed == []
    assert loader.parsed == 0


def test_refresh_reparses_only_the_changed_file(profiles: Path, cache_dir: Path) -> None:
    lib, loader = load(profiles)
    target = write(profiles / "p1.toml", profile("Alan M. Turing", papers=3), OLD + 5)
    new, changed = loader.refresh()
    assert changed == [str(target)]
    assert loader.parsed == 1
    assert new.people[1].name == "Alan M. Turing"
    assert new.people[0] is lib.people[0] and new.people[2] is lib.people[2]


def test_refresh_adds_and_drops_files(profiles: Path, cache_dir: Path) -> None:
    _, loader = load(profiles)
    (profiles / "p0.toml").unlink()
    added = write(profiles / "p9.toml", profile("Barbara Liskov"))
    new, changed = loader.refresh()
    assert sorted(changed) == sorted([str(profiles / "p0.toml"), str(added)])
    assert [p.name for p in new.people] == ["Alan Turing", "Grace Hopper", "Barbara Liskov"]


def test_refresh_keeps_the_last_good_person_while_a_file_is_broken(
    profiles: Path, cache_dir: Path
) -> None:
    lib, loader = load(profiles)
    target = profiles / "p0.toml"
    good = lib.people[0]

    write(target, 'name = "Ada\n', OLD + 1)  # a syntax error: nothing loads
    broken, changed = loader.refresh()
    assert changed == [str(target)]
    assert broken.people[0] is good
    assert any(p.path == str(target) and "TOML syntax error" in p.message for p in broken.problems)

    write(target, profile("Ada Lovelace", papers=3) + "\nbogus = 1\n", OLD + 2)  # an error
    partly, _ = loader.refresh()
    assert partly.people[0] is good
    assert any("bogus" in p.message for p in partly.problems)

    write(target, profile("Ada King", papers=3), OLD + 3)  # fixed
    fixed, changed = loader.refresh()
    assert changed == [str(target)]
    assert fixed.people[0].name == "Ada King"
    assert not fixed.problems


def test_refresh_of_a_file_that_was_never_good_shows_its_latest_state(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "set"
    root.mkdir()
    target = write(root / "x.toml", profile("Someone") + "\nbogus = 1\n")
    lib, loader = load(root)
    assert lib.people[0].name == "Someone"
    write(target, profile("Someone Else") + "\nbogus = 2\n", OLD + 1)
    new, _ = loader.refresh()
    assert new.people[0].name == "Someone Else"


def test_refresh_then_load_uses_the_cache_for_unchanged_files(
    profiles: Path, cache_dir: Path
) -> None:
    _, loader = load(profiles)
    write(profiles / "p1.toml", profile("Alan M. Turing", papers=3), OLD + 5)
    refreshed, _ = loader.refresh()
    lib, second = load(profiles)
    assert (second.parsed, second.cache_hits) == (1, 2)
    assert same(lib, refreshed)


# --- the cache checks itself -------------------------------------------------------------------


def record_spans(path: Path) -> list[tuple[int, int]]:
    """(offset, length) of every record stored in the cache file at ``path``."""
    reader = file_format.CacheReader.open(path)
    assert reader is not None
    try:
        return [(e.offset, e.length) for e in reader.entries.values()]
    finally:
        reader.close()


def test_a_flipped_bit_in_any_record_is_caught_and_that_file_parsed(
    profiles: Path, cache_dir: Path
) -> None:
    """One flipped bit (``Chioma`` → ``Xhioma``) must never reach the screen: each record
    carries a checksum, and a record that does not match it is parsed from its file."""
    import random

    fresh = load_paths([profiles])
    load(profiles)
    path = cache_file(cache_dir)
    pristine = path.read_bytes()
    spans = record_spans(path)
    rng = random.Random(12)
    for _ in range(40):
        offset, length = rng.choice(spans)
        bit = rng.randrange(length * 8)
        damaged = bytearray(pristine)
        damaged[offset + bit // 8] ^= 1 << (bit % 8)
        path.write_bytes(bytes(damaged))
        lib, loader = load(profiles)
        assert same(lib, fresh), (offset, bit)
        assert loader.parsed >= 1, "the damaged record was served"


def test_a_flipped_bit_in_a_stored_name_is_caught(profiles: Path, cache_dir: Path) -> None:
    load(profiles)
    path = cache_file(cache_dir)
    data = path.read_bytes()
    at = data.index(b"Ada Lovelace")
    path.write_bytes(data[:at] + b"X" + data[at + 1 :])
    lib, _ = load(profiles)
    assert sorted(p.name for p in lib.people) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(profiles: Path, cache_dir: Path) -> None:
    """``touch -r``: the same size and the old mtime, but a new ctime."""
    load(profiles)
    target = profiles / "p0.toml"
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Ada Lovelace", "Ada Lovelacf"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    lib, loader = load(profiles)
    assert lib.people[0].name == "Ada Lovelacf"
    assert loader.parsed == 1


def test_a_file_replaced_by_another_of_the_same_size_and_mtime_is_seen(
    profiles: Path, cache_dir: Path, tmp_path: Path
) -> None:
    load(profiles)
    target = profiles / "p1.toml"
    other = write(tmp_path / "elsewhere.toml", target.read_text().replace("Turing", "Turinh"))
    os.replace(other, target)
    assert target.stat().st_mtime_ns == OLD
    lib, _ = load(profiles)
    assert lib.people[1].name == "Alan Turinh"


def test_refresh_sees_an_edit_that_keeps_size_and_mtime(profiles: Path, cache_dir: Path) -> None:
    _, loader = load(profiles)
    target = profiles / "p2.toml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Grace", "Grade"), encoding="utf-8")
    os.utime(target, ns=(OLD, OLD))
    lib, changed = loader.refresh()
    assert lib.people[2].name == "Grade Hopper"
    assert changed == [str(target)]


# --- temporary files left by killed runs --------------------------------------------------------

_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from cvtui.core.cache_file import CacheWriter
writer = CacheWriter.create(Path(sys.argv[1]))
writer._write(b"x" * 100_000)
writer._handle.flush()
print("started", flush=True)
if sys.argv[2] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.read()  # "alive": hold the file until told to stop
"""


def test_temp_files_of_killed_runs_are_removed_when_the_next_load_starts(
    profiles: Path, cache_dir: Path
) -> None:
    import subprocess
    import time

    cache_dir.mkdir()
    target = cache.cache_file_for([profiles])
    for _ in range(3):  # three runs killed while writing the cache
        subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(target), "kill"], check=False)
    alive = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), "alive"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert alive.stdout is not None and alive.stdout.readline() == "started\n"
        temps = sorted(cache_dir.glob(".profiles-*.tmp"))
        assert len(temps) == 4
        past = time.time() - 60  # not written to for a minute
        for temp in temps:
            os.utime(temp, (past, past))
        lib, _ = load(profiles)
        assert len(lib.people) == 3
        left = sorted(cache_dir.glob(".profiles-*.tmp"))
        assert len(left) == 1, "the three dead runs' files are gone; the live one's stays"
    finally:
        alive.communicate("", timeout=20)


# --- the first screen ---------------------------------------------------------------------


def test_a_warm_load_first_hands_over_the_people_without_their_papers(
    profiles: Path, cache_dir: Path
) -> None:
    write(profiles / "p3.toml", profile("Alan Turing Jr", papers=2, title="A paper"))
    load(profiles)  # fills the cache and the grouping beside it
    previews: list[Library] = []
    loader = LibraryLoader([profiles])
    full = loader.load(preview=previews.append)
    (early,) = previews
    assert early.partial and not full.partial
    assert [p.name for p in early.people] == [p.name for p in full.people]
    assert all(p.papers == () for p in early.people)
    assert early.people[0].education == full.people[0].education
    assert early.paper_count == full.paper_count == len(full.papers)
    counts = [full.work_count(i) for i in range(len(full.people))]
    assert [early.work_count(i) for i in range(len(early.people))] == counts
    assert early.problems == full.problems
    assert early.papers_of(early.people[0].id) == []


def test_a_changed_set_is_previewed_once_read_before_its_works_are_grouped(
    profiles: Path, cache_dir: Path
) -> None:
    load(profiles)
    write(profiles / "p0.toml", profile("Ada King", papers=4), mtime_ns=OLD + 10**9)
    previews: list[Library] = []
    full = LibraryLoader([profiles]).load(preview=previews.append)
    (early,) = previews  # not from the first screen kept beside the cache: a file changed
    assert early.partial and early.paper_count is None  # counts of works not known yet
    assert [p.name for p in early.people] == [p.name for p in full.people]
    assert "Ada King" in [p.name for p in early.people]
    assert early.problems == full.problems and early.sources == full.sources


def test_a_cold_load_is_previewed_once_every_file_is_read(profiles: Path, cache_dir: Path) -> None:
    previews: list[Library] = []
    full = LibraryLoader([profiles]).load(preview=previews.append)
    (early,) = previews
    assert early.partial and not full.partial
    assert [p.name for p in early.people] == [p.name for p in full.people]


def test_a_load_without_the_cache_is_previewed_too(profiles: Path, cache_dir: Path) -> None:
    previews: list[Library] = []
    LibraryLoader([profiles], use_cache=False).load(preview=previews.append)
    assert [p.partial for p in previews] == [True]  # shown before the works are grouped


def test_a_refresh_keeps_its_grouping_and_first_screen_only_when_persisted(
    profiles: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, loader = load(profiles)
    (screen,) = cache_dir.glob("*.people")
    before = screen.read_bytes()
    write(profiles / "p0.toml", profile("Ada King", papers=2), mtime_ns=OLD + 10**9)
    refreshed, changed = loader.refresh()
    assert changed == [str(profiles / "p0.toml")]
    assert screen.read_bytes() == before  # nothing written on the edit's way to the screen
    loader.persist()
    assert screen.read_bytes() != before
    # The next start shows the edited people first and takes the works grouped after the
    # edit: it groups nothing itself.
    monkeypatch.setattr(
        "cvtui.core.library.compute_grouping",
        lambda *a: pytest.fail("grouped again, though the grouping was kept"),
    )
    previews: list[Library] = []
    full = LibraryLoader([profiles]).load(preview=previews.append)
    assert "Ada King" in [p.name for p in previews[0].people]
    assert previews[0].paper_count == len(full.papers) == len(refreshed.papers)
    assert same(full, refreshed)
    loader.persist()  # twice: nothing left to write, and no error
    assert (cache_dir / screen.name).exists()


def test_the_first_screen_of_a_set_with_broken_files_is_what_the_whole_load_shows(
    broken_set: Path, cache_dir: Path
) -> None:
    load(broken_set)
    previews: list[Library] = []
    full = LibraryLoader([broken_set]).load(preview=previews.append)
    (early,) = previews
    assert full.problems and early.problems == full.problems
    assert early.sources == full.sources
    assert [p.id for p in early.people] == [p.id for p in full.people]


def test_a_damaged_first_screen_file_means_no_early_screen_and_is_written_again(
    profiles: Path, cache_dir: Path
) -> None:
    load(profiles)
    (stored,) = cache_dir.glob("*.people")
    data = bytearray(stored.read_bytes())
    data[-3] ^= 0xFF  # one byte of the payload: its digest no longer matches
    stored.write_bytes(bytes(data))
    previews: list[Library] = []
    full = LibraryLoader([profiles]).load(preview=previews.append)
    assert previews == []
    assert len(full.people) == 3
    LibraryLoader([profiles]).load(preview=previews.append)
    assert [p.name for p in previews[0].people] == [p.name for p in full.people]


def test_no_first_screen_is_kept_for_a_file_edited_a_moment_ago(
    profiles: Path, cache_dir: Path
) -> None:
    # A second edit in the same timestamp tick could keep its stamp: not trusted.
    write(profiles / "p0.toml", profile("Ada King", papers=1), mtime_ns=time.time_ns())
    load(profiles)
    assert list(cache_dir.glob("*.people")) == []
    previews: list[Library] = []
    LibraryLoader([profiles]).load(preview=previews.append)
    (early,) = previews  # the file is read again first: counts of works not known yet
    assert early.paper_count is None


def test_the_first_screen_keeps_a_file_name_that_is_not_utf8(
    profiles: Path, cache_dir: Path
) -> None:
    odd = os.fsdecode(bytes(profiles) + b"/caf\xe9.toml")
    write(Path(odd), profile("Zoe Café", papers=1))
    load(profiles)
    previews: list[Library] = []
    full = LibraryLoader([profiles]).load(preview=previews.append)
    (early,) = previews
    assert early.sources == full.sources
    assert any(source.endswith("caf\\xe9.toml") for source in early.sources)  # shown escaped
