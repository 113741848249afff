"""The documented Python API: cvtui.open_library()."""

from __future__ import annotations

from pathlib import Path

import pytest

import cvtui

PROFILES = Path(__file__).parents[1] / "profiles"


def test_open_library_on_a_directory() -> None:
    lib = cvtui.open_library([PROFILES])
    assert len(lib.people) == 3
    assert len(lib.papers) == sum(len(p.papers) for p in lib.people)
    assert lib.problems == ()


@pytest.mark.parametrize("given", [str(PROFILES), PROFILES], ids=["str", "Path"])
def test_open_library_takes_one_path_as_itself(given: str | Path) -> None:
    # A string is one path, not an iterable of one-letter paths walked from "/".
    lib = cvtui.open_library(given)
    assert len(lib.people) == 3
    assert {Path(s).parent.resolve() for s in lib.sources} == {PROFILES.resolve()}
    assert lib.problems == ()


def test_open_library_defaults_to_the_bundled_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./profiles here
    monkeypatch.delenv("CVTUI_PROFILES", raising=False)
    monkeypatch.setenv("CVTUI_CONFIG", str(tmp_path / "none.toml"))
    lib = cvtui.open_library()
    assert {p.name for p in lib.people} == {"Mickel Liu", "Tianhao Wu", "Junwu Xiong"}


def test_search_through_the_library() -> None:
    lib = cvtui.open_library([PROFILES])
    hits = lib.search("omnisfae", kind="papers", limit=3)
    assert hits and hits[0].title.startswith("OmniSafe")
    assert all(h.kind == "paper" for h in hits)
