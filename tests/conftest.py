"""Shared test setup: the user's real config, state and cache never leak into a test.

Every test runs with ``CVTUI_CONFIG``, ``CVTUI_STATE`` and ``CVTUI_CACHE_DIR`` pointing into its
own temporary directory, with a config that turns animation (and so cursor blink) off, and
without SSH variables unless a test sets them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROFILES = REPO / "profiles"
TEST_TODAY = dt.date(2026, 1, 15)
TEST_CONFIG = "animation = false\n"


@pytest.fixture(autouse=True)
def isolated_user_files(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A private config (animation off), state file and cache directory for each test."""
    home = tmp_path_factory.mktemp("cvtui-user")
    config = home / "config.toml"
    config.write_text(TEST_CONFIG, encoding="utf-8")
    monkeypatch.setenv("CVTUI_CONFIG", str(config))
    monkeypatch.setenv("CVTUI_STATE", str(home / "state.json"))
    monkeypatch.setenv("CVTUI_CACHE_DIR", str(home / "cache"))
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT", "CVTUI_PROFILES"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(scope="session")
def bundled_library():  # type: ignore[no-untyped-def]
    """The bundled profiles, loaded once (the model is immutable)."""
    from cvtui.core.loading import load_paths

    return load_paths([PROFILES])


@pytest.fixture(scope="session")
def generated_library(tmp_path_factory: pytest.TempPathFactory) -> object:
    """A few hundred synthetic papers from bench/generate.py, made once per test run."""
    from cvtui.core.loading import load_paths
    from generated import generate

    out = generate(tmp_path_factory.mktemp("generated"), people=5, papers_per_person=80, seed=1)
    return load_paths([out])
