"""How long each Insights figure takes to compute, for scopes small and large.

    python bench/anthology.py --out /tmp/acl --top 10000      # real text: 43k works
    python bench/insights.py --dir /tmp/acl
    python bench/generate.py --people 1000 --papers-per-person 100 --seed 7 --out /tmp/gen
    python bench/insights.py --dir /tmp/gen --save bench/results/insights-generated.txt

The set is loaded through the cache (as the app does), then the index every figure reads is
built once (what the app does in a worker the first time Insights is shown), then each
figure is computed from a fresh :class:`Insights` for each scope: the whole library, the
person with most works, the five people with most works side by side, and the works whose
title holds a common word (a filter result). Each figure is timed ``--repeat`` times; the
table gives the median and the slowest run. Target: every figure well under a second.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cvtui.core.cache import load_cached  # noqa: E402
from cvtui.core.insights import FIGURES, Insights, Scope, index_for  # noqa: E402
from cvtui.core.insights.export import insights_json  # noqa: E402
from cvtui.core.insights.tables import figure_table  # noqa: E402
from cvtui.core.library import Library  # noqa: E402

TARGET = 1.0


def _scopes(library: Library, word: str) -> list[tuple[str, Scope]]:
    ranked = sorted(range(len(library.people)), key=lambda i: -library.work_count(i))
    top = library.people[ranked[0]]
    five = [library.people[i].id for i in ranked[:5]]
    needle = word.lower()
    matching = [w for w, p in enumerate(library.papers) if needle in p.title.lower()]
    return [
        ("library", Scope.library()),
        (f"1 person ({library.work_count(ranked[0]):,} works)", Scope.of_person(top.id)),
        ("5 people side by side", Scope.of_people(five)),
        (f"filter {word!r} ({len(matching):,} works)", Scope.of_works(matching, word)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="the profile set")
    parser.add_argument("--word", default="translation", help="the filter's word")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", help="also write the table to this file")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    library = load_cached([args.dir])
    load = time.perf_counter() - start
    start = time.perf_counter()
    library.linker  # noqa: B018 - what the app has built by the time Insights is shown
    linker = time.perf_counter() - start
    start = time.perf_counter()
    index_for(library)
    build = time.perf_counter() - start

    lines = [
        f"cvtui insights benchmark — {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}",
        f"dataset: {args.dir}: {len(library.people):,} profiles, {len(library.entries):,} "
        f"entries, {len(library.papers):,} works",
        f"load average before: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"load (cache) {load:.2f} s; author linker {linker:.2f} s; "
        f"insights index, built once {build:.2f} s",
        "",
    ]
    names = [*FIGURES, "tables", "json"]
    header = f"{'scope':<34}" + "".join(f"{n:>11}" for n in names)
    lines.append("median / max seconds per figure (a fresh Insights per run; index built)")
    lines.append(header)
    worst = 0.0
    for label, scope in _scopes(library, args.word):
        medians, maxima = [], []
        for name in names:
            times = []
            for _ in range(args.repeat):
                insights = Insights(library, scope, now=2026)
                if name in ("tables", "json", "graph", "matrix"):
                    insights.pairs() if name in ("graph", "matrix") else insights.compute_all()
                begin = time.perf_counter()
                if name == "tables":
                    for figure in FIGURES:
                        figure_table(insights, figure)
                elif name == "json":
                    insights_json(insights)
                else:
                    insights.figure(name)
                    if name == "pairs":
                        insights.pairs().matrix  # noqa: B018
                times.append(time.perf_counter() - begin)
            medians.append(statistics.median(times))
            maxima.append(max(times))
            if name in FIGURES:
                worst = max(worst, max(times))
        lines.append(f"{label:<34}" + "".join(f"{m:>11.3f}" for m in medians))
        lines.append(f"{'  max':<34}" + "".join(f"{m:>11.3f}" for m in maxima))
    lines.append("")
    lines.append(
        f"slowest figure: {worst:.3f} s (target: well under {TARGET:.0f} s); "
        "graph and matrix rows exclude the pairs they are drawn from, tables and json "
        "exclude computing the figures"
    )
    text = "\n".join(lines)
    print(text)
    if args.save:
        Path(args.save).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
