"""``cvtui stats``: the Insights figures for scripts, as plain text tables or JSON.

    cvtui stats                              # the whole library
    cvtui stats --person ada                 # one person
    cvtui stats --person ada --person ben    # several, side by side
    cvtui stats --query "venue:iclr" --json  # the works a search finds
    cvtui stats --figure venues --figure coauthors

The numbers are those the Insights view draws (:mod:`cvtui.core.insights`): works, each
counted once however many profiles list it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .core.text import sanitize

if TYPE_CHECKING:
    from .core.library import Library

__all__ = ["register"]


def _stats(load: Callable[[argparse.Namespace], Library], args: argparse.Namespace) -> int:
    from .core.insights import FIGURES, Insights, Scope
    from .core.insights.export import insights_json
    from .core.insights.tables import figure_table, format_table

    if args.limit < 1:
        print("cvtui stats: --limit must be at least 1", file=sys.stderr)
        return 2
    library = load(args)
    people = list(dict.fromkeys(args.person or ()))
    for pid in people:
        if library.find_person(pid) is None:
            print(f"cvtui stats: no profile with id `{sanitize(pid)}`", file=sys.stderr)
            return 2
    scope = Scope.of_people(people) if people else Scope.library()
    if args.query:
        from .exchange_cli import _query_papers

        found = _query_papers(library, args.query)
        if people:
            wanted = set(scope.resolve(library).works)
            found = [w for w in found if w in wanted]
            names = ", ".join(library.person(pid).name for pid in people)
            label = f"works of {names} matching {args.query!r}"
        else:
            label = f"works matching {args.query!r}"
        scope = Scope.of_works(found, label)
    insights = Insights(library, scope, limit=args.limit)
    figures = list(dict.fromkeys(args.figure or FIGURES))
    if args.json:
        data = insights_json(insights, with_works=not args.no_works)
        if args.figure:
            keep = {"scope", *(_json_key(f) for f in figures)}
            data = {k: v for k, v in data.items() if k in keep}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    resolved = insights.resolved
    print(f"Scope: {resolved.label} · {len(resolved.works):,} works")
    for name in figures:
        print()
        print(format_table(figure_table(insights, name), width))
    return 0


def _json_key(figure: str) -> str:
    return {"matrix": "pairs", "metrics": "reported_metrics"}.get(figure, figure)


def register(
    sub: argparse._SubParsersAction,
    add_paths: Callable[[argparse.ArgumentParser], None],
    load: Callable[[argparse.Namespace], Library],
) -> None:
    """Add ``stats`` to the command parser."""
    from .core.insights import FIGURES

    p = sub.add_parser(
        "stats",
        help="output over time, venues, co-authors, who works with whom, topics, metrics",
        description="Print the Insights figures: works per year by type, top venues, "
        "co-authors, pairs of profiles sharing works (and their matrix), the collaboration "
        "graph, topics over time and reported metrics. Works are counted once however many "
        "profiles list them.",
    )
    add_paths(p)
    p.add_argument(
        "--person",
        metavar="ID",
        action="append",
        help="this person's works (again for several people, side by side)",
    )
    p.add_argument("--query", metavar="Q", help="only the works this search query finds")
    p.add_argument(
        "--figure",
        choices=FIGURES,
        action="append",
        help="only this figure (again for more; default: all)",
    )
    p.add_argument("--limit", type=int, default=20, help="rows of each ranked figure (20)")
    p.add_argument("--json", action="store_true", help="print JSON (works by their keys)")
    p.add_argument(
        "--no-works", action="store_true", help="with --json: leave out the lists of works"
    )
    p.set_defaults(func=lambda args: _stats(load, args))
