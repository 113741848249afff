"""Which files are profiles: every ``*.toml`` under the paths given, each once.

Kept apart from reading files because walking a tree has its own failures (unreadable
folders, symlink loops, one file reached by two names), reported here before any file is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem
from .text import display_name

__all__ = ["discover", "discover_names"]


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """Every ``*.toml`` file under ``paths`` (files taken as given), sorted, no repeats.

    Directory symlink loops are detected and reported instead of followed forever. A file is
    a repeat when it resolves to a path already found (a symlink to it, or the same file
    named twice); a walked directory is resolved once, not each of its files.
    """
    names, problems = discover_names(paths)
    return [Path(name) for name in names], problems


def discover_names(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """:func:`discover` as the names of the files, for the loader and the index's check of
    what changed: a set of 10,000 files is walked without making 10,000 ``Path`` objects."""
    files: list[tuple[str, str | None]] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(str(path), files, problems, set())
        elif path.exists():
            files.append((str(path), None))
        else:
            problems.append(Problem(display_name(str(path)), "no such file or directory"))
    unique: list[str] = []
    seen_files: set[str] = set()
    for name, key in files:
        if key is None:
            try:
                key = str(Path(name).resolve())
            except (OSError, RuntimeError):  # a symlink loop: load_file reports it
                key = os.path.abspath(name)
        if key not in seen_files:
            seen_files.add(key)
            unique.append(name)
    return unique, problems


def _walk(
    directory: str,
    files: list[tuple[str, str | None]],
    problems: list[Problem],
    visiting: set[tuple[int, int]],
) -> None:
    try:
        st = os.stat(directory)
    except OSError as exc:
        problems.append(
            Problem(display_name(str(directory)), f"cannot read directory: {exc.strerror or exc}")
        )
        return
    ident = (st.st_dev, st.st_ino)
    if ident in visiting:
        problems.append(
            Problem(
                display_name(str(directory)),
                "directory symlink loop: this folder contains itself; skipped",
                severity="warning",
            )
        )
        return
    visiting = visiting | {ident}
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        problems.append(
            Problem(display_name(str(directory)), f"cannot read directory: {exc.strerror or exc}")
        )
        return
    real = os.path.realpath(directory)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(entry.path, files, problems, visiting)
        elif entry.name.endswith(".toml"):
            # Resolved: the directory's real path and the name, unless it is a symlink.
            key = None if entry.is_symlink() else os.path.join(real, entry.name)
            files.append((entry.path, key))
