"""Search latency per keystroke, from the search index kept on disk, against naive baselines.

    python bench/search.py                       # 1,000 people / 100,000 papers, seed 7
    python bench/search.py --real                # real text: the ACL Anthology, 100k entries
    python bench/search.py --dir DIR             # an existing profile set

Loads the set through a cache of its own (as the app does), builds its search index once
(what the first start on a new set does, in the background) and opens it again as the next
process would; then replays the set's queries (bench/queries.py) typed character by
character (every prefix is a query) and prints median / p95 / max latency per keystroke
(wall clock, and the searching thread's CPU time, which other jobs on a shared machine
inflate less). A second pass types them into a papers filter (every match listed, best
first). A ticker thread that wants to run every 5 ms, like a UI loop, records the longest
stretch it could not. The final queries are also timed with rapidfuzz ``process.extract``
(WRatio) over the same lines and, if installed, ``fzf --filter``.
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

import queries as bench_queries  # noqa: E402
from load import RACY_WAIT, dataset_name, dataset_of, dataset_options, machine  # noqa: E402


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
            f"{' '.join(paper.categories)} {paper.abstract[:300]}"
        )
    return lines


FIRST = 2000  # as the papers filter asks first (views.filtering.FIRST_REST)


def typed(index, queries, kind, limit, all_matches=False):  # type: ignore[no-untyped-def]
    """Every prefix of every query: (wall ms, CPU ms) per keystroke, and per query.
    ``all_matches``: True lists every match; a number, the first that many (as a filter
    shows them first)."""
    rest_limit = all_matches if all_matches is not True else None
    wall: list[float] = []
    cpu: list[float] = []
    per_query = []
    for query in queries:
        mine = []
        result = None
        for end in range(1, len(query) + 1):
            c = time.thread_time()
            t = time.perf_counter()
            result = index.search_with_info(
                query[:end], kind=kind, limit=limit, all_matches=bool(all_matches),
                rest_limit=rest_limit,
            )  # fmt: skip
            mine.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
        wall.extend(mine)
        total = result.total if result is not None else 0
        per_query.append((query, statistics.median(mine), max(mine), total))
    return wall, cpu, per_query


def build_child(directory: str) -> None:
    """Load (writing the cache) and build the index, as the first start on a set does."""
    from cvtui.core.cache import load_cached
    from cvtui.core.search import index_for

    library = load_cached([directory])
    with Ticker() as ticker:
        started = time.perf_counter()
        index_for(library).open()
        seconds = time.perf_counter() - started
    print(seconds, ticker.longest * 1000)


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 3 and sys.argv[1] == "--child-build":
        build_child(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    dataset_options(parser)
    parser.add_argument("--kind", choices=("people", "papers", "events"), default=None)
    parser.add_argument("--baseline-queries", type=int, default=6)
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    directory = dataset_of(args)
    files = sorted(directory.rglob("*.toml"))
    newest = max(f.stat().st_mtime for f in files)
    if time.time() - newest < RACY_WAIT:
        time.sleep(RACY_WAIT - (time.time() - newest))
    queries = bench_queries.for_set(args.real)
    with tempfile.TemporaryDirectory(prefix="cvtui-bench-search-") as tmp:
        os.environ["CVTUI_CACHE_DIR"] = tmp
        # The first start on the set, in a process of its own: the cache, then the index.
        built = subprocess.run(
            [sys.executable, __file__, "--child-build", str(directory)],
            capture_output=True, text=True, check=True,
            env=dict(os.environ, PYTHONPATH=str(HERE.parent / "src")),
        )  # fmt: skip
        build_s, build_blocked = (float(x) for x in built.stdout.split())
        index_mb = sum(f.stat().st_size for f in Path(tmp).glob("index-*/gen-*/*")) / 2**20
        # The next process (this one): loads from the cache and opens the index.
        from cvtui.core.cache import load_cached
        from cvtui.core.search import index_for

        library = load_cached([directory])
        _ = library.events
        gc.collect()
        rss_before = rss_mb()
        started = time.perf_counter()
        index = index_for(library)
        index.open()
        open_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        first = index.search_with_info(queries[0], limit=50)
        first_ms = (time.perf_counter() - started) * 1000
        index.warm()  # what the app does next, in the background
        gc.freeze()  # ... and then, so that a full collection never stops a keystroke
        load_before = os.getloadavg()
        with Ticker() as ticker:
            wall, cpu, per_query = typed(index, queries, args.kind, 50)
        blocked_ms = ticker.longest * 1000
        first_wall, _, first_per_query = typed(index, queries, "papers", 200, FIRST)
        filter_wall, _, filter_per_query = typed(index, queries, "papers", 200, True)
        load_after = os.getloadavg()
        rss_after = rss_mb()

        from rapidfuzz import fuzz, process

        lines = haystack_lines(library)
        baseline = [q for q in queries if ":" not in q][: args.baseline_queries]
        rf_times = []
        for query in baseline:
            t = time.perf_counter()
            process.extract(query, lines, scorer=fuzz.WRatio, limit=50)
            rf_times.append((time.perf_counter() - t) * 1000)
        fzf_times: list[float] = []
        fzf = shutil.which("fzf")
        if fzf:
            hay = Path(tmp) / "lines.txt"
            hay.write_text("\n".join(lines), encoding="utf-8")
            for query in baseline:
                with open(hay, "rb") as stdin:
                    t = time.perf_counter()
                    subprocess.run([fzf, "--filter", query], stdin=stdin,
                                   stdout=subprocess.DEVNULL, check=False)  # fmt: skip
                    fzf_times.append((time.perf_counter() - t) * 1000)
        mine_full = [
            min(_time(lambda q=q: index.search_with_info(q, kind=args.kind, limit=50)) for _ in range(3))
            for q in baseline
        ]  # fmt: skip

    keystrokes = len(wall)
    median, p95 = statistics.median(wall), percentile(wall, 0.95)
    rows = [
        "cvtui search benchmark (bench/search.py)",
        machine(),
        f"set: {dataset_name(args)}",
        f"dataset: {len(library.people)} people, {len(library.papers)} papers, "
        f"{len(library.events)} events; search index {index_mb:.1f} MB on disk",
        f"kind: {args.kind or 'all'}; {len(queries)} queries, {keystrokes} keystrokes (every prefix)",
        f"load average (1/5/15 min) before the keystrokes: {_loads(load_before)}; "
        f"after: {_loads(load_after)}",
        "",
        f"{'metric':<52}{'value':>14}{'target':>12}",
        f"{'search per keystroke, median (ms)':<52}{median:>14.1f}{'<= 5':>12}",
        f"{'search per keystroke, p95 (ms)':<52}{p95:>14.1f}{'<= 15':>12}",
        f"{'search per keystroke, max (ms)':<52}{max(wall):>14.1f}{'':>12}",
        f"{'  CPU time of the searching thread, median / p95 (ms)':<52}"
        f"{f'{statistics.median(cpu):.1f} / {percentile(cpu, 0.95):.1f}':>14}",
        f"{'papers filter per keystroke, first screens, median (ms)':<52}"
        f"{statistics.median(first_wall):>14.1f}",
        f"{'  p95 / max (ms)':<52}"
        f"{f'{percentile(first_wall, 0.95):.1f} / {max(first_wall):.1f}':>14}",
        f"{'papers filter per keystroke, every match, median (ms)':<52}"
        f"{statistics.median(filter_wall):>14.1f}",
        f"{'  p95 / max (ms)':<52}"
        f"{f'{percentile(filter_wall, 0.95):.1f} / {max(filter_wall):.1f}':>14}",
        f"{'longest GIL block seen by a 5 ms ticker (ms)':<52}{blocked_ms:>14.1f}{'<= 50':>12}",
        f"{'index built once (first start on the set) (s)':<52}{build_s:>14.2f}",
        f"{'  longest GIL block during the build (ms)':<52}{build_blocked:>14.1f}",
        f"{'index opened by the next process (ms)':<52}{open_ms:>14.1f}",
        f"{'  then its first search (ms)':<52}{first_ms:>14.1f}{'<= 50':>12}",
        f"{'resident memory: library, then + index and searching (MB)':<52}"
        f"{f'{rss_before:.0f} / {rss_after:.0f}':>14}{'<= 200':>12}",
        "",
        f"final queries ({len(baseline)}): median ms per query",
        f"{'  cvtui':<52}{statistics.median(mine_full):>14.1f}",
        f"{'  rapidfuzz process.extract WRatio':<52}{statistics.median(rf_times):>14.1f}",
    ]
    if fzf_times:
        rows.append(
            f"{'  fzf --filter (incl. process start)':<52}{statistics.median(fzf_times):>14.1f}"
        )
    else:
        rows.append("  fzf --filter: fzf not installed, skipped")
    rows += [
        "",
        f"{'query':<40}{'median ms':>10}{'max ms':>9}{'matches':>9}"
        f"{'filter: first':>14}{'every match':>12}",
    ]
    for (query, med, worst, total), (_, first_med, _, _), (_, every_med, _, _) in zip(
        per_query, first_per_query, filter_per_query, strict=True
    ):
        rows.append(
            f"{query:<40}{med:>10.1f}{worst:>9.1f}{total:>9}{first_med:>14.1f}{every_med:>12.1f}"
        )
    text = "\n".join(rows) + "\n"
    print(text)
    if first.total == 0:
        print(f"warning: {queries[0]!r} found nothing", file=sys.stderr)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(text, encoding="utf-8")
    return 0


def _loads(loads: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in loads)


def _time(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


if __name__ == "__main__":
    sys.exit(main())
