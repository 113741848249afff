"""``cvtui import bibtex`` and ``cvtui import csl-json``: a file's entries as papers of a profile.

The profile is found (or created with ``--name``) as for every import; entries that complete a
paper already there are merged into it, the rest are added; the write keeps the file's layout,
is checked with the profile loader and is atomic (``--dry-run`` prints the diff instead).
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .profile_writes import error, find_profile, finish, paper_ids_of, profiles_dir, read_input_text

__all__ = ["import_papers", "read_bibtex_file", "read_csl_file"]


def read_bibtex_file(path: str, text: str) -> Any:
    from .core.exchange.bibtex import read_bibtex

    return read_bibtex(text, path)


def read_csl_file(path: str, text: str) -> Any:
    from .core.exchange.csl import read_csl_json

    return read_csl_json(text, path)


def import_papers(
    read: Callable[[str, str], Any], what: str
) -> Callable[[argparse.Namespace], int]:
    """``import bibtex``/``import csl-json``: add the file's entries as papers of a profile.

    Exit 0 when the profile was written (skipped entries are listed by line), 1 when nothing
    could be imported or, with ``--strict``, when any entry was skipped.
    """

    def run(args: argparse.Namespace) -> int:
        import tomli

        from .core.exchange.importing import plan_import
        from .core.exchange.targets import id_error, named_inside, read_profile
        from .core.exchange.writer import ProfileWriteError, add_papers, render_profile

        bad = id_error("--person", args.person)
        if bad:
            return error(bad)

        try:
            directory = profiles_dir(args)
        except ValueError as exc:
            return error(str(exc))
        try:
            source_text = read_input_text(args.file)
        except OSError as exc:
            return error(f"cannot read {args.file}: {exc.strerror or exc}")
        result = read(args.file, source_text)

        path = find_profile(directory, args.person)
        old_text = ""
        existing: list[dict[str, Any]] = []
        if path is None:
            if not args.name:
                return error(
                    f"no profile with id `{args.person}` in {directory}; "
                    "pass --name NAME to create it"
                )
            path = directory / f"{args.person}.toml"
            if path.exists() or path.is_symlink():
                return error(f"{path} exists but holds another profile; choose another --person")
        else:
            try:
                old_text = read_profile(path).decode("utf-8")
            except UnicodeDecodeError:
                return error(f"{path} is not UTF-8 text; fix it before importing")
            except OSError as exc:
                return error(f"cannot read {path}: {exc.strerror or exc}")
            try:
                data = tomli.loads(old_text.replace("\r\n", "\n"))
            except tomli.TOMLDecodeError as exc:
                return error(f"{path} is not valid TOML ({exc}); fix it before importing")
            papers = data.get("papers", [])
            existing = copy.deepcopy(papers) if isinstance(papers, list) else []

        plan = plan_import(existing, result.papers, paper_ids_of(existing))
        lines = list(plan.lines)
        for line_no, key, why in result.skipped:
            lines.append(f"  skipped line {line_no}: {key or '(no key)'}: {why}")
        if not result.papers:
            for line in lines:
                print(line, file=sys.stderr)
            for problem in result.problems:
                print(f"cvtui: {problem}", file=sys.stderr)
            print(
                f"cvtui: {args.file}: no entry could be imported; nothing was written",
                file=sys.stderr,
            )
            return 1
        if old_text or path.exists():
            try:
                new_text = add_papers(old_text, plan.added, plan.changes)
            except ProfileWriteError as exc:
                return error(str(exc))
        else:
            comment = f"Profile created by `cvtui import {what}` from {Path(args.file).name}."
            new_text = render_profile({"name": args.name, "papers": plan.added}, comment)

        if not named_inside(directory, path):
            return error(f"{path} is outside {directory}; nothing was written")
        report = [
            f"{args.file} → {path} (profile `{args.person}`): added {len(plan.added)}, "
            f"merged {plan.merged}, skipped {len(result.skipped)}",
            *lines,
            *(f"  {p}" for p in result.problems),
        ]
        if result.extra_fields:
            kept = ", ".join(f"{n} ({c})" for n, c in sorted(result.extra_fields.items()))
            report.append(f"  other fields, kept as they are in each paper's `extra`: {kept}")
        status = finish(path, old_text, new_text, args.dry_run, report)
        if status == 0 and args.strict and result.skipped:
            print(f"cvtui: --strict: {len(result.skipped)} entries were skipped", file=sys.stderr)
            return 1
        return status

    return run
