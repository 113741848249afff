"""Imports and ``cvtui new`` write only where they belong, only what changed, and clean up.

Ids given on the command line (``--person``, ``--id``) and ids written in profiles name files,
so one that could name a file outside the profiles directory is refused. A symlinked profile
is written through to its target and stays a link; a file whose content would not change is
not rewritten; the temporary file of a killed write is removed by the next one.
Everything runs the installed ``cvtui`` in a temporary home.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cvtui.core.loading import load_paths
from hostile.terminal import isolated_env

CVTUI = Path(sys.executable).parent / "cvtui"
BIB = "@article{k1,\n  title = {A Fresh Result},\n  author = {Ada Example},\n  year = 2020\n}\n"
RESUME = '{"basics": {"name": "Jo Resume"}}\n'


def cvtui(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CVTUI), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=isolated_env(tmp_path / "home"),
        cwd=tmp_path,
    )


@pytest.fixture
def place(tmp_path: Path) -> Path:
    (tmp_path / "prof").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "resume.json").write_text(RESUME, encoding="utf-8")
    return tmp_path


def everything_under(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


# --- nothing is written outside the profiles directory --------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["import", "bibtex", "a.bib", "--person", "../outside/x", "--name", "X", "--dir", "prof"],
        ["import", "bibtex", "a.bib", "--person", "{outside}/x", "--name", "X", "--dir", "prof"],
        ["import", "bibtex", "a.bib", "--person", "..", "--name", "X", "--dir", "prof"],
        ["import", "bibtex", "a.bib", "--person", ".hidden", "--name", "X", "--dir", "prof"],
        ["new", "Ada Example", "--id", "../outside/newid", "--dir", "prof"],
        ["new", "Ada Example", "--id", "sub\\..\\..\\x", "--dir", "prof"],
        ["import", "jsonresume", "resume.json", "--id", "../../outside/jo", "--dir", "prof"],
        ["import", "jsonresume", "resume.json", "--id", "{outside}/jo", "--dir", "prof"],
    ],
    ids=["bib-dotdot", "bib-absolute", "bib-parent", "bib-hidden", "new", "new-backslash",
         "resume-dotdot", "resume-absolute"],
)  # fmt: skip
def test_an_id_that_leaves_the_directory_is_refused(place: Path, args: list[str]) -> None:
    args = [a.replace("{outside}", str(place / "outside")) for a in args]
    before = everything_under(place)
    result = cvtui(place, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "cannot be a profile id" in result.stderr
    assert everything_under(place) == before  # nothing written anywhere
    assert not (place / "outside" / "x.toml").exists()


def test_an_id_in_a_profile_that_names_a_path_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text('id = "../outside/newid"\nname = "Sly"\n', "utf-8")
    library = load_paths([tmp_path])
    assert [p.id for p in library.people] == ["p"]
    (problem,) = library.problems
    assert (problem.field, problem.line, problem.severity) == ("id", 1, "error")
    assert "cannot name a profile file" in problem.message
    result = cvtui(tmp_path, "validate", str(tmp_path))
    assert result.returncode == 1


def test_good_ids_still_work(place: Path) -> None:
    result = cvtui(place, "new", "Ada Example", "--id", "ada.example_2", "--dir", "prof")
    assert result.returncode == 0, result.stderr
    assert (place / "prof" / "ada.example_2.toml").is_file()


# --- symlinked profiles are written through; unchanged files are not rewritten --------------------


def test_importing_into_a_symlinked_profile_writes_through_to_its_target(place: Path) -> None:
    real = place / "outside" / "real.toml"
    real.write_text('name = "Sym Link"\n', encoding="utf-8")
    link = place / "prof" / "sym.toml"
    link.symlink_to(real)
    result = cvtui(place, "import", "bibtex", "a.bib", "--person", "sym", "--dir", "prof")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "A Fresh Result" in real.read_text(encoding="utf-8")
    assert "through the symlink" in result.stdout and str(real) in result.stdout
    assert not list((place / "outside").glob(".*.tmp"))


def test_a_dangling_symlinked_profile_is_refused_not_replaced(place: Path) -> None:
    link = place / "prof" / "gone.toml"
    link.symlink_to(place / "outside" / "missing.toml")
    result = cvtui(place, "new", "Gone Person", "--id", "gone", "--dir", "prof", "--force")
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert link.is_symlink() and not (place / "outside" / "missing.toml").exists()


def test_a_profile_is_not_rewritten_when_nothing_is_new(place: Path) -> None:
    args = ["import", "bibtex", "a.bib", "--person", "ada", "--name", "Ada", "--dir", "prof"]
    assert cvtui(place, *args).returncode == 0
    path = place / "prof" / "ada.toml"
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    inode = path.stat().st_ino
    result = cvtui(place, *args)
    assert result.returncode == 0, result.stderr
    assert "merged 1" in result.stdout and "was not written" in result.stdout
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == (old, inode)


# --- a killed write leaves no temporary file behind for long --------------------------------------

_KILLED_WRITE = """
import os, signal, sys
from cvtui.core import atomic
atomic.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # killed mid-write
atomic.atomic_write_text(sys.argv[1], 'name = "Half"\\n')
"""


def test_the_temp_file_of_a_killed_import_is_removed_by_the_next_write(place: Path) -> None:
    target = place / "prof" / "ada.toml"
    subprocess.run([sys.executable, "-c", _KILLED_WRITE, str(target)], check=False)
    (left,) = [p for p in (place / "prof").iterdir() if p.name.endswith(".tmp")]
    past = time.time() - 60
    os.utime(left, (past, past))
    args = ["import", "bibtex", "a.bib", "--person", "ada", "--name", "Ada", "--dir", "prof"]
    assert cvtui(place, *args).returncode == 0
    assert sorted(p.name for p in (place / "prof").iterdir()) == ["ada.toml"]


def test_the_next_import_removes_them_even_when_it_writes_nothing(place: Path) -> None:
    args = ["import", "bibtex", "a.bib", "--person", "ada", "--name", "Ada", "--dir", "prof"]
    assert cvtui(place, *args).returncode == 0
    target = place / "prof" / "ada.toml"
    subprocess.run([sys.executable, "-c", _KILLED_WRITE, str(target)], check=False)
    (left,) = [p for p in (place / "prof").iterdir() if p.name.endswith(".tmp")]
    past = time.time() - 60
    os.utime(left, (past, past))
    result = cvtui(place, *args)  # every entry is there already: nothing is written
    assert "was not written" in result.stdout
    assert sorted(p.name for p in (place / "prof").iterdir()) == ["ada.toml"]
