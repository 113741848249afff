"""Search engines side by side on real text: what the persisted index was chosen from.

    python bench/engines.py                     # the ACL Anthology set, --plain fields
    python bench/engines.py --save bench/results/engines.txt

Every candidate indexes the same papers (title, authors, venue, abstract; text folded the
same way) and answers the same work, each in a fresh interpreter of its own (so resident
memory is its own):

- **build** the index from the loaded library, and its **size on disk**;
- **open** it again, as the next process would (an in-memory engine builds it again);
- **per keystroke**: every prefix of the set's word queries (bench/queries.py), best 50
  with the number of matches, typos forgiven (1 edit from 4 letters, 2 from 8), the last
  word a prefix;
- **all matches**: every matching paper's number, as the ``/`` filter lists them;
- **one file changed**: that person's papers out and in again;
- resident memory after all of it.

Candidates: tantivy 0.27 used bare (its fuzzy term queries, BM25); SQLite FTS5 (stdlib
``sqlite3``, external-content table, rowid = paper number, the vocabulary read from
``fts5vocab`` for typos, ``mmap_size``); the in-memory engine this project had before (built
in every process; taken from git); and cvtui's engine on tantivy (fzf syntax, ranking,
spans, persisted beside the cache).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import queries as bench_queries  # noqa: E402
from load import dataset_name, dataset_of, dataset_options, machine  # noqa: E402

CANDIDATES = ("tantivy", "fts5", "before", "cvtui")
LABELS = {
    "tantivy": "tantivy 0.27, bare (fuzzy terms, BM25)",
    "fts5": "SQLite FTS5 (+ vocabulary for typos)",
    "before": "the in-memory engine before (per process)",
    "cvtui": "cvtui on tantivy (fzf syntax, ranking, spans)",
}
LISTED = ("translation", "neural", "a")
BEFORE_REV = "111fe4a"  # the last commit with the in-memory engine


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def folded_papers(library: Any) -> list[tuple[int, str, str, str, str]]:
    from cvtui.core.search.folding import normalize

    return [
        (library.paper_owner[i], normalize(p.title), normalize(" ; ".join(p.authors)),
         normalize(p.venue), normalize(p.abstract or p.summary))
        for i, p in enumerate(library.papers)
    ]  # fmt: skip


def distance(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


# --- candidates ------------------------------------------------------------------------------


class Tantivy:
    FIELDS = ("title", "authors", "venue", "abstract")

    def __init__(self, path: Path) -> None:
        self.path = path

    def build(self, rows: list[tuple[int, str, str, str, str]]) -> None:
        import tantivy

        sb = tantivy.SchemaBuilder()
        for name in self.FIELDS:
            sb.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
        sb.add_unsigned_field("item", fast=True)
        sb.add_unsigned_field("owner", indexed=True)
        self.schema = sb.build()
        self.path.mkdir(parents=True)
        index = tantivy.Index(self.schema, path=str(self.path))
        writer = index.writer(heap_size=100_000_000, num_threads=1)
        for item, row in enumerate(rows):
            writer.add_document(self._doc(item, row))
        writer.commit()
        writer.wait_merging_threads()

    def _doc(self, item: int, row: tuple[int, str, str, str, str]) -> Any:
        import tantivy

        owner, *texts = row
        data = dict(zip(self.FIELDS, texts, strict=True), item=item, owner=owner)
        return tantivy.Document.from_dict(data, self.schema)

    def open(self) -> None:
        import tantivy

        self.index = tantivy.Index.open(str(self.path))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def _query(self, text: str) -> Any:
        import tantivy

        from cvtui.core.search.folding import normalize

        words = normalize(text).split()
        musts = []
        for n, word in enumerate(words):
            last = n == len(words) - 1
            fields = [
                (tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(
                    self.schema, f, word, distance=distance(word), prefix=last))
                for f in self.FIELDS
            ]  # fmt: skip
            musts.append((tantivy.Occur.Must, tantivy.Query.boolean_query(fields)))
        return tantivy.Query.boolean_query(musts)

    def search(self, text: str) -> int:
        return int(self.searcher.search(self._query(text), limit=50, count=True).count or 0)

    def all_matches(self, text: str) -> list[int]:
        hits = self.searcher.search(self._query(text), limit=10**6, order_by_field="item").hits
        return [key for key, _ in hits]

    def update(self, owner: int, rows: list[tuple[int, tuple[int, str, str, str, str]]]) -> None:
        writer = self.index.writer(heap_size=50_000_000, num_threads=1)
        writer.delete_documents_by_term("owner", owner)
        for item, row in rows:
            writer.add_document(self._doc(item, row))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()


class Fts5:
    def __init__(self, path: Path) -> None:
        self.path = path

    def build(self, rows: list[tuple[int, str, str, str, str]]) -> None:
        import sqlite3

        db = sqlite3.connect(self.path)
        db.executescript(
            "PRAGMA journal_mode=WAL;"
            "CREATE TABLE papers(id INTEGER PRIMARY KEY, owner INT, title, authors, venue, "
            "abstract);"
            "CREATE INDEX by_owner ON papers(owner);"
            "CREATE VIRTUAL TABLE fts USING fts5(title, authors, venue, abstract, "
            "content='papers', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
            "prefix='1 2 3');"
        )
        db.executemany("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?)",
                       ((i, *row) for i, row in enumerate(rows)))  # fmt: skip
        db.execute("INSERT INTO fts(fts) VALUES('rebuild')")
        db.execute("INSERT INTO fts(fts) VALUES('optimize')")
        db.commit()
        db.close()

    def open(self) -> None:
        import sqlite3

        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("PRAGMA mmap_size=268435456")
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, fts, 'row')"
        )
        words = [w for (w,) in self.db.execute("SELECT term FROM temp.vocab")]
        self.by_length: dict[int, list[str]] = {}
        for word in words:
            self.by_length.setdefault(len(word), []).append(word)

    def _match(self, text: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        from cvtui.core.search.folding import normalize

        words = normalize(text).split()
        parts = []
        for n, word in enumerate(words):
            options = {f'"{word}"*' if n == len(words) - 1 else f'"{word}"'}
            d = distance(word)
            if d:
                pool = [w for k in range(len(word) - d, len(word) + d + 1)
                        for w in self.by_length.get(k, ())]  # fmt: skip
                options |= {f'"{w}"' for w, _, _ in process.extract(
                    word, pool, scorer=OSA.distance, score_cutoff=d, limit=None)}  # fmt: skip
            parts.append("(" + " OR ".join(sorted(options)) + ")")
        return " AND ".join(parts) if parts else None

    def search(self, text: str) -> int:
        match = self._match(text)
        if match is None:
            return 0
        self.db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 50", (match,)
        ).fetchall()
        return int(
            self.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0]
        )

    def all_matches(self, text: str) -> list[int]:
        match = self._match(text)
        if match is None:
            return []
        return [r for (r,) in self.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (match,))]

    def update(self, owner: int, rows: list[tuple[int, tuple[int, str, str, str, str]]]) -> None:
        db = self.db
        with db:
            old = db.execute(
                "SELECT id, title, authors, venue, abstract FROM papers WHERE owner = ?", (owner,)
            ).fetchall()
            db.executemany("INSERT INTO fts(fts, rowid, title, authors, venue, abstract) "
                           "VALUES('delete', ?, ?, ?, ?, ?)", old)  # fmt: skip
            db.execute("DELETE FROM papers WHERE owner = ?", (owner,))
            db.executemany("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?)",
                           ((i, *row) for i, row in rows))  # fmt: skip
            db.executemany("INSERT INTO fts(rowid, title, authors, venue, abstract) "
                           "VALUES (?, ?, ?, ?, ?)", ((i, *row[1:]) for i, row in rows))  # fmt: skip


def engine_before() -> Any:
    """The in-memory engine as it was before the persisted index (from git)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{BEFORE_REV}:src/cvtui/core/search.py"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    spec = importlib.util.spec_from_loader("cvtui.core._search_before", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "cvtui.core"
    sys.modules[spec.name] = module
    exec(compile(source, "search_before.py", "exec"), module.__dict__)
    return module


def child(name: str, directory: str) -> dict[str, object]:
    from cvtui.core.cache import load_cached

    library = load_cached([directory])
    out: dict[str, object] = {"papers": len(library.papers), "rss_library": rss_mb()}
    work = Path(tempfile.mkdtemp(prefix=f"cvtui-engine-{name}-"))
    words = bench_queries.plain(bench_queries.REAL)
    owner = max(range(len(library.people)), key=lambda i: len(library.people[i].papers))
    try:
        if name in ("tantivy", "fts5"):
            rows = folded_papers(library)
            engine: Any = Tantivy(work / "index") if name == "tantivy" else Fts5(work / "index.db")
            t = time.perf_counter()
            engine.build(rows)
            out["build"] = time.perf_counter() - t
            t = time.perf_counter()
            engine.open()
            out["open"] = time.perf_counter() - t
            search = engine.search
            listing = engine.all_matches
            changed = [(i, rows[i]) for i in library.papers_of(library.people[owner].id)]

            def update() -> None:
                engine.update(owner, changed)
        elif name == "before":
            module = engine_before()
            t = time.perf_counter()
            index = module.SearchIndex(library)
            index.warm(wait=True)
            out["build"] = out["open"] = time.perf_counter() - t

            def search(q: str) -> int:
                return int(index.search_with_info(q, "papers", limit=50).total)

            def listing(q: str) -> list[int]:
                r = index.search_with_info(q, "papers", limit=200, all_matches=True)
                return [h.index for h in r.hits] + list(r.rest)

            def update() -> None:  # no incremental update: every change builds it again
                fresh = module.SearchIndex(library)
                fresh.warm(wait=True)
        else:
            from cvtui.config import cache_dir
            from cvtui.core.provenance import Origin
            from cvtui.core.search import SearchIndex, store

            shutil.rmtree(work, ignore_errors=True)
            work = cache_dir()  # the index goes beside the cache (a fresh one per run)
            t = time.perf_counter()
            SearchIndex(library).open()
            out["build"] = time.perf_counter() - t
            store._STORES.clear()
            t = time.perf_counter()
            index = SearchIndex(library)
            index.open()
            out["open"] = time.perf_counter() - t
            index.warm()

            def search(q: str) -> int:
                return int(index.search_with_info(q, "papers", limit=50).total)

            def listing(q: str) -> list[int]:
                r = index.search_with_info(q, "papers", limit=200, all_matches=True)
                return [h.index for h in r.hits] + list(r.rest)

            def update() -> None:
                # The same library, but one file's stamp changed: its documents replaced.
                from cvtui.core.model import Library

                assert library.origin is not None
                key = library.origin.keys[library.sources[owner]]
                stamps = dict(library.origin.stamps)
                stamps[key] = (0, time.time_ns())
                again = Library(library.people, library.problems, library.sources)
                again.origin = Origin(library.origin.roots, stamps, library.origin.keys)
                SearchIndex(again).open()

        size = sum(  # the index only, not the profile cache beside cvtui's
            f.stat().st_size
            for f in work.rglob("*")
            if f.is_file() and not f.name.startswith(("profiles-", ".profiles-"))
        )
        out["size_mb"] = size / 2**20
        times: list[float] = []
        for query in words:
            for end in range(1, len(query) + 1):
                t = time.perf_counter()
                search(query[:end])
                times.append((time.perf_counter() - t) * 1000)
        out["keystroke_median"] = statistics.median(times)
        out["keystroke_p95"] = percentile(times, 0.95)
        out["keystrokes"] = len(times)
        for query in LISTED:
            t = time.perf_counter()
            found = listing(query)
            out[f"list_{query}"] = [len(found), (time.perf_counter() - t) * 1000]
        updates = []
        for _ in range(3):
            t = time.perf_counter()
            update()
            updates.append(time.perf_counter() - t)
        out["update"] = statistics.median(updates)
        out["rss_after"] = rss_mb()
    finally:
        if name != "cvtui":
            shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    dataset_options(parser)
    parser.add_argument("--only", choices=CANDIDATES, action="append")
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, str(args.dir))))
        return 0
    if args.dir is None and not args.real:
        # Real text, abstracts as summaries: the engine before indexed summaries only.
        args.real = args.plain = True
    directory = dataset_of(args)
    with tempfile.TemporaryDirectory(prefix="cvtui-bench-engines-") as cache:
        env = dict(os.environ, CVTUI_CACHE_DIR=cache, PYTHONPATH=str(ROOT / "src"))
        subprocess.run([sys.executable, "-c", "import sys; from cvtui.core.cache import "
                        "load_cached; load_cached([sys.argv[1]])", str(directory)],
                       env=env, check=True)  # fmt: skip
        results = {}
        for name in args.only or CANDIDATES:
            print(f"{name} ...", file=sys.stderr)
            done = subprocess.run(
                [sys.executable, __file__, "--child", name, "--dir", str(directory)],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(f"{name} failed:\n{done.stderr}")
            results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    first = next(iter(results.values()))
    lines = [
        "search engines side by side (bench/engines.py)",
        machine(),
        f"set: {dataset_name(args)}; {first['papers']:,} papers; "
        f"{first['keystrokes']} keystrokes (every prefix of the word queries)",
        "",
    ]
    header = f"{'':<44}" + "".join(f"{name:>16}" for name in results)
    lines.append(header)

    def row(label: str, value: Any) -> None:
        lines.append(f"{label:<44}" + "".join(f"{value(r):>16}" for r in results.values()))

    row("build (s)", lambda r: f"{r['build']:.2f}")
    row("size on disk (MB)", lambda r: f"{r['size_mb']:.1f}")
    row("open in the next process (ms)", lambda r: f"{r['open'] * 1000:.1f}")
    row("per keystroke, median (ms)", lambda r: f"{r['keystroke_median']:.2f}")
    row("per keystroke, p95 (ms)", lambda r: f"{r['keystroke_p95']:.2f}")
    for query in LISTED:
        row(f"all matches of {query!r}: count", lambda r, q=query: f"{r[f'list_{q}'][0]:,}")
        row("  listed in (ms)", lambda r, q=query: f"{r[f'list_{q}'][1]:.1f}")
    row("one file changed: index updated (ms)", lambda r: f"{r['update'] * 1000:.1f}")
    row("resident memory, library / after (MB)",
        lambda r: f"{r['rss_library']:.0f} / {r['rss_after']:.0f}")  # fmt: skip
    lines += ["", *(f"  {name}: {LABELS[name]}" for name in results)]
    table = "\n".join(lines)
    print(table)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
