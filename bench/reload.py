"""How much live reload costs: the periodic check, a reload of one file, and the screen after it.

    python bench/reload.py                 # 1,000 profiles x 100 papers (generated once)
    python bench/reload.py --real          # real text: the ACL Anthology, 100k paper entries

Copies the profile set into a temporary directory (so it can be edited), loads it through a
cache of its own and builds its search index, then prints:

- the check the app runs every poll when nothing changed (stat of every file);
- the check after one file was edited (that file parsed again, the library rebuilt), and
  the same told which file changed (as the app's watcher tells: only that file stated);
- the search index brought up to date for that file (its documents out, the new ones in);
- in a running app with the papers filter open: the edited file's reload through the app's
  own reload path, from the check to the filtered list drawn again with the new library (the
  check in the reload thread, every view taking the new library, the index update, the
  filter run again); the app's own polling is put off so that only the measured check runs;
- the same as the app runs: told of the saved file by the system's change notifications,
  from the file written to the list drawn;
- the CPU the app's process spends sitting idle, told of changes and polling.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load import RACY_WAIT, dataset_name, dataset_of, dataset_options, machine  # noqa: E402
from ui import Frames  # noqa: E402

IN_APP_EDITS = 9
"""Edits measured in the running app (each way): the machine's noise is tens of ms."""


def timed(run: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def touch_one(path: Path, n: int) -> None:
    """A real edit: the person gains a paper with a new title."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\[\[papers\]\]\ntitle = \"Edited \d+\"\n", "\n", text)
    path.write_text(text + f'\n[[papers]]\ntitle = "Edited {n}"\n', encoding="utf-8")


async def reload_in_app(
    reloader: object, edited: Path, query: str, watched: bool
) -> list[list[float]]:
    """Seconds from the edit to the filtered papers list drawn again, and its parts,
    through the app's own reload path (its check in a worker thread, every view taking the
    new library, the search index updated, the filter run again): the check (the loader),
    until the app shows the new library, until the filter first answers for the new
    library (while its index is not current, "not yet": the list shown before stays),
    until the search index is current for it, and until the list from that index is on
    screen (the end of the frame Textual draws after the list took it: what drawing its
    rows costs counts). ``watched``: the app learns of the edit from the system's change
    notifications, as it does when it runs (the time counts from the file written); else
    it checks when told, from the check's start. Its own polling is put off either way;
    the benchmark's reloader, whose cache and index were made above, is the app's."""
    from cvtui.app import CvtuiApp
    from cvtui.config import Config
    from cvtui.core.search import index_for

    library = reloader.loader.library  # type: ignore[attr-defined]
    index_for(library).warm()
    app = CvtuiApp(library, config=Config(animation=False))
    times: list[list[float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.reloading.reloader = reloader  # type: ignore[assignment]
        app.reloading.interval = app.reloading.backstop = 3600.0
        app.reloading._schedule(3600.0)  # no poll of its own while measured
        if watched:
            app.reloading._watch(reloader)  # type: ignore[arg-type]
            assert app.reloading.watcher is not None, "no change notifications here"
            await asyncio.sleep(0.5)  # the watcher follows the folder
        await pilot.press("3", "slash", *query)
        await app.workers.wait_for_complete()
        view = app.query_one("#papers")
        frames = Frames()  # when Textual draws each frame: the list is drawn in the one after
        # When a filtered list was applied, for which library.
        drawn: list[tuple[float, object]] = []
        apply = view._apply_filter_of  # type: ignore[attr-defined]

        def recording(library: object, result: object, text: str) -> None:
            apply(library, result, text)
            drawn.append((time.perf_counter(), library))

        view._apply_filter_of = recording  # type: ignore[attr-defined]
        checking: list[float] = []  # when each check started
        refresh = reloader.refresh  # type: ignore[attr-defined]

        def noted(*args: object) -> object:
            checking.append(time.perf_counter())
            return refresh(*args)

        reloader.refresh = noted  # type: ignore[attr-defined]
        for n in range(IN_APP_EDITS):
            old = app.library
            touch_one(edited, 200 + n + (100 if watched else 0))
            start = time.perf_counter()
            if not watched:
                app.reloading.reload_now()
            while app.library is old:
                await asyncio.sleep(0.001)
            swapped = time.perf_counter()
            new = app.library
            index = index_for(new)
            while not index.ready:
                await asyncio.sleep(0.001)
            ready = time.perf_counter()
            while not any(at > ready and lib is new for at, lib in drawn):
                await asyncio.sleep(0.001)
            first = min(at for at, lib in drawn if lib is new)
            applied = min(at for at, lib in drawn if lib is new and at > ready)
            while not any(at > applied for at, _ in frames.drawn):  # then drawn on screen
                await asyncio.sleep(0.001)
            done = min(at for at, _ in frames.drawn if at > applied)
            check = app.reloading.last.seconds  # type: ignore[union-attr]
            waited = checking[-1] - start
            times.append(
                [done - start, check, swapped - start, first - start, ready - start, waited]
            )
            await app.workers.wait_for_complete()
            drawn.clear()
            await asyncio.sleep(0.2)
            frames.drawn.clear()
    del reloader.refresh  # type: ignore[attr-defined]  (the class's again)
    return times


IDLE_SECONDS = 30.0
"""How long the app sits idle while its CPU time is taken (each way)."""


async def idle_cpu(reloader: object, watched: bool) -> float:
    """CPU seconds the whole process spends over :data:`IDLE_SECONDS` while the app sits
    idle on the set with a filter open: told of changes by the system (and its backstop
    poll), or, ``watched=False``, polling as it does where notifications do not work."""
    from cvtui.app import CvtuiApp
    from cvtui.config import Config

    library = reloader.loader.library  # type: ignore[attr-defined]
    app = CvtuiApp(library, config=Config(animation=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash", *"translation")
        await app.workers.wait_for_complete()
        app.reloading.reloader = reloader  # type: ignore[assignment]
        app.reloading.watch_files = watched
        app.reloading.start()
        await asyncio.sleep(3.0)  # the first check, the watcher set up
        start = time.process_time()
        await asyncio.sleep(IDLE_SECONDS)
        return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    dataset_options(parser)
    parser.add_argument("--filter", default=None, help="typed into the papers filter")
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    query = args.filter or ("translation" if args.real else "diffusion")
    source = dataset_of(args)
    with tempfile.TemporaryDirectory(prefix="cvtui-reload-") as tmp:
        directory = Path(tmp) / "profiles"
        shutil.copytree(source, directory)
        os.environ["CVTUI_CACHE_DIR"] = str(Path(tmp) / "cache")
        from cvtui.core.reload import Reloader
        from cvtui.core.search import index_for

        files = sorted(directory.glob("*.toml"))
        time.sleep(RACY_WAIT)  # the copies were just written: let them settle
        reloader = Reloader.for_paths([directory], use_cache=True)
        start = time.perf_counter()
        library = reloader.load()
        load = time.perf_counter() - start
        start = time.perf_counter()
        index_for(library).open()
        build = time.perf_counter() - start
        reloader.refresh()
        idle = timed(lambda: reloader.refresh())
        edited = files[len(files) // 2]
        checks: list[float] = []
        updates: list[float] = []
        for n in range(5):
            touch_one(edited, n)
            start = time.perf_counter()
            result = reloader.refresh()
            checks.append(time.perf_counter() - start)
            assert result.changed == [str(edited)], result.changed
            start = time.perf_counter()
            index = index_for(result.library)
            index.open()
            updates.append(time.perf_counter() - start)
            assert index.search(f"Edited {n}", kind="papers")
        told: list[float] = []  # the same, told which file changed (as the watcher tells)
        for n in range(5):
            touch_one(edited, 100 + n)
            start = time.perf_counter()
            result = reloader.refresh(None, [str(edited.resolve())])
            told.append(time.perf_counter() - start)
            assert result.changed == [str(edited)], result.changed
            index_for(result.library).open()
        in_app = asyncio.run(reload_in_app(reloader, edited, query, watched=False))
        watched = asyncio.run(reload_in_app(reloader, edited, query, watched=True))
        idle_polling = asyncio.run(idle_cpu(reloader, watched=False))
        idle_told = asyncio.run(idle_cpu(reloader, watched=True))
    rows = [
        ("profiles / papers", f"{len(library.people):,} / {len(library.papers):,}", ""),
        ("first load (no cache)", f"{load:.2f} s", ""),
        ("search index built (first time)", f"{build:.2f} s", ""),
        ("check, nothing changed (each poll)", f"{idle * 1000:.1f} ms", ""),
        ("check + reload of 1 edited file", f"{statistics.median(checks) * 1000:.1f} ms", "median of 5"),
        ("  search index updated for it", f"{statistics.median(updates) * 1000:.1f} ms", "median of 5"),
        ("check + reload of 1 edited file, told which file changed",
         f"{statistics.median(told) * 1000:.1f} ms", "median of 5; only that file stated"),
        (f"in the app, papers filter {query!r} open: check -> list drawn from the new index",
         f"{statistics.median(t[0] for t in in_app) * 1000:.1f} ms",
         f"median of {len(in_app)}; target <= 200 ms"),
        ("  of which: the check (the loader, in the app's reload thread)",
         f"{statistics.median(t[1] for t in in_app) * 1000:.1f} ms", ""),
        ("  until every view shows the new library",
         f"{statistics.median(t[2] for t in in_app) * 1000:.1f} ms", "from the check's start"),
        ("  until the filter first answers for the new library (the list kept till the index has it)",
         f"{statistics.median(t[3] for t in in_app) * 1000:.1f} ms", "from the check's start"),
        ("  until the search index is current for it",
         f"{statistics.median(t[4] for t in in_app) * 1000:.1f} ms", "from the check's start"),
        ("as the app runs (told by the system): file saved -> list drawn from the new index",
         f"{statistics.median(t[0] for t in watched) * 1000:.1f} ms",
         f"median of {len(watched)}; target <= 200 ms"),
        ("  until the check starts (the notification, a pause in typing)",
         f"{statistics.median(t[5] for t in watched) * 1000:.1f} ms", ""),
        ("  of which: the check", f"{statistics.median(t[1] for t in watched) * 1000:.1f} ms", ""),
        (f"app idle {IDLE_SECONDS:.0f} s, filter open: CPU of the process, told by the system",
         f"{idle_told:.2f} s", f"{100 * idle_told / IDLE_SECONDS:.1f} % of a core"),
        ("  the same, polling (where the system cannot tell)",
         f"{idle_polling:.2f} s", f"{100 * idle_polling / IDLE_SECONDS:.1f} % of a core"),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    lines = [
        "cvtui reload benchmark (bench/reload.py)",
        machine(),
        f"set: {dataset_name(args)}",
        "",
    ]
    lines += [f"{what:<{width}}  {value:>12}  {note}" for what, value, note in rows]
    table = "\n".join(lines)
    print(table)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
