"""The command line: ``cvtui [PATH ...]`` opens the browser; subcommands serve scripts.

Subcommands print plain text (or JSON) and exit 0 on success, 1 when there were problems,
2 on a usage error. What they print goes through :class:`~cvtui.core.text.SanitisingWriter`:
whatever a line quotes (a file name, a record from the cache, an imported field name), no
control character reaches the terminal. Heavy modules (Textual, exchange formats) are
imported only by the commands that need them, so scripted calls start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import __version__
from .core.text import sanitize

if TYPE_CHECKING:
    from .core.model import Library
    from .core.search import SearchResult

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Callable[[argparse._SubParsersAction], None], str]] = {}


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="profile files or directories (default: $CVTUI_PROFILES, the config's "
        "`profiles`, ./profiles, or the bundled profiles)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="parse every file; ignore the cache"
    )


def _load(args: argparse.Namespace) -> Library:
    """Load the profiles a command names: parallel parse, and the cache unless switched off."""
    from .config import load_config
    from .core.cache import load_cached
    from .core.sources import profile_paths

    paths = profile_paths(getattr(args, "paths", None))
    config, _ = load_config()
    use_cache = config.cache and not getattr(args, "no_cache", False)
    return load_cached(paths, progress=_progress_callback(), use_cache=use_cache)


def _progress_callback() -> Callable[[int, int], None] | None:
    """A Rich progress bar on stderr for large loads, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < 200:
            return
        if "progress" not in state:
            from rich.console import Console
            from rich.progress import Progress

            stream = getattr(sys.stderr, "unsanitised", sys.stderr)  # its escapes are ours
            progress = Progress(console=Console(file=stream), transient=True)
            progress.start()
            state["progress"] = progress
            state["task"] = progress.add_task("Loading profiles", total=total)
        progress = state["progress"]
        progress.update(state["task"], completed=done)
        if done >= total:
            progress.stop()

    return update


# --- validate -------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from .core.text import one_line

    lib = _load(args)
    errors = sum(1 for p in lib.problems if p.severity == "error")
    warnings = len(lib.problems) - errors
    for problem in lib.problems:
        print(one_line(str(problem)))  # one line each, whatever a file name or key holds
    papers = len(lib.papers)
    summary = (
        f"{len(lib.people)} profile{'s' if len(lib.people) != 1 else ''}, "
        f"{papers} paper{'s' if papers != 1 else ''}: "
    )
    if not lib.problems:
        summary += "no problems"
    else:
        summary += f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    print(summary)
    return 1 if lib.problems else 0


def _register_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check profiles and list every problem",
        description="Check profiles; print one line per problem as "
        "path:line:col: message, then a summary. Exit 1 if any.",
    )
    _add_paths(p)
    p.set_defaults(func=_validate)


# --- search ---------------------------------------------------------------------------


def _search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        print("cvtui search: --limit must be at least 1", file=sys.stderr)
        return 2
    from .config import load_config
    from .core.search import index_for, search_profiles
    from .core.sources import profile_paths

    config, _ = load_config()
    if config.cache and not args.no_cache:
        # From the index alone when no file changed: the library is not even loaded.
        paths = profile_paths(args.paths)
        result = search_profiles(paths, args.query, args.kind, args.limit, load=lambda: _load(args))
    else:
        library = _load(args)
        result = index_for(library).search_with_info(args.query, args.kind, args.limit)
    return _report_search(result, args)


def _report_search(result: SearchResult, args: argparse.Namespace) -> int:
    """Print the hits (text or JSON) and, on stderr, what the query could not use and how
    many hits ``--limit`` left out; exit 1 when nothing matched, as grep does."""
    hits = result.hits
    for problem in result.problems:
        print(f"cvtui search: {problem}", file=sys.stderr)
    if args.json:
        json.dump([hit.to_json() for hit in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0 if hits else 1
    if not hits:
        print("no matches", file=sys.stderr)
        return 1
    for hit in hits:
        print(hit.describe())
    if result.total > len(hits):
        print(f"showing {len(hits):,} of {result.total:,} (--limit {args.limit})", file=sys.stderr)
    return 0


def _register_search(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search people, papers and events",
        description="Fuzzy search with fzf syntax: 'exact ^prefix suffix$ !not a|b, and "
        "author: title: venue: org: topic: kind: year: scopes.",
    )
    p.add_argument("query", help='the query, e.g. "author:liu year:>=2023 self-play"')
    _add_paths(p)
    p.add_argument("--kind", choices=("people", "papers", "events"), help="only this kind of hit")
    p.add_argument("--limit", type=int, default=20, help="at most this many hits (default 20)")
    p.add_argument("--json", action="store_true", help="print a JSON array of hits")
    p.set_defaults(func=_search)


# --- export json ----------------------------------------------------------------------


def _export_json(args: argparse.Namespace) -> int:
    lib = _load(args)
    # One write: the output is sanitised on its way out, and a chunk per value is slow.
    sys.stdout.write(json.dumps(lib.to_builtins(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _register_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write profiles out as JSON, BibTeX or JSON Resume")
    formats = p.add_subparsers(dest="format", metavar="FORMAT", required=True)
    j = formats.add_parser("json", help="the whole model as JSON (dates as partial ISO strings)")
    _add_paths(j)
    j.set_defaults(func=_export_json)
    for register in _EXPORTERS:
        register(formats)


_EXPORTERS: list[Callable[[argparse._SubParsersAction], None]] = []


def _register_exchange(sub: argparse._SubParsersAction) -> None:
    """Commands that live with their formats (BibTeX, JSON Resume, new profiles)."""
    try:
        from .exchange_cli import register
    except ImportError:
        return
    register(sub, _EXPORTERS, _add_paths, _load)


def _register_serve(sub: argparse._SubParsersAction) -> None:
    from .serve.command import register

    register(sub, _add_paths)


def _register_stats(sub: argparse._SubParsersAction) -> None:
    from .stats_cli import register

    register(sub, _add_paths, _load)


# --- the app --------------------------------------------------------------------------


def _run_app(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        print(
            "cvtui: the browser needs a terminal (stdin and stdout are not both a terminal).\n"
            "For scripts use a subcommand: cvtui search QUERY --json, cvtui export json, "
            "cvtui validate.",
            file=sys.stderr,
        )
        return 2
    if os.environ.get("TERM", "") in ("dumb", "unknown", ""):
        print(
            f"cvtui: this terminal (TERM={os.environ.get('TERM', '')!r}) cannot draw the browser.\n"
            "Run it in a full terminal (TERM=xterm-256color) or use a subcommand: "
            "cvtui search QUERY, cvtui export json, cvtui validate.",
            file=sys.stderr,
        )
        return 2
    from .app import run

    return run(paths=args.paths, no_cache=args.no_cache)


def _app_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cvtui",
        description="Browse researcher profiles: people, timelines and papers.",
        epilog="Commands: validate, search, stats, export, import, refresh, new, serve — "
        "`cvtui COMMAND --help`.",
    )
    _add_paths(p)
    p.add_argument("--version", action="version", version=f"cvtui {__version__}")
    p.add_argument(
        "--config-path",
        action="store_true",
        help="print where the config file is read from, and exit",
    )
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cvtui")
    p.add_argument("--version", action="version", version=f"cvtui {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _register_validate(sub)
    _register_search(sub)
    _register_stats(sub)
    _register_exchange(sub)
    _register_export(sub)
    _register_serve(sub)
    return p


def command_names(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """The subcommands ``parser`` (by default a freshly built one) knows."""
    parser = parser or _command_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def _mistyped_command(args: Sequence[str]) -> str:
    """The message for a first word that is no path but looks like a command (``serach``)."""
    if not args or args[0].startswith("-") or os.path.exists(args[0]):
        return ""
    import difflib

    names = command_names()
    close = difflib.get_close_matches(args[0], names, n=1, cutoff=0.6)
    if not close:
        return ""
    return (
        f"cvtui: unknown command '{sanitize(args[0])}' — did you mean '{close[0]}'? "
        f"(commands: {', '.join(names)})"
    )


def _run_command(args: argparse.Namespace) -> int:
    """Run a subcommand with its output sanitised (see the module's docstring)."""
    from .core.text import SanitisingWriter

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SanitisingWriter(out), SanitisingWriter(err)
    try:
        return int(args.func(args))
    finally:
        out.flush()  # the writer passes each write on at once: flushing the stream is enough
        sys.stdout, sys.stderr = out, err


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cvtui`` command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        # Only a first word that is not an option can name a command; a plain `cvtui` start
        # does not build (or import) the command parsers at all.
        parser = _command_parser() if args_list and not args_list[0].startswith("-") else None
        if parser is not None and args_list[0] in command_names(parser):
            args, extra = parser.parse_known_args(args_list)
            # Paths may come after options (`search Q --json DIR`): argparse leaves them over.
            if extra and hasattr(args, "paths") and not any(e.startswith("-") for e in extra):
                args.paths = [*args.paths, *extra]
            elif extra:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
            return _run_command(args)
        typo = _mistyped_command(args_list)
        if typo:
            print(typo, file=sys.stderr)
            return 2
        args = _app_parser().parse_args(args_list)
        if args.config_path:
            from .config import config_path

            print(config_path())
            return 0
        return _run_app(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 0
