"""Search latency per keystroke on a large synthetic profile set, against naive baselines.

    python bench/search.py                       # 1,000 people / 100,000 papers, seed 7
    python bench/search.py --profiles DIR        # an existing profile set
    python bench/search.py --people 100 --papers-per-person 10   # a quick run

Builds the index the way the app does (``SearchIndex.warm()`` in a worker), then replays
realistic queries typed character by character (every prefix is a query) and prints median /
p95 / max latency per keystroke (wall clock, and the searching thread's CPU time, which other
jobs on a shared machine inflate less), the index build time and memory. A ticker thread that
wants to run every 5 ms, like a UI loop, records the longest stretch during which it could
not (the search or the build holding the GIL, or the OS not scheduling it); it runs during
the build and during the keystrokes. Nothing is done to the garbage collector that the app
does not do. The same final queries are timed with rapidfuzz ``process.extract`` (WRatio)
over the same haystack lines and, if installed, ``fzf --filter``. The load average is
printed with the table, which is also written to ``bench/results/search.txt``.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

QUERIES = (
    "reinforcement learning",
    "reinforcment lerning",
    "mickel liu",
    "mikel liu",
    "beavertials",
    "self-play reasoning",
    "safety alignment preference dataset",
    "author:liu year:>=2020",
    "venue:neurips diffusion",
    "jurgen muller",
    "garcia transformer",
    "^scaling laws",
    "'chain-of-thought",
    "peking university",
    "kind:people carnegie mellon",
    "graph neural networks !survey",
    "contrastive | retrieval augmented",
    "year:2019..2023 federated privacy",
    "offline reinforcement lerning benchmark",
    "topic:CV pose estimation",
    "multi-agent cooperative communication",
    "protien molecules",
)


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Ticker:
    """A thread that wants to run every 5 ms, like a UI loop; records its longest wait."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.005)
            last = now

    def __enter__(self) -> Ticker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def haystack_lines(library) -> list[str]:  # type: ignore[no-untyped-def]
    """What a naive search would match against: one line per person and paper."""
    lines = [f"{p.name} {p.affiliation} {p.headline}" for p in library.people]
    for paper in library.papers:
        lines.append(
            f"{paper.title} {', '.join(paper.authors)} {paper.venue} {paper.year or ''} "
            f"{' '.join(paper.categories)}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, help="profile directory (default: generate)")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--papers-per-person", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kind", choices=("people", "papers", "events"), default=None)
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=8,
        help="how many final queries to time with the naive baselines",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search.txt")
    args = parser.parse_args(argv)

    from cvtui.core.loading import load_paths
    from cvtui.core.search import SearchIndex

    tmp = None
    profiles = args.profiles
    if profiles is None:
        import generate

        tmp = tempfile.TemporaryDirectory(prefix="cvtui-bench-")
        profiles = Path(tmp.name)
        started = time.perf_counter()
        generate.generate(args.people, args.papers_per_person, args.seed, profiles)
        print(f"generated profiles in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    library = load_paths([profiles])
    load_s = time.perf_counter() - started
    print(
        f"loaded {len(library.people)} people, {len(library.papers)} papers in {load_s:.1f} s",
        file=sys.stderr,
    )
    _ = library.events
    gc.collect()
    load_before = os.getloadavg()

    rss_before = rss_mb()
    with Ticker() as build_ticker:
        started = time.perf_counter()
        index = SearchIndex(library)
        index.warm()  # what the app calls in a worker thread once profiles are loaded
        build_s = time.perf_counter() - started
        index.warm(wait=True)  # long prose and settling, in a background thread
        full_s = time.perf_counter() - started
    build_blocked_ms = build_ticker.longest * 1000
    gc.collect()
    index_mb = rss_mb() - rss_before

    latencies: list[float] = []
    cpu_times: list[float] = []
    per_query: list[tuple[str, float, float, int]] = []
    keystrokes = 0
    with Ticker() as ticker:
        for query in QUERIES:
            mine: list[float] = []
            for end in range(1, len(query) + 1):
                c = time.thread_time()
                t = time.perf_counter()
                result = index.search_with_info(query[:end], kind=args.kind, limit=50)
                mine.append((time.perf_counter() - t) * 1000)
                cpu_times.append((time.thread_time() - c) * 1000)
            keystrokes += len(mine)
            latencies.extend(mine)
            per_query.append((query, statistics.median(mine), max(mine), result.total))
    blocked_ms = ticker.longest * 1000
    load_after = os.getloadavg()

    # Naive baselines on the final queries.
    from rapidfuzz import fuzz, process

    lines = haystack_lines(library)
    baseline_queries = [q for q in QUERIES if ":" not in q][: args.baseline_queries]
    rf_times = []
    for query in baseline_queries:
        t = time.perf_counter()
        process.extract(query, lines, scorer=fuzz.WRatio, limit=50)
        rf_times.append((time.perf_counter() - t) * 1000)
    fzf_times: list[float] = []
    fzf = shutil.which("fzf")
    if fzf:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("\n".join(lines))
            hay = fh.name
        try:
            for query in baseline_queries:
                with open(hay, "rb") as stdin:
                    t = time.perf_counter()
                    subprocess.run(
                        [fzf, "--filter", query],
                        stdin=stdin,
                        stdout=subprocess.DEVNULL,
                        check=False,
                    )
                    fzf_times.append((time.perf_counter() - t) * 1000)
        finally:
            os.unlink(hay)
    mine_full = [
        statistics.median(
            _time(lambda q=q: index.search_with_info(q, kind=args.kind, limit=50)) for _ in range(3)
        )
        for q in baseline_queries
    ]

    median = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    rows = [
        f"cvtui search benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}",
        f"dataset: {len(library.people)} people, {len(library.papers)} papers, "
        f"{len(library.events)} events ({profiles if args.profiles else 'generated, seed ' + str(args.seed)})",
        f"kind: {args.kind or 'all'}; {len(QUERIES)} queries, {keystrokes} keystrokes (every prefix)",
        f"load average (1/5/15 min) before: {_loads(load_before)}; "
        f"after the keystrokes: {_loads(load_after)}",
        "",
        f"{'metric':<44}{'value':>12}{'target':>12}",
        f"{'median latency per keystroke (ms)':<44}{median:>12.1f}{'<= 10':>12}",
        f"{'p95 latency per keystroke (ms)':<44}{p95:>12.1f}{'<= 30':>12}",
        f"{'max latency per keystroke (ms)':<44}{max(latencies):>12.1f}{'':>12}",
        f"{'median / p95 CPU time per keystroke (ms)':<44}"
        f"{f'{statistics.median(cpu_times):.1f} / {percentile(cpu_times, 0.95):.1f}':>12}",
        f"{'longest GIL block seen by a 5 ms ticker (ms)':<44}{blocked_ms:>12.1f}{'<= 50':>12}",
        f"{'index build, searchable: warm() (s)':<44}{build_s:>12.2f}{'<= 1.5':>12}",
        f"{'index build incl. long prose, background (s)':<44}{full_s:>12.2f}{'':>12}",
        f"{'longest GIL block during the build (ms)':<44}{build_blocked_ms:>12.1f}{'':>12}",
        f"{'index memory, RSS growth (MB)':<44}{index_mb:>12.0f}{'':>12}",
        f"{'process RSS with library and index (MB)':<44}{rss_mb():>12.0f}{'':>12}",
        "",
        f"final queries ({len(baseline_queries)}): median ms per query",
        f"{'  cvtui SearchIndex':<44}{statistics.median(mine_full):>12.1f}",
        f"{'  rapidfuzz process.extract WRatio':<44}{statistics.median(rf_times):>12.1f}"
        f"{statistics.median(rf_times) / max(statistics.median(mine_full), 1e-6):>11.0f}x",
    ]
    if fzf_times:
        rows.append(
            f"{'  fzf --filter (incl. process start)':<44}{statistics.median(fzf_times):>12.1f}"
            f"{statistics.median(fzf_times) / max(statistics.median(mine_full), 1e-6):>11.0f}x"
        )
    else:
        rows.append("  fzf --filter: fzf not installed, skipped")
    rows += ["", f"{'query':<40}{'median ms':>10}{'max ms':>9}{'matches':>9}"]
    for query, med, worst, total in per_query:
        rows.append(f"{query:<40}{med:>10.1f}{worst:>9.1f}{total:>9}")
    text = "\n".join(rows) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


def _loads(loads: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in loads)


def _time(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


if __name__ == "__main__":
    sys.exit(main())
