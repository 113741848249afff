"""``cvtui export bibtex|jsonresume``, ``cvtui import bibtex|jsonresume`` and ``cvtui new``.

Imports write into the profiles directory found as for loading (or ``--dir``), never into
the profiles bundled with an installed cvtui. Every write keeps the file's comments and
layout, is checked with the profile loader first and is atomic; ``--dry-run`` prints the
change as a unified diff and writes nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core.model import Library

__all__ = ["register"]

_Loader = Callable[[argparse.Namespace], "Library"]


def _error(message: str) -> int:
    print(f"cvtui: {message}", file=sys.stderr)
    return 2


def _emit(text: str, output: str | None) -> None:
    if output:
        from .core.atomic import atomic_write_text

        atomic_write_text(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


# --- export ----------------------------------------------------------------------------------


def _query_papers(library: Library, query: str) -> list[int]:
    """Every paper matching ``query``, best first."""
    from .core.search import index_for

    result = index_for(library).search_with_info(query, "papers", limit=50, all_matches=True)
    found = [hit.index for hit in result.hits if hit.index >= 0]
    return list(dict.fromkeys([*found, *result.rest]))


def _export_bibtex(load: _Loader) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from .core.exchange.bibtex import papers_to_bibtex

        library = load(args)
        indices: list[int] = list(range(len(library.papers)))
        if args.person:
            try:
                indices = list(library.papers_of(args.person))
            except KeyError:
                return _error(f"no profile with id `{args.person}`")
        if args.query:
            wanted = set(indices)
            indices = [i for i in _query_papers(library, args.query) if i in wanted]
        if not indices:
            print("cvtui: no papers to export", file=sys.stderr)
        _emit(papers_to_bibtex(library, indices), args.output)
        return 0

    return run


def _export_jsonresume(load: _Loader) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from .core.exchange.jsonresume import person_to_jsonresume

        library = load(args)
        try:
            person = library.person(args.person)
        except KeyError:
            return _error(f"no profile with id `{args.person}`")
        text = json.dumps(person_to_jsonresume(person), ensure_ascii=False, indent=2) + "\n"
        _emit(text, args.output)
        return 0

    return run


# --- import helpers -------------------------------------------------------------------------


def _profiles_dir(args: argparse.Namespace) -> Path:
    from .core.sources import writable_profiles_dir

    return writable_profiles_dir(args.dir)


def _find_profile(directory: Path, person_id: str) -> Path | None:
    """The file in ``directory`` whose profile has id ``person_id``."""
    from .core.loading import discover, load_file

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


def _read_text(path: str) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        print(f"cvtui: warning: {path} is not UTF-8; read as Latin-1", file=sys.stderr)
        return data.decode("latin-1")


def _replaced_text(path: Path, force: bool) -> str:
    """The text a new profile would replace ("" when none); refused without ``--force``."""
    if not path.exists():
        return ""
    if not force:
        raise ValueError(f"{path} exists; pass --force to replace it (or --id for another id)")
    return path.read_bytes().decode("utf-8", errors="replace")


def _finish(path: Path, old: str, new: str, dry_run: bool, report: list[str]) -> int:
    """Check, then show the diff (dry run) or write; the report goes where it will be read."""
    from .core.exchange.writer import (
        ProfileWriteError,
        check_profile_text,
        unified_diff,
        write_text,
    )

    errors = [p for p in check_profile_text(new, path) if p.severity == "error"]
    if errors:
        for problem in errors:
            print(f"cvtui: {problem}", file=sys.stderr)
        print("cvtui: the result would not load cleanly; nothing was written", file=sys.stderr)
        return 1
    if dry_run:
        sys.stdout.write(unified_diff(old, new, path))
        for line in report:
            print(line, file=sys.stderr)
        print("dry run: nothing was written", file=sys.stderr)
        return 0
    try:
        write_text(path, new)
    except (ProfileWriteError, OSError) as exc:
        print(f"cvtui: {exc}", file=sys.stderr)
        return 1
    for line in report:
        print(line)
    print(f"wrote {path}")
    return 0


def _paper_ids(papers: list[dict[str, Any]]) -> set[str]:
    """The ids the loader will give ``papers`` (written, or derived from the title)."""
    from .core.loading import paper_ids

    def written(paper: dict[str, Any]) -> str:
        pid = paper.get("id")
        return pid if isinstance(pid, str) else ""

    return set(paper_ids((written(p), str(p.get("title", ""))) for p in papers))


def _title(paper: dict[str, Any]) -> str:
    title = str(paper.get("title", ""))
    return title if len(title) <= 70 else title[:67] + "..."


def _describe(changes: dict[str, Any]) -> str:
    return "added " + ", ".join(sorted(changes)) if changes else "nothing new"


# --- import bibtex --------------------------------------------------------------------------


def _import_bibtex(args: argparse.Namespace) -> int:
    import tomli

    from .core.exchange.bibtex import read_bibtex
    from .core.exchange.merge import merge_paper, same_work
    from .core.exchange.writer import ProfileWriteError, add_papers, render_profile

    try:
        directory = _profiles_dir(args)
    except ValueError as exc:
        return _error(str(exc))
    try:
        source_text = _read_text(args.file)
    except OSError as exc:
        return _error(f"cannot read {args.file}: {exc.strerror or exc}")
    result = read_bibtex(source_text, args.file)

    path = _find_profile(directory, args.person)
    old_text = ""
    existing: list[dict[str, Any]] = []
    if path is None:
        if not args.name:
            return _error(
                f"no profile with id `{args.person}` in {directory}; pass --name NAME to create it"
            )
        path = directory / f"{args.person}.toml"
        if path.exists():
            return _error(f"{path} exists but holds another profile; choose another --person")
    else:
        try:
            old_text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return _error(f"{path} is not UTF-8 text; fix it before importing")
        try:
            data = tomli.loads(old_text.replace("\r\n", "\n"))
        except tomli.TOMLDecodeError as exc:
            return _error(f"{path} is not valid TOML ({exc}); fix it before importing")
        papers = data.get("papers", [])
        existing = copy.deepcopy(papers) if isinstance(papers, list) else []

    taken = _paper_ids(existing)
    added: list[dict[str, Any]] = []
    added_numbers: list[str] = []
    changes: dict[int, dict[str, Any]] = {}
    lines: list[str] = []
    merged = 0
    for item in result.papers:
        paper = item.fields
        target = None
        for i, old in enumerate(existing):
            reason = same_work(old, paper, "", item.number)
            if reason:
                target = ("profile", i, reason)
                break
        if target is None:
            for j, new in enumerate(added):
                reason = same_work(new, paper, added_numbers[j], item.number)
                if reason:
                    target = ("new", j, reason)
                    break
        if target is not None:
            where, index, reason = target
            merged += 1
            base = existing[index] if where == "profile" else added[index]
            fields = merge_paper(base, {k: v for k, v in paper.items() if k != "id"})
            if where == "profile" and fields:
                changes.setdefault(index, {}).update(fields)
            lines.append(
                f"  merged  line {item.line}: {_title(paper)} → {_title(base)} ({reason}; "
                f"{_describe(fields)})"
            )
            continue
        if "id" in paper and paper["id"] in taken:
            del paper["id"]
        taken |= _paper_ids([paper])
        added.append(paper)
        added_numbers.append(item.number)
        lines.append(f"  added   line {item.line}: {_title(paper)}")
    for line_no, key, why in result.skipped:
        lines.append(f"  skipped line {line_no}: {key or '(no key)'}: {why}")

    if old_text or path.exists():
        try:
            new_text = add_papers(old_text, added, changes)
        except ProfileWriteError as exc:
            return _error(str(exc))
    else:
        comment = f"Profile created by `cvtui import bibtex` from {Path(args.file).name}."
        new_text = render_profile({"name": args.name, "papers": added}, comment)

    errors = sum(1 for p in result.problems if p.severity == "error")
    report = [
        f"{args.file} → {path} (profile `{args.person}`): added {len(added)}, merged {merged}, "
        f"skipped {len(result.skipped)}",
        *lines,
        *(f"  {p}" for p in result.problems),
    ]
    if result.ignored_fields:
        kept_out = ", ".join(
            f"{name} ({count})" for name, count in sorted(result.ignored_fields.items())
        )
        report.append(f"  fields with no place in a profile, not imported: {kept_out}")
    status = _finish(path, old_text, new_text, args.dry_run, report)
    return status or (1 if errors else 0)


# --- import jsonresume ----------------------------------------------------------------------


def _import_jsonresume(args: argparse.Namespace) -> int:
    from .core.exchange.jsonresume import jsonresume_to_profile
    from .core.exchange.skeleton import profile_id
    from .core.exchange.writer import render_profile

    try:
        directory = _profiles_dir(args)
    except ValueError as exc:
        return _error(str(exc))
    try:
        doc = json.loads(_read_text(args.file))
    except OSError as exc:
        return _error(f"cannot read {args.file}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        return _error(f"{args.file}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}")
    try:
        profile, warnings = jsonresume_to_profile(doc)
    except ValueError as exc:
        return _error(f"{args.file}: {exc}")
    if args.name:
        profile["name"] = args.name
    if not profile.get("name"):
        return _error(f"{args.file} gives no basics.name; pass --name NAME")
    person_id = args.id or profile_id(profile["name"])
    path = directory / f"{person_id}.toml"
    try:
        old_text = _replaced_text(path, args.force)
    except ValueError as exc:
        return _error(str(exc))
    comment = f"Profile created by `cvtui import jsonresume` from {Path(args.file).name}."
    new_text = render_profile(profile, comment)
    counts = ", ".join(
        f"{len(profile[k])} {k}"
        for k in (
            "experience",
            "education",
            "papers",
            "awards",
            "service",
            "skills",
            "languages",
            "interests",
        )
        if profile.get(k)
    )
    report = [f"{args.file} → {path} (profile `{person_id}`): {counts or 'basics only'}"]
    report += [f"  warning: {w}" for w in warnings]
    return _finish(path, old_text, new_text, args.dry_run, report)


# --- new ------------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    from .core.exchange.skeleton import profile_id, skeleton_text

    try:
        directory = _profiles_dir(args)
    except ValueError as exc:
        return _error(str(exc))
    if not args.name.strip():
        return _error("the name is empty")
    person_id = args.id or profile_id(args.name)
    path = directory / f"{person_id}.toml"
    try:
        old_text = _replaced_text(path, args.force)
    except ValueError as exc:
        return _error(str(exc))
    return _finish(path, old_text, skeleton_text(args.name, person_id), args.dry_run, [])


# --- registration ---------------------------------------------------------------------------


def _add_write_options(parser: argparse.ArgumentParser, force: bool = True) -> None:
    parser.add_argument(
        "--dir", metavar="DIR", help="profiles directory to write into (default: as for loading)"
    )
    if force:
        parser.add_argument("--force", action="store_true", help="replace an existing profile")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the change as a unified diff; write nothing"
    )


_HOOKS: dict[str, Any] = {}


def _bibtex_exporter(formats: argparse._SubParsersAction) -> None:
    p = formats.add_parser(
        "bibtex",
        help="papers as BibTeX",
        description="Write the chosen papers as BibTeX (all by default).",
    )
    p.add_argument("--person", metavar="ID", help="only this person's papers")
    p.add_argument("--query", metavar="Q", help="only papers matching this search query")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _HOOKS["add_paths"](p)
    p.set_defaults(func=_export_bibtex(_HOOKS["load"]))


def _jsonresume_exporter(formats: argparse._SubParsersAction) -> None:
    p = formats.add_parser(
        "jsonresume",
        help="one profile as a JSON Resume document",
        description="Write one profile as JSON Resume (jsonresume.org).",
    )
    p.add_argument("--person", metavar="ID", required=True, help="the profile to export")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _HOOKS["add_paths"](p)
    p.set_defaults(func=_export_jsonresume(_HOOKS["load"]))


def register(
    sub: argparse._SubParsersAction,
    exporters: list[Callable[[argparse._SubParsersAction], None]],
    add_paths: Callable[[argparse.ArgumentParser], None],
    load: _Loader,
) -> None:
    """Add ``import`` and ``new`` to ``sub`` and the BibTeX/JSON Resume exporters."""

    _HOOKS["load"] = load
    _HOOKS["add_paths"] = add_paths
    for exporter in (_bibtex_exporter, _jsonresume_exporter):
        if exporter not in exporters:
            exporters.append(exporter)

    imp = sub.add_parser("import", help="add papers from BibTeX or a profile from JSON Resume")
    formats = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    b = formats.add_parser(
        "bibtex",
        help="add a .bib file's entries as papers of a profile",
        description="Add BibTeX entries as papers; duplicates (same DOI, arXiv id or title) "
        "are merged. Exit 1 when entries had to be skipped.",
    )
    b.add_argument("file", metavar="FILE", help="the .bib file")
    b.add_argument("--person", metavar="ID", required=True, help="the profile to add to")
    b.add_argument("--name", metavar="NAME", help="create the profile with this name if missing")
    _add_write_options(b, force=False)
    b.set_defaults(func=_import_bibtex)

    j = formats.add_parser(
        "jsonresume",
        help="create a profile from a JSON Resume document",
        description="Create a profile from a JSON Resume document.",
    )
    j.add_argument("file", metavar="FILE", help="the resume.json file")
    j.add_argument("--id", metavar="ID", help="the profile id (default: from the name)")
    j.add_argument("--name", metavar="NAME", help="the person's name (default: basics.name)")
    _add_write_options(j)
    j.set_defaults(func=_import_jsonresume)

    n = sub.add_parser(
        "new",
        help="write a commented profile skeleton",
        description="Write a commented skeleton profile for NAME.",
    )
    n.add_argument("name", metavar="NAME", help="the person's name")
    n.add_argument("--id", metavar="ID", help="the profile id (default: a slug of NAME)")
    _add_write_options(n)
    n.set_defaults(func=_new)
