"""Writing one profile from the command line: where it goes, what it replaces, and the
write itself, checked first (``import``, ``new`` and ``refresh`` all end here).

Every write keeps the file's comments and layout, is checked with the profile loader first
and is atomic; a symlinked profile is written through to its target; a file whose content
would not change is not written; a dry run prints the change as a unified diff. Messages
quote file names and imported text, so they are sanitised like any outside text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

__all__ = [
    "error",
    "find_profile",
    "finish",
    "paper_ids_of",
    "profiles_dir",
    "read_input_text",
    "replaced_text",
]


def error(message: str) -> int:
    from .core.text import one_line

    print(f"cvtui: {one_line(message)}", file=sys.stderr)
    return 2


def profiles_dir(args: argparse.Namespace) -> Path:
    """The directory to write into; temporary files killed writes left there are removed."""
    from .core.atomic import remove_stale_temps
    from .core.sources import writable_profiles_dir

    directory = writable_profiles_dir(args.dir)
    remove_stale_temps(directory)
    return directory


def find_profile(directory: Path, person_id: str) -> Path | None:
    """The file in ``directory`` whose profile has id ``person_id``."""
    from .core.discovery import discover
    from .core.loading import load_file

    direct = directory / f"{person_id}.toml"
    if direct.is_file():
        person, _ = load_file(direct)
        if person is None or person.id == person_id:
            return direct
    files, _ = discover([directory]) if directory.is_dir() else ([], [])
    for path in files:
        if path == direct:
            continue
        person, _ = load_file(path)
        if person is not None and person.id == person_id:
            return path
    return None


def read_input_text(path: str) -> str:
    """The text of an input file (a pipe such as ``/dev/stdin`` too), up to a limit."""
    from .core.exchange.targets import read_input
    from .core.text import display_name

    data = read_input(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "Latin-1"
        print(
            f"cvtui: warning: {display_name(path)}:{line}: not UTF-8; read as {encoding} "
            "(check accented letters)",
            file=sys.stderr,
        )
        return text


def replaced_text(path: Path, force: bool) -> str:
    """The text a new profile would replace ("" when none); refused without ``--force``."""
    if not path.exists():
        return ""
    if not force:
        raise ValueError(f"{path} exists; pass --force to replace it (or --id for another id)")
    from .core.exchange.targets import read_profile

    try:
        return read_profile(path).decode("utf-8", errors="replace")
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None


def finish(path: Path, old: str, new: str, dry_run: bool, report: list[str]) -> int:
    """Check, then show the diff (dry run) or write; the report goes where it will be read."""
    from .core.atomic import write_target
    from .core.exchange.writer import (
        ProfileWriteError,
        check_profile_text,
        unified_diff,
        write_text,
    )
    from .core.text import display_name, one_line

    report = [one_line(line) for line in report]
    shown = display_name(str(path))
    errors = [p for p in check_profile_text(new, path) if p.severity == "error"]
    if errors:
        # Errors the profile had before the edit are named where they are in it now.
        before = [p for p in check_profile_text(old, path) if p.severity == "error"] if old else []
        had = {(p.field, p.message) for p in before}
        for problem in before:
            print(f"cvtui: {one_line(str(problem))}", file=sys.stderr)
        for problem in errors:
            if (problem.field, problem.message) not in had:
                print(f"cvtui: {one_line(str(problem))}", file=sys.stderr)
        if before:
            print(
                f"cvtui: {shown} has errors already; fix them first (nothing was written)",
                file=sys.stderr,
            )
        else:
            print("cvtui: the result would not load cleanly; nothing was written", file=sys.stderr)
        return 1
    if dry_run:
        sys.stdout.write(unified_diff(old, new, path))
        for line in report:
            print(line, file=sys.stderr)
        print("dry run: nothing was written", file=sys.stderr)
        return 0
    if old and new == old:
        for line in report:
            print(line)
        print(f"nothing changed: {shown} was not written")
        return 0
    try:
        target = write_target(path)
        write_text(path, new)
    except (ProfileWriteError, OSError) as exc:
        print(f"cvtui: {one_line(str(exc))}", file=sys.stderr)
        return 1
    for line in report:
        print(line)
    through = f" (through the symlink, to {display_name(str(target))})" if target != path else ""
    print(f"wrote {shown}{through}")
    return 0


def paper_ids_of(papers: list[dict[str, Any]]) -> set[str]:
    """The ids the loader will give ``papers`` (written, or derived from the title)."""
    from .core.loading import paper_ids

    def written(paper: dict[str, Any]) -> str:
        pid = paper.get("id")
        return pid if isinstance(pid, str) else ""

    return set(paper_ids((written(p), str(p.get("title", ""))) for p in papers))
