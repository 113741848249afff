"""``cvtui export bibtex|csl-json|jsonresume``, ``cvtui import bibtex|csl-json|jsonresume``, ``cvtui new``.

Imports write into the profiles directory found as for loading (or ``--dir``), never into
the profiles bundled with an installed cvtui, and never outside it: ``--person`` and ``--id``
must be ids (no path separators, no leading ``.``). Every write goes through
:mod:`cvtui.profile_writes` (checked, atomic, comments kept; ``--dry-run`` prints a diff).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .profile_writes import error, finish, profiles_dir, read_input_text, replaced_text

if TYPE_CHECKING:
    from .core.model import Library, Paper

__all__ = ["register"]

_Loader = Callable[[argparse.Namespace], "Library"]


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


def _selected(library: Library, args: argparse.Namespace) -> list[Paper] | str:
    """The records ``--person``/``--query`` choose (one per work, or with ``--entries``
    every entry as its profile lists it), or an error message."""
    indices: list[int] = list(range(len(library.papers)))
    if args.person:
        try:
            indices = list(library.papers_of(args.person))
        except KeyError:
            return f"no profile with id `{args.person}`"
    if args.query:
        wanted = set(indices)
        indices = [i for i in _query_papers(library, args.query) if i in wanted]
    if not indices:
        print("cvtui: no papers to export", file=sys.stderr)
    if not args.entries:
        return [library.papers[i] for i in indices]
    chosen = set(indices)
    if args.person:  # the profile's own entries, in its order
        return [
            library.entries[e]
            for e in library.entries_of(args.person)
            if library.entry_work[e] in chosen
        ]
    return [library.entries[e] for w in indices for e in library.works[w].entries]


def _export_bibtex(load: _Loader) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from .core.exchange.bibtex import CitationKeys, papers_to_bibtex_text
        from .core.exchange.latex_encode import has_untranslatable

        library = load(args)
        records = _selected(library, args)
        if isinstance(records, str):
            return error(records)
        text = papers_to_bibtex_text(records, CitationKeys(), style=args.style, ascii=args.ascii)
        _emit(text, args.output)
        if args.ascii:
            kept = sum(
                1
                for paper in records
                if has_untranslatable(" ".join((paper.title, *paper.authors)))
            )
            if kept:
                print(
                    f"cvtui: {kept} entries keep non-Latin text (Cyrillic, CJK…) as UTF-8: "
                    "LaTeX has no ASCII spelling for it",
                    file=sys.stderr,
                )
        return 0

    return run


def _export_csl(load: _Loader) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from .core.exchange.csl import papers_to_csl_json

        library = load(args)
        records = _selected(library, args)
        if isinstance(records, str):
            return error(records)
        _emit(papers_to_csl_json(records), args.output)
        return 0

    return run


def _export_jsonresume(load: _Loader) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from .core.exchange.jsonresume import person_to_jsonresume

        library = load(args)
        try:
            person = library.person(args.person)
        except KeyError:
            return error(f"no profile with id `{args.person}`")
        works = [library.papers[w] for w in library.papers_of(person.id)]
        doc = person_to_jsonresume(person, works)
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        _emit(text, args.output)
        return 0

    return run


# --- import jsonresume ----------------------------------------------------------------------


def _import_jsonresume(args: argparse.Namespace) -> int:
    from .core.exchange.jsonresume import jsonresume_to_profile
    from .core.exchange.skeleton import profile_id
    from .core.exchange.targets import id_error, named_inside
    from .core.exchange.writer import render_profile

    bad = id_error("--id", args.id)
    if bad:
        return error(bad)
    try:
        directory = profiles_dir(args)
    except ValueError as exc:
        return error(str(exc))
    try:
        doc = json.loads(read_input_text(args.file))
    except OSError as exc:
        return error(f"cannot read {args.file}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        return error(f"{args.file}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}")
    try:
        profile, warnings = jsonresume_to_profile(doc)
    except ValueError as exc:
        return error(f"{args.file}: {exc}")
    if args.name:
        profile["name"] = args.name
    if not profile.get("name"):
        return error(f"{args.file} gives no basics.name; pass --name NAME")
    person_id = args.id or profile_id(profile["name"])
    path = directory / f"{person_id}.toml"
    if not named_inside(directory, path):
        return error(f"{path} is outside {directory}; nothing was written")
    try:
        old_text = replaced_text(path, args.force)
    except ValueError as exc:
        return error(str(exc))
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
    return finish(path, old_text, new_text, args.dry_run, report)


# --- new ------------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    from .core.exchange.skeleton import profile_id, skeleton_text
    from .core.exchange.targets import id_error, named_inside

    try:
        directory = profiles_dir(args)
    except ValueError as exc:
        return error(str(exc))
    if not args.name.strip():
        return error("the name is empty")
    bad = id_error("--id", args.id)
    if bad:
        return error(bad)
    person_id = args.id or profile_id(args.name)
    path = directory / f"{person_id}.toml"
    if not named_inside(directory, path):
        return error(f"{path} is outside {directory}; nothing was written")
    try:
        old_text = replaced_text(path, args.force)
    except ValueError as exc:
        return error(str(exc))
    return finish(path, old_text, skeleton_text(args.name, person_id), args.dry_run, [])


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


def _paper_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", metavar="ID", help="only this person's papers")
    p.add_argument("--query", metavar="Q", help="only papers matching this search query")
    p.add_argument(
        "--entries",
        action="store_true",
        help="every entry as its profile lists it, instead of one entry per work (a paper "
        "several profiles list, or one profile lists twice, is written once by default)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def _bibtex_exporter(formats: argparse._SubParsersAction) -> None:
    p = formats.add_parser(
        "bibtex",
        help="papers as BibTeX",
        description="Write the chosen papers as BibTeX (all by default), UTF-8 unless --ascii.",
    )
    _paper_selection(p)
    p.add_argument(
        "--style",
        choices=("bibtex", "biblatex"),
        default="bibtex",
        help="bibtex: year/month, journal, equal contribution in note; biblatex: date, "
        "journaltitle, author+an annotations (default: bibtex)",
    )
    p.add_argument(
        "--ascii", action="store_true", help="spell accents and symbols as LaTeX commands"
    )
    _HOOKS["add_paths"](p)
    p.set_defaults(func=_export_bibtex(_HOOKS["load"]))


def _csl_exporter(formats: argparse._SubParsersAction) -> None:
    p = formats.add_parser(
        "csl-json",
        help="papers as CSL-JSON (Zotero, pandoc, citeproc)",
        description="Write the chosen papers as a CSL-JSON array (all by default).",
    )
    _paper_selection(p)
    _HOOKS["add_paths"](p)
    p.set_defaults(func=_export_csl(_HOOKS["load"]))


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
    for exporter in (_bibtex_exporter, _csl_exporter, _jsonresume_exporter):
        if exporter not in exporters:
            exporters.append(exporter)

    imp = sub.add_parser(
        "import",
        help="papers from BibTeX or CSL-JSON, a profile from JSON Resume, ORCID, DBLP, "
        "OpenAlex or Semantic Scholar",
    )
    formats = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    from .paper_import_cli import import_papers, read_bibtex_file, read_csl_file

    for fmt, reader, label, suffix in (
        ("bibtex", read_bibtex_file, "BibTeX", ".bib"),
        ("csl-json", read_csl_file, "CSL-JSON", ".json"),
    ):
        b = formats.add_parser(
            fmt,
            help=f"add a {label} file's entries as papers of a profile",
            description=f"Add {label} entries as papers; duplicates (same DOI, arXiv id or "
            "title, nothing contradicting) are merged. Exit 0 when the profile was written, "
            "1 when nothing could be imported.",
        )
        b.add_argument("file", metavar="FILE", help=f"the {suffix} file")
        b.add_argument("--person", metavar="ID", required=True, help="the profile to add to")
        b.add_argument(
            "--name", metavar="NAME", help="create the profile with this name if missing"
        )
        b.add_argument(
            "--strict", action="store_true", help="exit 1 when any entry had to be skipped"
        )
        _add_write_options(b, force=False)
        b.set_defaults(func=import_papers(reader, fmt))

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

    from .services_cli import register_import, register_refresh

    register_import(formats)
    register_refresh(sub)

    n = sub.add_parser(
        "new",
        help="write a commented profile skeleton",
        description="Write a commented skeleton profile for NAME.",
    )
    n.add_argument("name", metavar="NAME", help="the person's name")
    n.add_argument("--id", metavar="ID", help="the profile id (default: a slug of NAME)")
    _add_write_options(n)
    n.set_defaults(func=_new)
