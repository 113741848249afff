"""A long fuzz campaign over the loader, the search and what surrounds the profiles (the test
suite runs a short one).

    python bench/fuzz_campaign.py --examples 100000
    python bench/fuzz_campaign.py --examples 20000 --only "file names" --only import

Runs the properties of ``tests/hostile/properties.py`` with Hypothesis, sharing the examples
out by weight, and prints one table row per property: examples run, failures, time. A failure
prints its shrunk, falsifying example; the campaign goes on with the next property.
Exit status 1 when any property failed.

Besides profile text and queries: file names of any bytes (cold and cached loads), FIFOs,
devices, sockets and broken links beside a profile, BibTeX and JSON Resume imports, and config
files with any keys.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvtui.core.search import SearchIndex
from hostile import properties as prop
from hostile import strategies as s
from hostile.payloads import hostile_profile, markup_profile

SEEDS = [hostile_profile(), markup_profile(), 'name = "A"\n[[papers]]\ntitle = "T"\nyear = 2020\n']


def _campaign(index: SearchIndex) -> list[tuple[str, int, Any, Callable[..., None]]]:
    """(name, weight, strategy, check) for every property."""

    def documents(check: Callable[[str], None]) -> Callable[[dict[str, Any]], None]:
        def run(document: dict[str, Any]) -> None:
            text = s.dumps(document)
            if text is not None:
                check(text)

        return run

    return [
        ("load_text: any text", 12, st.text(), prop.check_text),
        ("load_text: TOML-like text", 14, s.toml_like_text, prop.check_text),
        ("load_text: profile documents", 16, s.profile_documents, documents(prop.check_text)),
        (
            "load_text: mutated profiles",
            12,
            st.tuples(st.sampled_from(SEEDS), s.edits),
            lambda a: prop.check_text(s.mutate(*a)),
        ),
        ("tomli = fast parser", 10, s.profile_documents, documents(prop.check_text_both_parsers)),
        ("load_file: any bytes", 10, st.binary(max_size=400), prop.check_bytes),
        (
            "load_file: mutated bytes",
            6,
            st.tuples(st.sampled_from(SEEDS), s.edits),
            lambda a: prop.check_bytes(s.mutate(*a).encode("utf-8", "surrogatepass")),
        ),
        ("search: query language", 14, s.query_text, lambda q: prop.check_query(index, q)),
        ("search: any text", 6, st.text(), lambda q: prop.check_query(index, q)),
        ("file names: any bytes", 4, s.file_name_bytes, prop.check_file_name),
        ("special files", 2, s.special_sets, prop.check_special_files),
        ("import: BibTeX", 8, s.bibtex_text(), prop.check_bibtex),
        ("import: JSON Resume", 8, s.jsonresume_documents, prop.check_jsonresume),
        ("config: any keys", 6, s.config_documents, prop.check_config),
    ]


def _counting(check: Callable[[Any], None], count: list[int]) -> Callable[[Any], None]:
    def counted(value: Any) -> None:
        count[0] += 1
        check(value)

    return counted


def run(total: int, seed: int | None, only: list[str] | None = None) -> int:
    index = SearchIndex(prop.search_library())
    index.warm()
    campaign = _campaign(index)
    if only:
        campaign = [c for c in campaign if any(word in c[0] for word in only)]
    weights = sum(w for _, w, _, _ in campaign)
    rows = []
    failed = 0
    for name, weight, strategy, check in campaign:
        wanted = max(1, total * weight // weights)
        count = [0]
        counted = _counting(check, count)
        test = settings(
            max_examples=wanted,
            deadline=timedelta(seconds=2),
            database=None,
            derandomize=seed is None,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(counted))
        if seed is not None:
            from hypothesis import seed as hypothesis_seed

            test = hypothesis_seed(seed)(test)
        start = time.perf_counter()
        status = "ok"
        try:
            test()
        except Exception:
            status = "FAILED"
            failed += 1
            print(f"--- {name} failed ---", file=sys.stderr)
            traceback.print_exc(limit=3)
        rows.append((name, count[0], status, time.perf_counter() - start))
        print(f"{name:<32} {count[0]:>8} {status:>7} {rows[-1][3]:>8.1f}s", file=sys.stderr)

    print()
    print(f"{'property':<32} {'examples':>8} {'result':>7} {'time':>9}")
    print("-" * 60)
    for name, n, status, seconds in rows:
        print(f"{name:<32} {n:>8} {status:>7} {seconds:>8.1f}s")
    print("-" * 60)
    print(
        f"{'total':<32} {sum(r[1] for r in rows):>8} "
        f"{'ok' if not failed else f'{failed} bad':>7} {sum(r[3] for r in rows):>8.1f}s"
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples", type=int, default=100_000, help="total examples (default 100000)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="random seed (default: Hypothesis' derandomised, repeatable run)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORD",
        help="run only the properties whose name holds WORD (repeatable)",
    )
    args = parser.parse_args(argv)
    return run(args.examples, args.seed, args.only)


if __name__ == "__main__":
    sys.exit(main())
