"""The installed ``cvtui`` in a private tmux server, for walks through the app as a person
takes them: ``start(paths, size=(80, 24), config="")`` with a throwaway home, and ``press``.
Import ``start`` (a fixture) and ``press`` into a test module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hostile.terminal import CVTUI, isolated_env
from hostile.tmux import Tmux

__all__ = ["PROFILES", "Start", "press", "start"]

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
Start = Callable[..., Tmux]


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Start]:
    """``start(paths, size=(80, 24), config="")``: cvtui in a private tmux server."""
    started: list[Tmux] = []

    def run(paths: list[Path], size: tuple[int, int] = (80, 24), config: str = "") -> Tmux:
        work = tmp_path / f"term-{len(started)}"
        home = work / "home"
        home.mkdir(parents=True)
        (home / "config.toml").write_text("animation = false\n" + config, encoding="utf-8")
        term = Tmux(work, *size)
        started.append(term)
        term.start([str(CVTUI), *map(str, paths)], isolated_env(home))
        return term

    yield run
    for term in started:
        term.kill()


def press(term: Tmux, *keys: str) -> str:
    for key in keys:
        term.send(key)
    return term.settle()
